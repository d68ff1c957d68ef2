// Warn before leaving a page whose form (marked data-warn-unsaved) has changes not yet saved.
(function () {
  "use strict";
  var script = document.currentScript;
  var message = (script && script.dataset.message) || "";
  var dirty = false;
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = message;
    return message;
  });
})();
