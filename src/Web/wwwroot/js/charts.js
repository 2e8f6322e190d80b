// Chart.js helpers with one palette; colours pass WCAG contrast on white.
export const palette = ["#2747a8", "#b3261e", "#126b2f", "#8a4b00", "#6b2fa8", "#00626b", "#555"];
const charts = new Map();

export function draw(canvasId, config) {
  charts.get(canvasId)?.destroy();
  const chart = new Chart(document.getElementById(canvasId), {
    ...config,
    options: { responsive: true, animation: false, maintainAspectRatio: true, plugins: { legend: { position: "bottom" } }, ...(config.options || {}) },
  });
  charts.set(canvasId, chart);
  return chart;
}

export function line(label, data, color, dashed = false) {
  return { label, data, borderColor: color, backgroundColor: color, borderDash: dashed ? [6, 4] : [], pointRadius: 2, tension: 0.2 };
}

export function bar(label, data, color) {
  return { label, data, backgroundColor: color };
}
