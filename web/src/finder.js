// The path and school-path finders: names resolved through /api/search (candidates shown, never a
// guess), the engine's paths drawn on the graph and every hop explained with its tie, date and
// sources.
import { api } from "./api.js";
import { nameOf } from "./look.js";
import { showTable } from "./table.js";

const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const out = () => document.getElementById("finder-result");

// The id `text` names, or null after showing its candidates (a click on one fills `input`).
export async function resolve(text, input) {
  const found = await api("search", { q: text });
  if (found.resolved) return found.resolved;
  out().innerHTML = `<p><b>${esc(text)}</b> is not exact; pick one:</p><ul class="candidates-inline">` +
    found.candidates.map((c) => `<li><a href="#" data-id="${esc(c.id)}">${esc(c.name_zh || "")} ${esc(c.name_en || "")}</a> <span class="meta">${esc(c.label)} · ${esc(c.country || "")} · ${esc(c.id)}</span></li>`).join("") + "</ul>";
  out().querySelectorAll("a[data-id]").forEach((a) => a.addEventListener("click", (e) => {
    e.preventDefault();
    input.value = a.dataset.id;
    input.form.requestSubmit();
  }));
  return null;
}

function hopText(h, names) {
  const t = h.tie;
  const arrow = h.forward ? `-[${t.type}]->` : `<-[${t.type}]-`;
  return `<li class="hop-row"><b>${esc(names(h.from))}</b> ${esc(arrow)} <b>${esc(names(h.to))}</b>` +
    `${t.kind ? ` · ${esc(t.kind)}` : ""}${t.date ? ` · ${esc(t.date)}${t.end ? "–" + esc(t.end) : ""}${t.date_tier === "secondary" ? " (date: secondary list only)" : ""}` : " · undated"}` +
    `${t.status ? ` · ${esc(t.status)}` : ""}${t.tier === "secondary" ? " · secondary list only" : ""}` +
    `<div class="src">${esc((t.sources || []).join("; "))}</div></li>`;
}

// Shows the routes (paths with optional kind and explanation), draws them, fills the table.
export function showRoutes(routes, graph, lang, title) {
  const names = new Map();
  routes.forEach((r) => r.vertices.forEach((v) => names.set(v.id, nameOf(v, lang))));
  const name = (id) => names.get(id) || id;
  graph.show([...names.keys()]);
  out().innerHTML = `<h2>${esc(title)}</h2>` + (routes.length ? "" : "<p>No path under this scope.</p>") +
    routes.map((r, i) => `<div class="route" data-i="${i}"><a href="#" class="route-title">Path ${i + 1}: ${r.hops.length} hops${r.kind ? " · " + esc(r.kind) : ""}</a>` +
      `${r.explanation ? `<p>${esc(r.explanation)}</p>` : ""}<ol class="hops">${r.hops.map((h) => hopText(h, name)).join("")}</ol></div>`).join("");
  out().querySelectorAll(".route-title").forEach((a) => a.addEventListener("click", (e) => {
    e.preventDefault();
    graph.highlight(routes[a.parentElement.dataset.i].hops);
  }));
  if (routes.length) graph.highlight(routes[0].hops);
  showTable(["path", "hop", "from", "tie", "to", "kind", "date", "sources"], routes.flatMap((r, i) => r.hops.map((h, j) => [
    i + 1, j + 1, name(h.from), h.tie.type, name(h.to), h.tie.kind, h.tie.date, h.tie.sources])));
}

export async function findPath(fromInput, toInput, k, ctx) {
  const from = await resolve(fromInput.value, fromInput);
  if (!from) return;
  const to = await resolve(toInput.value, toInput);
  if (!to) return;
  const r = await api("path", { from, to, k, ...ctx.scope });
  showRoutes(r.paths, ctx.graph, ctx.lang, `${nameOf(r.from, ctx.lang)} → ${nameOf(r.to, ctx.lang)}`);
  return `${from}>${to}>${k}`;
}

export async function findSchoolPath(schoolInput, toInput, ctx) {
  const school = await resolve(schoolInput.value, schoolInput);
  if (!school) return;
  const to = await resolve(toInput.value, toInput);
  if (!to) return;
  const r = await api("school-path", { school, to, ...ctx.scope });
  showRoutes(r.routes, ctx.graph, ctx.lang, `${nameOf(r.school, ctx.lang)} → ${nameOf(r.target, ctx.lang)}`);
  return `${school}>${to}`;
}
