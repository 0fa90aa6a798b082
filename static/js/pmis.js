// Small behaviours of the shell; no inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  // Selects marked data-autosubmit submit their form on change (language switcher, filters).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  // Forms marked data-warn-unsaved (the opinion draft) ask before the page is left with text typed but not saved;
  // submitting the form itself is not leaving.
  var dirty = null;
  document.addEventListener("input", function (event) {
    var form = event.target && event.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) { dirty = form; }
  });
  document.addEventListener("submit", function (event) {
    if (event.target === dirty) { dirty = null; }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && document.body.contains(dirty)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // After an htmx swap, move focus to the swapped region's heading if it asks for it (screen readers).
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var focus = target && target.querySelector && target.querySelector("[data-focus-after-swap]");
    if (focus) { focus.focus(); }
  });
  // A control with an id that had the focus when its region was swapped keeps it (a sort header toggled by
  // keyboard): htmx restores it by id, and if the focus still ended on the page body once the swap settled
  // (a swap that raced another), it is put back here.
  var swappedFocusId = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var target = event.detail && event.detail.target;
    swappedFocusId = active && active.id && target && target.contains && target.contains(active) ? active.id : null;
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (swappedFocusId && (!active || active === document.body)) {
      var again = document.getElementById(swappedFocusId);
      if (again) { again.focus({ preventScroll: true }); }
    }
    swappedFocusId = null;
  });
})();
