// Diagram and export commands: map, export. They parse arguments and print; the views
// (render/views.h), the Graphviz renderer (render/diagram.h) and the exporters
// (export/export.h) do the work.
#include <chrono>

#include "cli/cli.h"
#include "cli/graph_options.h"
#include "export/export.h"
#include "render/diagram.h"
#include "render/maps.h"

namespace cityties::cli {
namespace {

std::string Option(const Invocation& inv, const char* name) {
  return inv.args.count(name) ? inv.args[name].as<std::string>() : "";
}

render::MapRequest MapRequestFromArgs(const Invocation& inv) {
  render::MapRequest request;
  request.view = inv.positional[0];
  request.nodes.assign(inv.positional.begin() + 1, inv.positional.end());
  request.scope = ScopeFromArgs(inv.args);
  request.center = Option(inv, "center");
  request.bilateral = inv.args["bilateral"].as<bool>();
  request.depth = inv.args["depth"].as<size_t>();
  request.max_nodes = inv.args["max-nodes"].as<size_t>();
  request.k = inv.args["k"].as<size_t>();
  request.to = Option(inv, "to");
  request.draw.font = inv.args["font"].as<std::string>();
  request.draw.layout = Option(inv, "layout");
  request.draw.group_by = Option(inv, "group-by");
  request.draw.title = Option(inv, "title");
  request.draw.size = Option(inv, "size");
  request.top = inv.args["top"].as<size_t>();
  return request;
}

void ReportRender(const Invocation& inv, const std::string& out, render::OutputFormat format,
                  const render::Diagram& diagram, const render::RenderResult& result, double build_ms) {
  for (const auto& message : result.messages) inv.err << "graphviz: " << message << '\n';
  if (result.overlaps) {
    inv.err << "warning: " << result.overlaps << " pair(s) of labels overlap";
    if (!result.overlap_examples.empty()) inv.err << ", e.g. " << result.overlap_examples.front();
    inv.err << "; try --layout dot\n";
  }
  if (result.crossings) {
    inv.err << "warning: " << result.crossings << " edge label(s) crossed by other edges";
    if (!result.crossing_examples.empty()) inv.err << ", e.g. " << result.crossing_examples.front();
    inv.err << '\n';
  }
  inv.out << "wrote " << out << " (" << render::FormatName(format) << ", " << diagram.nodes.size() << " nodes, "
          << diagram.edges.size() << " edges, " << static_cast<long>(result.width_pt) << "x"
          << static_cast<long>(result.height_pt) << " pt)\n";
  if (inv.args.count("timing")) {
    inv.err << "timing: view " << build_ms << " ms, layout " << result.layout_ms << " ms, render " << result.render_ms
            << " ms\n";
  }
}

Status RunMap(const Invocation& inv) {
  if (inv.positional.empty()) return Status::InvalidArgument(std::string("name a view: ") + render::kMapViews);
  std::string out = Option(inv, "out");
  if (out.empty()) return Status::InvalidArgument("missing --out FILE (.svg, .png, .pdf or .dot)");
  auto format = render::FormatFromPath(out);
  if (!format.ok()) return format.status();
  auto request = MapRequestFromArgs(inv);
  auto db = OpenForReading(inv);
  if (!db.ok()) return db.status();
  engine::ReadSession session(**db, SessionOptionsFromArgs(inv));
  auto start = std::chrono::steady_clock::now();
  auto diagram = render::DrawMap(session, request);
  if (!diagram.ok()) return diagram.status();
  double build_ms = MillisSince(start);
  auto result = render::RenderDiagram(*diagram, *format, out, inv.args["force"].as<bool>());
  if (!result.ok()) return result.status();
  ReportRender(inv, out, *format, *diagram, *result, build_ms);
  if (inv.args["strict"].as<bool>() && (!result->messages.empty() || result->overlaps || result->crossings)) {
    return Status::InvalidArgument(
        "--strict: Graphviz reported problems, labels overlap or edges cross labels (see above)");
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
  auto db = OpenForReading(inv);
  if (!db.ok()) return db.status();
  auto start = std::chrono::steady_clock::now();
  auto summary = exporter::Export((*db)->store(), options, out, inv.out);
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
  Register({"map",
            "draw a diagram with Graphviz: multilateral, partners, ego, path, school-path, timeline",
            "VIEW [NODE...] --out FILE.svg|png|pdf|dot",
            false,
            [](cxxopts::Options& o) {
              o.add_options()("out", "output file; the format comes from its extension (.svg .png .pdf .dot)",
                              cxxopts::value<std::string>())(
                  "center", "partners, multilateral, timeline: whose network (id or name; default: the home node)",
                  cxxopts::value<std::string>())("group-by", "cluster nodes by country, continent or none",
                                                 cxxopts::value<std::string>())(
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
                  "size", "fit a slide or page: 16:9, 4:3 or A4 (landscape)", cxxopts::value<std::string>())(
                  "top", "partners: only the N strongest partners (most ties, then latest); the rest counted",
                  cxxopts::value<size_t>()->default_value("0"))(
                  "strict", "fail (exit 1) when Graphviz warns, labels overlap or edges cross edge labels")(
                  "force", "replace the output file if it exists");
              AddGraphFilterOptions(o);  // --labels --types --country --as-of --since --until --timing...
            },
            RunMap,
            {"view", "nodes"},
            {{"limit", "k"}, {"max_vertices", "max-nodes"}}});
  Register({"export", "export the whole graph as GraphML, JSON, JSON Lines or CSV (both re-importable) or Cypher", "",
            false,
            [](cxxopts::Options& o) {
              o.add_options()("format", "graphml, json, jsonl, csv (a directory) or cypher",
                              cxxopts::value<std::string>()->default_value("json"))(
                  "out", "output file, '-' for standard output; for csv a directory", cxxopts::value<std::string>())(
                  "dialect", "cypher: neo4j, memgraph or kuzu", cxxopts::value<std::string>()->default_value("neo4j"))(
                  "force", "replace an existing output file (csv: the files of an earlier export in the directory)")(
                  "timing", "print how long the export took to stderr");
            },
            RunExport});
}

}  // namespace cityties::cli
