// A diagram described without Graphviz, and rendering it with Graphviz.
//
// Views (render/views.h) describe what to draw as a Diagram: nodes, edges, clusters and their
// Graphviz attributes, plus a legend. RenderDiagram() builds the graph with cgraph (agopen,
// agnode, agedge, agsubg, agsafeset), lays it out and renders it with gvc (gvLayout,
// gvRenderFilename / gvRenderData, gvFreeLayout): no DOT text is ever written by hand, and no
// Graphviz header leaks out of render/graphviz.cpp.
//
// Every Graphviz warning and error raised while building, laying out and rendering is captured
// (agseterrf) and returned in RenderResult::messages instead of going to stderr, so callers and
// tests can insist on none. After layout the renderer also measures label overlaps (node boxes,
// edge labels, cluster labels and the legend, pairwise) and crossings: an edge label that another
// edge's drawn curve passes through.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace cityties::render {

// Graphviz attributes in the order they are set.
using Attrs = std::vector<std::pair<std::string, std::string>>;

struct DiagramNode {
  std::string name;     // unique; the entity's external id (becomes the SVG <title>)
  std::string cluster;  // the DiagramCluster it belongs to, or ""
  Attrs attrs;          // label (or kHtmlLabel), tooltip, id, shape, colours...
};

// A node attribute that is no Graphviz attribute: its value, an HTML-like label without the
// outer <>, becomes the node's label.
inline constexpr const char* kHtmlLabel = "html-label";

struct DiagramEdge {
  std::string from, to;  // node names
  Attrs attrs;
};

struct DiagramCluster {
  std::string name;    // unique; "cluster_" is prefixed for Graphviz
  std::string parent;  // an enclosing cluster, or ""
  Attrs attrs;
};

// One line of the legend: a sample (a coloured line for an edge style, a coloured mark for a
// node style) and its meaning.
struct LegendEntry {
  enum class Kind { kEdge, kNode } kind = Kind::kEdge;
  std::string text;
  std::string color;
  std::string style;  // edges: solid, dashed, dotted, bold
  std::string mark;   // nodes: the glyph drawn as the sample (e.g. "●", "◆", "■")
};

struct Diagram {
  std::string name = "cityties";
  std::string title;               // shown above the legend
  std::vector<std::string> notes;  // extra lines under the title (filters, counts)
  std::string layout = "dot";      // Graphviz layout engine
  int bitmap_dpi = 0;              // PNG only: pixels per inch (0: Graphviz's 96); vector formats keep points
  bool directed = true;
  Attrs graph_attrs, node_defaults, edge_defaults;
  Attrs cluster_defaults;                // set on every cluster before its own attributes (fonts...)
  std::vector<DiagramCluster> clusters;  // parents before children
  std::vector<DiagramNode> nodes;
  std::vector<DiagramEdge> edges;
  std::vector<LegendEntry> legend;
  // Groups of node names that dot places on one rank (rank=same).
  std::vector<std::vector<std::string>> same_rank;
};

enum class OutputFormat { kSvg, kPng, kPdf, kDot };

// The format named by a file's extension: .svg, .png, .pdf, .dot or .gv.
Result<OutputFormat> FormatFromPath(const std::string& path);
const char* FormatName(OutputFormat format);

struct RenderResult {
  std::vector<std::string> messages;           // Graphviz warnings and errors, one per message
  size_t overlaps = 0;                         // pairs of label boxes that overlap after layout
  std::vector<std::string> overlap_examples;   // the first few overlapping pairs, for messages
  size_t crossings = 0;                        // (edge label, other edge) pairs where the edge crosses the label
  std::vector<std::string> crossing_examples;  // the first few, for messages
  double layout_ms = 0, render_ms = 0;
  double width_pt = 0, height_pt = 0;  // the laid-out drawing
  std::string data;                    // RenderDiagramToMemory only
};

// Lays out and renders `diagram` to `path` in `format`. Fails only when Graphviz cannot lay out
// or render at all; warnings are in the result.
// Writes `path` with WriteOutputFile (common/output_file.h): atomically, never over anything but a
// regular file, and over an existing file only with `force`.
Result<RenderResult> RenderDiagram(const Diagram& diagram, OutputFormat format, const std::string& path,
                                   bool force = false);
// The same, into RenderResult::data.
Result<RenderResult> RenderDiagramToMemory(const Diagram& diagram, OutputFormat format);

// Text helpers for building attribute values.
// Escapes a plain string for a Graphviz label or tooltip (backslashes, which Graphviz expands as
// \n, \N, \G ... escapes); line breaks become centred line breaks.
std::string EscapeLabel(const std::string& text);
// Escapes a string for an HTML-like label (&, <, >, ").
std::string EscapeHtml(const std::string& text);

}  // namespace cityties::render
