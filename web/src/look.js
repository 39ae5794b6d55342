// How things look: colours and shapes derived from the values themselves (no label or type is
// named here), and the line style of an agreement's status.
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
  "#7f7f7f", "#393b79", "#637939", "#b5cf6b", "#843c39", "#d6616b", "#7b4173", "#3182bd", "#e6550d", "#31a354",
  "#756bb1"];
const SHAPES = ["ellipse", "round-rectangle", "diamond", "hexagon", "triangle", "barrel", "star", "vee", "octagon"];

function hash(text) {
  let h = 0;
  for (const c of text || "") h = (h * 31 + c.codePointAt(0)) >>> 0;
  return h;
}
const assigned = new Map();
// A stable colour per value, in order of first use within a kind of value.
function pick(list, group, value) {
  const key = group + ":" + value;
  if (!assigned.has(key)) {
    const used = [...assigned.keys()].filter((k) => k.startsWith(group + ":")).length;
    assigned.set(key, list[(used + (used >= list.length ? hash(value) : 0)) % list.length]);
  }
  return assigned.get(key);
}

// Assigns colours and shapes to every value of a network in sorted order, so that they do not
// depend on what was drawn first.
export function register(network) {
  [...new Set(network.edges.map((e) => e.kind || e.type))].sort().forEach((k) => pick(PALETTE, "kind", k));
  [...new Set(network.nodes.map((n) => n.label))].sort().forEach((l) => {
    pick(PALETTE, "label", l);
    pick(SHAPES, "shape", l);
  });
}

export const colorOf = (group, value) => (value ? pick(PALETTE, group, value) : "#999");
export const shapeOf = (label) => pick(SHAPES, "shape", label);

// The line of a tie by the status of the agreement or event behind it (the dataset's statuses).
const STATUS_LINE = { in_force: "solid", planned: "dashed", ended: "dotted", lapsed: "dotted", unknown: "dashed" };
export const lineOf = (status) => STATUS_LINE[status] || "solid";

export function nameOf(v, lang) {
  if (!v) return "";
  const zh = v.name_zh, en = v.name_en;
  return (lang === "zh" ? zh || en : en || zh) || v.name || v.id;
}
