// The dashboard: sign-in, then one section per page chosen by the URL hash.
import { api, apiKey, AuthError, el, forgetKey, token } from "./api.js";
import * as live from "./live.js";
import * as trends from "./trends.js";
import * as audience from "./audience.js";
import * as geography from "./geography.js";
import * as tracks from "./tracks.js";
import * as shows from "./shows.js";
import * as royalties from "./royalties.js";
import * as alerts from "./alerts.js";
import * as exporter from "./export.js";
import { redrawAll } from "./charts.js";
import { loadPanel } from "./panel.js";
import { wireTheme } from "./theme.js";
import { showKeys, showServers, showUsers, wireKeyForm, wireServerForms, wireUserForm } from "./admin.js";

function showAbout() {
  const row = (term, value) => [el("dt", {}, term), el("dd", {}, value)];
  const box = document.getElementById("about");
  return loadPanel(box, () => api("/api/asteroid/about"), {
    render: (about) => box.replaceChildren(...row("Version", about.version),
      ...row("GeoIP", about.geoIp.enabled ? about.geoIp.databaseTypes.join(", ") : "no database configured: countries and cities are unknown"),
      ...(about.geoIp.attribution ? row("Attribution", about.geoIp.attribution) : [])),
  });
}

const pages = { about: showAbout, live: live.show, trends: trends.show, audience: audience.show, geography: geography.show, tracks: tracks.show, shows: shows.show, royalties: royalties.show, alerts: alerts.show, servers: showServers, export: exporter.show, keys: showKeys, users: showUsers };
const adminPages = new Set(["servers", "keys", "users"]);
let role = null;

async function route() {
  const name = (location.hash.slice(1).split("?")[0]) || "live";
  const page = pages[name] && (role === "admin" || !adminPages.has(name)) ? name : "live";
  for (const section of document.querySelectorAll(".page")) { section.hidden = section.id !== `page-${page}`; }
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.getAttribute("href") === `#${page}`) { link.setAttribute("aria-current", "page"); } else { link.removeAttribute("aria-current"); }
  }
  try {
    await pages[page]();
  } catch (error) {
    if (error instanceof AuthError) { signIn(); } else { console.warn(error); }
  }
}

// On a phone the page links sit behind the "Pages" button (app.css shows it under 700 px): it opens
// them as a list, a chosen page or Escape closes it, and the focus goes back to the button.
const header = document.querySelector("header.top");
const menu = document.getElementById("menu");
function openMenu(open) {
  header.classList.toggle("menu-open", open);
  menu.setAttribute("aria-expanded", String(open));
}
menu.addEventListener("click", () => {
  const open = !header.classList.contains("menu-open");
  openMenu(open);
  if (open) { document.querySelector("#nav a[aria-current='page']")?.focus(); }
});
document.getElementById("nav").addEventListener("click", (e) => { if (e.target.closest("a")) { openMenu(false); } });
header.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && header.classList.contains("menu-open")) { openMenu(false); menu.focus(); }
});

function signIn(message = "") {
  document.getElementById("nav").hidden = true;
  menu.hidden = true;
  for (const section of document.querySelectorAll(".page")) { section.hidden = true; }
  document.getElementById("login").hidden = false;
  document.getElementById("login-error").textContent = message;
  document.getElementById("login-user").focus();
}

async function start() {
  let me;
  try {
    me = await api("/api/asteroid/auth/me");
  } catch (error) {
    if (!(error instanceof AuthError)) { throw error; }
  }
  if (!me?.user) {
    if (apiKey()) { forgetKey(); signIn("That API key was not accepted."); } else { signIn(); }
    return;
  }
  document.getElementById("login").hidden = true;
  role = me.role;
  document.body.dataset.role = role; // pages that offer admin-only details read it
  for (const link of document.querySelectorAll("#nav a[data-admin]")) { link.hidden = role !== "admin"; } // managers and viewers: their stations' reports
  document.getElementById("nav").hidden = false;
  menu.hidden = false;
  const about = await api("/api/asteroid/about");
  document.getElementById("attribution").textContent = about.geoIp.attribution || ""; // DB-IP's licence asks for it where its data shows
  await route();
}

document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const response = await fetch("/api/asteroid/auth/login", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": await token(true) },
    body: JSON.stringify({ user: document.getElementById("login-user").value, password: document.getElementById("login-password").value }),
  });
  if (response.ok) {
    await token(true); // a new token goes with the signed-in identity
    document.getElementById("login-password").value = "";
    await start();
  } else {
    const problem = await response.json().catch(() => ({}));
    document.getElementById("login-error").textContent = problem.title === "Too many failed sign-ins" ? `${problem.title}. ${problem.detail}` : "Wrong user name or password.";
  }
});

document.getElementById("logout").addEventListener("click", async () => {
  forgetKey();
  await api("/api/asteroid/auth/logout", { method: "POST" }).catch(() => {});
  location.hash = "";
  location.reload();
});

wireTheme(document.getElementById("theme"), () => { redrawAll(); window.dispatchEvent(new Event("asteroid:theme")); }); // charts, map and heatmap repaint
wireServerForms(showServers);
wireKeyForm();
wireUserForm();
window.addEventListener("hashchange", route);
start();
