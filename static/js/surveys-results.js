// Survey results charts (Chart.js through PMISCharts, in the page's language): the headline share per period
// with its 95 % interval, and each question's distribution. Figures come from a json_script block (CSP), the
// series names from data attributes the server translated.
(function () {
  "use strict";
  if (typeof Chart === "undefined" || typeof PMISCharts === "undefined") { return; }
  var el = document.getElementById("survey-results-data");
  var names = document.getElementById("survey-results-labels");
  if (!el || !names) { return; }
  var charts = JSON.parse(el.textContent);
  var options = { responsive: true, maintainAspectRatio: false, animation: false };
  var trend = document.getElementById("survey-chart-trend");
  if (trend && charts.trend && charts.trend.labels.length) {
    PMISCharts.create(trend, {
      type: "line",
      data: {
        labels: charts.trend.labels,
        datasets: [
          { label: names.dataset.share, data: charts.trend.share, borderColor: "#1f5fa8", backgroundColor: "#1f5fa8" },
          { label: names.dataset.low, data: charts.trend.low, borderColor: "#6c757d", borderDash: [4, 4], pointRadius: 0, fill: false },
          { label: names.dataset.high, data: charts.trend.high, borderColor: "#6c757d", borderDash: [4, 4], pointRadius: 0, fill: "-1", backgroundColor: "rgba(108,117,125,0.15)" }
        ]
      },
      options: options
    });
  }
  var canvases = document.querySelectorAll("canvas.survey-question-chart");
  Array.prototype.forEach.call(canvases, function (canvas) {
    var chart = charts.questions && charts.questions[canvas.dataset.key];
    if (!chart || !chart.labels.length) { return; }
    PMISCharts.create(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: [{ label: names.dataset.answers, data: chart.values, backgroundColor: "#1f5fa8" }] },
      options: options
    });
  });
})();
