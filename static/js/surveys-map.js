// "Place on a map" questions: tap the map (or use its middle after moving it with the arrow keys)
// to fill the hidden lon/lat fields. The area list below stays as the alternative; without
// JavaScript only the list is shown. Tiles are optional: the process areas are drawn regardless.
(function () {
  function init(tools) {
    var mapEl = tools.querySelector(".sv-map");
    if (!window.L || !mapEl || mapEl.dataset.ready) { return; }
    mapEl.dataset.ready = "1";
    var name = mapEl.dataset.field;
    var lon = document.getElementById(name + "_lon");
    var lat = document.getElementById(name + "_lat");
    var status = document.getElementById(name + "-status");
    var select = document.getElementById(name);
    tools.hidden = false;
    var map = L.map(mapEl, { scrollWheelZoom: false });
    mapEl.leafletMap = map;  // lets browser tests turn coordinates into a tap
    if (mapEl.dataset.tiles) {
      L.tileLayer(mapEl.dataset.tiles, { maxZoom: 19, attribution: mapEl.dataset.attribution || "" }).addTo(map);
    }
    map.setView([52.48, 13.43], 14);
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.circleMarker(latlng, { radius: 10, weight: 3, color: "#1a1a1a", fillColor: "#f9a825", fillOpacity: 0.9 }).addTo(map);
      }
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      if (select) { select.value = ""; }
      status.textContent = mapEl.dataset.msgChosen;
    }
    function clear() {
      if (marker) { map.removeLayer(marker); marker = null; }
      lon.value = ""; lat.value = "";
      status.textContent = mapEl.dataset.msgNone;
    }
    map.on("click", function (e) { place(e.latlng); });
    fetch(mapEl.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        map.invalidateSize();  // the container was hidden until now
        var layer = L.geoJSON(data, { interactive: false, style: { color: "#0b5394", weight: 3, fillOpacity: 0.08 } }).addTo(map);
        if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [8, 8] }); }
        if (lon.value && lat.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lon.value))); }
      })
      .catch(function () { mapEl.classList.add("map-failed"); });
    tools.querySelector(".sv-map-center").addEventListener("click", function () { place(map.getCenter()); });
    tools.querySelector(".sv-map-clear").addEventListener("click", clear);
    if (select) { select.addEventListener("change", function () { if (select.value) { clear(); } }); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sv-map-tools").forEach(init);
  });
})();
