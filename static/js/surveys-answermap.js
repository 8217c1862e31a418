// Results of a "place on a map" question: one circle per grid cell (about 250 m) with the number
// of answers, "< 5" where the count is suppressed. The table of answers by area stays the full
// alternative; without JavaScript the map is not shown at all.
(function () {
  "use strict";

  function init(el) {
    if (!window.L || el.dataset.ready) { return; }
    el.dataset.ready = "1";
    el.hidden = false;
    var help = el.nextElementSibling;
    if (help && help.classList.contains("needs-js")) { help.hidden = false; }
    var map = L.map(el, { scrollWheelZoom: false });
    el.leafletMap = map;
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    map.setView([52.48, 13.43], 14);
    var outline = null;
    fetch(el.dataset.areas, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        outline = L.geoJSON(data, { style: { color: "#0b5394", weight: 2, fillOpacity: 0.04 }, interactive: false }).addTo(map);
        if (outline.getBounds().isValid()) { map.fitBounds(outline.getBounds(), { padding: [8, 8], animate: false }); }
      })
      .catch(function () {});
    fetch(el.dataset.cells, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        (data.features || []).forEach(function (f) {
          var c = f.geometry.coordinates;
          var n = f.properties.count;
          var size = n ? Math.min(54, 26 + Math.sqrt(n) * 4) : 26;
          var inner = document.createElement("span");
          inner.className = "srv-cluster-inner" + (n ? "" : " sv-cell-small");
          inner.textContent = f.properties.label;  // text node: no HTML from the data
          var icon = L.divIcon({ html: inner, className: "srv-cluster", iconSize: [size, size] });
          L.marker([c[1], c[0]], { icon: icon, keyboard: false, interactive: false }).addTo(map);
        });
      })
      .catch(function () { el.classList.add("map-failed"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sv-answer-map").forEach(init);
  });
})();
