// Servers & stations (add, edit, mount status and last error, hook snippet), API keys and users (admins only).
import { api, el, fmt } from "./api.js";
import { loadPanel, loadPanels } from "./panel.js";

export function showServers() {
  return loadPanels([
    { element: document.getElementById("server-list"), isEmpty: (d) => d.servers.length === 0, empty: "No Icecast server yet: add one below.", render: serverCards },
    { element: document.getElementById("station-list"), isEmpty: (d) => d.explicit.length === 0, keep: true, // the mounts to tick are offered all the same
      empty: "No station of its own yet: each server counts as one. Add a station below to group mounts.", render: stationCards },
  ], async () => {
    const [servers, current, explicit] = await Promise.all([api("/api/asteroid/admin/servers"), api("/api/asteroid/stats/current"), api("/api/asteroid/admin/stations")]);
    return { servers, current, explicit };
  });
}

function serverCards({ servers, current }) {
  document.getElementById("server-list").replaceChildren(...servers.map((s) => el("div", { class: "card" },
      el("h3", {}, `${s.id} `, el("span", { class: "sub" }, s.baseUrl)),
      el("p", { class: s.status === "ok" ? "status-ok" : "status-bad" }, `Discovery: ${s.status}${s.statusDetail ? ` — ${s.statusDetail}` : ""}`),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Mount"), el("th", { class: "num" }, "Listeners"), el("th", {}, "Status"), el("th", {}, "Last poll"))),
        el("tbody", {}, current.mounts.filter((m) => m.server === s.id).map((m) => el("tr", {}, el("td", {}, m.mount), el("td", { class: "num" }, fmt.n(m.listeners)),
          el("td", { class: m.status === "ok" ? "status-ok" : "status-bad" }, m.statusDetail ? `${m.status} — ${m.statusDetail}` : m.status), el("td", {}, fmt.time(m.lastPolledAt)))))),
      el("button", { type: "button", class: "small", onclick: () => edit(s) }, `Edit ${s.id}`), " ",
      el("button", { type: "button", class: "small", onclick: (e) => hook(s.id, e.target.parentElement) }, "Hook configuration"), " ",
      el("button", { type: "button", class: "small danger", onclick: () => remove(`server ${s.id} (its history stays)`, `/api/asteroid/admin/servers/${encodeURIComponent(s.id)}`, "server-saved") }, `Delete ${s.id}`),
      el("div", { class: "hook" }))));
}

function stationCards({ current, explicit }) {
  document.getElementById("station-list").replaceChildren(...explicit.map((st) => el("div", { class: "card" },
    el("h3", {}, `${st.name} `, el("span", { class: "sub" }, `${st.id}, ${st.timeZone}`)),
    el("p", {}, st.mounts.map((m) => `${m.server}${m.mount}`).join(", ") || "no mounts"),
    st.rebuilding ? el("p", { class: "help", role: "status" }, `Rebuilding history: ${st.rebuilding.done} of ${st.rebuilding.total} days`) : "",
    el("button", { type: "button", class: "small", onclick: () => editStation(st) }, `Edit ${st.name}`), " ",
    el("button", { type: "button", class: "small danger", onclick: () => remove(`station ${st.name} (its mounts count in their server's station again)`, `/api/asteroid/admin/stations/${encodeURIComponent(st.id)}`, "station-saved") }, `Delete ${st.name}`))));
  // Every mount a poll lists, and every mount a station has even while it is offline: a mount that
  // is not offered here would be dropped from the station when the form is saved.
  const all = [...new Set([...current.mounts.map((m) => `${m.server}${m.mount}`), ...explicit.flatMap((st) => st.mounts.map((m) => `${m.server}${m.mount}`))])].sort();
  const ticked = new Set([...document.querySelectorAll("#st-mounts input:checked")].map((box) => box.value));
  document.getElementById("st-mounts").replaceChildren(...(all.length === 0 ? [el("p", { class: "help" }, "Mounts appear here once a server is polled.")]
    : all.map((id, i) => el("label", { class: "check" }, el("input", { type: "checkbox", value: id, id: `st-mount-${i}`, ...(ticked.has(id) ? { checked: "" } : {}) }), id))));
  const editing = explicit.find((st) => st.id === document.getElementById("st-id").value);
  if (editing && ticked.size === 0) { tick(editing); }
  const zones = document.getElementById("zones");
  if (zones.childElementCount === 0 && Intl.supportedValuesOf) { zones.replaceChildren(...Intl.supportedValuesOf("timeZone").map((z) => el("option", { value: z }))); }
}

