// The JSON API of `cityties serve` (docs/api.md). Every answer the page shows comes from here.
export class ApiError extends Error {
  constructor(body, status) {
    super(body.error || `HTTP ${status}`);
    this.parameter = body.parameter || null;
    this.status = status;
  }
}

// GET /api/PATH?params (empty values left out); resolves to the JSON answer, rejects with ApiError.
// `sent`: the response of that same call when it was sent already (index.html sends the first ones).
export async function api(path, params = {}, sent = null) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") query.set(k, v);
  const res = await (sent || fetch(`/api/${path}${query.size ? "?" + query : ""}`));
  const body = await res.json();
  if (!res.ok) throw new ApiError(body, res.status);
  return body;
}
