// CSV export in the import format (docs/import-format.md): one file per label and per edge type.
#include <filesystem>
#include <map>
#include <sstream>

#include "common/csv.h"
#include "common/output_file.h"
#include "export/export.h"
#include "export/value_text.h"

namespace cityties::exporter {
namespace {

namespace fs = std::filesystem;

// The cell for one value, or an error when the CSV import would read it back differently: an
// empty cell means "absent", and '|' separates list items.
Result<std::string> Cell(const std::string& owner, const std::string& name, const nlohmann::json& value) {
  auto lossy = [&](const std::string& why) {
    return Status::InvalidArgument(owner + ": property '" + name + "' " + why +
                                   ", which the CSV format cannot carry; export as json or graphml instead");
  };
  if (value.is_array()) {
    if (value.empty()) return lossy("is an empty list");
    if (value.size() == 1 && value[0].is_string() && value[0].get_ref<const std::string&>().empty()) {
      return lossy("is a list holding one empty string");
    }
    for (const auto& item : value) {
      if (!item.is_string()) return lossy("is a list holding a non-string");
      if (item.get_ref<const std::string&>().find('|') != std::string::npos) {
        return lossy("has a list item holding '|' (the CSV list separator)");
      }
    }
  } else if (value.is_string() && value.get_ref<const std::string&>().empty()) {
    return lossy("is an empty string");
  } else if (value.is_object() || value.is_null()) {
    return lossy("is not a scalar or a list");
  }
  return internal::ValueText(value);
}

// Column names: the fixed ones, then every property any record uses, in byte order.
template <typename Records, typename PropsOf>
std::vector<std::string> Header(std::vector<std::string> fixed, const Records& records, PropsOf props_of) {
  std::map<std::string, bool> names;
  for (const auto* record : records) {
    for (const auto& [name, value] : props_of(*record).items()) names[name] = true;
  }
  for (const auto& [name, used] : names) fixed.push_back(name);
  return fixed;
}

// The directory holds no files of ours any more (PrepareCsvDirectory): nothing is replaced.
Status WriteFile(const std::string& path, const std::vector<std::vector<std::string>>& rows) {
  std::ostringstream buffer;
  for (const auto& row : rows) WriteCsvRow(buffer, row);
  return WriteOutputFile(path, buffer.str(), /*force=*/false);
}

}  // namespace

Status WriteCsvDirectory(const Snapshot& graph, const std::string& dir, std::vector<std::string>* files) {
  // Build every file in memory first: a lossy value fails the export before anything is written.
  std::map<std::string, std::vector<std::vector<std::string>>> outputs;

  std::map<std::string, std::vector<const store::Node*>> by_label;
  for (const auto& node : graph.nodes) by_label[node.label].push_back(&node);
  for (const auto& [label, nodes] : by_label) {
    auto header =
        Header({":id", ":label"}, nodes, [](const store::Node& n) -> const nlohmann::json& { return n.props; });
    auto& rows = outputs["nodes_" + label + ".csv"];
    rows.push_back(header);
    for (const auto* node : nodes) {
      std::vector<std::string> row{node->ext_id, node->label};
      for (size_t i = 2; i < header.size(); ++i) {
        auto it = node->props.find(header[i]);
        if (it == node->props.end()) {
          row.emplace_back();
          continue;
        }
        auto cell = Cell("node " + node->ext_id, header[i], *it);
        if (!cell.ok()) return cell.status();
        row.push_back(std::move(*cell));
      }
      rows.push_back(std::move(row));
    }
  }

  std::map<std::string, std::vector<const EdgeRecord*>> by_type;
  for (const auto& edge : graph.edges) by_type[edge.type].push_back(&edge);
  for (const auto& [type, edges] : by_type) {
    auto header =
        Header({":from", ":type", ":to"}, edges, [](const EdgeRecord& e) -> const nlohmann::json& { return e.props; });
    auto& rows = outputs["edges_" + type + ".csv"];
    rows.push_back(header);
    for (const auto* edge : edges) {
      std::vector<std::string> row{edge->from, edge->type, edge->to};
      for (size_t i = 3; i < header.size(); ++i) {
        auto it = edge->props.find(header[i]);
        if (it == edge->props.end()) {
          row.emplace_back();
          continue;
        }
        auto cell = Cell("edge " + edge->from + " " + edge->type + " " + edge->to, header[i], *it);
        if (!cell.ok()) return cell.status();
        row.push_back(std::move(*cell));
      }
      rows.push_back(std::move(row));
    }
  }

  for (const auto& [name, rows] : outputs) {
    std::string path = (fs::path(dir) / name).string();
    CT_RETURN_IF_ERROR(WriteFile(path, rows));
    files->push_back(path);
  }
  return Status::Ok();
}

}  // namespace cityties::exporter
