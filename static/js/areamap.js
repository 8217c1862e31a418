// Draws area outlines from a GeoJSON URL into any element with class "map" and data-geojson.
// Without tiles (offline, blocked) the outlines still show on a plain background.
(function () {
  function init(el) {
    if (!window.L || el.dataset.ready) { return; }
    el.dataset.ready = "1";
    el.hidden = false;  // hidden in the HTML: without JavaScript there is no empty grey box
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    map.setView([52.52, 13.405], 10);
    fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (f) {
            var self = f.properties.role !== "child";
            return { color: self ? "#0b5394" : "#3d3d3d", weight: self ? 3 : 1.5,
                     fillOpacity: self ? 0.08 : 0.04, dashArray: self ? null : "4 3" };
          },
          onEachFeature: function (f, l) {
            // Names are data: always as text nodes (Leaflet puts a string in as HTML).
            if (f.properties.url && String(f.properties.url).charAt(0) === "/") {
              var a = document.createElement("a");
              a.href = f.properties.url; a.textContent = f.properties.name;
              l.bindPopup(a);
            } else {
              var label = document.createElement("span");
              label.textContent = f.properties.name || "";
              l.bindTooltip(label);
            }
          }
        }).addTo(map);
        if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
      })
      .catch(function () { el.classList.add("map-failed"); });
  }
  function initAll() { document.querySelectorAll(".map[data-geojson]").forEach(init); }
  document.addEventListener("DOMContentLoaded", initAll);
  document.addEventListener("htmx:afterSettle", initAll);
})();
