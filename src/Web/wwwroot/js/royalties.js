// Royalties: a station's SoundExchange month (Report of Use, ATH), PPL figures, unmatched plays, and the files.
import { api, apiKey, el, fmt, listOrSay, stations } from "./api.js";
import { loadPanels } from "./panel.js";

let started = false;

export async function show() {
  if (started) { return; }
  started = true;
  const form = document.getElementById("royalties-form");
  const list = await listOrSay(form, stations);
  if (!list) { started = false; return; } // asked again on the next visit
  const select = el("select", { id: "royalties-station" }, list.map((s) => el("option", { value: s.id }, s.name)));
  const last = new Date(); last.setUTCDate(1); last.setUTCMonth(last.getUTCMonth() - 1);
  const month = el("input", { id: "royalties-month", type: "month", required: "", value: last.toISOString().slice(0, 7) });
  form.replaceChildren(el("label", { for: select.id }, "Station", select), el("label", { for: month.id }, "Month", month),
    el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => { e.preventDefault(); load(select.value, month.value); });
  if (list.length === 0) { form.append(el("p", { class: "help" }, "No stations yet.")); return; }
  await load(select.value, month.value);
}

const num = (v, digits = 4) => new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(v ?? 0);
const name = (p) => (p.artist ? `${p.artist} – ${p.title}` : p.title);

function load(station, month) {
  const q = `station=${encodeURIComponent(station)}&month=${month}`;
  const [y, m] = month.split("-").map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const totals = document.getElementById("royalties-totals");
  const rows = document.getElementById("royalties-rows");
  const countries = document.getElementById("royalties-countries");
  const unmatchedBody = document.getElementById("royalties-unmatched");
  const item = (label, value) => [el("dt", {}, label), el("dd", {}, value)];
  return loadPanels([
    { element: totals, render: ({ sx, ppl }) => totals.replaceChildren(el("dl", { class: "totals" },
      item("Name of service", `${sx.nameOfService} (category ${sx.transmissionCategory ?? "not set"})`),
      item("Actual total performances (US)", fmt.n(sx.actualTotalPerformances)),
      item("ATH (US, less direct licences and non-music)", num(sx.ath.aggregateTuningHours)),
      item("US listener hours / directly licensed / non-music", `${num(sx.ath.usListenerHours)} / ${num(sx.ath.directlyLicensedHours)} / ${num(sx.ath.nonMusicHours)}`),
      item("Plays / non-music / unmatched", `${fmt.n(sx.plays)} / ${fmt.n(sx.nonMusicPlays)} / ${fmt.n(sx.unmatchedPlays)}`),
      item("PPL listener hours (all countries)", num(ppl.totalListenerHours)),
      item("PPL tracks per hour / performances", `${num(ppl.averageTracksPerHour)} / ${num(ppl.performances, 2)}`)),
      el("p", { class: "help" }, sx.ath.howComputed),
      ...sx.warnings.map((w) => el("p", { class: "help", role: "status" }, w)),
      el("p", {}, download(`/api/asteroid/reports/soundexchange?${q}&format=txt`, sx.fileName, "Report of Use (SoundExchange text)"), " ",
        download(`/api/asteroid/reports/soundexchange?${q}&format=csv`, sx.fileName.replace(/\.txt$/, ".csv"), "Report of Use (CSV)"))) },
    { element: rows, isEmpty: ({ sx }) => sx.rows.length === 0, empty: "No music plays in this month.",
      render: ({ sx }) => rows.replaceChildren(...sx.rows.map((r) => el("tr", {}, el("td", {}, r.featuredArtist), el("td", {}, r.soundRecordingTitle), el("td", {}, r.isrc ?? ""),
        el("td", {}, [r.albumTitle, r.marketingLabel].filter(Boolean).join(" / ")), el("td", { class: "num" }, fmt.n(r.actualTotalPerformances))))) },
    { element: countries, isEmpty: ({ ppl }) => ppl.countries.length === 0, empty: "No listening in this month.",
      render: ({ ppl }) => countries.replaceChildren(...ppl.countries.map((c) => el("tr", {},
        el("td", {}, c.country ?? "unknown"), el("td", { class: "num" }, num(c.listenerHours)), el("td", { class: "num" }, `${num(c.percent, 2)} %`)))) },
    { element: unmatchedBody, isEmpty: ({ unmatched }) => unmatched.plays.length === 0, empty: "No unmatched plays in this month.",
      render: ({ sx, unmatched }) => unmatchedBody.replaceChildren(...unmatched.plays.map((p) => el("tr", {}, el("td", {}, fmt.dateTime(p.startedAt, sx.timeZone)), el("td", {}, name(p)),
        el("td", {}, p.kind), el("td", { class: "num" }, fmt.n(p.usListeners))))) },
  ], async () => {
    const [sx, ppl, unmatched] = await Promise.all([api(`/api/asteroid/reports/soundexchange?${q}`),
      api(`/api/asteroid/reports/ppl?station=${encodeURIComponent(station)}&from=${month}-01&to=${month}-${String(lastDay).padStart(2, "0")}`),
      api(`/api/asteroid/reports/unmatched?${q}`)]);
    return { sx, ppl, unmatched };
  });
}

// A download through fetch, so an API key (header) works as well as the cookie.
function download(path, fileName, label) {
  return el("button", { type: "button", onclick: async () => {
    const headers = apiKey() ? { "X-Api-Key": apiKey() } : {};
    const response = await fetch(path, { headers, credentials: "same-origin" });
    if (!response.ok) { return; }
    const url = URL.createObjectURL(await response.blob());
    const a = el("a", { href: url, download: fileName });
    document.body.append(a); a.click(); a.remove();
    URL.revokeObjectURL(url);
  } }, label);
}
