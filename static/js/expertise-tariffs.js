// Tariff verification charts (Chart.js): cost structure per km by route, km and subsidy by period.
// Data comes from the json_script block inside the workspace; the charts are redrawn after htmx swaps it.
(function () {
  "use strict";
  var PALETTE = ["#1f5fa8", "#7fb069", "#e07a1f", "#8e44ad", "#c0392b", "#16a085", "#f1c40f", "#7f8c8d", "#2c3e50",
                 "#d35400", "#27ae60", "#9b59b6"];
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    var old = Chart.getChart(canvas);
    if (old) { old.destroy(); }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    PMISCharts.create(canvas, config);
  }
  function render() {
    if (typeof Chart === "undefined" || typeof PMISCharts === "undefined") { return; }
    var el = document.getElementById("tariff-chart-data");
    if (!el) { return; }
    var d = JSON.parse(el.textContent);
    draw("tariff-structure-chart", {
      type: "bar",
      data: { labels: d.routes, datasets: d.structure.map(function (s, i) {
        return { label: s.label, data: s.values, backgroundColor: PALETTE[i % PALETTE.length] };
      }) },
      options: { plugins: { title: { display: true, text: d.labels.structure } },
                 scales: { x: { stacked: true }, y: { stacked: true } } }
    });
    draw("tariff-km-chart", {
      type: "bar",
      data: { labels: d.periods, datasets: [
        { label: d.labels.planned_km, data: d.planned_km, backgroundColor: PALETTE[0] },
        { label: d.labels.actual_km, data: d.actual_km, backgroundColor: PALETTE[1] },
        { label: d.labels.gps_km, data: d.gps_km, backgroundColor: PALETTE[2] }
      ] },
      options: { plugins: { title: { display: true, text: d.labels.km_title } } }
    });
    draw("tariff-subsidy-chart", {
      type: "bar",
      data: { labels: d.periods, datasets: [
        { label: d.labels.claimed, data: d.claimed, backgroundColor: PALETTE[7] },
        { label: d.labels.subsidy, data: d.subsidy, backgroundColor: PALETTE[0] }
      ] },
      options: { plugins: { title: { display: true, text: d.labels.subsidy_title } } }
    });
  }
  render();
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "tariff-workspace") { render(); }
  });
})();
