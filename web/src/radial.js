// A radial tree layout for a fresh drawing, in time linear in its size: each connected piece is a
// breadth-first tree from its root (the home node when the piece holds it, else its best-connected
// node), the root in the middle, each depth on its own ring, and each node inside the arc of the
// node it was reached from, the arc as wide as the leaves under it; a ring is wide enough for its
// nodes to sit SPACING apart. The pieces are laid in rows,
// largest first. Ties outside the tree (a city party to two agreements) are drawn across.
//
// nodes: the ids; neighbors(id): the ids tied to it; degree(id). Returns Map id -> {x, y}.
const SPACING = 32;  // px between neighbours on a ring, at least on average
const RING = 100;    // px between rings, at least

function piece(root, neighbors, placed) {
  const parent = new Map([[root, null]]), children = new Map(), order = [root];
  for (let i = 0; i < order.length; i++) {
    const id = order[i];
    children.set(id, []);
    for (const next of neighbors(id)) {
      if (parent.has(next) || placed.has(next)) continue;
      parent.set(next, id);
      children.get(id).push(next);
      order.push(next);
    }
  }
  const depth = new Map([[root, 0]]);
  for (const id of order) for (const c of children.get(id)) depth.set(c, depth.get(id) + 1);
  const leaves = new Map();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i], cs = children.get(id);
    leaves.set(id, cs.length ? cs.reduce((sum, c) => sum + leaves.get(c), 0) : 1);
  }
  const count = [];
  for (const d of depth.values()) count[d] = (count[d] || 0) + 1;
  const radius = [0];
  for (let d = 1; d < count.length; d++) radius[d] = Math.max(radius[d - 1] + RING, (count[d] * SPACING) / (2 * Math.PI));
  const pos = new Map();
  const place = (id, from, to) => {
    const r = radius[depth.get(id)], a = (from + to) / 2;
    pos.set(id, { x: r * Math.cos(a), y: r * Math.sin(a) });
    let start = from;
    for (const c of children.get(id)) {
      const span = ((to - from) * leaves.get(c)) / leaves.get(id);
      place(c, start, start + span);
      start += span;
    }
  };
  place(root, -Math.PI / 2, (3 * Math.PI) / 2);
  return { pos, radius: radius[radius.length - 1] };
}

export function radialLayout(nodes, neighbors, degree, home) {
  const placed = new Map(), pieces = [];
  const byDegree = [...nodes].sort((a, b) => degree(b) - degree(a) || (a < b ? -1 : 1));
  const roots = nodes.includes(home) ? [home, ...byDegree.filter((id) => id !== home)] : byDegree;
  for (const root of roots) {
    if (placed.has(root)) continue;
    const p = piece(root, neighbors, placed);
    for (const [id, xy] of p.pos) placed.set(id, xy);
    pieces.push(p);
  }
  // Rows of pieces, largest first, no wider than the first piece (or 800 px).
  const width = Math.max(800, 2 * pieces[0].radius + 2 * RING);
  let x = 0, y = 0, rowHeight = 0;
  const out = new Map();
  pieces.sort((a, b) => b.radius - a.radius || b.pos.size - a.pos.size);
  for (const p of pieces) {
    const size = 2 * p.radius + RING;
    if (x > 0 && x + size > width) { x = 0; y += rowHeight; rowHeight = 0; }
    for (const [id, xy] of p.pos) out.set(id, { x: x + p.radius + xy.x, y: y + p.radius + xy.y });
    x += size;
    rowHeight = Math.max(rowHeight, size);
  }
  return out;
}
