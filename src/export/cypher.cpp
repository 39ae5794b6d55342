// Cypher scripts: CREATE statements for Neo4j, Memgraph and Kùzu.
//
// Every node becomes `CREATE (:Label {id: '<external id>', ...});` and every edge a
// `MATCH (a:L1 {id: ...}), (b:L2 {id: ...}) CREATE (a)-[:TYPE {...}]->(b);`. Dates stay strings
// (partial dates such as 2016 or 2016-05 have no Cypher date type); lists are lists of strings.
// The dialects differ only in their preamble: an index on `id` per label (Neo4j and Memgraph
// spell it differently), or for Kùzu the node and relationship tables it needs before any CREATE.
#include <map>
#include <set>

#include "export/export.h"
#include "export/value_text.h"

namespace cityties::exporter {
namespace {

// A string literal in single quotes. Neo4j and Memgraph read backslash escapes (\n, \t, \uXXXX);
// Kùzu reads only \\ and \' and drops the backslash of any other escape, but takes control
// characters as they are, so for Kùzu a line break stays a line break inside the quotes.
std::string Quote(const std::string& text, CypherDialect dialect) {
  std::string out = "'";
  for (unsigned char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\'') {
      out += "\\'";
    } else if (c < 0x20 && dialect != CypherDialect::kKuzu) {
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default: {
          static const char* kHex = "0123456789ABCDEF";
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        }
      }
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "'";
}

// A name (label, type, property) in backticks, so that reserved words such as `group` work.
std::string Name(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  return out + "`";
}

std::string Literal(const nlohmann::json& value, CypherDialect dialect) {
  if (value.is_string()) return Quote(value.get<std::string>(), dialect);
  if (value.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + Literal(value[i], dialect);
    return out + "]";
  }
  if (value.is_null()) return "null";
  return value.dump();  // numbers and booleans
}

std::string PropertyMap(const std::string& id, const nlohmann::json& props, CypherDialect dialect) {
  std::string out = "{";
  bool first = true;
  if (!id.empty()) {
    out += "id: " + Quote(id, dialect);
    first = false;
  }
  for (const auto& [name, value] : props.items()) {
    out += (first ? "" : ", ") + Name(name) + ": " + Literal(value, dialect);
    first = false;
  }
  return out + "}";
}

const char* KuzuType(schema::PropType type) {
  switch (type) {
    case schema::PropType::kInt:
      return "INT64";
    case schema::PropType::kFloat:
      return "DOUBLE";
    case schema::PropType::kBool:
      return "BOOLEAN";
    case schema::PropType::kStringList:
      return "STRING[]";
    default:
      return "STRING";
  }
}

schema::PropType TypeOf(const std::map<std::string, schema::PropertyDef>* defs, const std::string& name) {
  if (!defs) return schema::PropType::kString;
  auto it = defs->find(name);
  return it == defs->end() ? schema::PropType::kString : it->second.type;
}

// Kùzu is schema-first: a node table per label (primary key `id`) and a relationship table per
// edge type listing the (from, to) label pairs the data uses, with the columns the data uses.
void WriteKuzuTables(const Snapshot& graph, const schema::Schema& schema, std::ostream& out) {
  std::map<std::string, std::set<std::string>> label_props;
  for (const auto& n : graph.nodes) {
    auto& props = label_props[n.label];
    for (const auto& [name, value] : n.props.items()) props.insert(name);
  }
  for (const auto& [label, props] : label_props) {
    const auto* def = schema.FindLabel(label);
    out << "CREATE NODE TABLE " << Name(label) << "(id STRING PRIMARY KEY";
    for (const auto& name : props) {
      out << ", " << Name(name) << ' ' << KuzuType(TypeOf(def ? &def->properties : nullptr, name));
    }
    out << ");\n";
  }
  std::map<std::string, std::set<std::pair<std::string, std::string>>> type_pairs;
  std::map<std::string, std::set<std::string>> type_props;
  for (const auto& e : graph.edges) {
    type_pairs[e.type].insert({e.from_label, e.to_label});
    auto& props = type_props[e.type];
    for (const auto& [name, value] : e.props.items()) props.insert(name);
  }
  for (const auto& [type, pairs] : type_pairs) {
    const auto* def = schema.FindEdgeType(type);
    out << "CREATE REL TABLE " << Name(type) << '(';
    bool first = true;
    for (const auto& [from, to] : pairs) {
      out << (first ? "" : ", ") << "FROM " << Name(from) << " TO " << Name(to);
      first = false;
    }
    for (const auto& name : type_props[type]) {
      out << ", " << Name(name) << ' ' << KuzuType(TypeOf(def ? &def->properties : nullptr, name));
    }
    out << ");\n";
  }
}

}  // namespace

Status WriteCypher(const Snapshot& graph, const schema::Schema& schema, CypherDialect dialect, std::ostream& out) {
  const char* target = dialect == CypherDialect::kKuzu       ? "Kuzu"
                       : dialect == CypherDialect::kMemgraph ? "Memgraph"
                                                             : "Neo4j";
  out << "// cityties export for " << target << ": " << graph.nodes.size() << " nodes, " << graph.edges.size()
      << " edges. Node property `id` holds the cityties id.\n";
  std::set<std::string> labels;
  for (const auto& n : graph.nodes) labels.insert(n.label);
  switch (dialect) {
    case CypherDialect::kNeo4j:
      for (const auto& label : labels) {
        out << "CREATE INDEX " << Name("cityties_" + label + "_id") << " IF NOT EXISTS FOR (n:" << Name(label)
            << ") ON (n.id);\n";
      }
      break;
    case CypherDialect::kMemgraph:
      for (const auto& label : labels) out << "CREATE INDEX ON :" << Name(label) << "(id);\n";
      break;
    case CypherDialect::kKuzu:
      WriteKuzuTables(graph, schema, out);
      break;
  }
  for (const auto& n : graph.nodes) {
    out << "CREATE (:" << Name(n.label) << ' ' << PropertyMap(n.ext_id, n.props, dialect) << ");\n";
  }
  for (const auto& e : graph.edges) {
    out << "MATCH (a:" << Name(e.from_label) << " {id: " << Quote(e.from, dialect) << "}), (b:" << Name(e.to_label)
        << " {id: " << Quote(e.to, dialect) << "}) CREATE (a)-[:" << Name(e.type);
    if (!e.props.empty()) out << ' ' << PropertyMap("", e.props, dialect);
    out << "]->(b);\n";
  }
  return Status::Ok();
}

}  // namespace cityties::exporter
