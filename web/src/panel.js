// The side panel: a node's properties, status, source tier and sources (/api/node), and its ties
// (/api/ties) in the table. Sources open in place.
import { api } from "./api.js";
import { nameOf } from "./look.js";
import { showTable } from "./table.js";

const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function sourceDetail(source) {
  const [file, ...rest] = source.split(" ");
  return `<div class="source-detail"><b>${esc(file)}</b><br>${esc(rest.join(" ") || "(whole document)")}</div>`;
}

export async function showNode(id, { lang, scope, actions }) {
  const panel = document.getElementById("panel");
  panel.innerHTML = `<p class="hint">loading ${esc(id)}...</p>`;
  const node = await api("node", { id });
  const tier = node.tier.secondary ? '<span class="badge secondary">secondary list only</span>'
    : node.tier.secondary_props.length ? `<span class="badge secondary">secondary: ${esc(node.tier.secondary_props.join(", "))}</span>`
      : '<span class="badge">reports</span>';
  const props = Object.entries(node.properties).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === "object" ? JSON.stringify(v) : v)}</dd>`).join("");
  panel.innerHTML = `<h3 id="panel-name">${esc(nameOf(node, lang))}</h3>
    <div class="sub">${esc(lang === "zh" ? node.name_en || "" : node.name_zh || "")} · ${esc(node.label)} · <code>${esc(node.id)}</code></div>
    <div class="actions"><button data-act="expand">Expand</button><button data-act="hide">Hide</button>
      <button data-act="pin">Pin</button><button data-act="focus">Focus</button></div>
    <dl><dt>status</dt><dd id="panel-status">${esc(node.status ?? "—")}</dd><dt>tier</dt><dd id="panel-tier">${tier}</dd>
      ${node.aliases.length ? `<dt>aliases</dt><dd>${esc(node.aliases.join(", "))}</dd>` : ""}${props}</dl>
    <h3>Sources (${node.sources.length})</h3><ul class="sources">${node.sources.map((s, i) => `<li data-i="${i}">${esc(s)}</li>`).join("")}</ul>`;
  panel.querySelectorAll("[data-act]").forEach((b) => b.addEventListener("click", () => actions[b.dataset.act](id)));
  panel.querySelectorAll(".sources li").forEach((li) => li.addEventListener("click", () => {
    if (li.classList.toggle("open")) li.insertAdjacentHTML("afterend", sourceDetail(node.sources[li.dataset.i]));
    else li.nextElementSibling?.remove();
  }));
  const ties = await api("ties", { node: id, ...scope });
  showTable(["group", "other", "label", "kind", "date", "until", "co-parties", "sources"], ties.rows.map((r) => [
    r.group, nameOf(r.other, lang), r.other.label, r.kind, r.date, r.until, r.co_parties.map((c) => nameOf(c, lang)),
    r.sources]));
}
