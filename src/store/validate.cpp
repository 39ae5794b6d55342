// GraphStore::Validate: a full consistency check of data, indexes and counters. It is the one
// operation that reads everything, on purpose.
#include <rocksdb/db.h>

#include <functional>
#include <set>
#include <unordered_map>

#include "common/text.h"
#include "store/graph_store.h"

namespace cityties::store {

namespace {

// What is wrong with the index entry `key`, given every node's label and a test for stored
// edges; "" when nothing is.
std::string IndexProblem(std::string_view key, const std::unordered_map<NodeId, TypeCode>& labels,
                         const std::function<bool(const AdjacencyKey&)>& edge_stored) {
  IndexTag tag;
  Status s = DecodeIndexTag(key, &tag);
  if (!s.ok()) return "index key: " + s.message();
  TypeCode code = 0;
  NodeId node = 0, other = 0;
  std::string folded;
  switch (tag) {
    case IndexTag::kLabel: {
      s = DecodeLabelIndex(key, &code, &node);
      if (!s.ok()) return s.message();
      auto it = labels.find(node);
      return it == labels.end() || it->second != code ? "label index entry for a missing node" : "";
    }
    case IndexTag::kName:
      s = DecodeNameIndex(key, &folded, &node);
      if (!s.ok()) return s.message();
      return labels.count(node) ? "" : "name index entry '" + folded + "' for a missing node";
    case IndexTag::kType:
      s = DecodeTypeIndex(key, &code, &node, &other);
      if (!s.ok()) return s.message();
      return edge_stored({node, code, other}) ? "" : "type index entry for a missing edge";
  }
  return "index key: unknown tag";
}

}  // namespace

Status GraphStore::CheckAdjacencyLists(const std::function<void(std::string)>& problem) const {
  // Every node with a key in out or in (their first field), and every list against its keys.
  std::set<NodeId> with_edges;
  for (ColumnFamily cf : {kOutCf, kInCf}) {
    CT_RETURN_IF_ERROR(ScanPrefix(cf, "", [&](std::string_view k, std::string_view) {
      AdjacencyKey key;
      if (DecodeAdjacency(k, &key).ok()) with_edges.insert(key.node);
      return true;
    }));
  }
  CT_RETURN_IF_ERROR(ScanPrefix(kAdjacencyCf, "", [&](std::string_view k, std::string_view v) {
    NodeId id = 0;
    if (!DecodeNodeId(k, &id).ok()) return problem("adjacency key: not a node id"), true;
    const std::string name = "adjacency list of node #" + std::to_string(id);
    std::vector<Adjacent> packed, keyed;
    Status s = DecodeAdjacencyList(v, &packed);
    if (!s.ok()) return problem(name + ": " + s.message()), true;
    s = ForEachAdjacentKey(id, [&](const Adjacent& a) { keyed.push_back(a); });
    if (!s.ok()) return problem(name + ": its keys: " + s.message()), true;  // named by the key scans too
    if (!with_edges.erase(id)) return problem(name + ": the node has no edge"), true;
    if (packed != keyed) {
      problem(name + ": " + std::to_string(packed.size()) + " entries where the out and in keys hold " +
              std::to_string(keyed.size()) + (packed.size() == keyed.size() ? " others" : ""));
    }
    return true;
  }));
  for (NodeId id : with_edges) problem("node #" + std::to_string(id) + " has edges but no adjacency list");
  return Status::Ok();
}

Status GraphStore::CheckHeadBlocks(const std::function<void(std::string)>& problem) const {
  // Every head of every block, in id order, then each node's head against it.
  struct Head {
    NodeId node;
    TypeCode label;
    std::string ext_id;
  };
  std::vector<Head> heads;
  CT_RETURN_IF_ERROR(ScanPrefix(kHeadsCf, "", [&](std::string_view k, std::string_view v) {
    NodeId block = 0;
    if (!DecodeNodeId(k, &block).ok()) return problem("head block key: not a block number"), true;
    std::vector<HeadEntry> entries;
    Status s = DecodeHeadBlock(block, v, &entries);
    if (!s.ok()) return problem("head block #" + std::to_string(block) + ": " + s.message()), true;
    for (const auto& e : entries) heads.push_back({e.node, e.label, std::string(e.ext_id)});
    return true;
  }));
  auto head = heads.begin();
  auto no_node = [&](const Head& h) {
    problem("head block #" + std::to_string(h.node / kHeadBlockSize) + ": a head for node #" + std::to_string(h.node) +
            ", which does not exist");
  };
  CT_RETURN_IF_ERROR(ScanPrefix(kNodesCf, "", [&](std::string_view k, std::string_view v) {
    NodeId id = 0;
    NodeHeadView stored;
    if (!DecodeNodeId(k, &id).ok() || !DecodeNodeHead(v, &stored).ok()) return true;  // named by the node scan
    for (; head != heads.end() && head->node < id; ++head) no_node(*head);
    if (head == heads.end() || head->node != id)
      return problem("node #" + std::to_string(id) + " has no head in its head block"), true;
    if (head->label != stored.label || head->ext_id != stored.ext_id) {
      problem("node #" + std::to_string(id) + ": its head block says '" + head->ext_id + "', label code " +
              std::to_string(head->label));
    }
    ++head;
    return true;
  }));
  for (; head != heads.end(); ++head) no_node(*head);
  return Status::Ok();
}

Result<std::vector<std::string>> GraphStore::Validate() const {
  std::vector<std::string> problems;
  auto problem = [&](std::string text) {
    if (problems.size() < 1000) problems.push_back(std::move(text));
  };
  std::unordered_map<NodeId, TypeCode> labels;
  std::map<std::string, uint64_t> label_counts, type_counts;

  CT_RETURN_IF_ERROR(ScanPrefix(kNodesCf, "", [&](std::string_view k, std::string_view v) {
    NodeId id = 0;
    Status s = DecodeNodeId(k, &id);
    if (!s.ok()) return problem("nodes key: " + s.message()), true;
    NodeValue node;
    s = DecodeNodeValue(v, &node);
    if (!s.ok()) return problem("node #" + std::to_string(id) + ": " + s.message()), true;
    const TypeCode code = node.label;
    const std::string& ext = node.ext_id;
    const Json& props = node.props;
    const auto* label = schema_->LabelByCode(code);
    if (!label) return problem("node " + ext + ": unknown label code " + std::to_string(code)), true;
    labels[id] = code;
    label_counts[label->name]++;
    s = schema_->ValidateNode(label->name, props);
    if (!s.ok()) problem("node " + ext + ": " + s.message());
    std::string mapped;
    if (!Get(kIdsCf, ext, &mapped).ok() || mapped != EncodeNodeId(id))
      problem("node " + ext + ": id index does not map to it");
    std::string unused;
    if (!Get(kIndexCf, LabelIndexKey(code, id), &unused).ok())
      problem("node " + ext + ": missing from the label index");
    for (const auto& name : IndexedNames(props)) {
      if (!Get(kIndexCf, NameIndexKey(FoldName(name), id), &unused).ok()) {
        problem("node " + ext + ": name '" + name + "' missing from the name index");
      }
    }
    return true;
  }));

  CT_RETURN_IF_ERROR(ScanPrefix(kOutCf, "", [&](std::string_view k, std::string_view v) {
    AdjacencyKey key;
    Status decoded = DecodeAdjacency(k, &key);
    if (!decoded.ok()) return problem("out key: " + decoded.message()), true;
    const auto* type = schema_->EdgeTypeByCode(key.type);
    std::string name = "edge #" + std::to_string(key.node) + "->#" + std::to_string(key.other);
    if (!type) return problem(name + ": unknown type code"), true;
    type_counts[type->name]++;
    auto src = labels.find(key.node);
    auto dst = labels.find(key.other);
    if (src == labels.end() || dst == labels.end())
      return problem(name + " " + type->name + ": endpoint missing"), true;
    auto props = DecodeProps(v);
    if (!props.ok()) return problem(name + ": " + props.status().message()), true;
    Status s = schema_->ValidateEdge(type->name, schema_->LabelByCode(src->second)->name,
                                     schema_->LabelByCode(dst->second)->name, *props);
    if (!s.ok()) problem(name + ": " + s.message());
    std::string unused;
    if (!Get(kInCf, EncodeAdjacency({key.other, key.type, key.node}), &unused).ok())
      problem(name + ": no in-edge entry");
    if (!Get(kIndexCf, TypeIndexKey(key.type, key.node, key.other), &unused).ok())
      problem(name + ": missing from the type index");
    return true;
  }));

  CT_RETURN_IF_ERROR(ScanPrefix(kInCf, "", [&](std::string_view k, std::string_view) {
    AdjacencyKey key;
    Status decoded = DecodeAdjacency(k, &key);
    if (!decoded.ok()) return problem("in key: " + decoded.message()), true;
    std::string unused;
    if (!Get(kOutCf, EncodeAdjacency({key.other, key.type, key.node}), &unused).ok()) {
      problem("in-edge #" + std::to_string(key.other) + "->#" + std::to_string(key.node) + " has no out-edge");
    }
    return true;
  }));

  if (packed_) {
    CT_RETURN_IF_ERROR(CheckAdjacencyLists(problem));
    CT_RETURN_IF_ERROR(CheckHeadBlocks(problem));
  }

  CT_RETURN_IF_ERROR(ScanPrefix(kIdsCf, "", [&](std::string_view k, std::string_view v) {
    NodeId id = 0;
    if (!DecodeNodeId(v, &id).ok() || !labels.count(id)) problem("id '" + std::string(k) + "' maps to no node");
    return true;
  }));

  CT_RETURN_IF_ERROR(ScanPrefix(kIndexCf, "", [&](std::string_view k, std::string_view) {
    std::string problem_text = IndexProblem(k, labels, [&](const AdjacencyKey& edge) {
      std::string unused;
      return Get(kOutCf, EncodeAdjacency(edge), &unused).ok();
    });
    if (!problem_text.empty()) problem(std::move(problem_text));
    return true;
  }));

  auto check_counter = [&](const std::string& key, const std::string& what, uint64_t found) {
    auto stored = GetCounter(key);
    if (!stored.ok()) return problem("counter for " + what + ": " + stored.status().message());
    if (*stored != found) {
      problem("counter for " + what + " says " + std::to_string(*stored) + ", found " + std::to_string(found));
    }
  };
  for (const auto& label : schema_->labels()) {
    check_counter(meta::LabelCountKey(label.name), "label " + label.name, label_counts[label.name]);
  }
  for (const auto& type : schema_->edge_types()) {
    check_counter(meta::TypeCountKey(type.name), "edge type " + type.name, type_counts[type.name]);
  }
  return problems;
}

}  // namespace cityties::store
