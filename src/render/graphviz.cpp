// Building, laying out and rendering a Diagram with the Graphviz C libraries (cgraph + gvc).
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>

#include "common/markup.h"
#include "common/output_file.h"
#include "render/diagram.h"

namespace cityties::render {
namespace {

// cgraph's API predates const: it takes char* for names and values it only reads.
char* C(const std::string& s) { return const_cast<char*>(s.c_str()); }

// Graphviz reports warnings and errors through one process-wide hook. While a render runs, the
// hook appends to `messages` here; the mutex keeps two renders from sharing it.
std::mutex g_render_mutex;
std::string* g_error_buffer = nullptr;

int CaptureError(char* message) {
  if (g_error_buffer && message) *g_error_buffer += message;
  return 0;
}

class ErrorCapture {
 public:
  explicit ErrorCapture(std::vector<std::string>* messages) : messages_(messages) {
    g_error_buffer = &buffer_;
    previous_hook_ = agseterrf(CaptureError);
    previous_level_ = agseterr(AGWARN);
  }
  ~ErrorCapture() {
    agseterrf(previous_hook_);
    agseterr(previous_level_);
    g_error_buffer = nullptr;
    Flush();
  }
  // Moves the captured text into `messages`, one entry per line.
  void Flush() {
    size_t start = 0;
    while (start < buffer_.size()) {
      size_t end = buffer_.find('\n', start);
      if (end == std::string::npos) end = buffer_.size();
      std::string line = buffer_.substr(start, end - start);
      if (!line.empty()) messages_->push_back(line);
      start = end + 1;
    }
    buffer_.clear();
  }