function edit(server) {
  document.getElementById("sv-id").value = server.id;
  document.getElementById("sv-url").value = server.baseUrl;
  document.getElementById("sv-user").value = server.adminUser;
  document.getElementById("sv-password").value = "";
  document.getElementById("sv-poll").value = server.pollIntervalSeconds;
  document.getElementById("sv-enabled").checked = server.enabled;
  document.getElementById("sv-url").focus();
}

function editStation(station) {
  document.getElementById("st-id").value = station.id;
  document.getElementById("st-name").value = station.name;
  document.getElementById("st-zone").value = station.timeZone;
  tick(station);
  document.getElementById("station-saved").textContent = "";
  document.getElementById("st-name").focus();
}

function tick(station) {
  const chosen = new Set(station.mounts.map((m) => `${m.server}${m.mount}`));
  document.querySelectorAll("#st-mounts input").forEach((box) => { box.checked = chosen.has(box.value); });
}

async function remove(what, path, status) {
  if (!window.confirm(`Delete ${what}?`)) { return; }
  try {
    await api(path, { method: "DELETE" });
    document.getElementById(status).textContent = "Deleted.";
    await showServers();
  } catch (err) { document.getElementById(status).textContent = err.message; }
}

// The hook snippet once per card (a second click shows it again, not twice), with a copy button
// that says what happened (the clipboard API needs https or localhost; elsewhere the text is selected).
async function hook(id, card) {
  const config = await api(`/api/asteroid/admin/servers/${encodeURIComponent(id)}/hook`);
  const pre = el("pre", { class: "snippet", tabindex: "0" }, config.removeOnlyXml);
  card.querySelector(".hook").replaceChildren(el("p", { class: "help" }, config.warning), pre, ...copyButton(config.removeOnlyXml, pre));
  card.dataset.hookShown = String(Number(card.dataset.hookShown ?? 0) + 1); // how often it was shown (tests wait on it)
}

export function wireServerForms(refresh) {
  document.getElementById("server-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const error = document.getElementById("server-error");
    const password = document.getElementById("sv-password").value;
    try {
      await api(`/api/asteroid/admin/servers/${encodeURIComponent(document.getElementById("sv-id").value)}`, { method: "PUT", body: {
        baseUrl: document.getElementById("sv-url").value, adminUser: document.getElementById("sv-user").value,
        adminPassword: password === "" ? undefined : password, pollIntervalSeconds: Number(document.getElementById("sv-poll").value),
        enabled: document.getElementById("sv-enabled").checked } });
      error.textContent = "";
      document.getElementById("server-saved").textContent = `Saved server ${document.getElementById("sv-id").value}.`;
      e.target.reset();
      await refresh();
    } catch (err) { error.textContent = err.message; }
  });
  document.getElementById("station-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const error = document.getElementById("station-error");
    const mounts = [...document.querySelectorAll("#st-mounts input:checked")].map((box) => {
      const slash = box.value.indexOf("/");
      return { server: box.value.slice(0, slash), mount: box.value.slice(slash) };
    });
    try {
      await api(`/api/asteroid/admin/stations/${encodeURIComponent(document.getElementById("st-id").value)}`, { method: "PUT", body: {
        name: document.getElementById("st-name").value, timeZone: document.getElementById("st-zone").value, mounts } });
      error.textContent = "";
      await refresh(); // the form keeps the saved station and its mounts ticked: saving again changes nothing
      document.getElementById("station-saved").textContent = `Saved station ${document.getElementById("st-name").value} with ${mounts.length} mount${mounts.length === 1 ? "" : "s"}.`;
    } catch (err) { error.textContent = err.message; }
  });
}

const list = (text) => text.split(",").map((x) => x.trim()).filter((x) => x !== "");
const grants = (items) => (items && items.length > 0 ? items.join(", ") : "—");

