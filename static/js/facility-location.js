/* A small map with the facility's location on its detail page. */
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("facility-map");
    if (!element || typeof L === "undefined") { return; }
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    var map = L.map(element, { scrollWheelZoom: false }).setView(point, 14);
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution }).addTo(map);
    // The marker's class (static/css/manara.css) is the one the legend under the map shows.
    L.marker(point, { icon: L.divIcon({ className: "map-marker map-marker--here", iconSize: [22, 22], html: "" }), keyboard: false }).addTo(map);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
