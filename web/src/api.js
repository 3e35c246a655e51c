// Talks to dotterel's HTTP API. Every error comes back in one shape:
// {"error": {"status": 404, "code": "E604", "message": "..."}} — surfaced as ApiError.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(`${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** Query string from a filter object, skipping empty values. */
export function queryString(params) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    qs.set(key, String(value));
  }
  const text = qs.toString();
  return text ? `?${text}` : "";
}

export async function getJSON(path, params = {}) {
  const response = await fetch(`/api${path}${queryString(params)}`, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const err = body && body.error ? body.error : { status: response.status, code: "E600", message: response.statusText };
    throw new ApiError(err.status, err.code, err.message);
  }
  return body;
}
