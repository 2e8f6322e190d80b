// Chart.js helpers with one palette (WCAG contrast on the light card, a lighter twin on the dark one),
// a CSV and a PNG button under every chart, and a redraw when the theme changes.
export const palette = ["#2747a8", "#b3261e", "#126b2f", "#8a4b00", "#6b2fa8", "#00626b", "#555"];
const darkTwin = new Map([["#2747a8", "#8fb0ff"], ["#b3261e", "#ff8a80"], ["#126b2f", "#5cc98a"], ["#8a4b00", "#f0b45a"],
  ["#6b2fa8", "#c9a3ff"], ["#00626b", "#4fd1db"], ["#555", "#b8bec6"]]);
const charts = new Map(); // canvas id → { chart, config }

const dark = () => document.documentElement.dataset.theme === "dark";
const tone = (c) => (dark() ? darkTwin.get(c) ?? c : c);
const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function themed(config) {
  const datasets = config.data.datasets.map((d) => ({ ...d, borderColor: tone(d.borderColor), backgroundColor: tone(d.backgroundColor) }));
  return { ...config, data: { ...config.data, datasets } };
}

function create(canvasId, config) {
  Chart.defaults.color = cssVar("--muted") || "#4d5561";
  Chart.defaults.borderColor = cssVar("--grid") || "rgba(0,0,0,.1)";
  const t = themed(config);
  // On a phone a chart is taller than wide-screen proportions would make it, and its date labels lie
  // flat and fewer, so the plot keeps most of the height.
  const narrow = phone.matches;
  const { phoneTicks = 3, ...options } = t.options || {}; // three "2026-11-19" fit beside two y axes
  const x = narrow ? { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: phoneTicks } } : {};
  return new Chart(document.getElementById(canvasId), {
    ...t,
    options: {
      responsive: true, animation: false, maintainAspectRatio: true, aspectRatio: narrow ? 1.2 : 2,
      plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: tooltipLabel } } },
      ...options,
      scales: { ...(options.scales || {}), x: { ...x, ...(options.scales?.x || {}) } },
    },
  });
}

// A chart made on a wide screen is made again when the window becomes phone-sized, and back.
const phone = window.matchMedia("(max-width: 599px)");
phone.addEventListener("change", () => redrawAll());

const decimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A tooltip line: the series (without its period in brackets), the point's own date when the series
 * is another period's, and the value rounded, in the unit of its axis ("previous period (2026-11-03): 12.5 hours"). */
function tooltipLabel(item) {
  const d = item.dataset;
  const name = String(d.label ?? "").replace(/\s*\(.*\)$/, "");
  const date = d.dates?.[item.dataIndex];
  const horizontal = item.chart.options.indexAxis === "y";
  const value = item.parsed[horizontal ? "x" : "y"];
  const unit = item.chart.options.scales?.[horizontal ? "x" : d.yAxisID || "y"]?.title?.text || "";
  return `${name}${date && date !== item.label ? ` (${date})` : ""}: ${decimals.format(value ?? 0)}${unit ? ` ${unit}` : ""}`;
}

export function draw(canvasId, config) {
  charts.get(canvasId)?.chart.destroy();
  const chart = create(canvasId, config);
  charts.set(canvasId, { chart, config });
  downloads(canvasId);
  return chart;
}

/** Draws every chart again in the colours of the current theme. */
export function redrawAll() {
  for (const [id, entry] of charts) {
    entry.chart.destroy();
    entry.chart = create(id, entry.config);
  }
}

export function line(label, data, color, dashed = false) {
  return { label, data, borderColor: color, backgroundColor: color, borderDash: dashed ? [6, 4] : [], pointRadius: 2, tension: 0.2 };
}

/** Chart options naming the unit of the y axis and, when given, of a second y axis on the right
 * (series drawn on it say `yAxisID: "y1"`): minutes never share an axis with listeners. */
export function units(y, y1) {
  const axis = (text, position) => ({ position, beginAtZero: true, title: { display: true, text } });
  return { scales: { y: axis(y, "left"), ...(y1 ? { y1: { ...axis(y1, "right"), grid: { drawOnChartArea: false } } } : {}) } };
}

export function bar(label, data, color) {
  return { label, data, backgroundColor: color };
}

/** The chart's name for buttons and files: its figure caption, its aria-label or its id. */
function nameOf(canvas) {
  return (canvas.closest("figure")?.querySelector("figcaption")?.textContent || canvas.getAttribute("aria-label") || canvas.id).trim();
}

function fileName(canvas, ext) {
  const query = new URLSearchParams(location.hash.split("?")[1] || "");
  const period = query.get("from") && query.get("to") ? `-${query.get("from")}-${query.get("to")}` : "";
  return `${canvas.id.replace(/^chart-/, "")}${period}.${ext}`;
}

const quote = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));

/** The chart's data as CSV: one row per label, one column per series. */
export function chartCsv(canvasId) {
  const { data } = charts.get(canvasId).config;
  const rows = [["label", ...data.datasets.map((d) => d.label)]];
  data.labels.forEach((label, i) => rows.push([label, ...data.datasets.map((d) => d.data[i] ?? "")]));
  return rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A CSV and a PNG button under the chart, added once. */
function downloads(canvasId) {
  const canvas = document.getElementById(canvasId);
  if (canvas.dataset.downloads) { return; }
  canvas.dataset.downloads = "yes";
  const name = nameOf(canvas);
  const button = (text, label, onclick) => {
    const b = document.createElement("button");
    Object.assign(b, { type: "button", className: "small secondary", textContent: text });
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onclick);
    return b;
  };
  const tools = document.createElement("div");
  tools.className = "chart-tools";
  tools.append(
    button("CSV", `Download “${name}” as CSV`, () => save(new Blob([chartCsv(canvasId)], { type: "text/csv" }), fileName(canvas, "csv"))),
    button("PNG", `Download “${name}” as PNG`, () => {
      const out = document.createElement("canvas"); // the card's colour behind the chart: a PNG is not transparent
      out.width = canvas.width;
      out.height = canvas.height;
      const g = out.getContext("2d");
      g.fillStyle = cssVar("--card") || "#fff";
      g.fillRect(0, 0, out.width, out.height);
      g.drawImage(canvas, 0, 0);
      out.toBlob((blob) => save(blob, fileName(canvas, "png")), "image/png");
    }));
  canvas.after(tools);
}
