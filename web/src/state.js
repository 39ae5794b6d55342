// The view as URL parameters (after '#'), so that a link reopens it: the nodes shown, pinned
// positions, the selected node, the year, the status and source tier of the ties shown, the view,
// the label language and the finders' questions.
const LISTS = ["nodes", "pins"];

export function readState() {
  const q = new URLSearchParams(location.hash.slice(1));
  const state = { view: "graph", lang: "zh", nodes: [], pins: [], year: "", status: "", tier: "", selected: "", path: "",
    school: "" };
  for (const [k, v] of q) state[k] = LISTS.includes(k) ? v.split("|").filter(Boolean) : v;
  return state;
}

export function writeState(state) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) {
    const text = Array.isArray(v) ? v.join("|") : v;
    if (text) q.set(k, text);
  }
  history.replaceState(null, "", "#" + q.toString());
}
