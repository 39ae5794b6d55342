#include "import/importer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "common/csv.h"
#include "common/text.h"
#include "import/bounds.h"
#include "import/coverage.h"
#include "import/error_log.h"
#include "import/json_nesting.h"
#include "import/progress.h"
#include "store/edge_list_loader.h"

namespace cityties::import {
namespace {

namespace fs = std::filesystem;
using store::Json;

using FileName = std::shared_ptr<const std::string>;
// Prefixes a failed status with where it happened; the text is built only on failure.
Status At(Status status, const store::Origin& at) { return status.ok() ? status : status.WithContext(at.ToString()); }

uint64_t FileSize(const std::string& path) {
  std::error_code ec;
  auto size = path.empty() ? 0 : fs::file_size(path, ec);
  return ec ? 0 : size;
}

// Progress over the files of one import, read one after the other.
class FilesProgress {
 public:
  FilesProgress(bool enabled, const std::vector<std::string>& files) : progress_(enabled, TotalSize(files)) {}
  // One more row, `offset` bytes into the current file.
  void Row(uint64_t offset) { progress_.Update(before_ + offset, ++rows_); }
  void EndFile(uint64_t size) { before_ += size; }
  void Finish() { progress_.Finish(before_, rows_); }

 private:
  static uint64_t TotalSize(const std::vector<std::string>& files) {
    uint64_t total = 0;
    for (const auto& f : files) total += FileSize(f);
    return total;
  }
  Progress progress_;
  uint64_t before_ = 0;  // bytes of the files read before
  uint64_t rows_ = 0;
};

store::WriteMode ModeFor(const ImportOptions& options) {
  return options.upsert ? store::WriteMode::kUpsert : store::WriteMode::kCreate;
}

Status RequireString(const Json& record, const char* field, std::string* out) {
  auto it = record.find(field);
  if (it == record.end()) return Status::InvalidArgument(std::string("missing field '") + field + "'");
  if (!it->is_string() || it->get<std::string>().empty()) {
    return Status::InvalidArgument(std::string("field '") + field + "' must be a non-empty string");
  }
  *out = it->get<std::string>();
  return Status::Ok();
}

// A string field naming a node: an id within the bounds (bounds.h).
Status RequireId(const Json& record, const char* field, std::string* out) {
  CT_RETURN_IF_ERROR(RequireString(record, field, out));
  return CheckId(field, *out);
}

Status ParseJsonRecord(const Json& record, const ImportOptions& options, const store::Origin& origin,
                       store::WriteSet* out) {
  if (!record.is_object()) return Status::InvalidArgument("a record must be a JSON object");
  for (const auto& [key, value] : record.items()) {
    static const std::unordered_set<std::string> kFields = {"id", "label", "from", "type", "to", "props"};
    if (!kFields.count(key)) return Status::InvalidArgument("unknown field '" + key + "'");
  }
  Json props = record.contains("props") ? record["props"] : Json();
  if (!props.is_null() && !props.is_object()) return Status::InvalidArgument("field 'props' must be an object");
  CT_RETURN_IF_ERROR(CheckStringLengths("props", props));
  if (record.contains("label")) {
    store::NodeWrite w;
    CT_RETURN_IF_ERROR(RequireId(record, "id", &w.ext_id));
    CT_RETURN_IF_ERROR(RequireString(record, "label", &w.label));
    w.props = std::move(props);
    w.mode = ModeFor(options);
    w.origin = origin;
    out->nodes.push_back(std::move(w));
    return Status::Ok();
  }
  if (record.contains("type")) {
    store::EdgeWrite w;
    CT_RETURN_IF_ERROR(RequireId(record, "from", &w.from));
    CT_RETURN_IF_ERROR(RequireString(record, "type", &w.type));
    CT_RETURN_IF_ERROR(RequireId(record, "to", &w.to));
    w.props = std::move(props);
    w.mode = ModeFor(options);
    w.origin = origin;
    out->edges.push_back(std::move(w));
    return Status::Ok();
  }
  return Status::InvalidArgument("a record needs 'label' (a node) or 'type' (an edge)");
}

Status ReadWholeFile(const std::string& path, std::string* content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *content = buffer.str();
  if (WithoutByteOrderMark(*content).size() != content->size()) content->erase(0, 3);
  if (content->empty()) return Status::InvalidArgument(path + ": empty file (no records)");
  return Status::Ok();
}

// One record line of a JSON Lines file into `out`. Nesting is bounded before the parser sees it.
Status ParseJsonLine(const std::string& line, bool maybe_truncated, const ImportOptions& options,
                     const store::Origin& at, store::WriteSet* out) {
  CT_RETURN_IF_ERROR(CheckJsonNesting(line));
  Json record = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded()) {
    return Status::InvalidArgument(std::string("invalid JSON") + (maybe_truncated ? " (file truncated?)" : ""));
  }
  return ParseJsonRecord(record, options, at, out);
}

// Every line's error goes to `log`; a bad line adds no write.
void ParseJsonLines(const std::string& path, const ImportOptions& options, store::WriteSet* out, ErrorLog* log,
                    FilesProgress* progress) {
  std::string content;
  Status read = ReadWholeFile(path, &content);
  if (!read.ok()) return log->Add(read);
  auto file = std::make_shared<const std::string>(path);
  size_t records = 0;
  size_t line_no = 0;
  std::istringstream in(content);
  std::string line;
  uint64_t offset = 0;
  while (std::getline(in, line)) {
    const store::Origin at{file, ++line_no};
    offset += line.size() + 1;
    progress->Row(offset);
    if (!IsValidUtf8(line)) {
      log->Add(At(Status::InvalidArgument("invalid UTF-8"), at));
      continue;
    }
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "//") == 0) continue;
    ++records;
    const bool last_unterminated = in.peek() == std::char_traits<char>::eof() && content.back() != '\n';
    log->Add(At(ParseJsonLine(line, last_unterminated, options, at, out), at));
  }
  if (records == 0) log->Add(Status::InvalidArgument(path + ": no records"));
}

