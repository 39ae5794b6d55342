// The geographic view: every located node of the current network on a world basemap (npm
// world-atlas, drawn with topojson-client in an equirectangular projection), and the agreements
// between them as lines, styled as in the graph. Coordinates: the node's own lat/lon when the data
// has them, else the derived secondary file web/data/coordinates.json.
import { feature } from "topojson-client";
import world from "world-atlas/countries-110m.json";
import derived from "../data/coordinates.json";
import { colorOf, lineOf, nameOf } from "./look.js";

const W = 1000, H = 500;
const project = ([lon, lat]) => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function ringPath(ring) {
  let d = "", prev = null;
  for (const pt of ring) {
    const [x, y] = project(pt);
    // A jump across the antimeridian starts a new piece instead of a line across the map.
    d += (prev === null || Math.abs(pt[0] - prev) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    prev = pt[0];
  }
  return d + "Z";
}

let basemap = null;
function basemapPaths() {
  if (basemap) return basemap;
  const countries = feature(world, world.objects.countries).features;
  basemap = countries.map((f) => {
    const polys = f.geometry?.type === "Polygon" ? [f.geometry.coordinates] : f.geometry?.coordinates || [];
    return `<path d="${polys.flatMap((p) => p.map(ringPath)).join("")}"><title>${esc(f.properties.name)}</title></path>`;
  }).join("");
  return basemap;
}

export function coordinatesOf(v) {
  if (v.lat != null && v.lon != null) return { lat: v.lat, lon: v.lon, secondary: false };
  const c = derived.coordinates[v.id];
  return c ? { lat: c[0], lon: c[1], secondary: true } : null;
}

// Draws `network` into `container`; a click on a city calls onSelect(id).
export function drawGeo(container, network, lang, onSelect) {
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const located = new Map();
  for (const v of network.nodes) { const c = coordinatesOf(v); if (c) located.set(v.id, c); }
  // The located parties of each agreement or event hub, and the ties between them.
  const parties = new Map();
  for (const e of network.edges) {
    if (!e.hub) continue;
    const other = e.from === e.hub ? e.to : e.from;
    if (!located.has(other)) continue;
    if (!parties.has(e.hub)) parties.set(e.hub, new Set());
    parties.get(e.hub).add(other);
  }
  const lines = [];
  for (const [hub, set] of parties) {
    const list = [...set], h = byId.get(hub);
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
      const [x1, y1] = project([located.get(list[i]).lon, located.get(list[i]).lat]);
      const [x2, y2] = project([located.get(list[j]).lon, located.get(list[j]).lat]);
      const dash = { dashed: "5 3", dotted: "1.5 2.5" }[lineOf(h?.status)] || "";
      lines.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colorOf("kind", h?.kind)}" stroke-width="1" opacity="0.7"${dash ? ` stroke-dasharray="${dash}"` : ""}><title>${esc(nameOf(h, lang))}</title></line>`);
    }
  }
  const dots = [...located].map(([id, c]) => {
    const [x, y] = project([c.lon, c.lat]);
    const v = byId.get(id);
    return `<g class="city" data-id="${esc(id)}"><circle cx="${x}" cy="${y}" r="${id === network.home ? 5 : 3}" fill="${id === network.home ? "#d62728" : "#1f3b57"}" stroke="#fff" stroke-width="0.5"${c.secondary ? ' stroke-dasharray="1 1"' : ""}/>` +
      `<title>${esc(nameOf(v, lang))} (${c.lat}, ${c.lon}${c.secondary ? "; coordinates from the secondary reference list" : ""})</title></g>`;
  }).join("");
  container.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid meet" font-family="Noto Sans CJK TC, sans-serif">` +
    `<rect width="${W}" height="${H}" fill="#eef4f8"/><g fill="#d9dfd3" stroke="#fff" stroke-width="0.4">${basemapPaths()}</g>` +
    `<g>${lines.join("")}</g><g>${dots}</g>` +
    `<text x="8" y="${H - 8}" font-size="9" fill="#555">${located.size} located nodes; coordinates marked dashed come from the secondary reference list (${esc(derived.source)})</text></svg>`;
  container.querySelectorAll(".city").forEach((g) => g.addEventListener("click", () => onSelect(g.dataset.id)));
  return located.size;
}