 private:
  std::vector<std::string>* messages_;
  std::string buffer_;
  agusererrf previous_hook_ = nullptr;
  agerrlevel_t previous_level_ = AGWARN;
};

const char* Device(OutputFormat format) {
  switch (format) {
    case OutputFormat::kSvg:
      return "svg";  // core SVG: keeps ids, tooltips and real text
    case OutputFormat::kPng:
      return "png:cairo";  // pango text: font fallback and shaping for CJK
    case OutputFormat::kPdf:
      return "pdf:cairo";  // embeds the fonts it uses
    case OutputFormat::kDot:
      return "dot";  // DOT with the layout's positions
  }
  return "svg";
}

// A legend line sample: a run of box-drawing characters in the edge's colour and dash pattern.
std::string LineSample(const std::string& style) {
  if (style.find("dotted") != std::string::npos) return "┉┉┉┉";
  if (style.find("dashed") != std::string::npos) return "╍╍╍╍";
  return "━━━━";
}

// The legend and title as one HTML-like table, used as the graph label (placed by every layout
// engine outside the drawing, so it never covers a node).
std::string LegendHtml(const Diagram& d) {
  const size_t kPerRow = 4;
  std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"2\">";
  const std::string span =
      "COLSPAN=\"" + std::to_string(2 * std::min(kPerRow, std::max<size_t>(d.legend.size(), 1))) + "\"";
  if (!d.title.empty()) {
    html += "<TR><TD " + span + " ALIGN=\"LEFT\"><FONT POINT-SIZE=\"18\"><B>" + EscapeHtml(d.title) +
            "</B></FONT></TD></TR>";
  }
  for (const auto& note : d.notes) {
    html += "<TR><TD " + span + " ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\" COLOR=\"#555555\">" + EscapeHtml(note) +
            "</FONT></TD></TR>";
  }
  for (size_t i = 0; i < d.legend.size(); i += kPerRow) {
    html += "<TR>";
    for (size_t j = i; j < std::min(i + kPerRow, d.legend.size()); ++j) {
      const auto& entry = d.legend[j];
      std::string sample = entry.kind == LegendEntry::Kind::kEdge ? LineSample(entry.style) : entry.mark;
      html += "<TD ALIGN=\"RIGHT\"><FONT COLOR=\"" + EscapeHtml(entry.color) + "\">" + EscapeHtml(sample) +
              "</FONT></TD><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">" + EscapeHtml(entry.text) + "</FONT></TD>";
    }
    html += "</TR>";
  }
  return html + "</TABLE>";
}

struct Box {
  double x0, y0, x1, y1;
  std::string what;
};

Box LabelBox(const textlabel_t* label, const std::string& what) {
  double w = label->dimen.x / 2, h = label->dimen.y / 2;
  return {label->pos.x - w, label->pos.y - h, label->pos.x + w, label->pos.y + h, what};
}

void CollectClusterLabels(Agraph_t* g, std::vector<Box>* boxes) {
  for (int i = 1; i <= GD_n_cluster(g); ++i) {
    Agraph_t* sub = GD_clust(g)[i];
    if (GD_label(sub) && GD_label(sub)->set)
      boxes->push_back(LabelBox(GD_label(sub), std::string("cluster ") + agnameof(sub)));
    CollectClusterLabels(sub, boxes);
  }
}

// Pairs of overlapping boxes among nodes, edge labels, cluster labels and the graph label.
void MeasureOverlaps(Agraph_t* g, RenderResult* result) {
  std::vector<Box> boxes;
  for (Agnode_t* n = agfstnode(g); n; n = agnxtnode(g, n)) {
    double w = ND_width(n) * 72 / 2, h = ND_height(n) * 72 / 2;
    boxes.push_back({ND_coord(n).x - w, ND_coord(n).y - h, ND_coord(n).x + w, ND_coord(n).y + h,
                     std::string("node ") + agnameof(n)});
    if (ND_xlabel(n) && ND_xlabel(n)->set)
      boxes.push_back(LabelBox(ND_xlabel(n), std::string("xlabel of ") + agnameof(n)));
    for (Agedge_t* e = agfstout(g, n); e; e = agnxtout(g, e)) {
      std::string name = std::string("label of ") + agnameof(agtail(e)) + " -> " + agnameof(aghead(e));
      for (textlabel_t* label : {ED_label(e), ED_xlabel(e), ED_head_label(e), ED_tail_label(e)}) {
        if (label && label->set) boxes.push_back(LabelBox(label, name));
      }
    }
  }
  CollectClusterLabels(g, &boxes);
  if (GD_label(g) && GD_label(g)->set) boxes.push_back(LabelBox(GD_label(g), "the legend"));
  const double kSlack = 0.5;  // points: boxes that merely touch do not overlap
  std::sort(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) { return a.x0 < b.x0; });
  for (size_t i = 0; i < boxes.size(); ++i) {
    for (size_t j = i + 1; j < boxes.size() && boxes[j].x0 < boxes[i].x1 - kSlack; ++j) {
      const Box& a = boxes[i];
      const Box& b = boxes[j];
      if (a.y0 < b.y1 - kSlack && b.y0 < a.y1 - kSlack) {
        ++result->overlaps;
        if (result->overlap_examples.size() < 5) result->overlap_examples.push_back(a.what + " / " + b.what);
      }
    }
  }
  result->width_pt = GD_bb(g).UR.x - GD_bb(g).LL.x;
  result->height_pt = GD_bb(g).UR.y - GD_bb(g).LL.y;
}

// Points along an edge's drawn curve: each cubic Bézier piece of its spline, sampled.
std::vector<pointf> CurvePoints(Agedge_t* e) {
  std::vector<pointf> points;
  const splines* spl = ED_spl(e);
  if (!spl) return points;
  const int kSamples = 12;  // per cubic piece
  for (int i = 0; i < spl->size; ++i) {
    const bezier& bz = spl->list[i];
    for (int k = 0; k + 3 < bz.size; k += 3) {
      const pointf* p = bz.list + k;
      for (int step = k ? 1 : 0; step <= kSamples; ++step) {
        double t = static_cast<double>(step) / kSamples, u = 1 - t;
        double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        points.push_back(
            {a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x, a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y});
      }
    }
  }
  return points;
}

// Whether the segment a-b passes through the box (Liang-Barsky clipping).
bool SegmentCrossesBox(pointf a, pointf b, const Box& box) {
  double t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.x - box.x0, box.x1 - a.x, a.y - box.y0, box.y1 - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    double r = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, r);
    } else {
      t1 = std::min(t1, r);
    }
    if (t0 > t1) return false;
  }
  return true;
}

