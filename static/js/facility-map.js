/* Map of the filtered facilities. Texts come from JSON and are inserted with textContent only,
   so a facility name can never run as HTML or script. */
(function () {
  "use strict";

  function popupContent(properties, openLabel) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.name;
    box.appendChild(title);
    [properties.kind, properties.region, properties.organisation, properties.status_label].forEach(function (text) {
      if (!text) { return; }
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    var link = document.createElement("a");
    link.href = properties.url;
    link.className = "facility-popup-link";
    link.textContent = openLabel;
    box.appendChild(link);
    return box;
  }

  // Each status has its marker class (shape and colour) in static/css/manara.css; the legend
  // under the map shows the same classes, so the two cannot disagree.
  function markerIcon(status) {
    var name = String(status || "").replace(/[^a-z_]/g, "");
    return L.divIcon({ className: "map-marker map-marker--" + name, iconSize: [18, 18], html: "" });
  }

  function start() {
    var element = document.getElementById("facility-map");
    var status = document.getElementById("map-status");
    if (!element || typeof L === "undefined") { return; }
    var data = element.dataset;
    var map = L.map(element, { scrollWheelZoom: false }).setView([31.8, -7.1], 5);
    L.tileLayer(data.tileUrl, { maxZoom: 18, attribution: data.tileAttribution }).addTo(map);
    var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
    map.addLayer(cluster);

    fetch(data.geojsonUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (collection) {
        var markers = collection.features.map(function (feature) {
          var coordinates = feature.geometry.coordinates;
          var marker = L.marker([coordinates[1], coordinates[0]], {
            icon: markerIcon(feature.properties.status),
            title: feature.properties.name,
            alt: feature.properties.name
          });
          marker.bindPopup(popupContent(feature.properties, data.labelOpen));
          return marker;
        });
        cluster.addLayers(markers);
        element.dataset.count = String(markers.length);
        if (markers.length) {
          // No animation: the map is ready (and its markers clickable) once this returns.
          map.fitBounds(cluster.getBounds(), { padding: [20, 20], maxZoom: 13, animate: false });
        }
        element.classList.add("is-loaded");
      })
      .catch(function () {
        status.textContent = data.labelError;
        status.classList.add("text-danger");
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
