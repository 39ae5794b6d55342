// The interactive graph (cytoscape): the nodes the user chose to see, and every tie of the
// current network (/api/graph under the scope and year) among them. Click selects, double-click
// expands; hide, pin and focus act on one node. Ties are coloured by the kind of the agreement or
// event behind them, lined by its status, parallel ties drawn apart, undated ties greyed.
import cytoscape from "cytoscape";
import { colorOf, lineOf, nameOf, shapeOf } from "./look.js";
import { radialLayout } from "./radial.js";

// A node's label, cut to about 120 px at the label's size (a wide character counts two), with "…":
// cut here, because cytoscape's own ellipsis measures every label and took most of a first drawing.
const LABEL_UNITS = 24;
export function label(name) {
  let units = 0, i = 0;
  const chars = [...name];
  for (; i < chars.length; i++) {
    units += chars[i].codePointAt(0) > 0x2e7f ? 2 : 1;
    if (units > LABEL_UNITS) break;
  }
  return i < chars.length ? chars.slice(0, i).join("") + "…" : name;
}

export class GraphView {
  constructor(container, { onSelect, onChange }) {
    this.cy = cytoscape({ container, style: this.style(), minZoom: 0.1, maxZoom: 4 });
    this.visible = new Set();
    this.lang = "zh";
    this.network = { nodes: [], edges: [] };
    this.byId = new Map();
    this.cy.on("tap", "node", (e) => onSelect(e.target.id()));
    this.cy.on("dbltap", "node", (e) => this.onExpand && this.onExpand(e.target.id()));
    this.cy.on("dragfree", "node", () => onChange());
    this.onChange = onChange;
  }

