// Alerts: the rules of the scopes the user manages, the alerts they fired and resolved, and each
// rule's deliveries with every attempt's answer.
import { api, ApiError, el, fmt, stations } from "./api.js";
import { loadPanel, setState } from "./panel.js";
import { addDelivery, readDeliveries, setDeliveries } from "./deliveries.js";

let started = false;
const kinds = { "mount-offline": "Mount offline", "collection-failing": "Collection failing", threshold: "Threshold", "audience-drop": "Audience drop" };

export async function show() {
  if (!started) {
    started = true;
    document.getElementById("alert-form").addEventListener("submit", save);
    const list = document.getElementById("al-delivery-list");
    document.getElementById("al-add-webhook").addEventListener("click", () => addDelivery(list, {}).querySelector("input").focus());
    document.getElementById("al-add-email").addEventListener("click", () => addDelivery(list, { email: [] }).querySelector("input").focus());
    await scopes();
    setState(document.getElementById("alert-deliveries"), "empty", "Press a rule's “Deliveries of …” button to see its deliveries.");
  }
  await Promise.all([rules(), history()]);
}

/** The scope picker: the network, then the stations and groups the user can see. */
async function scopes() {
  const [list, groups] = await Promise.all([stations(), api("/api/asteroid/admin/groups").catch(() => [])]);
  document.getElementById("al-scope").replaceChildren(
    el("option", { value: "" }, "Whole network"),
    el("optgroup", { label: "Stations" }, list.map((s) => el("option", { value: `station:${s.id}` }, s.name))),
    ...(groups.length > 0 ? [el("optgroup", { label: "Groups" }, groups.map((g) => el("option", { value: `group:${g.id}` }, g.name)))] : []));
}

const scopeText = (s) => (!s ? "Whole network" : s.station ? `station ${s.station}` : s.group ? `group ${s.group}` : s.mount ? `${s.server}${s.mount}` : `server ${s.server}`);

function condition(r) {
  const after = `for ${fmt.duration(r.forSeconds / 60)}`;
  switch (r.kind) {
    case "threshold": return `listeners ${r.direction ?? "above"} ${fmt.n(r.threshold)} ${after}`;
    case "audience-drop": return `below ${fmt.n(r.percent ?? 50)} % of the usual level ${after}`;
    case "collection-failing": return `polling fails ${after}`;
    default: return `no source ${after}`;
  }
}

const deliveryText = (d) => (d.webhook ? `${d.preset} ${new URL(d.webhook).host}${d.hasSecret ? " (signed)" : ""}` : `e-mail ${d.email.join(", ")}`);

const forbidden = (error) => error instanceof ApiError && error.status === 403;
const managersOnly = "Alerts are for station managers and admins: ask an admin for the manager role on your station.";

function rules() {
  const body = document.getElementById("alert-rules");
  return loadPanel(body, () => api("/api/asteroid/admin/alerts").catch((error) => { if (forbidden(error)) { return null; } throw error; }), {
    isEmpty: (list) => !list || list.length === 0, empty: (list) => (list ? "No rules yet: add one below." : managersOnly),
    render: (list) => body.replaceChildren(...list.map((r) => el("tr", {},
      el("th", { scope: "row" }, r.id, r.enabled ? "" : el("span", { class: "sub" }, " (off)")), el("td", {}, kinds[r.kind] ?? r.kind),
      el("td", {}, scopeText(r.scope)), el("td", {}, condition(r)), el("td", {}, r.deliveries.map(deliveryText).join("; ") || "none"),
      el("td", {},
        el("button", { type: "button", class: "small", onclick: () => edit(r) }, `Edit ${r.id}`), " ",
        el("button", { type: "button", class: "small", onclick: () => test(r) }, `Send a test for ${r.id}`), " ",
        el("button", { type: "button", class: "small", onclick: () => deliveries(r.id) }, `Deliveries of ${r.id}`), " ",
        el("button", { type: "button", class: "small", onclick: () => remove(r) }, `Delete ${r.id}`))))),
  });
}

function history() {
  const body = document.getElementById("alert-history");
  return loadPanel(body, () => api("/api/asteroid/admin/alert-history?limit=50").catch((error) => { if (forbidden(error)) { return null; } throw error; }), {
    isEmpty: (events) => !events || events.length === 0, empty: (events) => (events ? "Nothing has fired yet." : managersOnly),
    render: (events) => body.replaceChildren(...events.map((e) => el("tr", {},
      el("td", {}, fmt.dateTime(e.at)), el("td", {}, e.ruleId), el("td", {}, e.subject),
      el("td", {}, el("span", { class: e.state === "firing" ? "status-bad" : "status-ok" }, e.state)), el("td", {}, e.summary)))),
  });
}

