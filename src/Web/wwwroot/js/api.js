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

/** What a ProblemDetails answer says: its title (unless the generic one of a validation problem),
 * then its detail or each field's errors; the HTTP status when the body is not one. */
async function problemWords(response) {
  try {
    const problem = await response.json();
    const title = problem.errors ? "" : (problem.title || "");
    const detail = problem.errors ? Object.values(problem.errors).flat().join(" ") : (problem.detail || "");
    const words = [title, detail].filter(Boolean).map((w) => w.replace(/\.$/, "")).join(": ");
    return words ? `${words}.` : `${response.status}`;
  } catch {
    return `${response.status}`; // not JSON
  }
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
    throw new ApiError(response.status, await problemWords(response));
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

/** The scope part of a report query for a picker value: a station id, "network:", "group:{id}" or
 * "mount:{server}{mount}" (server ids have no "/"). */
export function scopeQuery(value) {
  if (value === "network:") { return ""; }
  if (value.startsWith("group:")) { return `group=${encodeURIComponent(value.slice(6))}&`; }
  if (value.startsWith("mount:")) {
    const key = value.slice(6), slash = key.indexOf("/");
    return `server=${encodeURIComponent(key.slice(0, slash))}&mount=${encodeURIComponent(key.slice(slash))}&`;
  }
  return `station=${encodeURIComponent(value)}&`;
}

/** The date (YYYY-MM-DD) of an instant in a time zone ("" or unknown: UTC). */
export function dateIn(zone, instant = new Date()) {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone || "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  } catch {
    return isoDate(instant);
  }
}

const addDays = (day, n) => isoDate(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000));

/** The period presets every report page offers, as [from, to] for a scope's "today". */
export const presets = {
  today: (today) => [today, today],
  yesterday: (today) => [addDays(today, -1), addDays(today, -1)],
  "7d": (today) => [addDays(today, -6), today],
  "30d": (today) => [addDays(today, -29), today],
  "this-month": (today) => [`${today.slice(0, 8)}01`, today],
  "last-month": (today) => {
    const last = addDays(`${today.slice(0, 8)}01`, -1);
    return [`${last.slice(0, 8)}01`, last];
  },
};
const presetNames = { today: "Today", yesterday: "Yesterday", "7d": "Last 7 days", "30d": "Last 30 days", "this-month": "This month", "last-month": "Last month", custom: "Custom" };

/** The scope and period being looked at, shared by every report page and kept in the URL
 * (#page?scope=…&from=…&to=…), so moving between pages keeps them and a link reproduces the view. */
const view = { scope: null, from: null, to: null };

function viewOfUrl() {
  const query = new URLSearchParams(location.hash.split("?")[1] || "");
  const day = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v || "") ? v : null);
  return { scope: query.get("scope"), from: day(query.get("from")), to: day(query.get("to")) };
}

function keepView(page, { station, from, to }) {
  Object.assign(view, { scope: station, from, to });
  const query = new URLSearchParams({ scope: station, from, to });
  history.replaceState(null, "", `#${page}?${query}`);
}

/** Every scope the user can pick: stations (the first is the default), the whole network, groups,
 * then each mount the user can see. */
async function scopes() {
  const [stationList, groups, current] = await Promise.all([stations(), api("/api/asteroid/admin/groups").catch(() => []),
    api("/api/asteroid/stats/current").catch(() => ({ mounts: [] }))]);
  return [
    ...stationList.map((s) => ({ ...s, group: "Stations" })),
    ...(stationList.length > 0 ? [{ id: "network:", name: "Whole network", timeZone: "", group: "Network" }] : []),
    ...groups.map((g) => ({ id: `group:${g.id}`, name: g.name, timeZone: g.timeZone, group: "Groups" })),
    ...(current.mounts || []).map((m) => ({ id: `mount:${m.server}${m.mount}`, name: `${m.server} ${m.mount}`, timeZone: "UTC", group: "Mounts" })),
  ];
}

/** The scopes or stations a picker offers; when they cannot be listed, the picker's place says why
 * (in the words of js/panel.js) and the answer is null. */
export async function listOrSay(container, list) {
  try {
    return await list();
  } catch (error) {
    if (error instanceof AuthError) { throw error; }
    const { problemText } = await import("./panel.js");
    container.replaceChildren(el("p", { class: "error", role: "alert" }, `The scopes to choose from could not be listed. ${problemText(error)}`));
    return null;
  }
}

