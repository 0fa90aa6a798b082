// Monitoring charts (Chart.js). Data and translated labels come from json_script blocks (CSP: no inline scripts).
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  if (typeof Chart === "undefined" || typeof PMISCharts === "undefined") { return; }
  var labels = data("monitoring-labels") || {};
  var colors = { plan: "#0d6efd", actual: "#198754", working: "#6c757d", green: "#198754", amber: "#fd7e14", red: "#dc3545" };

  function trend(chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) { return; }
    PMISCharts.create(canvas, {
      type: "line",
      data: {
        labels: chart.labels,
        datasets: [
          { label: labels.plan, data: chart.plan, borderColor: colors.plan, borderDash: [6, 4], spanGaps: true },
          { label: labels.actual, data: chart.actual, borderColor: colors.actual, spanGaps: false },
          { label: labels.working, data: chart.working, borderColor: colors.working, pointStyle: "triangle", showLine: false }
        ]
      },
      options: { maintainAspectRatio: false, interaction: { mode: "index", intersect: false } }
    });
  }

  (data("monitoring-trends") || []).forEach(trend);
  var single = data("monitoring-trend");
  if (single) { trend(single); }

  var dist = data("monitoring-distribution");
  var distCanvas = document.getElementById("rag-distribution");
  if (dist && distCanvas) {
    PMISCharts.create(distCanvas, {
      type: "bar",
      data: {
        labels: dist.labels,
        datasets: ["green", "amber", "red"].map(function (k) {
          return { label: labels[k], data: dist[k], backgroundColor: colors[k] };
        })
      },
      options: {
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
        plugins: { tooltip: { callbacks: { title: function (items) { return dist.titles[items[0].dataIndex]; } } } }
      }
    });
  }

  var curve = data("monitoring-budget");
  var curveCanvas = document.getElementById("budget-curve");
  if (curve && curveCanvas) {
    PMISCharts.create(curveCanvas, {
      type: "line",
      data: {
        labels: curve.labels,
        datasets: [
          { label: labels.cash_plan, data: curve.plan, borderColor: colors.plan, borderDash: [6, 4] },
          { label: labels.paid, data: curve.paid, borderColor: colors.actual }
        ]
      },
      options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }
    });
  }
})();