// Converts the cells of one CSV row into typed properties, by the schema of its label or type.
Status CsvProps(const std::vector<std::string>& header, const std::vector<std::string>& row,
                const std::map<std::string, schema::PropertyDef>& defs, const std::string& owner, Json* props) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i].empty() || header[i][0] == ':' || row[i].empty()) continue;
    auto def = defs.find(header[i]);
    if (def == defs.end()) return Status::InvalidArgument("unknown property '" + header[i] + "' for " + owner);
    auto value = schema::Schema::ConvertText(def->second, row[i]);
    if (!value.ok()) return value.status();
    (*props)[header[i]] = std::move(*value);
  }
  return Status::Ok();
}

Status ParseCsvRow(const std::vector<std::string>& header, const std::vector<std::string>& row, bool is_node,
                   const schema::Schema& schema, const ImportOptions& options, const store::Origin& origin,
                   store::WriteSet* out) {
  auto cell = [&](const char* name) {
    auto it = std::find(header.begin(), header.end(), name);
    return row[static_cast<size_t>(it - header.begin())];
  };
  if (is_node) {
    store::NodeWrite w{cell(":id"), cell(":label"), Json(), ModeFor(options), origin};
    const auto* def = schema.FindLabel(w.label);
    if (!def) return Status::InvalidArgument("field ':label': unknown label '" + w.label + "'");
    CT_RETURN_IF_ERROR(CsvProps(header, row, def->properties, "label " + w.label, &w.props));
    out->nodes.push_back(std::move(w));
  } else {
    store::EdgeWrite w{cell(":from"), cell(":type"), cell(":to"), Json(), ModeFor(options), origin};
    const auto* def = schema.FindEdgeType(w.type);
    if (!def) return Status::InvalidArgument("field ':type': unknown edge type '" + w.type + "'");
    CT_RETURN_IF_ERROR(CsvProps(header, row, def->properties, "edge type " + w.type, &w.props));
    out->edges.push_back(std::move(w));
  }
  return Status::Ok();
}

// A row is valid UTF-8, has as many fields as the header, and its ids and strings are within the
// bounds (bounds.h).
Status CheckCsvRowShape(const std::vector<std::string>& header, const std::vector<std::string>& row, bool at_end) {
  if (!std::all_of(row.begin(), row.end(), [](const std::string& f) { return IsValidUtf8(f); })) {
    return Status::InvalidArgument("invalid UTF-8");
  }
  if (row.size() != header.size()) {
    return Status::InvalidArgument(std::to_string(row.size()) + " fields, the header has " +
                                   std::to_string(header.size()) + (at_end ? " (file truncated?)" : ""));
  }
  for (size_t i = 0; i < row.size(); ++i) {
    const std::string& field = header[i];
    bool is_id = field == ":id" || field == ":from" || field == ":to";
    CT_RETURN_IF_ERROR(is_id ? CheckId(field, row[i]) : CheckStringLength(field, row[i]));
  }
  return Status::Ok();
}