/** A scope + period form; calls onChange({station, scope, timeZone, from, to}) on submit (or on
 * change, outside a form) and once at first. The period is a preset or custom dates; scope and period
 * come from the URL, else from the page last shown, else the first station and the last `days` days. */
export async function rangeForm(container, onChange, days = 7) {
  const list = await listOrSay(container, scopes);
  if (!list) { return null; }
  const id = container.dataset.range;
  const asked = viewOfUrl();
  const known = (value) => list.some((s) => s.id === value);
  const scope = [asked.scope, view.scope].find(known) || list[0]?.id;
  const zoneOf = (value) => list.find((s) => s.id === value)?.timeZone;
  const today = dateIn(zoneOf(scope));
  const [from, to] = asked.from && asked.to ? [asked.from, asked.to] : view.from && view.to ? [view.from, view.to] : [addDays(today, 1 - days), today];
  const groups = [...new Set(list.map((s) => s.group))];
  const select = el("select", { id: `${id}-station` }, groups.map((g) =>
    el("optgroup", { label: g }, list.filter((s) => s.group === g).map((s) => el("option", { value: s.id }, s.name)))));
  if (scope) { select.value = scope; }
  const preset = el("select", { id: `${id}-preset` }, Object.entries(presetNames).map(([value, name]) => el("option", { value }, name)));
  const fromInput = el("input", { id: `${id}-from`, type: "date", value: from, required: "" });
  const toInput = el("input", { id: `${id}-to`, type: "date", value: to, required: "" });
  const matching = () => Object.keys(presets).find((p) => {
    const [f, t] = presets[p](dateIn(zoneOf(select.value)));
    return f === fromInput.value && t === toInput.value;
  }) || "custom";
  preset.value = matching();
  container.replaceChildren(
    el("label", { for: select.id }, "Scope", select),
    el("label", { for: preset.id }, "Period", preset),
    el("label", { for: fromInput.id }, "From", fromInput),
    el("label", { for: toInput.id }, "To", toInput),
    container.tagName === "FORM" ? el("button", { type: "submit" }, "Show") : "");
  const current = () => ({ station: select.value, scope: scopeQuery(select.value), timeZone: zoneOf(select.value), from: fromInput.value, to: toInput.value });
  // A reversed range is said at the form, not sent.
  const valid = () => {
    const reversed = fromInput.value && toInput.value && toInput.value < fromInput.value;
    container.querySelector(".range-error")?.remove();
    if (reversed) { container.append(el("p", { class: "error range-error", role: "alert" }, "The end date is before the start date.")); }
    return !reversed;
  };
  const changed = () => {
    if (!valid()) { return; }
    keepView(id, current());
    onChange(current());
  };
  // Back on this page (or a link to it pasted in this tab): the view of the URL, else the one shared
  // by the pages, replaces what the form showed when it was last here.
  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1).split("?")[0] !== id) { return; }
    const url = viewOfUrl();
    const wanted = { scope: [url.scope, view.scope].find(known), from: url.from && url.to ? url.from : view.from, to: url.from && url.to ? url.to : view.to };
    let moved = false;
    if (wanted.scope && wanted.scope !== select.value) { select.value = wanted.scope; moved = true; }
    if (wanted.from && wanted.to && (wanted.from !== fromInput.value || wanted.to !== toInput.value)) {
      [fromInput.value, toInput.value] = [wanted.from, wanted.to];
      moved = true;
    }
    preset.value = matching();
    if (moved) { changed(); } else { keepView(id, current()); }
  });
  preset.addEventListener("change", () => {
    if (preset.value === "custom") { fromInput.focus(); return; }
    [fromInput.value, toInput.value] = presets[preset.value](dateIn(zoneOf(select.value)));
    if (container.tagName === "FORM") { container.requestSubmit(); } else { changed(); }
  });
  for (const input of [fromInput, toInput]) { input.addEventListener("change", () => { preset.value = matching(); }); }
  if (container.tagName === "FORM") {
    container.addEventListener("submit", (e) => { e.preventDefault(); changed(); });
  } else {
    for (const input of [select, fromInput, toInput]) { input.addEventListener("change", changed); }
  }
  if (list.length === 0) { container.append(el("p", { class: "help" }, "No stations yet: add an Icecast server first.")); return null; }
  valid(); // a reversed range from a link is said at the form, and by the panels in the API's words
  keepView(id, current());
  onChange(current());
  return current;
}
