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

const HEADERS = { headers: { Accept: "application/json" } };

function prefetched() {
  if (!window.dotterelPrefetch) window.dotterelPrefetch = new Map();
  return window.dotterelPrefetch;
}

/** Start a request now; the first getJSON of the same URL takes its answer. */
export function prefetch(path, params = {}) {
  const url = `/api${path}${queryString(params)}`;
  prefetched().set(url, fetch(url, HEADERS));
}

function takePrefetched(url) {
  const pending = prefetched().get(url);
  if (pending) prefetched().delete(url);
  return pending;
}

export async function getJSON(path, params = {}) {
  const url = `/api${path}${queryString(params)}`;
  const response = await (takePrefetched(url) || fetch(url, HEADERS));
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const err = body && body.error ? body.error : { status: response.status, code: "E600", message: response.statusText };
    throw new ApiError(err.status, err.code, err.message);
  }
  return body;
}
