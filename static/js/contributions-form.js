// Pin placement on the contribution form: tap or click the map, drag the pin, use the browser's
// location, or put the pin at the map centre (keyboard users pan with the arrow keys first).
// Without JavaScript the map stays hidden and the area list does the job.
(function () {
  "use strict";

  function pointInRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  function inPolygon(x, y, rings) {
    if (!pointInRing(x, y, rings[0])) { return false; }
    for (var k = 1; k < rings.length; k++) { if (pointInRing(x, y, rings[k])) { return false; } }
    return true;
  }

  function inAreas(lng, lat, features) {
    return features.some(function (f) {
      var g = f.geometry;
      if (!g) { return false; }
      if (g.type === "Polygon") { return inPolygon(lng, lat, g.coordinates); }
      if (g.type === "MultiPolygon") {
        return g.coordinates.some(function (p) { return inPolygon(lng, lat, p); });
      }
      return false;
    });
  }

  function init() {
    document.querySelectorAll(".swatch[data-color]").forEach(function (el) {
      el.style.backgroundColor = el.dataset.color;
    });
    var el = document.getElementById("pin-map");
    if (!el || !window.L) { return; }
    var lonInput = document.getElementById("pin-lon");
    var latInput = document.getElementById("pin-lat");
    var status = document.getElementById("pin-status");
    var buttons = document.querySelector(".pin-buttons");
    var clearBtn = document.getElementById("pin-clear");
    var areaLabel = document.querySelector(".area-label");
    el.hidden = false; buttons.hidden = false; status.hidden = false;

    var map = L.map(el, { scrollWheelZoom: false, tap: true });
    el.leafletMap = map;  // lets browser tests tap at a known place
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    map.setView([52.48, 13.43], 14);
    var features = [];
    var marker = null;

    function say(text) { status.textContent = text; }

    function place(latlng, pan) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: false, autoPan: true }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), false); });
      } else {
        marker.setLatLng(latlng);
      }
      if (pan) { map.panTo(latlng); }
      lonInput.value = latlng.lng.toFixed(6);
      latInput.value = latlng.lat.toFixed(6);
      clearBtn.hidden = false;
      var inside = !features.length || inAreas(latlng.lng, latlng.lat, features);
      say(inside ? el.dataset.textPlaced : el.dataset.textOutside);
      status.classList.toggle("error", !inside);
    }

    fetch(el.dataset.areas, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        features = data.features || [];
        var layer = L.geoJSON(data, {
          style: { color: "#0b5394", weight: 3, fillOpacity: 0.08 },
          interactive: false
        }).addTo(map);
        if (lonInput.value && latInput.value) {
          place(L.latLng(parseFloat(latInput.value), parseFloat(lonInput.value)), false);
          var inside = !features.length || inAreas(marker.getLatLng().lng, marker.getLatLng().lat, features);
          // After a refusal the allowed area stays in view; only a pin inside it is zoomed to.
          if (inside || !layer.getBounds().isValid()) { map.setView(marker.getLatLng(), 17); }
          else { map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false }); }
        } else if (layer.getBounds().isValid()) {
          map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
        }
      })
      .catch(function () { el.classList.add("map-failed"); });

    map.on("click", function (e) { place(e.latlng, false); });
    document.getElementById("pin-centre").addEventListener("click", function () {
      place(map.getCenter(), false);
    });
    clearBtn.addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      lonInput.value = ""; latInput.value = "";
      clearBtn.hidden = true;
      status.classList.remove("error");
      say("");
    });
    var locate = document.getElementById("pin-locate");
    if (!navigator.geolocation) { locate.hidden = true; }
    locate.addEventListener("click", function () {
      say(el.dataset.textLocating);
      navigator.geolocation.getCurrentPosition(function (pos) {
        var latlng = L.latLng(pos.coords.latitude, pos.coords.longitude);
        map.setView(latlng, 17);
        place(latlng, false);
      }, function () { say(el.dataset.textNoLocation); },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
    if (areaLabel && areaLabel.dataset.withMap) { areaLabel.textContent = areaLabel.dataset.withMap; }
  }

  document.addEventListener("DOMContentLoaded", init);
})();
