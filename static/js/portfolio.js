// Portfolio charts (Chart.js). Data and server-formatted labels come from json_script blocks (CSP: no inline scripts).
(function () {
  "use strict";
  if (typeof Chart === "undefined" || typeof PMISCharts === "undefined") { return; }
  var el = document.getElementById("portfolio-direction-chart");
  if (!el) { return; }
  var data = JSON.parse(el.textContent);
  var ragColors = { red: "#b02a37", amber: "#ffc107", green: "#1e7b34", none: "#6c757d" };
  function make(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { PMISCharts.create(canvas, config); }
  }
  make("pf-stage", {
    type: "bar",
    data: { labels: data.stage.labels, datasets: [{ label: data.legend.projects, data: data.stage.values, backgroundColor: "#0d6efd" }] },
    options: { maintainAspectRatio: false, indexAxis: "y", plugins: { legend: { display: false } } }
  });
  make("pf-rag", {
    type: "doughnut",
    data: { labels: data.rag.labels, datasets: [{ data: data.rag.values, backgroundColor: data.rag.keys.map(function (k) { return ragColors[k]; }) }] },
    options: { maintainAspectRatio: false }
  });
  make("pf-budget", {
    type: "bar",
    data: {
      labels: data.budget.labels,
      datasets: [
        { label: data.legend.plan, data: data.budget.plan, backgroundColor: "#0d6efd" },
        { label: data.legend.allocated, data: data.budget.allocated, backgroundColor: "#fd7e14" },
        { label: data.legend.disbursed, data: data.budget.disbursed, backgroundColor: "#198754" }
      ]
    },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }
  });
}());
