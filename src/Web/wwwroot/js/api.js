// Talking to the API as the signed-in admin (cookie) or with an API key (#key=… in the URL).
// State-changing calls carry the anti-forgery token the server hands out.
const keyStore = "asteroid.apiKey";
let csrf = null;

export class AuthError extends Error {}

/** An answer of the API that is not a success: its HTTP status and the ProblemDetails' words. */
export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export function apiKey() {
  const fromHash = new URLSearchParams(location.hash.split("?")[1] || location.hash.slice(1)).get("key");
  if (fromHash) {
    sessionStorage.setItem(keyStore, fromHash);
    history.replaceState(null, "", location.pathname + "#live");
  }
  return sessionStorage.getItem(keyStore);
}

export function forgetKey() { sessionStorage.removeItem(keyStore); }

export async function token(refresh = false) {
  if (!csrf || refresh) {
    csrf = (await (await fetch("/api/asteroid/auth/antiforgery", { credentials: "same-origin" })).json()).token;
  }
  return csrf;
}

/** `body` is sent as JSON, or as it is (a File, a string) with `contentType`. */
export async function api(path, { method = "GET", body, contentType } = {}) {
  const headers = { Accept: "application/json" };
  const key = apiKey();
  if (key) { headers["X-Api-Key"] = key; }
  if (method !== "GET") { headers["X-CSRF-TOKEN"] = await token(); }
  if (body !== undefined) { headers["Content-Type"] = contentType || "application/json"; }
  const sent = body === undefined ? undefined : contentType ? body : JSON.stringify(body);
  const response = await fetch(path, { method, headers, credentials: "same-origin", body: sent });
  if (response.status === 401) { throw new AuthError("not signed in"); }
  if (!response.ok) {
    let detail = `${response.status}`;
    try {
      const problem = await response.json();
      detail = problem.errors ? Object.values(problem.errors).flat().join(" ") : (problem.detail || problem.title || detail);
    } catch { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  return response.status === 204 ? null : response.json();
}

/** Makes a download link work when signed in with an API key: a plain link cannot send the
 * X-Api-Key header, so the file is fetched with it and handed to the browser (signed in with the
 * cookie, the link streams as it is). */
export function keyAwareDownload(link) {
  link.addEventListener("click", async (e) => {
    const key = apiKey();
    if (!key) { return; }
    e.preventDefault();
    const response = await fetch(link.href, { headers: { "X-Api-Key": key } });
    if (!response.ok) { link.title = `Download failed: ${response.status}`; return; }
    const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") || "")?.[1] || "export";
    const url = URL.createObjectURL(await response.blob());
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
}

const numbers = new Intl.NumberFormat();
export const fmt = {
  n: (v) => numbers.format(v ?? 0),
  dec: (v) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(v ?? 0),
  pct: (v) => new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 }).format(v ?? 0),
  duration(minutes) {
    const total = Math.round((minutes ?? 0) * 60);
    const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    if (h > 0) { return `${numbers.format(h)} h ${m} min`; }
    if (m > 0) { return `${m} min${s && m < 10 ? ` ${s} s` : ""}`; }
    return `${s} s`;
  },
  time: (iso, zone) => iso ? new Date(iso).toLocaleTimeString(undefined, zone ? { timeZone: zone } : {}) : "–",
  dateTime: (iso, zone) => iso ? new Date(iso).toLocaleString(undefined, zone ? { timeZone: zone } : {}) : "–",
  /** "1 listener", "2 listeners" (the number formatted). */
  count: (v, one, many = `${one}s`) => `${numbers.format(v ?? 0)} ${(v ?? 0) === 1 ? one : many}`,
};

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    // style through the CSSOM: the Content-Security-Policy (style-src 'self') refuses style attributes.
    if (name === "class") { node.className = value; } else if (name === "style") { node.style.cssText = value; } else if (name.startsWith("on")) { node.addEventListener(name.slice(2), value); } else if (value !== undefined && value !== null) { node.setAttribute(name, value); }
  }
  for (const child of children.flat()) { node.append(child instanceof Node ? child : document.createTextNode(String(child ?? ""))); }
  return node;
}

