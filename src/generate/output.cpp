#include "generate/output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/output_file.h"

namespace cityties::generate {
namespace {

// A file written through a 1 MiB buffer; Close() reports any failure of the whole write.
class BufferedFile {
 public:
  static Result<std::unique_ptr<BufferedFile>> Open(const std::string& path, bool force) {
    CT_RETURN_IF_ERROR(CheckOutputPath(path, force));
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return Status::IOError("cannot write " + path + ": " + std::strerror(errno));
    return std::unique_ptr<BufferedFile>(new BufferedFile(path, file));
  }
  ~BufferedFile() {
    if (file_) std::fclose(file_);
  }

  void Write(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kFlushAt) Flush();
  }

  Status Close() {
    Flush();
    const bool failed = failed_ || std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed) return Status::IOError("cannot write " + path_ + ": " + std::strerror(errno));
    return Status::Ok();
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  BufferedFile(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {
    buffer_.reserve(kFlushAt * 2);
  }
  void Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) failed_ = true;
    buffer_.clear();
  }

  std::string path_;
  std::FILE* file_;
  std::string buffer_;
  bool failed_ = false;
};

const std::vector<std::string>& JsonlFiles() {
  static const std::vector<std::string> kFiles = {"00-countries.jsonl", "10-cities.jsonl",    "20-institutions.jsonl",
                                                  "30-schools.jsonl",   "40-officials.jsonl", "50-agreements.jsonl",
                                                  "60-visits.jsonl"};
  return kFiles;
}

std::string Header(const WorldSpec& spec) {
  return "// cityties generate --nodes " + std::to_string(spec.nodes) + " --edges " + std::to_string(spec.edges) +
         " --seed " + std::to_string(spec.seed) + "\n";
}

// One file per label, records as JSON Lines.
class JsonlSink : public WorldSink {
 public:
  JsonlSink(const WorldSpec& spec, const OutputOptions& options) : spec_(spec), options_(options) {}

  Status BeginLabel(Label label) override {
    if (file_) CT_RETURN_IF_ERROR(file_->Close());
    auto file = BufferedFile::Open(options_.dir + "/" + JsonlFiles()[static_cast<int>(label)], options_.force);
    if (!file.ok()) return file.status();
    file_ = std::move(*file);
    file_->Write(Header(spec_));
    return Status::Ok();
  }

  Status Node(const NodeRecord& node) override {
    line_.assign("{\"id\":\"").append(node.id).append("\",\"label\":\"").append(LabelName(node.label)).append("\"");
    if (!node.props_json.empty()) line_.append(",\"props\":").append(node.props_json);
    line_.append("}\n");
    file_->Write(line_);
    return Status::Ok();
  }

  Status Edge(const EdgeRecord& edge) override {
    line_.assign("{\"from\":\"").append(edge.from_id).append("\",\"type\":\"").append(EdgeTypeName(edge.type));
    line_.append("\",\"to\":\"").append(edge.to_id).append("\"");
    if (!edge.props_json.empty()) line_.append(",\"props\":").append(edge.props_json);
    line_.append("}\n");
    file_->Write(line_);
    return Status::Ok();
  }

  Status Finish() override { return file_ ? file_->Close() : Status::Ok(); }

 private:
  const WorldSpec& spec_;
  const OutputOptions& options_;
  std::unique_ptr<BufferedFile> file_;
  std::string line_;
};

// edges.txt, vertices.txt and nodes.tsv, all open at once.
class EdgeListSink : public WorldSink {
 public:
  Status Open(const OutputOptions& options) {
    for (auto [name, file] : {std::pair{"edges.txt", &edges_}, {"vertices.txt", &vertices_}, {"nodes.tsv", &nodes_}}) {
      auto opened = BufferedFile::Open(options.dir + "/" + name, options.force);
      if (!opened.ok()) return opened.status();
      *file = std::move(*opened);
    }
    return Status::Ok();
  }

  Status BeginLabel(Label) override { return Status::Ok(); }

  Status Node(const NodeRecord& node) override {
    const std::string number = std::to_string(node.number);
    vertices_->Write(line_.assign(number).append("\n"));
    nodes_->Write(line_.assign(number).append("\t").append(node.id).append("\t").append(LabelName(node.label)));
    nodes_->Write(line_.assign("\t").append(node.name).append("\n"));
    return Status::Ok();
  }

  Status Edge(const EdgeRecord& edge) override {
    edges_->Write(line_.assign(std::to_string(edge.from)).append(" ").append(std::to_string(edge.to)).append("\n"));
    return Status::Ok();
  }

  Status Finish() override {
    for (auto* file : {&edges_, &vertices_, &nodes_}) CT_RETURN_IF_ERROR((*file)->Close());
    return Status::Ok();
  }

 private:
  std::unique_ptr<BufferedFile> edges_, vertices_, nodes_;
  std::string line_;
};

}  // namespace

Result<OutputFormat> ParseOutputFormat(const std::string& text) {
  if (text == "jsonl") return OutputFormat::kJsonl;
  if (text == "edgelist") return OutputFormat::kEdgeList;
  return Status::InvalidParameter("format", "unknown format '" + text + "' (jsonl or edgelist)");
}

std::vector<std::string> OutputFiles(OutputFormat format) {
  if (format == OutputFormat::kJsonl) return JsonlFiles();
  return {"edges.txt", "vertices.txt", "nodes.tsv"};
}

Status WriteWorld(const WorldSpec& spec, const OutputOptions& options, WorldPlan* plan) {
  CT_RETURN_IF_ERROR(PlanWorld(spec).status());  // a bad spec fails before the directory is made
  std::error_code error;
  std::filesystem::create_directories(options.dir, error);
  if (error || !std::filesystem::is_directory(options.dir)) {
    return Status::InvalidArgument("cannot make the directory " + options.dir +
                                   (error ? ": " + error.message() : ": something else is there"));
  }
  if (options.format == OutputFormat::kJsonl) {
    JsonlSink sink(spec, options);
    return GenerateWorld(spec, sink, plan);
  }
  EdgeListSink sink;
  CT_RETURN_IF_ERROR(sink.Open(options));
  return GenerateWorld(spec, sink, plan);
}

}  // namespace cityties::generate
