// Staff selection map: area outlines, the listed pins, and "draw a box": two taps on the map set
// the corners, fill the West/South/East/North fields and show the selection. The fields work
// without JavaScript too.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("work-map");
    if (!el || !window.L || el.dataset.ready) { return; }
    el.dataset.ready = "1";
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    el.leafletMap = map;  // browser tests drive the map through this
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    map.setView([52.48, 13.43], 14);
    var bounds = L.latLngBounds([]);
    el.querySelectorAll(".work-pin").forEach(function (pin) {
      var ll = L.latLng(parseFloat(pin.dataset.lat), parseFloat(pin.dataset.lon));
      var title = document.createElement("span");
      title.textContent = pin.dataset.title;
      L.circleMarker(ll, { radius: 7, color: "#b35806", weight: 2, fillOpacity: 0.7 }).bindTooltip(title).addTo(map);
      bounds.extend(ll);
    });
    var box = null;
    function field(name) { return document.getElementById("f-" + name); }
    if (field("west").value && field("south").value && field("east").value && field("north").value) {
      box = L.rectangle([[+field("south").value, +field("west").value], [+field("north").value, +field("east").value]],
        { color: "#5e3c99", weight: 2, fillOpacity: 0.08 }).addTo(map);
      bounds.extend(box.getBounds());
    }
    fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var outline = L.geoJSON(data, { style: { color: "#0b5394", weight: 2, fillOpacity: 0.03 }, interactive: false }).addTo(map);
        if (!bounds.isValid()) { bounds.extend(outline.getBounds()); }
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 }); }
      }).catch(function () {});
    var button = document.getElementById("draw-box");
    if (!button) { return; }
    button.hidden = false;
    var first = null;
    function corner(e) {
      if (!first) { first = e.latlng; button.textContent = button.dataset.second || button.textContent; return; }
      var second = e.latlng;
      map.off("click", corner);
      el.classList.remove("drawing");
      field("west").value = Math.min(first.lng, second.lng).toFixed(6);
      field("east").value = Math.max(first.lng, second.lng).toFixed(6);
      field("south").value = Math.min(first.lat, second.lat).toFixed(6);
      field("north").value = Math.max(first.lat, second.lat).toFixed(6);
      if (box) { map.removeLayer(box); }
      box = L.rectangle([first, second], { color: "#5e3c99", weight: 2, fillOpacity: 0.08 }).addTo(map);
      first = null;
      document.getElementById("sel-filters").submit();
    }
    button.addEventListener("click", function () {
      first = null;
      el.classList.add("drawing");
      map.on("click", corner);
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
