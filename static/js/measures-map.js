// Public "Sie sagten – wir tun" map: process outlines plus the measures layer (points and areas).
// The list below the map shows the same measures; without JavaScript the map stays hidden.
(function () {
  "use strict";
  function link(props) {
    var box = document.createElement("span");
    var a = document.createElement("a");
    a.href = props.url; a.textContent = props.title;  // text nodes: titles are data, not HTML
    box.appendChild(a);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(props.status_label));
    return box;
  }
  function init() {
    var el = document.getElementById("measures-map");
    if (!el || !window.L || el.dataset.ready) { return; }
    el.dataset.ready = "1";
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    map.setView([52.48, 13.43], 13);
    var bounds = L.latLngBounds([]);
    function fit() { if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 16 }); } }
    if (el.dataset.geojson) {
      fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var outline = L.geoJSON(data, { style: { color: "#0b5394", weight: 2, fillOpacity: 0.04 } }).addTo(map);
          bounds.extend(outline.getBounds()); fit();
        }).catch(function () {});
    }
    // The contributions behind the measures: the pins (grid clusters when zoomed out), drawn
    // small and grey under the measures, reloaded when the map moves.
    var pins = L.layerGroup().addTo(map);
    function loadPins() {
      if (!el.dataset.pins) { return; }
      var b = map.getBounds();
      var url = el.dataset.pins + "?bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
        .map(function (v) { return v.toFixed(5); }).join(",") + "&zoom=" + map.getZoom();
      fetch(url, { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          pins.clearLayers();
          (data.features || []).forEach(function (f) {
            var c = f.geometry.coordinates, n = f.properties.count || 1;
            var marker = L.circleMarker(L.latLng(c[1], c[0]), {
              radius: n > 1 ? Math.min(4 + Math.sqrt(n) * 2, 16) : 4, color: "#4a4a4a", weight: 1,
              fillColor: "#9a9a9a", fillOpacity: 0.6, interactive: n > 1
            });
            if (n > 1) { marker.bindTooltip(document.createTextNode(String(n))); }
            pins.addLayer(marker);
          });
        }).catch(function () {});
    }
    map.on("moveend", loadPins);
    fetch(el.dataset.measures, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: { color: "#5e3c99", weight: 2, fillOpacity: 0.15 },
          pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, { radius: 9, color: "#5e3c99", weight: 3, fillColor: "#fff", fillOpacity: 1 });
          },
          onEachFeature: function (f, l) { l.bindPopup(link(f.properties)); }
        }).addTo(map);
        if (layer.getLayers().length) { bounds.extend(layer.getBounds()); fit(); }
      }).catch(function () { el.classList.add("map-failed"); });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