bool Invisible(Agedge_t* e) {
  const char* style = agget(e, C(std::string("style")));
  return style && std::string(style).find("invis") != std::string::npos;
}

std::string EdgeName(Agedge_t* e) { return std::string(agnameof(agtail(e))) + " -> " + agnameof(aghead(e)); }

// Edge labels that another edge's curve passes through: each (label, edge) pair once.
void MeasureCrossings(Agraph_t* g, RenderResult* result) {
  struct Curve {
    Agedge_t* edge;
    std::vector<pointf> points;
    Box bounds;
  };
  std::vector<Curve> curves;
  std::vector<std::pair<Agedge_t*, Box>> labels;
  const double kInset = 1.0;  // points: a curve grazing the label's margin does not cross it
  for (Agnode_t* n = agfstnode(g); n; n = agnxtnode(g, n)) {
    for (Agedge_t* e = agfstout(g, n); e; e = agnxtout(g, e)) {
      if (Invisible(e)) continue;
      Curve curve{e, CurvePoints(e), {1e300, 1e300, -1e300, -1e300, ""}};
      for (const auto& pt : curve.points) {
        curve.bounds = {std::min(curve.bounds.x0, pt.x), std::min(curve.bounds.y0, pt.y),
                        std::max(curve.bounds.x1, pt.x), std::max(curve.bounds.y1, pt.y), ""};
      }
      curves.push_back(std::move(curve));
      for (textlabel_t* label : {ED_label(e), ED_xlabel(e), ED_head_label(e), ED_tail_label(e)}) {
        if (!label || !label->set) continue;
        Box box = LabelBox(label, "label of " + EdgeName(e));
        labels.push_back({e, {box.x0 + kInset, box.y0 + kInset, box.x1 - kInset, box.y1 - kInset, box.what}});
      }
    }
  }
  for (const auto& [owner, box] : labels) {
    for (const auto& curve : curves) {
      if (curve.edge == owner || curve.bounds.x1 < box.x0 || curve.bounds.x0 > box.x1 || curve.bounds.y1 < box.y0 ||
          curve.bounds.y0 > box.y1) {
        continue;
      }
      for (size_t i = 0; i + 1 < curve.points.size(); ++i) {
        if (!SegmentCrossesBox(curve.points[i], curve.points[i + 1], box)) continue;
        ++result->crossings;
        if (result->crossing_examples.size() < 5) {
          result->crossing_examples.push_back(box.what + " / edge " + EdgeName(curve.edge));
        }
        break;
      }
    }
  }
}

void SetAll(void* object, const Attrs& attrs) {
  for (const auto& [key, value] : attrs) agsafeset(object, C(key), C(value), C(std::string()));
}

// A deterministic object-id discipline for cgraph. cgraph's default gives a named object the
// address of its interned name as its id, and it orders subgraphs (our clusters) by id: with
// address-space randomisation the cluster order, and so the layout, changed from run to run.
// Here ids are handed out in creation order instead, so the same Diagram lays out the same way.
struct IdState {
  Agraph_t* graph = nullptr;
  std::map<std::string, IDTYPE> ids;
  std::map<IDTYPE, char*> names;  // interned by agstrdup: the DOT writer reads cgraph's string header
  IDTYPE next_named = 2;          // named objects get even ids, anonymous ones odd, as cgraph expects
  IDTYPE next_anonymous = 1;
};

void* IdOpen(Agraph_t* g, Agdisc_t*) {
  auto* s = new IdState();
  s->graph = g;
  return s;
}

long IdMap(void* state, int, char* name, IDTYPE* id, int create) {
  auto* s = static_cast<IdState*>(state);
  if (!name) {
    *id = s->next_anonymous;
    s->next_anonymous += 2;
    return 1;
  }
  auto it = s->ids.find(name);
  if (it != s->ids.end()) {
    *id = it->second;
    return 1;
  }
  if (!create) return 0;
  *id = s->next_named;
  s->next_named += 2;
  s->ids.emplace(name, *id);
  s->names.emplace(*id, agstrdup(s->graph, name));
  return 1;
}

