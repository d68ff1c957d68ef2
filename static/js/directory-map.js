/* The map of the public directory, an enhancement: the list and the address work without it.
   Leaflet (~40 KB compressed) and the points are fetched only when the visitor asks for the
   map, so the first load of the page stays light. The map asks only for what it shows
   (`?bbox=&zoom=` after each move, debounced); far out the server groups places close together
   into one numbered marker (common/maps.py) that zooms in when selected; close up, places at the
   very same position come as one numbered marker whose popup links to each. Popups are built
   with textContent: a facility name is never read as HTML. */
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

  // Places at the very same position: one link per place.
  function popupList(members) {
    var list = document.createElement("ul");
    list.className = "map-colocated-list";
    // The map itself is drawn left to right; the list follows the page (right to left in Arabic).
    list.dir = document.documentElement.dir || "ltr";
    list.style.textAlign = "start"; // Leaflet's popup aligns left
    members.forEach(function (member) {
      var item = document.createElement("li");
      item.appendChild(popup(member.name, member.url, member.lang));
      list.appendChild(item);
    });
    return list;
  }

  var MOROCCO = [[20.5, -17.3], [36.1, -0.9]];
  var DEBOUNCE_MS = 250;

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function pin(point) {
    // The pin's class (static/css/public.css) is the one the legend under the map shows.
    var icon = L.divIcon({ className: "map-marker map-marker--place", iconSize: [24, 24], iconAnchor: [12, 24], popupAnchor: [0, -22], html: "" });
    var marker = L.marker(point.at, { icon: icon, title: point.name, alt: point.name });
    if (point.url) { marker.bindPopup(popup(point.name, point.url, point.lang)); }
    return marker;
  }

  // Places close together, far out: one numbered marker that zooms in when selected.
  function group(point, map) {
    var number = document.createElement("span");
    number.textContent = String(point.count);
    var label = (panel.dataset.labelCluster || "{count}").replace("{count}", String(point.count));
    var icon = L.divIcon({ className: "map-cluster", iconSize: [40, 40], html: number });
    var marker = L.marker(point.at, { icon: icon, title: label, alt: label });
    marker.on("click", function () {
      var b = point.bounds;
      var box = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
      var zoom = Math.max(map.getBoundsZoom(box.pad(0.2)), map.getZoom() + 1);
      map.setView(box.getCenter(), Math.min(zoom, map.getMaxZoom()));
    });
    return marker;
  }

  // Places sharing one position, close up: one numbered marker listing them (zooming cannot part them).
  function together(point) {
    var number = document.createElement("span");
    number.textContent = String(point.members.length);
    var label = (panel.dataset.labelColocated || "{count}").replace("{count}", String(point.members.length));
    var icon = L.divIcon({ className: "map-cluster map-colocated", iconSize: [40, 40], html: number });
    var marker = L.marker(point.at, { icon: icon, title: label, alt: label });
    marker.bindPopup(popupList(point.members), { maxHeight: 260 });
    return marker;
  }

  // What the map shows, `?bbox=west,south,east,north&zoom=N`, as the server reads it.
  function address(map) {
    var base = panel.dataset.geojson;
    var box = map.getBounds();
    var bbox = [
      clamp(box.getWest(), -180, 180), clamp(box.getSouth(), -90, 90),
      clamp(box.getEast(), -180, 180), clamp(box.getNorth(), -90, 90)
    ].map(function (v) { return v.toFixed(5); }).join(",");
    return base + (base.indexOf("?") < 0 ? "?" : "&") + "bbox=" + bbox + "&zoom=" + Math.round(map.getZoom());
  }

  function fetchPoints(url) {
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        return data.features.map(function (feature) {
          var c = feature.geometry.coordinates;
          var p = feature.properties;
          return {
            at: [c[1], c[0]], name: p.name, url: p.url, lang: p.lang,
            count: p.cluster ? p.count : 0, bounds: p.bounds, members: p.colocated ? p.members : null
          };
        });
      });
  }

  function newMap() {
    var map = L.map(container, { scrollWheelZoom: false, maxZoom: 18 });
    if (panel.dataset.tiles) {
      L.tileLayer(panel.dataset.tiles, { maxZoom: 18, attribution: panel.dataset.attribution }).addTo(map);
    }
    return map;
  }

  function drawSearch(map, layer, points) {
    layer.clearLayers();
    var extent = L.latLngBounds([]);
    points.forEach(function (point) {
      var marker = point.members ? together(point) : point.count ? group(point, map) : pin(point);
      layer.addLayer(marker);
      var element = marker.getElement();
      if (element) { element.setAttribute("aria-label", marker.options.title); }
      if (point.count) {
        extent.extend([[point.bounds[1], point.bounds[0]], [point.bounds[3], point.bounds[2]]]);
      } else {
        extent.extend(point.at);
      }
    });
    return extent;
  }

  // The directory: the first answer covers Morocco; the map then shows the part that holds the
  // places found, and asks again for its view after each move.
  function startSearch(map, firstPoints) {
    var layer = L.layerGroup().addTo(map);
    var latest = 0;
    var timer = null;
    var extent = drawSearch(map, layer, firstPoints);
    map.on("moveend", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var ticket = ++latest;
        fetchPoints(address(map))
          .then(function (points) { if (ticket === latest) { drawSearch(map, layer, points); } })
          .catch(function () { if (ticket === latest) { status.textContent = panel.dataset.failed; } });
      }, DEBOUNCE_MS);
    });
    if (extent.isValid()) { map.fitBounds(extent, { padding: [24, 24], maxZoom: 15, animate: false }); }
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = panel.dataset.loading;
    var leaflet = window.L ? Promise.resolve() : Promise.all([
      load("link", { rel: "stylesheet", href: panel.dataset.leafletCss }),
      load("script", { src: panel.dataset.leafletJs })
    ]);
    var single = panel.dataset.point;
    var map = null;
    leaflet
      .then(function () {
        if (single) { return [{ at: single.split(",").map(Number), name: panel.dataset.name }]; }
        // Leaflet needs its box on screen to know the view it asks for.
        container.hidden = false;
        map = newMap();
        map.fitBounds(MOROCCO, { animate: false });
        return fetchPoints(address(map));
      })
      .then(function (points) {
        container.hidden = false;
        button.hidden = true;
        button.setAttribute("aria-expanded", "true");
        status.textContent = "";
        if (single) {
          // A facility's own page: its one pin.
          map = newMap();
          pin(points[0]).addTo(map);
          map.setView(points[0].at, 15);
        } else {
          startSearch(map, points);
        }
      })
      .catch(function () {
        if (map) { map.remove(); }
        container.hidden = true;
        status.textContent = panel.dataset.failed;
        button.disabled = false;
      });
  });
})();
