// Writing a generated world to a directory, streamed through a buffer (nothing is held whole).
//
//   jsonl     the import format (docs/import-format.md) that `cityties import DIR` reads, one
//             file per label with the edges it is the reason for: 00-countries.jsonl,
//             10-cities.jsonl, 20-institutions.jsonl, 30-schools.jsonl (with PAIRED_WITH),
//             40-officials.jsonl, 50-agreements.jsonl (with PARTY_TO), 60-visits.jsonl.
//   edgelist  the same world as the plain graph `cityties import --edgelist` reads: edges.txt
//             ("from to", node numbers), vertices.txt (every number, one a line) and nodes.tsv
//             (number, external id, label, name: for lookups by name in other systems).
//
// Promises: the directory is created when missing; a file there is replaced only with `force`
// (each path is checked as common/output_file.h checks outputs: never a symlink, device or
// directory); a failed write is an IOError naming the file. Same spec, same bytes.
#pragma once

#include <string>

#include "common/status.h"
#include "generate/world.h"

namespace cityties::generate {

enum class OutputFormat { kJsonl, kEdgeList };

Result<OutputFormat> ParseOutputFormat(const std::string& text);

struct OutputOptions {
  std::string dir;
  OutputFormat format = OutputFormat::kJsonl;
  bool force = false;
};

// The files WriteWorld writes for a format, in the order it writes them.
std::vector<std::string> OutputFiles(OutputFormat format);

Status WriteWorld(const WorldSpec& spec, const OutputOptions& options, WorldPlan* plan = nullptr);

}  // namespace cityties::generate