// Every row's error goes to `log`; a bad row adds no write. A bad header stops the file.
void ParseCsv(const std::string& path, const schema::Schema& schema, const ImportOptions& options, store::WriteSet* out,
              ErrorLog* log, FilesProgress* progress) {
  std::string content;
  Status read = ReadWholeFile(path, &content);
  if (!read.ok()) return log->Add(read);
  std::istringstream in(content);
  CsvReader reader(in);
  auto file = std::make_shared<const std::string>(path);
  std::vector<std::string> header, row;
  size_t line = 0;
  std::string error;
  if (!reader.Next(&header, &line, &error)) return log->Add(Status::InvalidArgument(path + ":1: no header row"));
  if (!std::all_of(header.begin(), header.end(), [](const std::string& f) { return IsValidUtf8(f); })) {
    return log->Add(Status::InvalidArgument(path + ":1: invalid UTF-8 in the header row"));
  }
  auto has = [&](const char* name) { return std::find(header.begin(), header.end(), name) != header.end(); };
  bool is_node = has(":id") && has(":label");
  if (!is_node && !(has(":from") && has(":type") && has(":to"))) {
    return log->Add(Status::InvalidArgument(
        path + ":1: header needs ':id' and ':label' (nodes) or ':from', ':type', ':to' (edges)"));
  }
  size_t records = 0;
  while (reader.Next(&row, &line, &error)) {
    const store::Origin at{file, line};
    progress->Row(static_cast<uint64_t>(std::max<std::streamoff>(0, in.tellg())));
    if (row.size() == 1 && row[0].empty()) continue;
    ++records;
    Status shape = CheckCsvRowShape(header, row, in.eof());
    log->Add(At(shape.ok() ? ParseCsvRow(header, row, is_node, schema, options, at, out) : shape, at));
  }
  if (!error.empty()) log->Add(At(Status::InvalidArgument(error), {file, line}));
  if (records == 0 && error.empty()) log->Add(Status::InvalidArgument(path + ": no records"));
}

// Checks what the parsed records can be checked for before the store plans them: duplicate ids
// in the import, the schema of every node, edge types and endpoints. Adds one error per bad
// record, so that one run reports many; GraphStore::Apply still checks everything again.
class WriteSetChecker {
 public:
  WriteSetChecker(const store::GraphStore& store, ErrorLog* log, bool report_missing_endpoints)
      : store_(store), log_(log), report_missing_endpoints_(report_missing_endpoints) {}

  void Check(const store::WriteSet& writes) {
    for (const auto& w : writes.nodes) CheckNode(w);
    for (const auto& w : writes.edges) {
      Status s = CheckEdge(w);
      if (report_missing_endpoints_ || !s.IsNotFound()) log_->Add(At(s, w.origin));
    }
  }

 private:
  void CheckNode(const store::NodeWrite& w) {
    auto [first, fresh] = labels_.emplace(w.ext_id, Known{w.label, &w.origin});
    if (!fresh) {
      return log_->Add(At(Status::AlreadyExists("duplicate id '" + w.ext_id + "' (first defined at " +
                                                first->second.origin->ToString() + ")"),
                          w.origin));
    }
    log_->Add(At(store_.schema().ValidateNode(w.label, w.props), w.origin));
  }

  Status CheckEdge(const store::EdgeWrite& w) {
    const auto* type = store_.schema().FindEdgeType(w.type);
    if (!type) return Status::InvalidArgument("field 'type': unknown edge type '" + w.type + "'");
    const std::string* from = LabelOf(w.from);
    if (!from) return MissingEndpoint("from", w.from);
    const std::string* to = LabelOf(w.to);
    if (!to) return MissingEndpoint("to", w.to);
    return store_.schema().ValidateEdge(w.type, *from, *to, w.props);
  }

