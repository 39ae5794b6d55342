// The explorer page: wires the search box, the graph, the map, the side panel, the finders, the
// time slider and the exports to the JSON API, and keeps the view in the URL.
import { api } from "./api.js";
import { download, svgToPng } from "./exporting.js";
import { findPath, findSchoolPath } from "./finder.js";
import { GraphView } from "./graph.js";
import { colorOf, lineOf, nameOf, register } from "./look.js";
import { showNode } from "./panel.js";
import { readState, writeState } from "./state.js";
import { tableCsv } from "./table.js";

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const state = readState();
let network = null;
let ready = false;  // the saved view is restored: changes from now on are saved

function say(text) {
  $("status").textContent = text;
  $("status").classList.add("show");
  clearTimeout(say.t);
  say.t = setTimeout(() => $("status").classList.remove("show"), 2500);
}
// The scope of every question: the year, and the status and source tier of the ties (the engine
// filters the graph, the panel's ties and the finders' routes alike).
const scope = () => Object.fromEntries(
  [["as_of", state.year], ["status", state.status], ["tier", state.tier]].filter(([, v]) => v));
const save = () => {
  if (!ready) return;
  state.nodes = [...graph.visible]; state.pins = graph.pins(); writeState(state); };

const graph = new GraphView($("graph"), { onSelect: select, onChange: () => save() });
graph.onExpand = expand;
const actions = {
  expand, hide: (id) => graph.hide(id), pin: (id) => graph.togglePin(id),
  focus: (id) => { graph.focus(id); setTimeout(() => graph.unfocus(), 4000); },
};

async function select(id) {
  state.selected = id;
  graph.select(id);
  save();
  try { await showNode(id, { lang: state.lang, scope: scope(), actions }); } catch (e) { say(e.message); }
}

async function expand(id) {
  const r = await api("neighbors", { node: id, depth: 1, ...scope() });
  graph.show(r.reached.map((x) => x.vertex.id));
  say(`${nameOf(r.center, state.lang)}: ${r.reached.length - 1} neighbours`);
}

// The first view: the home node, the ties of its first tie group (the engine lists groups in the
// domain's order: agreements first in the shipped schema) and their other parties.
async function showHome(home) {
  const r = await api("ties", { node: home, ...scope() });
  const first = r.rows.filter((row) => row.group === r.rows[0]?.group);
  graph.show([home, ...first.flatMap((row) => [row.other.id, ...row.co_parties.map((c) => c.id)])]);
}

// ---- search: candidates always shown, a pick needed unless the text is exact
async function search(text) {
  const list = $("candidates");
  if (!text.trim()) { list.hidden = true; return; }
  const r = await api("search", { q: text });
  list.innerHTML = r.candidates.map((c) => `<li data-id="${esc(c.id)}"><b>${esc(c.name_zh || "")}</b> ${esc(c.name_en || "")}` +
    `<div class="meta">${esc(c.label)} · ${esc(c.country || "")} · ${esc(c.match)} · ${esc(c.id)}</div></li>`).join("") ||
    "<li>no match</li>";
  list.hidden = false;
  list.querySelectorAll("li[data-id]").forEach((li) => li.addEventListener("click", () => pick(li.dataset.id)));
}
async function pick(id) {
  $("candidates").hidden = true;
  $("search").value = "";
  graph.show([id]);
  await select(id);
  graph.focus(id);
  setTimeout(() => graph.unfocus(), 1500);
}
let typing;
$("search").addEventListener("input", (e) => { clearTimeout(typing); typing = setTimeout(() => search(e.target.value).catch((x) => say(x.message)), 200); });
$("search-form").addEventListener("submit", (e) => { e.preventDefault(); search($("search").value).catch((x) => say(x.message)); });

// ---- the network under the year, and the views
async function loadNetwork(loaded) {
  network = loaded || await api("graph", scope());
  graph.setNetwork(network);
  if (state.view === "geo") await drawMap();
  legend();
}
// The map's module (with the world's outlines) loads on the first visit to the map.
async function drawMap() { (await import("./geo.js")).drawGeo($("geo"), network, state.lang, select); }
function setView(view) {
  state.view = view;
  $("graph").hidden = view !== "graph";
  $("geo").hidden = view !== "geo";
  document.querySelectorAll(".tab").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
  if (view === "geo") drawMap().catch((x) => say(x.message));
  save();
}
document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => setView(b.dataset.view)));
function legend() {
  const kinds = [...new Set(network.edges.map((e) => e.kind).filter(Boolean))].slice(0, 8);
  const statuses = [...new Set(network.edges.map((e) => e.status).filter(Boolean))];
  $("legend").innerHTML = kinds.map((k) => `<span><i style="border-color:${colorOf("kind", k)}"></i>${esc(k)}</span>`).join("") +
    "<br>" + statuses.map((s) => `<span><i style="border-top-style:${lineOf(s)};border-color:#555"></i>${esc(s)}</span>`).join("") +
    '<span><i style="border-color:#bbb"></i>undated</span><span style="color:#e09b20">◯ secondary list only</span>';
}

