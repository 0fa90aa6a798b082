// The respondent's form: show a conditional question only when the earlier answer it depends on matches,
// and bring the error summary into view. The page works without this file (every question is then shown,
// and the server drops answers to questions whose condition is not met).
(function () {
  "use strict";
  var form = document.querySelector("form.sv-form[method=post]");
  if (!form) { return; }
  document.documentElement.classList.add("sv-js");

  function chosen(name) {
    var values = [];
    var inputs = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value !== "") { values.push(el.value); }
    }
    return values;
  }

  function isShown(row) {
    if (row.hidden) { return false; }
    return true;
  }

  function update() {
    var rows = form.querySelectorAll("[data-condition-field]");
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var source = form.querySelector("#row-" + row.getAttribute("data-condition-field"));
      var wanted = JSON.parse(row.getAttribute("data-condition-values") || "[]");
      var have = (source && isShown(source)) ? chosen(row.getAttribute("data-condition-field")) : [];
      var show = have.some(function (v) { return wanted.indexOf(v) !== -1; });
      row.hidden = !show;
      var inputs = row.querySelectorAll("input, textarea, select");
      for (var j = 0; j < inputs.length; j++) { inputs[j].disabled = !show; }
    }
  }

  form.addEventListener("change", update);
  update();
  var summary = document.getElementById("sv-errors");
  if (summary) { summary.focus(); }
})();
