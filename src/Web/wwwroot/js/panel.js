// Every panel of the dashboard (a chart, a table, the map, a block of KPIs) loads through here, so
// each one has the same three states besides its content:
// - loading: while its request runs it says "Loading…" and hides what it showed before (a table's
//   rows go, a chart or KPI block is hidden in place), so old figures never sit under new dates;
// - empty: an answer with nothing in it is said in words, not drawn as empty axes;
// - error: a refused request names the problem with the API's ProblemDetails (title, detail, the
//   fields' errors); only when the service cannot be reached or fails does it say to check it.
// A later load of the same panel wins: an answer that arrives after a newer request is dropped.
import { ApiError, AuthError, el } from "./api.js";

const latest = new WeakMap(); // panel element → the token of its newest load

/** The words of a failed request. */
export function problemText(error) {
  if (error instanceof ApiError && error.status < 500) { return `Not shown: ${error.message}`; }
  if (error instanceof ApiError) { return `The service failed to answer (HTTP ${error.status}${error.message && error.message !== String(error.status) ? `: ${error.message}` : ""}). Try again; if it persists, see the service's log.`; }
  return `Could not reach the service (${error.message}). Check it is running and try again.`;
}

const columns = (tbody) => tbody.closest("table")?.querySelector("thead tr")?.children.length || 1;

/** Puts a panel in a state: "loading", "empty" or "error" with its words (a string or nodes), or "ready". */
export function setState(element, state, words = "") {
  element.dataset.state = state;
  if (state === "loading") { element.setAttribute("aria-busy", "true"); } else { element.removeAttribute("aria-busy"); }
  const role = state === "error" ? "alert" : "status";
  const cls = `panel-state ${state === "error" ? "error" : "help"}`;
  if (element.tagName === "TBODY") { // a table keeps its header; its rows become the one line of the state
    if (state !== "ready") {
      element.replaceChildren(el("tr", { class: "panel-state-row" }, el("td", { colspan: String(columns(element)), class: cls, role }, words)));
    }
    return;
  }
  let note = element.querySelector(":scope > .panel-state");
  if (state === "ready") { note?.remove(); return; }
  if (!note) {
    note = el("div");
    const caption = element.querySelector(":scope > figcaption");
    if (caption) { caption.after(note); } else { element.prepend(note); }
  }
  note.className = cls;
  note.setAttribute("role", role);
  note.replaceChildren(...[words].flat());
}

/**
 * Loads data for one or more panels and draws each one:
 * panels = [{ element, render(data), isEmpty(data), empty: words or (data) => words, keep, refresh }]
 * (`keep`: the panel is drawn under its empty words too, e.g. a map of grey countries; `refresh`: the
 * same view fetched again after a push, so a drawn panel stays as it is until the answer comes).
 * Answers the data, or null when the request failed or a newer load of these panels took over.
 */
export async function loadPanels(panels, load) {
  const token = {};
  for (const p of panels) {
    latest.set(p.element, token);
    if (!(p.refresh && p.element.dataset.state === "ready")) { setState(p.element, "loading", "Loading…"); }
  }
  let data;
  try {
    data = await load();
  } catch (error) {
    if (error instanceof AuthError) { throw error; }
    for (const p of panels) { if (latest.get(p.element) === token) { setState(p.element, "error", problemText(error)); } }
    return null;
  }
  const current = panels.filter((p) => latest.get(p.element) === token);
  for (const p of current) {
    const empty = p.isEmpty?.(data) ?? false;
    if (p.keep) { p.element.dataset.keep = ""; } else { delete p.element.dataset.keep; }
    try {
      if (!empty || p.keep) {
        setState(p.element, "ready"); // shown before drawing: a chart sizes itself to its visible canvas
        p.render?.(data);
      }
      if (empty) { setState(p.element, "empty", typeof p.empty === "function" ? p.empty(data) : p.empty ?? "Nothing to show."); }
    } catch (error) {
      setState(p.element, "error", `Could not draw this: ${error.message}`);
      console.error(error); // a bug of the page, not of the data: the browser tests fail on it
    }
  }
  return current.length > 0 ? data : null;
}

/** loadPanels for a single panel. */
export function loadPanel(element, load, options) {
  return loadPanels([{ element, ...options }], load);
}
