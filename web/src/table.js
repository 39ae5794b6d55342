// The table under the graph: whatever the page last answered (a node's ties, a path's hops), and
// its export as CSV.
let current = { columns: [], rows: [] };

export function showTable(columns, rows) {
  current = { columns, rows };
  const t = document.getElementById("table");
  const esc = (s) => String(s ?? "").replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
  t.innerHTML = `<thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((v) => `<td>${esc(Array.isArray(v) ? v.join("; ") : v)}</td>`).join("")}</tr>`).join("") +
    "</tbody>";
}

export function tableCsv() {
  const cell = (v) => {
    const s = Array.isArray(v) ? v.join("|") : String(v ?? "");
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [current.columns, ...current.rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
