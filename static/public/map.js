/* The public maps (templates/public/map.html, project_detail.html): Leaflet, markers from data attributes or
   the map's JSON endpoint, tiles only when the city configured a tile server (otherwise a plain background).
   No inline script: the page's CSP allows scripts from our own origin only. */
(function () {
  "use strict";
  var el = document.getElementById("public-map");
  if (!el || typeof L === "undefined") { return; }
  var ALMATY = [43.238, 76.945];
  var map = L.map(el, { scrollWheelZoom: false }).setView(ALMATY, 11);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var style = { radius: 8, color: "#0b3d6e", weight: 2, fillColor: "#1f78c8", fillOpacity: 0.85 };

  function link(title, url) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = title;
    return a;
  }

  if (el.dataset.lat && el.dataset.lng) {
    var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
    var label = document.createElement("span");
    label.textContent = el.dataset.title || "";  // text, never HTML: titles are typed by people
    L.circleMarker(point, style).addTo(map).bindTooltip(label);
    map.setView(point, 14);
    return;
  }
  if (!el.dataset.url) { return; }
  fetch(el.dataset.url, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var bounds = [];
      (data.projects || []).forEach(function (p) {
        var ll = [p.lat, p.lng];
        bounds.push(ll);
        L.circleMarker(ll, style).addTo(map).bindPopup(link(p.title, p.url));
      });
      if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 }); }
      else if (bounds.length === 1) { map.setView(bounds[0], 14); }
      el.dataset.loaded = String(bounds.length);
    });
})();
