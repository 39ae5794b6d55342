// Diagram and export commands: map, export. They parse arguments and print; the views
// (render/views.h), the Graphviz renderer (render/diagram.h) and the exporters
// (export/export.h) do the work.
#include <chrono>

#include "cli/cli.h"
#include "cli/graph_options.h"
#include "export/export.h"
#include "render/diagram.h"
#include "render/views.h"

namespace cityties::cli {
namespace {

using store::GraphStore;

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::string Option(const Invocation& inv, const char* name) {
  return inv.args.count(name) ? inv.args[name].as<std::string>() : "";
}

constexpr const char* kViews = "multilateral, partners, ego NODE, path A B, school-path SCHOOL --to X, timeline";

Result<render::Diagram> BuildView(const Invocation& inv, const GraphStore& store, const render::ViewOptions& options) {
  const auto& args = inv.positional;
  const std::string& view = args[0];
  auto want = [&](size_t n, const char* usage) -> Status {
    if (args.size() != n + 1)
      return Status::InvalidArgument("usage: cityties map " + std::string(usage) + " --out FILE");
    return Status::Ok();
  };
  if (view == "partners") {
    CT_RETURN_IF_ERROR(want(0, "partners [--center NODE] [--group-by country|continent|none]"));
    return render::PartnersView(store, options);
  }
  if (view == "multilateral") {
    CT_RETURN_IF_ERROR(want(0, "multilateral [--bilateral] [--group-by country|continent|none]"));
    return render::MultilateralView(store, options);
  }
  if (view == "timeline") {
    CT_RETURN_IF_ERROR(want(0, "timeline [--center NODE]"));
    return render::TimelineView(store, options);
  }
  if (view == "ego") {
    CT_RETURN_IF_ERROR(want(1, "ego NODE [--depth K]"));
    return render::EgoView(store, options, args[1], inv.args["depth"].as<size_t>());
  }
  if (view == "path") {
    CT_RETURN_IF_ERROR(want(2, "path A B [-k N]"));
    return render::PathView(store, options, args[1], args[2], inv.args["k"].as<size_t>());
  }
  if (view == "school-path") {
    CT_RETURN_IF_ERROR(want(1, "school-path SCHOOL --to CITY|SCHOOL [-k N]"));
    if (!inv.args.count("to")) return Status::InvalidArgument("school-path needs --to CITY|SCHOOL");
    return render::SchoolPathView(store, options, args[1], Option(inv, "to"), inv.args["k"].as<size_t>());
  }
  return Status::InvalidArgument("unknown view '" + view + "' (views: " + kViews + ")");
}

Status RunMap(const Invocation& inv) {
  if (inv.positional.empty()) return Status::InvalidArgument(std::string("name a view: ") + kViews);
  std::string out = Option(inv, "out");
  if (out.empty()) return Status::InvalidArgument("missing --out FILE (.svg, .png, .pdf or .dot)");
  auto format = render::FormatFromPath(out);
  if (!format.ok()) return format.status();
  auto filter = GraphFilterFromArgs(inv.args);
  if (!filter.ok()) return filter.status();
  render::ViewOptions options;
  options.filter = std::move(*filter);
  options.font = inv.args["font"].as<std::string>();
  options.layout = Option(inv, "layout");
  options.center = inv.args["center"].as<std::string>();
  options.group_by = Option(inv, "group-by");
  options.bilateral = inv.args["bilateral"].as<bool>();
  options.max_nodes = inv.args["max-nodes"].as<size_t>();
  options.title = Option(inv, "title");
  options.project.use_cache = !inv.args.count("no-cache");

  auto store = inv.Open(GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  auto start = std::chrono::steady_clock::now();
  auto diagram = BuildView(inv, **store, options);
  if (!diagram.ok()) return diagram.status();
  double build_ms = MillisSince(start);
  auto result = render::RenderDiagram(*diagram, *format, out);
  if (!result.ok()) return result.status();
  for (const auto& message : result->messages) inv.err << "graphviz: " << message << '\n';
  if (result->overlaps) {
    inv.err << "warning: " << result->overlaps << " pair(s) of labels overlap";
    if (!result->overlap_examples.empty()) inv.err << ", e.g. " << result->overlap_examples.front();
    inv.err << "; try --layout dot\n";
  }
  inv.out << "wrote " << out << " (" << render::FormatName(*format) << ", " << diagram->nodes.size() << " nodes, "
          << diagram->edges.size() << " edges, " << static_cast<long>(result->width_pt) << "x"
          << static_cast<long>(result->height_pt) << " pt)\n";
  if (inv.args.count("timing")) {
    inv.err << "timing: view " << build_ms << " ms, layout " << result->layout_ms << " ms, render " << result->render_ms
            << " ms\n";
  }
  if (inv.args["strict"].as<bool>() && (!result->messages.empty() || result->overlaps)) {
    return Status::InvalidArgument("--strict: Graphviz reported problems or labels overlap (see above)");
  }
  return Status::Ok();
}

Status RunExport(const Invocation& inv) {
  if (!inv.positional.empty()) return Status::InvalidArgument("export takes no positional arguments (use --out)");
  exporter::ExportOptions options;
  auto format = exporter::ParseExportFormat(inv.args["format"].as<std::string>());
  if (!format.ok()) return format.status();
  options.format = *format;
  auto dialect = exporter::ParseCypherDialect(inv.args["dialect"].as<std::string>());
  if (!dialect.ok()) return dialect.status();
  options.dialect = *dialect;
  options.force = inv.args["force"].as<bool>();
  std::string out = Option(inv, "out");
  auto store = inv.Open(GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  auto start = std::chrono::steady_clock::now();
  auto summary = exporter::Export(**store, options, out, inv.out);
  if (!summary.ok()) return summary.status();
  if (out != "-") {
    inv.out << "exported " << summary->nodes << " nodes and " << summary->edges << " edges as "
            << inv.args["format"].as<std::string>() << " to " << out;
    if (options.format == exporter::ExportFormat::kCsv) inv.out << " (" << summary->files.size() << " files)";
    inv.out << '\n';
  }
  if (inv.args["timing"].as<bool>()) inv.err << "export " << MillisSince(start) << " ms\n";
  return Status::Ok();
}

}  // namespace

void RegisterRenderCommands() {
  Register({"map", "draw a diagram with Graphviz: multilateral, partners, ego, path, school-path, timeline",
            "VIEW [NODE...] --out FILE.svg|png|pdf|dot", false,
            [](cxxopts::Options& o) {
              o.add_options()("out", "output file; the format comes from its extension (.svg .png .pdf .dot)",
                              cxxopts::value<std::string>())(
                  "center", "partners, multilateral, timeline: whose network (id or name)",
                  cxxopts::value<std::string>()->default_value("city/kaohsiung"))(
                  "group-by", "cluster nodes by country, continent or none", cxxopts::value<std::string>())(
                  "bilateral", "multilateral: also draw agreements with two parties")(
                  "depth", "ego: how many ties out", cxxopts::value<size_t>()->default_value("1"))(
                  "k,paths", "path: draw the N shortest paths; school-path: the N best routes",
                  cxxopts::value<size_t>()->default_value("1"))("to", "school-path: the node to reach",
                                                                cxxopts::value<std::string>())(
                  "max-nodes", "ego: refuse drawings with more nodes", cxxopts::value<size_t>()->default_value("300"))(
                  "layout", "Graphviz engine: dot, neato, fdp, sfdp, twopi, circo (default per view)",
                  cxxopts::value<std::string>())("font", "font family for every label",
                                                 cxxopts::value<std::string>()->default_value("Noto Sans CJK TC"))(
                  "title", "replace the diagram's title", cxxopts::value<std::string>())(
                  "strict", "fail (exit 1) when Graphviz warns or labels overlap");
              AddGraphFilterOptions(o);  // --labels --types --country --as-of --since --until --timing...
            },
            RunMap});
  Register({"export", "export the whole graph as GraphML, JSON, CSV (re-importable) or Cypher", "", false,
            [](cxxopts::Options& o) {
              o.add_options()("format", "graphml, json, csv (a directory) or cypher",
                              cxxopts::value<std::string>()->default_value("json"))(
                  "out", "output file, '-' for standard output; for csv a directory", cxxopts::value<std::string>())(
                  "dialect", "cypher: neo4j, memgraph or kuzu", cxxopts::value<std::string>()->default_value("neo4j"))(
                  "force", "csv: replace the files of an earlier export in the directory")(
                  "timing", "print how long the export took to stderr");
            },
            RunExport});
}

}  // namespace cityties::cli
