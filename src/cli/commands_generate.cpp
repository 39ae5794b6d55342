// cityties generate: a deterministic synthetic world for tests and benchmarks (generate/world.h).
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "generate/output.h"

namespace cityties::cli {

extern const char* const kDefaultSchema;

namespace {

// The default schema's home city: the generated world's most connected city.
std::string DefaultHome() {
  auto schema = nlohmann::json::parse(kDefaultSchema, nullptr, false);
  if (schema.is_discarded()) return "city/kaohsiung";
  return schema.value("/domain/home"_json_pointer, std::string("city/kaohsiung"));
}

Status RunGenerate(const Invocation& inv) {
  if (!inv.args.count("out")) return Status::InvalidParameter("out", "name the directory to write (--out DIR)");
  generate::WorldSpec spec;
  spec.nodes = inv.args["nodes"].as<uint64_t>();
  spec.edges = inv.args["edges"].as<uint64_t>();
  spec.seed = inv.args["seed"].as<uint64_t>();
  spec.home_id = DefaultHome();
  auto format = generate::ParseOutputFormat(inv.args["format"].as<std::string>());
  if (!format.ok()) return format.status();
  generate::OutputOptions options{inv.args["out"].as<std::string>(), *format, inv.args["force"].as<bool>()};
  generate::WorldPlan plan;
  CT_RETURN_IF_ERROR(generate::WriteWorld(spec, options, &plan));
  inv.out << "generated " << plan.total_nodes() << " nodes and " << plan.total_edges() << " edges (seed " << spec.seed
          << ") in " << options.dir << '\n';
  for (int l = 0; l < static_cast<int>(generate::Label::kCount); ++l) {
    inv.out << "  " << generate::LabelName(static_cast<generate::Label>(l)) << ' ' << plan.nodes_of[l] << '\n';
  }
  for (int t = 0; t < static_cast<int>(generate::EdgeType::kCount); ++t) {
    inv.out << "  " << generate::EdgeTypeName(static_cast<generate::EdgeType>(t)) << ' ' << plan.edges_of[t] << '\n';
  }
  if (spec.edges < plan.minimum_edges) {
    inv.err << "note: " << spec.edges << " edges are fewer than this world's minimum; wrote " << plan.total_edges()
            << '\n';
  }
  return Status::Ok();
}

}  // namespace

void RegisterGenerateCommands() {
  Register(
      {"generate", "write a deterministic synthetic world (import format, or --format edgelist) into --out DIR", "",
       false,
       [](cxxopts::Options& o) {
         o.add_options()("nodes", "nodes to generate (at least 20)", cxxopts::value<uint64_t>()->default_value("1000"))(
             "edges", "edges to generate (exact from about 1.15 x nodes up to 40 x nodes)",
             cxxopts::value<uint64_t>()->default_value("5000"))("seed",
                                                                "random seed: the same seed writes the same bytes",
                                                                cxxopts::value<uint64_t>()->default_value("1"))(
             "out", "directory to write (made when missing)", cxxopts::value<std::string>())(
             "format", "jsonl (for cityties import DIR) or edgelist (for cityties import --edgelist DIR/edges.txt)",
             cxxopts::value<std::string>()->default_value("jsonl"))("force", "replace files already there");
       },
       RunGenerate});
}

}  // namespace cityties::cli
