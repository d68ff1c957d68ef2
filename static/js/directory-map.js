/* The map of the public directory, an enhancement: the list and the address work without it.
   Leaflet (~40 KB compressed) and the points are fetched only when the visitor asks for the
   map, so the first load of the page stays light. Popups are built with textContent: a
   facility name is never read as HTML. */
(function () {
  "use strict";
  var panel = document.getElementById("map-panel");
  if (!panel) { return; }
  var button = document.getElementById("map-button");
  var status = document.getElementById("map-status");
  var container = document.getElementById("map");
  button.hidden = false;

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function popup(name, url, lang) {
    var link = document.createElement("a");
    link.href = url;
    link.textContent = name;
    // A name shown in French on an Arabic page keeps its own language and direction.
    if (lang) { link.lang = lang; link.dir = lang === "ar" ? "rtl" : "ltr"; }
    return link;
  }

  function draw(points) {
    var map = L.map(container, { scrollWheelZoom: false });
    if (panel.dataset.tiles) {
      L.tileLayer(panel.dataset.tiles, { maxZoom: 18, attribution: panel.dataset.attribution }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (point) {
      // The pin's class (static/css/public.css) is the one the legend under the map shows.
      var icon = L.divIcon({ className: "map-marker map-marker--place", iconSize: [24, 24], iconAnchor: [12, 24], popupAnchor: [0, -22], html: "" });
      var marker = L.marker(point.at, { icon: icon, title: point.name, alt: point.name }).addTo(map);
      if (point.url) { marker.bindPopup(popup(point.name, point.url, point.lang)); }
      bounds.push(point.at);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 15); } else { map.fitBounds(bounds, { padding: [24, 24] }); }
  }

  function points() {
    if (panel.dataset.point) {
      var parts = panel.dataset.point.split(",").map(Number);
      return Promise.resolve([{ at: parts, name: panel.dataset.name }]);
    }
    return fetch(panel.dataset.geojson, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        return data.features.map(function (feature) {
          var c = feature.geometry.coordinates;
          var p = feature.properties;
          return { at: [c[1], c[0]], name: p.name, url: p.url, lang: p.lang };
        });
      });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = panel.dataset.loading;
    var leaflet = window.L ? Promise.resolve() : Promise.all([
      load("link", { rel: "stylesheet", href: panel.dataset.leafletCss }),
      load("script", { src: panel.dataset.leafletJs })
    ]);
    Promise.all([leaflet, points()])
      .then(function (results) {
        container.hidden = false;
        button.hidden = true;
        button.setAttribute("aria-expanded", "true");
        status.textContent = "";
        draw(results[1]);
      })
      .catch(function () {
        status.textContent = panel.dataset.failed;
        button.disabled = false;
      });
  });
})();
