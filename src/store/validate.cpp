// GraphStore::Validate: a full consistency check of data, indexes and counters. It is the one
// operation that reads everything, on purpose.
#include <rocksdb/db.h>

#include <set>
#include <unordered_map>

#include "common/text.h"
#include "store/graph_store.h"

namespace cityties::store {

Result<std::vector<std::string>> GraphStore::Validate() const {
  std::vector<std::string> problems;
  auto problem = [&](std::string text) {
    if (problems.size() < 1000) problems.push_back(std::move(text));
  };
  std::unordered_map<NodeId, TypeCode> labels;
  std::map<std::string, uint64_t> label_counts, type_counts;

  CT_RETURN_IF_ERROR(ScanPrefix(kNodesCf, "", [&](std::string_view k, std::string_view v) {
    NodeId id = ReadU64(k.data());
    TypeCode code;
    std::string ext;
    Json props;
    Status s = DecodeNodeValue(v, &code, &ext, &props);
    if (!s.ok()) return problem("node #" + std::to_string(id) + ": " + s.message()), true;
    const auto* label = schema_->LabelByCode(code);
    if (!label) return problem("node " + ext + ": unknown label code " + std::to_string(code)), true;
    labels[id] = code;
    label_counts[label->name]++;
    s = schema_->ValidateNode(label->name, props);
    if (!s.ok()) problem("node " + ext + ": " + s.message());
    std::string mapped;
    if (!Get(kIdsCf, ext, &mapped).ok() || mapped != EncodeU64(id))
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
    AdjacencyKey key = DecodeAdjacency(k);
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
    AdjacencyKey key = DecodeAdjacency(k);
    std::string unused;
    if (!Get(kOutCf, EncodeAdjacency({key.other, key.type, key.node}), &unused).ok()) {
      problem("in-edge #" + std::to_string(key.other) + "->#" + std::to_string(key.node) + " has no out-edge");
    }
    return true;
  }));

  CT_RETURN_IF_ERROR(ScanPrefix(kIdsCf, "", [&](std::string_view k, std::string_view v) {
    if (v.size() != 8 || !labels.count(ReadU64(v.data()))) problem("id '" + std::string(k) + "' maps to no node");
    return true;
  }));

  CT_RETURN_IF_ERROR(ScanPrefix(kIndexCf, "", [&](std::string_view k, std::string_view) {
    if (k[0] == kLabelIndexTag) {
      auto it = labels.find(LabelIndexNode(k));
      if (it == labels.end() || it->second != ReadU16(k.data() + 1)) problem("label index entry for a missing node");
    } else if (k[0] == kNameIndexTag) {
      std::string folded;
      NodeId node;
      DecodeNameIndex(k, &folded, &node);
      if (!labels.count(node)) problem("name index entry '" + folded + "' for a missing node");
    } else if (k[0] == kTypeIndexTag) {
      NodeId src, dst;
      DecodeTypeIndex(k, &src, &dst);
      std::string unused;
      if (!Get(kOutCf, EncodeAdjacency({src, ReadU16(k.data() + 1), dst}), &unused).ok()) {
        problem("type index entry for a missing edge");
      }
    }
    return true;
  }));

  auto counts = GetCounts();
  if (!counts.ok()) return counts.status();
  for (const auto& [label, n] : counts->labels) {
    if (label_counts[label] != n) {
      problem("counter for label " + label + " says " + std::to_string(n) + ", found " +
              std::to_string(label_counts[label]));
    }
  }
  for (const auto& [type, n] : counts->edge_types) {
    if (type_counts[type] != n) {
      problem("counter for edge type " + type + " says " + std::to_string(n) + ", found " +
              std::to_string(type_counts[type]));
    }
  }
  return problems;
}

}  // namespace cityties::store