export function showKeys() {
  const body = document.getElementById("keys");
  return loadPanel(body, () => api("/api/asteroid/admin/api-keys"), {
    isEmpty: (keys) => keys.length === 0, empty: "No key created here yet (keys from configuration are not listed).",
    render: (keys) => body.replaceChildren(...keys.map((k) => el("tr", {}, el("td", {}, k.name), el("td", {}, k.role), el("td", {}, grants(k.stations)), el("td", {}, grants(k.groups)),
      el("td", {}, fmt.dateTime(k.createdAt)),
      el("td", {}, el("button", { type: "button", class: "small danger", onclick: () => revoke(k) }, `Revoke ${k.name}`))))),
  });
}

async function revoke(k) {
  if (!window.confirm(`Revoke the key ${k.name}? Services using it stop at once.`)) { return; }
  const status = document.getElementById("key-error");
  try {
    await api(`/api/asteroid/admin/api-keys/${k.id}`, { method: "DELETE" });
    document.getElementById("new-key").replaceChildren(`Revoked ${k.name}.`);
    status.textContent = "";
  } catch (err) { status.textContent = err.message; }
  await showKeys();
}

/** A "Copy" button for `text` that says what happened: the clipboard API needs https or localhost;
 * elsewhere (or when the browser refuses) the text of `select` is selected for Ctrl+C. */
export function copyButton(text, select, label = "Copy") {
  const said = el("span", { class: "help", role: "status" });
  const button = el("button", { type: "button", class: "small", onclick: async () => {
    try {
      await navigator.clipboard.writeText(text);
      said.textContent = " Copied.";
    } catch {
      window.getSelection().selectAllChildren(select);
      said.textContent = " Selected: press Ctrl+C (the browser allows copying only on https or localhost).";
    }
  } }, label);
  return [button, said];
}

export function wireKeyForm() {
  document.getElementById("key-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const error = document.getElementById("key-error");
    try {
      const created = await api("/api/asteroid/admin/api-keys", { method: "POST", body: {
        name: document.getElementById("key-name").value, role: document.getElementById("key-role").value,
        stations: list(document.getElementById("key-stations").value), groups: list(document.getElementById("key-groups").value) } });
      const secret = el("code", { class: "secret" }, created.key);
      document.getElementById("new-key").replaceChildren(`New key for ${created.name} (copy it now, it is not shown again): `, secret, " ",
        ...copyButton(created.key, secret, "Copy the key"));
      error.textContent = "";
      e.target.reset();
      await showKeys();
    } catch (err) { error.textContent = err.message; }
  });
}

export function showUsers() {
  const body = document.getElementById("users");
  return loadPanel(body, () => api("/api/asteroid/admin/users"), {
    isEmpty: (users) => users.length === 0, empty: "No user yet besides the admins from configuration.",
    render: (users) => body.replaceChildren(...users.map((u) => el("tr", {}, el("td", {}, u.name), el("td", {}, u.role), el("td", {}, grants(u.stations)), el("td", {}, grants(u.groups)),
      el("td", {},
        el("button", { type: "button", class: "small", onclick: () => editUser(u) }, `Edit ${u.name}`), " ",
        el("button", { type: "button", class: "small", onclick: async () => { if (window.confirm(`Delete the user ${u.name}?`)) { await api(`/api/asteroid/admin/users/${encodeURIComponent(u.name)}`, { method: "DELETE" }); await showUsers(); } } }, `Delete ${u.name}`))))),
  });
}

function editUser(user) {
  document.getElementById("us-name").value = user.name;
  document.getElementById("us-role").value = user.role;
  document.getElementById("us-stations").value = user.stations.join(", ");
  document.getElementById("us-groups").value = user.groups.join(", ");
  document.getElementById("us-password").value = "";
  document.getElementById("us-role").focus();
}

export function wireUserForm() {
  document.getElementById("user-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const error = document.getElementById("user-error");
    const password = document.getElementById("us-password").value;
    try {
      await api(`/api/asteroid/admin/users/${encodeURIComponent(document.getElementById("us-name").value)}`, { method: "PUT", body: {
        role: document.getElementById("us-role").value, stations: list(document.getElementById("us-stations").value),
        groups: list(document.getElementById("us-groups").value), password: password === "" ? undefined : password } });
      error.textContent = "";
      e.target.reset();
      await showUsers();
    } catch (err) { error.textContent = err.message; }
  });
}
