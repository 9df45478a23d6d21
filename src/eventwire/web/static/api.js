// The only place that talks to the server: GET /api/... and return parsed JSON, or throw an Error whose
// message is the API's {"error", "detail"} text.

/** GET ``/api/<path>`` with query ``params`` (empty values dropped). */
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  const response = await fetch(`api/${path}${text ? `?${text}` : ""}`, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = new Error(explain(body) || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** The API's error body {"error", "detail"} as one sentence; detail is a string or [{param, message}]. */
function explain(body) {
  if (!body || typeof body !== "object") return "";
  const { error, detail } = body;
  if (Array.isArray(detail)) {
    const parts = detail.map((d) => (d && d.param ? `${d.param}: ${d.message}` : d && d.message) || String(d));
    return `${error || "invalid request"}: ${parts.join("; ")}`;
  }
  return [error, typeof detail === "string" ? detail : null].filter(Boolean).join(": ");
}