// ---- time: the network as of a year (the engine filters), growth beside it
// (`loaded`: the network of that year when the caller has it already)
async function setYear(year, loaded) {
  state.year = year ? String(year) : "";
  $("year-label").textContent = state.year || "today";
  if (year) $("year").value = year;
  document.body.dataset.year = "loading";
  await loadNetwork(loaded);
  document.body.dataset.year = state.year || "today";
  const row = growth.find((y) => String(y.year) === state.year);
  const undated = growth.find((y) => y.year === "undated");
  $("growth").textContent = row ? `${row.year}: ${row.agreements} agreements signed, ${row.agreements_in_force} in force, ${row.visits} visits` +
    (undated ? ` · undated: ${undated.agreements} agreements, shown grey` : "") : "";
  save();
}
let growth = [];
$("year").addEventListener("change", (e) => setYear(e.target.value).catch((x) => say(x.message)));
$("year").addEventListener("input", (e) => { $("year-label").textContent = e.target.value; });
$("now").addEventListener("click", () => { $("year").value = $("year").max; setYear("").catch((x) => say(x.message)); });
// The status and tier of the ties shown: the network is asked again under them.
for (const key of ["status", "tier"]) {
  $(`${key}-filter`).addEventListener("change", async (e) => {
    state[key] = e.target.value;
    document.body.dataset.ties = "loading";
    try {
      await loadNetwork();
      save();
      // The panel and the finder's answer were asked under the old scope: asked again.
      if (state.selected) await select(state.selected);
      if (state.path) $("path-form").requestSubmit();
      else if (state.school) $("school-form").requestSubmit();
    } catch (x) { say(x.message); }
    document.body.dataset.ties = [state.status, state.tier].filter(Boolean).join(",") || "all";
  });
}
$("play").addEventListener("click", async () => {
  for (let y = Number($("year").min); y <= Number($("year").max); y++) { await setYear(y); await new Promise((r) => setTimeout(r, 250)); }
});

// ---- finders
const ctx = () => ({ graph, lang: state.lang, scope: scope() });
$("path-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try { state.path = (await findPath($("path-from"), $("path-to"), $("path-k").value, ctx())) || state.path; save(); } catch (x) { $("finder-result").innerHTML = `<p class="error">${esc(x.message)}</p>`; }
});
$("school-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try { state.school = (await findSchoolPath($("school-from"), $("school-to"), ctx())) || state.school; save(); } catch (x) { $("finder-result").innerHTML = `<p class="error">${esc(x.message)}</p>`; }
});

// ---- language, exports, link
$("lang").addEventListener("change", (e) => {
  state.lang = e.target.value; graph.setLang(state.lang); if (state.view === "geo") drawMap().catch((x) => say(x.message)); save(); });
const viewSvg = () => (state.view === "geo" ? $("geo").innerHTML : graph.toSvg());
$("export-svg").addEventListener("click", () => download(`cityties-${state.view}.svg`, viewSvg(), "image/svg+xml"));
$("export-png").addEventListener("click", async () => {
  const png = state.view === "geo" ? await svgToPng(viewSvg(), 2000, 1000) : graph.cy.png({ full: true, bg: "#ffffff", scale: 2 });
  download(`cityties-${state.view}.png`, png, "image/png");
});
$("export-csv").addEventListener("click", () => download("cityties-table.csv", tableCsv(), "text/csv"));
$("share").addEventListener("click", () => { save(); navigator.clipboard?.writeText(location.href); say("link to this view copied"); });

// ---- start: the saved view, else the home node and its ties. Growth and today's network are
// asked at once, by index.html before this script is loaded; today's network gives the colours
// and, without a saved year, the first drawing.
async function start() {
  $("lang").value = state.lang;
  $("status-filter").value = state.status;
  $("tier-filter").value = state.tier;
  const early = window.citytiesEarly || {};
  const [years, today] = await Promise.all([api("growth", {}, early.growth), api("graph", {}, early.graph)]);
  growth = years.years;
  register(today);
  const dated = growth.map((y) => y.year).filter((y) => typeof y === "number");
  if (dated.length) { $("year").min = dated[0]; $("year").max = dated[dated.length - 1]; }
  $("year").value = state.year || $("year").max;
  await setYear(state.year, state.year || state.status || state.tier ? null : today);
  if (state.nodes.length) graph.show(state.nodes);
  else if (network.home) await showHome(network.home);
  performance.mark("cityties:first-drawing");
  graph.restorePins(state.pins);
  setView(state.view);
  if (state.selected) await select(state.selected);
  if (state.path) {
    const [from, to, k] = state.path.split(">");
    Object.assign($("path-from"), { value: from }); Object.assign($("path-to"), { value: to }); $("path-k").value = k || 1;
    $("path-form").requestSubmit();
  }
  ready = true;
  save();
  performance.mark("cityties:ready");
  document.body.dataset.ready = "true";
}
start().catch((e) => { say(e.message); document.body.dataset.ready = "error"; });
// For the browser tests (tests/browser): the graph and the view state.
window.explorer = { graph, state };
