// Application form map: tap inside the area to set the project's place (hidden lon/lat inputs).
// The form works without it; the server checks that the point lies inside the area.
(function () {
  "use strict";
  var el = document.getElementById("app-map");
  if (!el || typeof L === "undefined") { return; }
  var lon = document.getElementById("app-lon");
  var lat = document.getElementById("app-lat");
  el.hidden = false;
  var map = L.map(el);
  L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    lon.value = latlng.lng.toFixed(6);
    lat.value = latlng.lat.toFixed(6);
  }
  fetch(el.dataset.area).then(function (r) { return r.json(); }).then(function (feature) {
    var layer = L.geoJSON(feature, { style: { color: "#1f5f8b", weight: 2, fillOpacity: 0.05 } }).addTo(map);
    map.fitBounds(layer.getBounds());
    if (lon.value && lat.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lon.value))); }
  });
  map.on("click", function (e) { place(e.latlng); });
})();
