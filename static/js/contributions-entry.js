// Proxy entry: clicking the map writes "lat, lon" into the place field of the row the staff
// member last worked on. Everything else works by keyboard without this script.
(function () {
  "use strict";
  function init() {
    var box = document.getElementById("entry-map");
    if (!box || !window.L) { return; }
    box.hidden = false;
    document.getElementById("entry-map-help").hidden = false;
    var current = document.querySelector(".entry-row");
    document.querySelectorAll(".entry-row").forEach(function (row) {
      row.addEventListener("focusin", function () {
        if (current) { current.classList.remove("active-row"); }
        current = row;
        row.classList.add("active-row");
      });
    });
    var map = L.map(box, { scrollWheelZoom: false });
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" }).addTo(map);
    }
    map.setView([52.48, 13.43], 14);
    var marker = null;
    fetch(box.dataset.areas).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, { style: { color: "#0b5394", weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map);
      if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { animate: false }); }
    }).catch(function () {});
    map.on("click", function (e) {
      if (!current) { return; }
      var input = current.querySelector(".entry-point");
      if (!input) { return; }
      input.value = e.latlng.lat.toFixed(6) + ", " + e.latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(e.latlng); } else { marker = L.marker(e.latlng, { keyboard: false }).addTo(map); }
      input.focus();
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