export function isoDate(date) { return date.toISOString().slice(0, 10); }

/** Stations the user can pick: explicit ones they may read, plus each server's implicit station
 * (all servers for an admin; for others the implicit stations granted to them). */
export async function stations() {
  const me = await api("/api/asteroid/auth/me");
  const [explicit, servers] = await Promise.all([api("/api/asteroid/admin/stations"),
    me.role === "admin" ? api("/api/asteroid/admin/servers") : Promise.resolve((me.stations || []).map((id) => ({ id })))]);
  const list = explicit.map((s) => ({ id: s.id, name: s.name, timeZone: s.timeZone }));
  for (const server of servers) {
    if (!list.some((s) => s.id === server.id)) { list.push({ id: server.id, name: `${server.id} (server)`, timeZone: "UTC" }); }
  }
  return list;
}

/** A station + date range form; calls onChange({station, timeZone, from, to}) on submit and once at first. */
/** The scope part of a report query for a picker value: a station id, "network:" or "group:{id}". */
export function scopeQuery(value) {
  if (value === "network:") { return ""; }
  if (value.startsWith("group:")) { return `group=${encodeURIComponent(value.slice(6))}&`; }
  return `station=${encodeURIComponent(value)}&`;
}

export async function rangeForm(container, onChange, days = 7) {
  const [stationList, groups] = await Promise.all([stations(), api("/api/asteroid/admin/groups").catch(() => [])]);
  // Stations first (the first one is the default), then the whole network and the groups of stations.
  const list = [...stationList,
    ...(stationList.length > 0 ? [{ id: "network:", name: "Whole network", timeZone: "" }] : []),
    ...groups.map((g) => ({ id: `group:${g.id}`, name: `${g.name} (group)`, timeZone: g.timeZone }))];
  const today = new Date();
  const from = new Date(today.getTime() - (days - 1) * 86400000);
  const id = container.dataset.range;
  const select = el("select", { id: `${id}-station` }, list.map((s) => el("option", { value: s.id }, s.name)));
  const fromInput = el("input", { id: `${id}-from`, type: "date", value: isoDate(from), required: "" });
  const toInput = el("input", { id: `${id}-to`, type: "date", value: isoDate(today), required: "" });
  container.replaceChildren(
    el("label", { for: select.id }, "Scope", select),
    el("label", { for: fromInput.id }, "From", fromInput),
    el("label", { for: toInput.id }, "To", toInput),
    container.tagName === "FORM" ? el("button", { type: "submit" }, "Show") : "");
  const current = () => {
    const station = list.find((s) => s.id === select.value);
    return { station: select.value, scope: scopeQuery(select.value), timeZone: station?.timeZone, from: fromInput.value, to: toInput.value };
  };
  // A reversed range is said at the form, not sent.
  const valid = () => {
    const reversed = fromInput.value && toInput.value && toInput.value < fromInput.value;
    container.querySelector(".range-error")?.remove();
    if (reversed) { container.append(el("p", { class: "error range-error", role: "alert" }, "The end date is before the start date.")); }
    return !reversed;
  };
  if (container.tagName === "FORM") {
    container.addEventListener("submit", (e) => { e.preventDefault(); if (valid()) { onChange(current()); } });
  } else {
    for (const input of [select, fromInput, toInput]) { input.addEventListener("change", () => { if (valid()) { onChange(current()); } }); }
  }
  if (list.length === 0) { container.append(el("p", { class: "help" }, "No stations yet: add an Icecast server first.")); return null; }
  onChange(current());
  return current;
}

/** The error of a panel: what the API said for a request it refused (4xx), or that the service
 * could not be reached (network errors and 5xx). */
export function showError(target, error) {
  const refused = error instanceof ApiError && error.status < 500;
  target.replaceChildren(el("p", { class: "error", role: "alert" }, refused
    ? `Not shown: ${error.message}`
    : `Could not load: ${error.message}. Check the service is running and try again.`));
}