  static Status MissingEndpoint(const char* field, const std::string& id) {
    return Status::NotFound(std::string("field '") + field + "': edge endpoint '" + id +
                            "' does not exist (neither in the database nor in this import)");
  }

  // The label of a node of this import or of the database; null when there is none.
  const std::string* LabelOf(const std::string& ext_id) {
    auto known = labels_.find(ext_id);
    if (known != labels_.end()) return &known->second.label;
    auto node = store_.GetNode(ext_id);
    if (!node.ok()) return nullptr;
    return &labels_.emplace(ext_id, Known{node->label, nullptr}).first->second.label;
  }

  struct Known {
    std::string label;
    const store::Origin* origin;  // null for nodes already in the database
  };
  const store::GraphStore& store_;
  ErrorLog* log_;
  bool report_missing_endpoints_;
  std::unordered_map<std::string, Known> labels_;
};

bool ParseU64(std::string_view text, uint64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(input, ec)) {
        auto ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".jsonl" || ext == ".csv")) found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) return Status::InvalidArgument(input + ": no .jsonl or .csv files in this directory");
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(input, ec)) {
      files.push_back(input);
    } else {
      return Status::InvalidArgument(input + ": no such file or directory");
    }
  }
  return files;
}

namespace {

void ParseInto(const std::vector<std::string>& files, const schema::Schema& schema, const ImportOptions& options,
               store::WriteSet* out, ErrorLog* log) {
  FilesProgress progress(options.progress, files);
  for (const auto& file : files) {
    auto ext = fs::path(file).extension().string();
    if (ext == ".jsonl" || ext == ".ndjson") {
      ParseJsonLines(file, options, out, log, &progress);
    } else if (ext == ".csv") {
      ParseCsv(file, schema, options, out, log, &progress);
    } else {
      log->Add(Status::InvalidArgument(file + ": unknown format (expected .jsonl or .csv)"));
    }
    progress.EndFile(FileSize(file));
  }
  progress.Finish();
}

}  // namespace

Status ParseFiles(const std::vector<std::string>& files, const schema::Schema& schema, const ImportOptions& options,
                  store::WriteSet* out) {
  ErrorLog log(options.max_errors);
  ParseInto(files, schema, options, out, &log);
  return log.ToStatus();
}

namespace {

// Reads a file line by line through one large buffer, counting the bytes consumed.
class LineReader {
 public:
  ~LineReader() {
    if (file_) std::fclose(file_);
  }
  Status Open(const std::string& path) {
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_) return Status::InvalidArgument(path + ": cannot open");
    return Status::Ok();
  }
  // The next line without its '\n'; false at the end of the file.
  bool Next(std::string_view* line) {
    for (;;) {
      auto newline = buffer_.find('\n', pos_);
      if (newline != std::string::npos) return Take(newline, 1, line);
      if (eof_) return pos_ < buffer_.size() && Take(buffer_.size(), 0, line);
      Refill();
    }
  }
  uint64_t consumed() const { return consumed_; }

 private:
  bool Take(size_t end, size_t separator, std::string_view* line) {
    *line = std::string_view(buffer_).substr(pos_, end - pos_);
    consumed_ += end - pos_ + separator;
    pos_ = end + separator;
    return true;
  }
  void Refill() {
    buffer_.erase(0, pos_);
    pos_ = 0;
    size_t kept = buffer_.size();
    buffer_.resize(std::max(kChunk, 2 * kept));
    size_t got = std::fread(buffer_.data() + kept, 1, buffer_.size() - kept, file_);
    buffer_.resize(kept + got);
    if (got == 0) eof_ = true;
  }

  static constexpr size_t kChunk = 1 << 20;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  size_t pos_ = 0;
  uint64_t consumed_ = 0;
  bool eof_ = false;
};

// Where the records of an edge list go: a WriteSet, or the store's loader.
class EdgeListTarget {
 public:
  virtual ~EdgeListTarget() = default;
  virtual bool HasVertex(uint64_t id) const = 0;
  // A vertex of the vertex file, at `line`; it is new.
  virtual void AddVertex(uint64_t id, size_t line) = 0;
  // An edge at `line` of the edge file; its endpoints are added when new, source first.
  virtual Status AddEdge(uint64_t src, uint64_t dst, double weight, size_t line) = 0;
  // The vertex file is read: every edge names one of its vertices.
  virtual void EndVertices() {}
};

