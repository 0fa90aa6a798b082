// Audit analytics charts (Chart.js through PMISCharts); the figures come from a json_script block, never inline
// scripts (CSP), and the series names from data attributes the server translated.
(function () {
  "use strict";
  if (typeof Chart === "undefined" || typeof PMISCharts === "undefined") { return; }
  var el = document.getElementById("audit-analytics-data");
  var names = document.getElementById("audit-analytics-labels");
  if (!el || !names) { return; }
  var charts = JSON.parse(el.textContent);
  var options = { responsive: true, maintainAspectRatio: false, animation: false };
  function draw(id, type, chart, label, color) {
    var canvas = document.getElementById(id);
    if (!canvas || !chart || !chart.labels || !chart.labels.length) { return; }
    PMISCharts.create(canvas, {
      type: type,
      data: { labels: chart.labels, datasets: [{ label: label, data: chart.values, backgroundColor: color, borderColor: color }] },
      options: options
    });
  }
  draw("audit-chart-direction", "bar", charts.direction, names.dataset.score, "#1f5fa8");
  draw("audit-chart-time", "line", charts.time, names.dataset.score, "#198754");
  draw("audit-chart-actions", "bar", charts.actions, names.dataset.open, "#dc3545");
})();
