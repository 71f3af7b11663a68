// Talking to the JSON API with the member's key. The key lives in sessionStorage only: it is gone when the tab
// closes, it is never in a cookie (so no other site can make the browser send it), and it leaves this page only
// as an Authorization header to this origin.

const STORAGE_KEY = "caselaw.committee.key";
const BASE = "/api/v1";

export function storedKey() {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeKey(key) {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** An error answer of the API, with its problem+json body (code, detail, errors). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || "";
    this.problem = problem;
  }
}

/** Call the API: JSON in and out; `key` overrides the stored key; `raw` returns the Response itself. */
export async function api(path, { method = "GET", body, key, raw = false } = {}) {
  const headers = { Accept: raw ? "*/*" : "application/json" };
  const token = key ?? storedKey();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
  } catch (error) {
    throw new ApiError(0, { code: "network", detail: String(error) });
  }
  if (!response.ok) {
    let problem = {};
    try {
      problem = await response.json();
    } catch {
      problem = { detail: response.statusText };
    }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/** A query string from an object: arrays repeat the parameter, empty values are left out. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== "") search.append(name, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
