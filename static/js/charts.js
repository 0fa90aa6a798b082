// Chart.js charts in the page's language, drawn like the PDFs' SVG charts (pmis/core/charts.py, pmis/core/svg.py):
// the value axis steps by 1, 2, 2.5 or 5 × 10^k (whole steps for counts), its labels share one unit ("4 млрд",
// "4 bn"), and ticks and tooltips use the language's separators ("0,5", "1 250 000" in ru and kk).
// The conventions come from the server ({% chart_scripts %} → #pmis-chart-locale) so pages and PDFs agree;
// Intl.NumberFormat supplies the digits and grouping, and its separators are replaced by the server's, because a
// browser without Kazakh locale data would otherwise fall back to "1,250,000.5".
(function () {
  "use strict";
  var INTERVALS = 5;
  var FACTORS = [1, 2, 2.5, 5];
  var el = document.getElementById("pmis-chart-locale");
  var lang = (document.documentElement.lang || "ru").slice(0, 2);
  var loc = el ? JSON.parse(el.textContent) : {
    language: lang, tag: lang === "en" ? "en-US" : lang === "kk" ? "kk-KZ" : "ru-RU",
    decimal: lang === "en" ? "." : ",", group: lang === "en" ? "," : "\u00a0", units: []
  };
  var engines = {};

  function round(value, digits) { return Number(value.toFixed(Math.max(0, Math.min(digits, 20)))); }

  function decimals(value) {
    var text = String(value);
    var exp = text.indexOf("e-");
    if (exp >= 0) { return parseInt(text.slice(exp + 2), 10) + decimals(Number(text.slice(0, exp))); }
    var dot = text.indexOf(".");
    return dot < 0 ? 0 : text.length - dot - 1;
  }

  function format(value, digits) {
    if (!engines[digits]) {
      engines[digits] = new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    return engines[digits].formatToParts(value).map(function (part) {
      if (part.type === "group") { return loc.group; }
      if (part.type === "decimal") { return loc.decimal; }
      if (part.type === "minusSign") { return "-"; }
      return part.value;
    }).join("");
  }

  function niceStep(low, high, whole) {
    var span = high - low;
    if (!(span > 0)) { return 1; }
    for (var exp = Math.floor(Math.log10(span / INTERVALS)) - 1; ; exp++) {
      for (var i = 0; i < FACTORS.length; i++) {
        var step = exp < 0 ? round(FACTORS[i] / Math.pow(10, -exp), 1 - exp) : FACTORS[i] * Math.pow(10, exp);
        if (whole && step !== Math.round(step)) { continue; }
        if (Math.ceil(round(high / step, 9)) - Math.floor(round(low / step, 9)) <= INTERVALS) { return step; }
      }
    }
  }

  // Round ticks from at or below `low` to at or above `high`, as pmis.core.charts.nice_ticks.
  function niceTicks(low, high, whole) {
    if (low > high) { var swap = low; low = high; high = swap; }
    if (low === high) {
      low = Math.min(low, 0); high = Math.max(high, 0);
      if (low === high) { high = low + 1; }
    }
    var step = niceStep(low, high, whole);
    var digits = decimals(step);
    var start = Math.floor(round(low / step, 9));
    var end = Math.ceil(round(high / step, 9));
    var ticks = [];
    for (var k = start; k <= end; k++) { ticks.push(round(k * step, digits)); }
    return ticks;
  }

  // The labels of one axis: a shared unit, the decimals of the step, zero as "0" (pmis.core.charts.axis_labels).
  function axisLabels(ticks) {
    var biggest = Math.max.apply(null, ticks.map(Math.abs));
    var unit = null;
    for (var i = 0; i < loc.units.length && !unit; i++) {
      if (biggest >= Math.pow(10, loc.units[i][0])) { unit = loc.units[i]; }
    }
    var scale = unit ? Math.pow(10, unit[0]) : 1;
    var step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
    var digits = decimals(round(step / scale, 12));
    return ticks.map(function (tick) {
      if (tick === 0) { return "0"; }
      var text = format(round(tick / scale, digits), digits);
      return unit ? text + "\u00a0" + unit[1] : text;
    });
  }

  // A value in a tooltip: grouped, with up to two decimals (four below one).
  function full(value) {
    if (value === null || value === undefined || !isFinite(value)) { return "—"; }
    return format(value, Math.min(decimals(round(value, 4)), Math.abs(value) < 1 ? 4 : 2));
  }

  function numbers(dataset) {
    return (dataset.data || []).filter(function (v) { return typeof v === "number" && isFinite(v); });
  }

  function valueAxis(config) {
    var options = config.options;
    var key = options.indexAxis === "y" ? "x" : "y";
    options.scales = options.scales || {};
    var scale = options.scales[key] = options.scales[key] || {};
    var datasets = config.data.datasets || [];
    var values = [].concat.apply([], datasets.map(numbers));
    var low = Math.min.apply(null, [0].concat(values));
    var high = Math.max.apply(null, [0].concat(values));
    if (scale.stacked) {
      var count = (config.data.labels || []).length;
      for (var i = 0; i < count; i++) {
        var up = 0, down = 0;
        datasets.forEach(function (ds) {
          var v = ds.data[i];
          if (typeof v === "number" && isFinite(v)) { if (v >= 0) { up += v; } else { down += v; } }
        });
        high = Math.max(high, up); low = Math.min(low, down);
      }
    }
    var ticks = niceTicks(low, high, values.every(Number.isInteger));
    var labels = axisLabels(ticks);
    var step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
    scale.min = ticks[0];
    scale.max = ticks[ticks.length - 1];
    scale.ticks = Object.assign({}, scale.ticks, {
      stepSize: step,
      callback: function (value) {
        var index = Math.round((value - ticks[0]) / step);
        return Math.abs(ticks[0] + index * step - value) < step / 1000 && labels[index] !== undefined ? labels[index] : "";
      }
    });
    return key;
  }

  // Chart.js's config with the page language's axis and tooltips; then the chart.
  function configure(config) {
    var options = config.options = config.options || {};
    options.locale = loc.tag;
    var key = config.type === "bar" || config.type === "line" ? valueAxis(config) : null;
    options.plugins = options.plugins || {};
    var tooltip = options.plugins.tooltip = options.plugins.tooltip || {};
    tooltip.callbacks = Object.assign({
      label: function (item) {
        var value = key ? item.parsed[key] : item.parsed;
        var name = item.dataset.label || (key ? "" : item.label);
        return (name ? name + ": " : "") + full(value);
      }
    }, tooltip.callbacks || {});
    return config;
  }

  window.PMISCharts = {
    locale: loc,
    format: format,
    niceTicks: niceTicks,
    axisLabels: axisLabels,
    configure: configure,
    create: function (canvas, config) { return new Chart(canvas, configure(config)); }
  };
})();