long IdAlloc(void*, int, IDTYPE) { return 0; }  // no caller-chosen ids
void IdFree(void*, int, IDTYPE) {}              // names live in the graph's string pool until it closes

char* IdPrint(void* state, int, IDTYPE id) {
  auto* s = static_cast<IdState*>(state);
  auto it = s->names.find(id);
  return it == s->names.end() ? nullptr : it->second;
}

void IdClose(void* state) { delete static_cast<IdState*>(state); }
void IdRegister(void*, int, void*) {}

Agiddisc_t kSequentialIds = {IdOpen, IdMap, IdAlloc, IdFree, IdPrint, IdClose, IdRegister};
Agdisc_t kDeterministicDisc = {&AgMemDisc, &kSequentialIds, &AgIoDisc};

// Builds the cgraph graph of `d`. Attribute defaults are declared first (agattr) so that objects
// that do not set an attribute get the diagram's default rather than an empty value.
Result<Agraph_t*> Build(const Diagram& d) {
  Agraph_t* g = agopen(C(d.name), d.directed ? Agdirected : Agundirected, &kDeterministicDisc);
  if (!g) return Status::Internal("agopen failed");
  for (const auto& [key, value] : d.node_defaults) agattr(g, AGNODE, C(key), C(value));
  for (const auto& [key, value] : d.edge_defaults) agattr(g, AGEDGE, C(key), C(value));
  // Root graph attributes get an empty default, so that clusters do not inherit them.
  SetAll(g, d.graph_attrs);
  if (!d.title.empty() || !d.legend.empty() || !d.notes.empty()) {
    std::string html = LegendHtml(d);
    agsafeset(g, C(std::string("label")), agstrdup_html(g, C(html)), C(std::string()));
  }
  std::map<std::string, Agraph_t*> clusters;
  for (const auto& c : d.clusters) {
    Agraph_t* parent = g;
    if (!c.parent.empty()) {
      auto it = clusters.find(c.parent);
      if (it == clusters.end()) return Status::Internal("cluster " + c.name + " names an unknown parent " + c.parent);
      parent = it->second;
    }
    Agraph_t* sub = agsubg(parent, C("cluster_" + c.name), 1);
    agsafeset(sub, C(std::string("label")), C(std::string()), C(std::string()));
    SetAll(sub, d.cluster_defaults);
    SetAll(sub, c.attrs);
    clusters[c.name] = sub;
  }
  std::map<std::string, Agnode_t*> nodes;
  for (const auto& n : d.nodes) {
    Agnode_t* node = agnode(g, C(n.name), 1);
    for (const auto& [key, value] : n.attrs) {
      if (key == kHtmlLabel) {
        agsafeset(node, C(std::string("label")), agstrdup_html(g, C(value)), C(std::string()));
      } else {
        agsafeset(node, C(key), C(value), C(std::string()));
      }
    }
    nodes[n.name] = node;
    if (!n.cluster.empty()) {
      auto it = clusters.find(n.cluster);
      if (it == clusters.end()) return Status::Internal("node " + n.name + " names an unknown cluster " + n.cluster);
      agsubnode(it->second, node, 1);
    }
  }
  size_t edge_number = 0;
  for (const auto& e : d.edges) {
    auto from = nodes.find(e.from);
    auto to = nodes.find(e.to);
    if (from == nodes.end() || to == nodes.end()) {
      return Status::Internal("edge " + e.from + " -> " + e.to + " names an unknown node");
    }
    // A distinct key per edge: parallel edges (two ties between the same pair) stay distinct.
    Agedge_t* edge = agedge(g, from->second, to->second, C("e" + std::to_string(edge_number++)), 1);
    SetAll(edge, e.attrs);
  }
  for (size_t i = 0; i < d.same_rank.size(); ++i) {
    Agraph_t* rank = agsubg(g, C("rank_" + std::to_string(i)), 1);
    agsafeset(rank, C(std::string("rank")), C(std::string("same")), C(std::string()));
    for (const auto& name : d.same_rank[i]) {
      auto it = nodes.find(name);
      if (it == nodes.end()) return Status::Internal("rank group names an unknown node " + name);
      agsubnode(rank, it->second, 1);
    }
  }
  return g;
}

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The process's one Graphviz context, made on first use and never freed (call it under
// g_render_mutex). Graphviz's pango plugin remembers the last font name it measured by pointer,
// into the context's font dictionary: after gvFreeContext() the next context's first text
// measurement compared against freed memory (AddressSanitizer: heap-use-after-free in
// textspan_size), so contexts are not made per render.
GVC_t* Context() {
  static GVC_t* gvc = gvContext();
  return gvc;
}

