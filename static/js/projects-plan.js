// Project plan tab: draws the Gantt (frappe-gantt 1.0) from the #gantt-data JSON the server renders.
// Dates and month names come formatted from the server: headless Chromium lacks Kazakh ICU data.
(function () {
  "use strict";

  function monthViewMode(data) {
    return {
      name: "Month",
      padding: "2m",
      step: "1m",
      column_width: 120,
      date_format: "YYYY-MM",
      lower_text: function (d) { return data.months[d.getMonth()]; },
      upper_text: function (d, prev) {
        return !prev || d.getFullYear() !== prev.getFullYear() ? String(d.getFullYear()) : "";
      },
      thick_line: function (d) { return d.getMonth() % 3 === 0; },
      snap_at: "7d"
    };
  }

  function draw(tries) {
    var holder = document.getElementById("project-gantt");
    var source = document.getElementById("gantt-data");
    if (!holder || !source || holder.dataset.drawn) { return; }
    if (typeof window.Gantt === "undefined") {
      // under an htmx tab switch the vendor script may still be loading
      if ((tries || 0) < 100) { setTimeout(function () { draw((tries || 0) + 1); }, 50); }
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.tasks || !data.tasks.length) { return; }
    holder.dataset.drawn = "1";
    var mode = monthViewMode(data);
    new window.Gantt(holder, data.tasks, {
      view_mode: "Month",
      view_modes: [mode],
      view_mode_select: false,
      today_button: false,
      readonly: true,
      scroll_to: data.scroll_to,
      bar_height: 22,
      padding: 14,
      container_height: "auto",
      infinite_padding: false,
      popup: function (ctx) {
        ctx.set_title(ctx.task.name);
        ctx.set_subtitle("");
        ctx.set_details(ctx.task.details || "");
      }
    });
  }

  if (window.pmisPlanReady) { draw(0); return; }  // loaded again by an htmx tab switch
  window.pmisPlanReady = true;

  // delete buttons ask first
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);

  draw(0);
  document.body.addEventListener("htmx:afterSettle", function () { draw(0); });
})();
