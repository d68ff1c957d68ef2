/* The "select all" box of the back office's export form (templates/admin/import_export/
   export.html) ticks or clears every field; bound here rather than in an onchange attribute,
   which the Content-Security-Policy refuses. */
(function () {
  "use strict";
  function start() {
    document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
      toggle.addEventListener("change", function () {
        document.querySelectorAll(".selectable-field-export-row input[type=checkbox]").forEach(function (box) {
          box.checked = toggle.checked;
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