  style() {
    return [
      { selector: "node", style: {
        label: "data(name)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, width: 18, height: 18,
        "background-color": "data(color)", shape: "data(shape)",
        "font-family": "Noto Sans CJK TC, Noto Sans, sans-serif", "min-zoomed-font-size": 7, "border-width": 1, "border-color": "#fff" } },
      { selector: "node.home", style: { width: 30, height: 30, "font-size": 13, "font-weight": "bold" } },
      { selector: "node.secondary", style: { "border-color": "#e09b20", "border-width": 3 } },
      { selector: "node.pinned", style: { "border-color": "#000", "border-width": 3, "border-style": "double" } },
      { selector: "node:selected", style: { "overlay-color": "#1a5fa8", "overlay-opacity": 0.25 } },
      { selector: "node.faded, edge.faded", style: { opacity: 0.15 } },
      { selector: "edge", style: {
        width: 1.6, "curve-style": "bezier", "control-point-step-size": 14, "line-color": "data(color)",
        "line-style": "data(line)", "target-arrow-shape": "none", opacity: 0.85 } },
      { selector: "edge.undated", style: { "line-color": "#bbb", width: 1, opacity: 0.6 } },
      { selector: "edge.hop", style: { width: 6, "line-color": "#111", opacity: 1, "z-index": 10,
        label: "data(hopLabel)", "font-size": 9, "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "node.hop", style: { "border-color": "#111", "border-width": 4, width: 26, height: 26, "z-index": 10 } },
    ];
  }

  setNetwork(network) {
    this.network = network;
    this.byId = new Map(network.nodes.map((n) => [n.id, n]));
    this.render();
  }

  vertex(id) { return this.byId.get(id); }
  show(ids) { ids.forEach((id) => this.visible.add(id)); this.render(true); }
  hide(id) { this.visible.delete(id); this.render(); }
  clear() { this.visible.clear(); this.render(); }
  setLang(lang) { this.lang = lang; this.cy.nodes().forEach((n) => n.data("name", label(nameOf(this.vertex(n.id()), lang)))); }

  nodeData(v) {
    return { id: v.id, name: label(nameOf(v, this.lang)), color: colorOf("label", v.label), shape: shapeOf(v.label) };
  }
  edgeData(e) {
    return { id: "e" + e.index, source: e.from, target: e.to, type: e.type, color: colorOf("kind", e.kind || e.type),
      line: lineOf(e.status) };
  }

  // Syncs the drawing with the visible nodes that the current network holds.
  render(layoutNew = false) {
    const cy = this.cy;
    const want = new Set([...this.visible].filter((id) => this.byId.has(id)));
    cy.nodes().filter((n) => !want.has(n.id())).remove();
    const added = [];
    cy.batch(() => {
      for (const id of want) {
        if (cy.getElementById(id).nonempty()) continue;
        const v = this.vertex(id);
        const n = cy.add({ group: "nodes", data: this.nodeData(v) });
        n.toggleClass("home", id === this.network.home).toggleClass("secondary", v.secondary === true);
        added.push(n);
      }
      const edgeIds = new Set();
      for (const e of this.network.edges) {
        if (!want.has(e.from) || !want.has(e.to)) continue;
        const id = "e" + e.index;
        edgeIds.add(id);
        if (cy.getElementById(id).empty()) {
          const el = cy.add({ group: "edges", data: this.edgeData(e) });
          el.toggleClass("undated", !e.since && !this.vertex(e.hub)?.date);
        }
      }
      cy.edges().filter((e) => !edgeIds.has(e.id())).remove();
    });
    if (added.length && (layoutNew || added.length === cy.nodes().length)) this.layout(added);
    this.onChange();
  }

  // A fresh drawing: a radial tree from the home node (radial.js; a force-directed layout took
  // over a second for the first view). New nodes in a drawn one: a ring around the drawn neighbour
  // they hang off, so nothing else moves.
  layout(added) {
    const cy = this.cy;
    if (added.length === cy.nodes().length) {
      const node = (id) => cy.getElementById(id);
      const pos = radialLayout(cy.nodes().map((n) => n.id()), (id) => node(id).neighborhood("node").map((m) => m.id()),
        (id) => node(id).degree(), this.network.home);
      cy.layout({ name: "preset", positions: (n) => pos.get(n.id()), fit: false, animate: false }).run();
      this.fitPositions([...pos.values()]);
      return;
    }
    const groups = new Map();
    for (const n of added) {
      const anchor = n.neighborhood("node").filter((m) => !added.includes(m)).max((m) => m.degree()).ele;
      const key = anchor ? anchor.id() : "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(n);
    }
    for (const [key, nodes] of groups) {
      const c = key ? this.cy.getElementById(key).position() : { x: 0, y: 0 };
      const r = 60 + nodes.length * 4;
      nodes.forEach((n, i) => {
        const a = (2 * Math.PI * i) / nodes.length;
        n.position({ x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) });
      });
    }
    this.cy.animate({ fit: { eles: this.cy.elements(), padding: 30 } }, { duration: 200 });
  }

  // Fits the view to node positions (not to the drawn elements: their bounding box measures every
  // label), with room for the labels under the nodes and for the legend at the foot.
  fitPositions(points) {
    const cy = this.cy, pad = 40, foot = 60;
    const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
    const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const w = cy.width() - 2 * pad, h = cy.height() - 2 * pad - foot;
    const zoom = Math.min(2, cy.maxZoom(), w / (x2 - x1 || 1), h / (y2 - y1 || 1));
    cy.viewport({ zoom, pan: { x: pad + w / 2 - (zoom * (x1 + x2)) / 2, y: pad + h / 2 - (zoom * (y1 + y2)) / 2 } });
  }

  togglePin(id) {
    const n = this.cy.getElementById(id);
    if (n.locked()) n.unlock(); else n.lock();
    n.toggleClass("pinned", n.locked());
    this.onChange();
  }
  pins() { return this.cy.nodes(".pinned").map((n) => `${n.id()}@${Math.round(n.position("x"))},${Math.round(n.position("y"))}`); }
  restorePins(pins) {
    for (const p of pins) {
      const [id, xy] = p.split("@");
      const [x, y] = (xy || "").split(",").map(Number);
      const n = this.cy.getElementById(id);
      if (n.nonempty()) { n.position({ x, y }); n.lock(); n.addClass("pinned"); }
    }
  }

  focus(id) {
    const n = this.cy.getElementById(id);
    if (n.empty()) return;
    const near = n.closedNeighborhood();
    this.cy.elements().addClass("faded");
    near.removeClass("faded");
    this.cy.animate({ fit: { eles: near, padding: 60 } }, { duration: 300 });
  }
  unfocus() { this.cy.elements().removeClass("faded"); }
  select(id) { this.cy.$(":selected").unselect(); this.cy.getElementById(id).select(); }

  // Marks the hops of a path: the drawn tie between each hop's ends with the hop's type.
  highlight(hops) {
    this.cy.elements().removeClass("hop");
    hops.forEach((h, i) => {
      const between = this.cy.getElementById(h.from).edgesWith(this.cy.getElementById(h.to));
      const tie = between.filter((e) => e.data("type") === h.tie.type)[0] || between[0];
      if (tie) tie.addClass("hop").data("hopLabel", `${i + 1}. ${h.tie.type}${h.tie.date ? " " + h.tie.date : ""}`);
      this.cy.getElementById(h.from).addClass("hop");
      this.cy.getElementById(h.to).addClass("hop");
    });
  }

  // The drawing as a standalone SVG (nodes, ties and labels at their current positions).
  toSvg() {
    const bb = this.cy.elements().boundingBox();
    const pad = 20, esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${bb.x1 - pad} ${bb.y1 - pad} ${bb.w + 2 * pad} ${bb.h + 2 * pad}" width="${Math.round(bb.w + 2 * pad)}" height="${Math.round(bb.h + 2 * pad)}" font-family="Noto Sans CJK TC, sans-serif">`,
      `<rect x="${bb.x1 - pad}" y="${bb.y1 - pad}" width="${bb.w + 2 * pad}" height="${bb.h + 2 * pad}" fill="#fff"/>`];
    this.cy.edges().forEach((e) => {
      const s = e.source().position(), t = e.target().position();
      const dash = { dashed: "6 4", dotted: "2 3" }[e.data("line")] || "";
      const color = e.hasClass("hop") ? "#111" : e.hasClass("undated") ? "#bbb" : e.data("color");
      parts.push(`<line x1="${s.x}" y1="${s.y}" x2="${t.x}" y2="${t.y}" stroke="${color}" stroke-width="${e.hasClass("hop") ? 4 : 1.5}"${dash ? ` stroke-dasharray="${dash}"` : ""}><title>${esc(e.data("type"))}</title></line>`);
    });
    this.cy.nodes().forEach((n) => {
      const p = n.position();
      parts.push(`<g><title>${esc(n.id())}</title><circle cx="${p.x}" cy="${p.y}" r="${n.hasClass("home") ? 12 : 8}" fill="${n.data("color")}" stroke="#fff"/>` +
        `<text x="${p.x}" y="${p.y + 20}" font-size="10" text-anchor="middle">${esc(n.data("name"))}</text></g>`);
    });
    parts.push("</svg>");
    return parts.join("\n");
  }
}