function deliveries(id) {
  document.getElementById("alert-deliveries-rule").textContent = `of ${id}`;
  const body = document.getElementById("alert-deliveries");
  return loadPanel(body, () => api(`/api/asteroid/admin/alerts/${encodeURIComponent(id)}/deliveries`), {
    isEmpty: (list) => list.length === 0, empty: "No deliveries yet.",
    render: (list) => body.replaceChildren(...list.map((d) => {
      const last = d.history[d.history.length - 1];
      const answer = last ? (last.statusCode ? `HTTP ${last.statusCode}` : last.error ?? "") : "";
      return el("tr", {}, el("td", {}, fmt.dateTime(d.createdAt)), el("td", {}, d.channel), el("td", {}, d.target),
        el("td", {}, d.status), el("td", { class: "num" }, fmt.n(d.attempts)), el("td", {}, answer));
    })),
  });
}

let editing = null; // the rule in the form: a scope the picker cannot show (a server or mount) is kept as it is

function edit(r) {
  editing = r;
  const form = document.getElementById("alert-form");
  const value = (id, v) => { document.getElementById(id).value = v ?? ""; };
  value("al-id", r.id);
  value("al-kind", r.kind);
  value("al-scope", r.scope?.station ? `station:${r.scope.station}` : r.scope?.group ? `group:${r.scope.group}` : "");
  value("al-for", r.forSeconds);
  value("al-threshold", r.threshold);
  value("al-direction", r.direction ?? "above");
  value("al-percent", r.percent);
  value("al-quiet", r.quietMinutes);
  setDeliveries(document.getElementById("al-delivery-list"), r.deliveries);
  document.getElementById("al-enabled").checked = r.enabled;
  form.scrollIntoView({ block: "start" });
  document.getElementById("al-id").focus();
}

async function save(e) {
  e.preventDefault();
  const error = document.getElementById("alert-error");
  const saved = document.getElementById("alert-saved");
  error.textContent = ""; saved.textContent = "";
  const v = (id) => document.getElementById(id).value.trim();
  const number = (id) => (v(id) === "" ? null : Number(v(id)));
  const scope = v("al-scope");
  const kept = editing && editing.id === v("al-id") && scope === "" && editing.scope && !editing.scope.station && !editing.scope.group ? editing.scope : null;
  const deliveriesOut = readDeliveries(document.getElementById("al-delivery-list"));
  const body = {
    kind: v("al-kind"),
    ...(kept ? { scope: kept } : scope ? { scope: { [scope.slice(0, scope.indexOf(":"))]: scope.slice(scope.indexOf(":") + 1) } } : {}),
    forSeconds: number("al-for"), quietMinutes: number("al-quiet"), enabled: document.getElementById("al-enabled").checked,
    deliveries: deliveriesOut,
  };
  if (body.kind === "threshold") { body.threshold = number("al-threshold"); body.direction = v("al-direction"); }
  if (body.kind === "audience-drop") { body.percent = number("al-percent"); }
  try {
    await api(`/api/asteroid/admin/alerts/${encodeURIComponent(v("al-id"))}`, { method: "PUT", body });
    saved.textContent = `Saved ${v("al-id")}.`;
    await rules();
  } catch (err) { error.textContent = err.message; }
}

async function test(r) {
  const saved = document.getElementById("alert-saved");
  try {
    await api(`/api/asteroid/admin/alerts/${encodeURIComponent(r.id)}/test`, { method: "POST" });
    saved.textContent = `A test of ${r.id} is on its way to its deliveries.`;
    await deliveries(r.id);
  } catch (err) { document.getElementById("alert-error").textContent = err.message; }
}

async function remove(r) {
  if (!window.confirm(`Delete the rule ${r.id}? Its history goes with it.`)) { return; }
  try {
    await api(`/api/asteroid/admin/alerts/${encodeURIComponent(r.id)}`, { method: "DELETE" });
    document.getElementById("alert-saved").textContent = `Deleted ${r.id}.`;
    await Promise.all([rules(), history()]);
  } catch (err) { document.getElementById("alert-error").textContent = err.message; }
}