// Builds, lays out and renders: to `path`, or into result->data when `path` is empty.
Result<RenderResult> Render(const Diagram& diagram, OutputFormat format, const std::string& path) {
  std::lock_guard<std::mutex> lock(g_render_mutex);
  RenderResult result;
  Status status;
  {
    ErrorCapture capture(&result.messages);
    GVC_t* gvc = Context();
    auto built = Build(diagram);
    if (!built.ok()) return built.status();
    Agraph_t* g = *built;
    if (format == OutputFormat::kPng && diagram.bitmap_dpi > 0) {
      agsafeset(g, C(std::string("dpi")), C(std::to_string(diagram.bitmap_dpi)), C(std::string()));
    }
    auto start = std::chrono::steady_clock::now();
    if (gvLayout(gvc, g, diagram.layout.c_str()) != 0) {
      status = Status::Internal("Graphviz could not lay out the diagram with '" + diagram.layout + "'");
    } else {
      result.layout_ms = MillisSince(start);
      MeasureOverlaps(g, &result);
      MeasureCrossings(g, &result);
      start = std::chrono::steady_clock::now();
      int rc = 0;
      if (path.empty()) {
        char* data = nullptr;
        unsigned int length = 0;
        rc = gvRenderData(gvc, g, Device(format), &data, &length);
        if (rc == 0 && data) result.data.assign(data, length);
        if (data) gvFreeRenderData(data);
      } else {
        rc = gvRenderFilename(gvc, g, Device(format), path.c_str());
      }
      result.render_ms = MillisSince(start);
      if (rc != 0)
        status = Status::IOError(std::string("Graphviz could not render ") + FormatName(format) +
                                 (path.empty() ? "" : " to " + path));
      gvFreeLayout(gvc, g);
    }
    agclose(g);
  }
  if (!status.ok()) {
    std::string detail;
    for (const auto& m : result.messages) detail += "\n  " + m;
    return status.code() == Status::Code::kIOError ? Status::IOError(status.message() + detail)
                                                   : Status::Internal(status.message() + detail);
  }
  return result;
}

}  // namespace

Result<OutputFormat> FormatFromPath(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".svg") return OutputFormat::kSvg;
  if (ext == ".png") return OutputFormat::kPng;
  if (ext == ".pdf") return OutputFormat::kPdf;
  if (ext == ".dot" || ext == ".gv") return OutputFormat::kDot;
  return Status::InvalidArgument("cannot tell the format of '" + path + "': name a .svg, .png, .pdf or .dot file");
}

const char* FormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kSvg:
      return "svg";
    case OutputFormat::kPng:
      return "png";
    case OutputFormat::kPdf:
      return "pdf";
    case OutputFormat::kDot:
      return "dot";
  }
  return "?";
}

Result<RenderResult> RenderDiagram(const Diagram& diagram, OutputFormat format, const std::string& path, bool force) {
  if (path.empty()) return Status::InvalidArgument("no output file");
  CT_RETURN_IF_ERROR(CheckOutputPath(path, force));  // before the layout, which can take long
  auto result = Render(diagram, format, "");
  if (!result.ok()) return result;
  CT_RETURN_IF_ERROR(WriteOutputFile(path, result->data, force));
  result->data.clear();
  return result;
}

Result<RenderResult> RenderDiagramToMemory(const Diagram& diagram, OutputFormat format) {
  return Render(diagram, format, "");
}

std::string EscapeLabel(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      continue;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string EscapeHtml(const std::string& text) { return EscapeMarkup(text, MarkupEscape::kMarkupOnly); }

}  // namespace cityties::render
