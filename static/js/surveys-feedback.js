// Citizen feedback statistics (Chart.js through PMISCharts, in the page's language): messages by month, kind
// and theme. Figures come from a json_script block (CSP); the series name from a data attribute.
(function () {
  "use strict";
  if (typeof Chart === "undefined" || typeof PMISCharts === "undefined") { return; }
  var el = document.getElementById("feedback-stats-data");
  var names = document.getElementById("feedback-chart-labels");
  if (!el || !names) { return; }
  var charts = JSON.parse(el.textContent);
  var options = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } };
  [["feedback-chart-months", "months"], ["feedback-chart-kinds", "kinds"], ["feedback-chart-themes", "themes"]].forEach(function (pair) {
    var canvas = document.getElementById(pair[0]);
    var chart = charts[pair[1]];
    if (!canvas || !chart || !chart.labels.length) { return; }
    PMISCharts.create(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: [{ label: names.dataset.messages, data: chart.values, backgroundColor: "#1f5fa8" }] },
      options: options
    });
  });
})();