// The WriteSet that GraphStore::Apply checks and writes.
class WriteSetTarget : public EdgeListTarget {
 public:
  WriteSetTarget(const EdgeListOptions& options, store::WriteSet* out)
      : out_(out),
        weighted_(options.weighted),
        vertices_file_(std::make_shared<const std::string>(options.vertices_path)),
        edges_file_(std::make_shared<const std::string>(options.edges_path)) {
    out_->directed = options.directed;
  }
  bool HasVertex(uint64_t id) const override { return vertices_.count(id) > 0; }
  void AddVertex(uint64_t id, size_t line) override { Add(id, {vertices_file_, line}); }
  Status AddEdge(uint64_t src, uint64_t dst, double weight, size_t line) override {
    store::Origin origin(edges_file_, line);
    Add(src, origin);
    Add(dst, origin);
    store::EdgeWrite w{
        std::to_string(src), store::kEdgeListType, std::to_string(dst), Json(), store::WriteMode::kCreate, origin};
    if (weighted_) w.props = Json{{"weight", weight}};
    out_->edges.push_back(std::move(w));
    return Status::Ok();
  }

 private:
  void Add(uint64_t id, const store::Origin& origin) {
    if (vertices_.insert(id).second) {
      out_->nodes.push_back(
          store::NodeWrite{std::to_string(id), store::kEdgeListLabel, Json(), store::WriteMode::kCreate, origin});
    }
  }

  store::WriteSet* out_;
  bool weighted_;
  FileName vertices_file_, edges_file_;
  std::unordered_set<uint64_t> vertices_;
};

// Straight into the store's bulk loader.
class LoaderTarget : public EdgeListTarget {
 public:
  explicit LoaderTarget(store::GraphStore::EdgeListLoader* loader) : loader_(loader) {}
  bool HasVertex(uint64_t id) const override { return loader_->HasVertex(id); }
  void AddVertex(uint64_t id, size_t) override { loader_->AddVertex(id); }
  Status AddEdge(uint64_t src, uint64_t dst, double weight, size_t) override {
    return loader_->AddEdge(src, dst, weight);
  }
  void EndVertices() override { loader_->EndVertices(); }

 private:
  store::GraphStore::EdgeListLoader* loader_;
};

// Splits a line on runs of spaces, tabs or carriage returns, into at most fields.size() fields;
// returns how many there are (counting those beyond).
size_t SplitFields(std::string_view line, std::array<std::string_view, 4>* fields) {
  size_t n = 0;
  size_t i = 0;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (i < line.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && !blank(line[i])) ++i;
    if (i > start && n++ < fields->size()) (*fields)[n - 1] = line.substr(start, i - start);
  }
  return n;
}

class EdgeListReader {
 public:
  EdgeListReader(const EdgeListOptions& options, EdgeListTarget* target)
      : options_(options), target_(target), progress_(options.progress, {options.vertices_path, options.edges_path}) {}

  Status Read() {
    if (!options_.vertices_path.empty()) {
      CT_RETURN_IF_ERROR(
          ReadLines(options_.vertices_path, [&](std::string_view line, size_t n) { return VertexLine(line, n); }));
      target_->EndVertices();
    }
    CT_RETURN_IF_ERROR(
        ReadLines(options_.edges_path, [&](std::string_view line, size_t n) { return EdgeLine(line, n); }));
    progress_.Finish();
    return Status::Ok();
  }

 private:
  template <typename LineFn>
  Status ReadLines(const std::string& path, LineFn fn) {
    LineReader in;
    CT_RETURN_IF_ERROR(in.Open(path));
    std::string_view line;
    size_t line_no = 0;
    while (in.Next(&line)) {
      ++line_no;
      progress_.Row(in.consumed());
      if (line.empty() || line[0] == '#' || line[0] == '%') continue;
      CT_RETURN_IF_ERROR(fn(line, line_no));
    }
    progress_.EndFile(in.consumed());
    return Status::Ok();
  }

  Status VertexLine(std::string_view line, size_t n) {
    const store::Origin at(vertices_file_, n);
    std::array<std::string_view, 4> fields;
    uint64_t id;
    if (SplitFields(line, &fields) != 1 || !ParseU64(fields[0], &id)) {
      return At(Status::InvalidArgument("expected one unsigned vertex id"), at);
    }
    if (target_->HasVertex(id)) return At(Status::AlreadyExists("duplicate vertex " + std::to_string(id)), at);
    target_->AddVertex(id, n);
    return Status::Ok();
  }

