// Expertise charts (Chart.js); data comes from json_script blocks, never inline scripts (CSP).
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  if (typeof Chart === "undefined" || typeof PMISCharts === "undefined") { return; }
  var flows = data("cashflow-data");
  var canvas = document.getElementById("cashflow-chart");
  if (flows && canvas) {
    PMISCharts.create(canvas, {
      type: "bar",
      data: {
        labels: flows.labels,
        datasets: [
          { label: flows.label_financial, data: flows.financial, backgroundColor: "#1f5fa8" },
          { label: flows.label_economic, data: flows.economic, backgroundColor: "#7fb069" }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false }
    });
  }
  var scenarioCanvas = document.getElementById("scenario-chart");
  if (flows && scenarioCanvas && flows.scenario_labels) {
    PMISCharts.create(scenarioCanvas, {
      type: "bar",
      data: {
        labels: flows.scenario_labels,
        datasets: [
          { label: flows.label_fnpv, data: flows.scenario_fnpv, backgroundColor: "#1f5fa8" },
          { label: flows.label_enpv, data: flows.scenario_enpv, backgroundColor: "#7fb069" }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false }
    });
  }
  var stats = data("stats-data");
  var statsCanvas = document.getElementById("stats-chart");
  if (stats && statsCanvas) {
    PMISCharts.create(statsCanvas, {
      type: "bar",
      data: {
        labels: stats.labels,
        datasets: [
          { label: stats.label_positive, data: stats.positive, backgroundColor: "#2e7d32" },
          { label: stats.label_returned, data: stats.returned, backgroundColor: "#f9a825" },
          { label: stats.label_negative, data: stats.negative, backgroundColor: "#c62828" }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { x: { stacked: true }, y: { stacked: true } } }
    });
  }
})();
