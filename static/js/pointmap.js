// Small map of one pin on the contribution page: the process areas as outline, the pin as a dot.
// The map is hidden in the HTML (the page names the area in words) and shown once Leaflet runs.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("point-map");
    if (!el || !window.L) { return; }
    el.hidden = false;
    var latlng = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    var map = L.map(el, { scrollWheelZoom: false, dragging: !L.Browser.mobile, keyboard: false, zoomControl: true });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    map.setView(latlng, 16);
    L.circleMarker(latlng, { radius: 9, weight: 3, color: "#ffffff", fillColor: "#0b5394", fillOpacity: 1 }).addTo(map);
    fetch(el.dataset.areas, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        L.geoJSON(data, { style: { color: "#0b5394", weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map);
      })
      .catch(function () { el.classList.add("map-failed"); });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