  Status EdgeLine(std::string_view line, size_t n) {
    auto origin = [&] { return store::Origin(edges_file_, n).ToString(); };
    std::array<std::string_view, 4> fields;
    size_t count = SplitFields(line, &fields);
    uint64_t src, dst;
    if (count < 2 || count > 3 || (options_.weighted && count != 3)) {
      return Status::InvalidArgument(origin() + ": expected " + (options_.weighted ? "3" : "2") + " fields 'src dst" +
                                     (options_.weighted ? " weight'" : "'"));
    }
    if (!ParseU64(fields[0], &src)) return Status::InvalidArgument(origin() + ": field 'src' is not an unsigned id");
    if (!ParseU64(fields[1], &dst)) return Status::InvalidArgument(origin() + ": field 'dst' is not an unsigned id");
    if (!options_.vertices_path.empty()) {
      for (uint64_t v : {src, dst}) {
        if (!target_->HasVertex(v)) {
          return Status::NotFound(origin() + ": vertex " + std::to_string(v) + " is not in " + options_.vertices_path);
        }
      }
    }
    double weight = 0;
    if (options_.weighted && !ParseWeight(fields[2], &weight)) {
      return Status::InvalidArgument(origin() + ": field 'weight' is not a number");
    }
    Status added = target_->AddEdge(src, dst, weight, n);
    if (!added.ok()) return At(added, store::Origin(edges_file_, n));  // its file's name shared only then
    return added;
  }

  static bool ParseWeight(std::string_view field, double* weight) {
    std::string text(field);
    try {
      size_t used = 0;
      *weight = std::stod(text, &used);
      return used == text.size();
    } catch (...) {
      return false;
    }
  }

  const EdgeListOptions& options_;
  EdgeListTarget* target_;
  FilesProgress progress_;
  FileName vertices_file_ = std::make_shared<const std::string>(options_.vertices_path);
  FileName edges_file_ = std::make_shared<const std::string>(options_.edges_path);
};

}  // namespace

Status ParseEdgeList(const EdgeListOptions& options, store::WriteSet* out) {
  WriteSetTarget target(options, out);
  return EdgeListReader(options, &target).Read();
}

Status ImportEdgeList(store::GraphStore& store, const EdgeListOptions& options, store::ApplySummary* summary) {
  store.SetMemoryBudget(options.memory_budget);
  auto loader = store.NewEdgeListLoader(options.directed, options.weighted);
  if (!loader.ok()) return loader.status();
  const bool loaded = *loader != nullptr;
  if (loaded) {
    LoaderTarget target(loader->get());
    CT_RETURN_IF_ERROR(EdgeListReader(options, &target).Read());
    Status committed = (*loader)->Commit(summary);
    // A repeated edge: the checked path below names its line.
    if (committed.code() != Status::Code::kAlreadyExists) return committed;
    loader->reset();
  }
  store::WriteSet writes;
  EdgeListOptions again = options;
  again.progress = options.progress && !loaded;
  CT_RETURN_IF_ERROR(ParseEdgeList(again, &writes));
  return store.Apply(writes, summary);
}

Status ImportFiles(store::GraphStore& store, const std::vector<std::string>& inputs, const ImportOptions& options,
                   store::ApplySummary* summary) {
  auto files = ExpandInputs(inputs);
  if (!files.ok()) return files.status();
  store.SetMemoryBudget(options.memory_budget);
  store::WriteSet writes;
  ErrorLog log(options.max_errors);
  ParseInto(*files, store.schema(), options, &writes, &log);
  // Records that failed to parse are missing from `writes`: their edges' endpoints are only
  // reported missing when everything parsed.
  WriteSetChecker(store, &log, /*report_missing_endpoints=*/log.empty()).Check(writes);
  if (!log.empty()) return log.ToStatus();
  CT_RETURN_IF_ERROR(CheckCoverageOf(inputs));
  Status applied = store.Apply(writes, summary);
  if (!applied.ok()) return applied.WithMessage(ShortenValues(applied.message()));
  return StoreCoverageOf(store, inputs);
}

}  // namespace cityties::import
