// GraphML 1.0 (http://graphml.graphdrawing.org/) with typed keys, for NetworkX, Gephi and igraph.
#include <map>

#include "common/markup.h"
#include "export/export.h"
#include "export/value_text.h"
#include "query/node_query.h"

namespace cityties::exporter {
namespace {

// Escapes text for XML element content and attribute values (common/markup.h).
std::string XmlEscape(const std::string& text) { return EscapeMarkup(text, MarkupEscape::kXml); }

const char* GraphmlType(schema::PropType type) {
  switch (type) {
    case schema::PropType::kInt:
      return "long";
    case schema::PropType::kFloat:
      return "double";
    case schema::PropType::kBool:
      return "boolean";
    default:
      return "string";
  }
}

// Attribute names the exporter itself writes on every node or edge.
constexpr const char* kDisplayKey = "label";  // Gephi's node label; the edge type on edges
constexpr const char* kLabelsKey = "labels";  // the cityties label of a node (as Neo4j's APOC does)

}  // namespace

Status WriteGraphml(const Snapshot& graph, const schema::Schema& schema, std::ostream& out) {
  auto node_types = internal::UsedPropertyTypes(graph, schema, /*edges=*/false);
  auto edge_types = internal::UsedPropertyTypes(graph, schema, /*edges=*/true);
  for (const char* reserved : {kDisplayKey, kLabelsKey}) {
    if (node_types.count(reserved) || edge_types.count(reserved)) {
      return Status::InvalidArgument(std::string("a property is named '") + reserved +
                                     "', which GraphML export reserves for the display name and label");
    }
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  auto key = [&](const std::string& domain, const std::string& name, const char* type) {
    out << "  <key id=\"" << domain << '.' << XmlEscape(name) << "\" for=\"" << domain << "\" attr.name=\""
        << XmlEscape(name) << "\" attr.type=\"" << type << "\"/>\n";
  };
  key("node", kDisplayKey, "string");
  key("node", kLabelsKey, "string");
  for (const auto& [name, type] : node_types) key("node", name, GraphmlType(type));
  key("edge", kDisplayKey, "string");
  for (const auto& [name, type] : edge_types) key("edge", name, GraphmlType(type));

  auto data = [&](const std::string& domain, const std::string& name, const std::string& text) {
    out << "      <data key=\"" << domain << '.' << XmlEscape(name) << "\">" << XmlEscape(text) << "</data>\n";
  };
  out << "  <graph id=\"cityties\" edgedefault=\"" << (graph.directed ? "directed" : "undirected") << "\">\n";
  for (const auto& node : graph.nodes) {
    out << "    <node id=\"" << XmlEscape(node.ext_id) << "\">\n";
    data("node", kDisplayKey, query::DisplayName(node));
    data("node", kLabelsKey, node.label);
    for (const auto& [name, value] : node.props.items()) data("node", name, internal::ValueText(value));
    out << "    </node>\n";
  }
  size_t id = 0;
  for (const auto& edge : graph.edges) {
    out << "    <edge id=\"e" << id++ << "\" source=\"" << XmlEscape(edge.from) << "\" target=\"" << XmlEscape(edge.to)
        << "\">\n";
    data("edge", kDisplayKey, edge.type);
    for (const auto& [name, value] : edge.props.items()) data("edge", name, internal::ValueText(value));
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
  return Status::Ok();
}

}  // namespace cityties::exporter
