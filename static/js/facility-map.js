/* Map of the filtered facilities (and of the actors). The map asks the server for what it shows:
   `?bbox=west,south,east,north&zoom=N` after each move (debounced); far out the server sends
   numbered groups (common/maps.py), drawn here as one marker each that zooms in when selected.
   Close up, facilities at the very same position come as one feature listing them: one numbered
   marker whose popup links to each (zooming in would never part them). Texts come from JSON and are inserted with textContent only, so a facility name can never run
   as HTML or script. */
(function () {
  "use strict";

  var MOROCCO = [[20.5, -17.3], [36.1, -0.9]];
  var DEBOUNCE_MS = 250;

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

  // Facilities at one position: each one's name as a link, with its kind and status.
  function colocatedContent(members) {
    var list = document.createElement("ul");
    list.className = "map-colocated-list list-unstyled mb-0";
    members.forEach(function (properties) {
      var item = document.createElement("li");
      item.className = "mb-1";
      var link = document.createElement("a");
      link.href = properties.url;
      link.textContent = properties.name;
      item.appendChild(link);
      var about = [properties.kind, properties.status_label].filter(Boolean).join(" · ");
      if (about) {
        var line = document.createElement("div");
        line.className = "small";
        line.textContent = about;
        item.appendChild(line);
      }
      list.appendChild(item);
    });
    return list;
  }

  // Each status has its marker class (shape and colour) in static/css/manara.css; the legend
  // under the map shows the same classes, so the two cannot disagree.
  function markerIcon(status) {
    var name = String(status || "").replace(/[^a-z_]/g, "");
    return L.divIcon({ className: "map-marker map-marker--" + name, iconSize: [18, 18], html: "" });
  }

  // A group drawn like Leaflet.markercluster's (its stylesheet gives the size and the colour).
  function groupIcon(count, extraClass) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var inner = document.createElement("div");
    var number = document.createElement("span");
    number.textContent = String(count);
    inner.appendChild(number);
    var className = "marker-cluster marker-cluster-" + size + (extraClass ? " " + extraClass : "");
    return L.divIcon({ className: className, iconSize: [40, 40], html: inner });
  }

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  // What the map shows, as the server reads it (Leaflet's longitudes may go round the world).
  function viewQuery(map) {
    var box = map.getBounds();
    var west = clamp(box.getWest(), -180, 180);
    var east = clamp(box.getEast(), -180, 180);
    var south = clamp(box.getSouth(), -90, 90);
    var north = clamp(box.getNorth(), -90, 90);
    return "bbox=" + [west, south, east, north].map(function (v) { return v.toFixed(5); }).join(",") +
      "&zoom=" + Math.round(map.getZoom());
  }

  function zoomInto(map, bounds) {
    var box = L.latLngBounds([bounds[1], bounds[0]], [bounds[3], bounds[2]]);
    var zoom = Math.max(map.getBoundsZoom(box.pad(0.2)), map.getZoom() + 1);
    map.setView(box.getCenter(), Math.min(zoom, map.getMaxZoom()));
  }

  function start() {
    var element = document.getElementById("facility-map");
    var status = document.getElementById("map-status");
    if (!element || typeof L === "undefined") { return; }
    var data = element.dataset;
    var counted = status.textContent;
    var map = L.map(element, { scrollWheelZoom: false, maxZoom: 18 });
    L.tileLayer(data.tileUrl, { maxZoom: 18, attribution: data.tileAttribution }).addTo(map);
    var layer = L.layerGroup().addTo(map);
    var base = data.geojsonUrl;
    var joiner = base.indexOf("?") < 0 ? "?" : "&";
    var latest = 0;
    var timer = null;
    var fitted = false;

    function draw(collection) {
      layer.clearLayers();
      var extent = L.latLngBounds([]);
      collection.features.forEach(function (feature) {
        var coordinates = feature.geometry.coordinates;
        var properties = feature.properties;
        var at = [coordinates[1], coordinates[0]];
        var marker;
        if (properties.cluster) {
          var label = (data.labelCluster || "{count}").replace("{count}", String(properties.count));
          marker = L.marker(at, { icon: groupIcon(properties.count), title: label, alt: label });
          marker.on("click", function () { zoomInto(map, properties.bounds); });
          extent.extend([[properties.bounds[1], properties.bounds[0]], [properties.bounds[3], properties.bounds[2]]]);
        } else if (properties.colocated) {
          var listed = (data.labelColocated || "{count}").replace("{count}", String(properties.count));
          marker = L.marker(at, { icon: groupIcon(properties.count, "map-colocated"), title: listed, alt: listed });
          marker.bindPopup(colocatedContent(properties.members), { maxHeight: 260 });
          extent.extend(at);
        } else {
          marker = L.marker(at, { icon: markerIcon(properties.status), title: properties.name, alt: properties.name });
          marker.bindPopup(popupContent(properties, data.labelOpen));
          extent.extend(at);
        }
        layer.addLayer(marker);
        var icon = marker.getElement();
        if (icon) { icon.setAttribute("aria-label", marker.options.title); }
      });
      element.dataset.count = String(collection.total);
      element.dataset.truncated = String(collection.truncated);
      status.textContent = collection.truncated && data.labelTruncated ? counted + " " + data.labelTruncated : counted;
      return extent;
    }

    function load() {
      timer = null;
      var ticket = ++latest;
      fetch(base + joiner + viewQuery(map), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (collection) {
          if (ticket !== latest) { return; }
          var extent = draw(collection);
          if (!fitted) {
            fitted = true;
            // The first answer covers Morocco: show the part that holds the facilities; the
            // move asks again for that view. No animation: the map is ready once this returns.
            if (extent.isValid()) {
              map.fitBounds(extent, { padding: [20, 20], maxZoom: 13, animate: false });
            }
          }
          // Loaded once no other answer is awaited (the first fit asks again for its view).
          if (timer === null) { element.classList.add("is-loaded"); }
        })
        .catch(function () {
          if (ticket !== latest) { return; }
          status.textContent = data.labelError;
          status.classList.add("text-danger");
        });
    }

    map.on("moveend", function () {
      if (!fitted) { return; }
      element.classList.remove("is-loaded");
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DEBOUNCE_MS);
    });
    map.fitBounds(MOROCCO, { animate: false });
    load();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
