/* A small map with the facility's location on its detail page. */
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("facility-map");
    if (!element || typeof L === "undefined") { return; }
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    var map = L.map(element, { scrollWheelZoom: false }).setView(point, 14);
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution }).addTo(map);
    L.circleMarker(point, { radius: 9, weight: 2, color: "#ffffff", fillColor: "#0b3d6e", fillOpacity: 0.9 }).addTo(map);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
