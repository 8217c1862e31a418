// Browse map: server-side grid clusters at city and district zoom, single pins at street zoom
// (close pins grouped by Leaflet.markercluster). The list next to the map shows the same
// contributions and is the accessible alternative. Data follows the filter form.
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function init() {
    var box = document.getElementById("contrib-map");
    if (box && box.closest(".needs-js")) { box.closest(".needs-js").hidden = false; }  // no JS: no empty box
    if (!box || !window.L || box.dataset.ready) { return; }
    box.dataset.ready = "1";
    var categories = JSON.parse(box.dataset.categories || "{}");
    var map = L.map(box, { scrollWheelZoom: false });
    box.leafletMap = map;  // lets browser tests move the map
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" }).addTo(map);
    }
    map.setView([52.48, 13.43], 13);
    var clusters = L.layerGroup().addTo(map);
    var points = L.markerClusterGroup ? L.markerClusterGroup({
      maxClusterRadius: 40, showCoverageOnHover: false,
      iconCreateFunction: function (group) { return clusterIcon(group.getChildCount()); }
    }) : L.layerGroup();
    points.addTo(map);
    var controller = null;

    function clusterIcon(n) {
      var size = n < 10 ? 34 : n < 100 ? 42 : 52;
      var node = el("span", "srv-cluster-inner", String(n));
      return L.divIcon({ html: node, className: "srv-cluster", iconSize: [size, size] });
    }

    function pointIcon(cat) {
      var node = el("span", "pin-dot-inner");
      if (categories[cat]) { node.style.backgroundColor = categories[cat][1]; }
      return L.divIcon({ html: node, className: "pin-dot", iconSize: [22, 22] });
    }

    function detailUrl(id) { return box.dataset.detail.replace(/\/0$/, "/" + id); }

    function filters() {
      var form = document.getElementById("contrib-filters");
      var params = new URLSearchParams();
      if (form) {
        new FormData(form).forEach(function (value, key) { if (value) { params.set(key, value); } });
      }
      return params;
    }

    function load() {
      var b = map.getBounds().pad(0.1);
      var params = filters();
      params.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
        .map(function (v) { return v.toFixed(5); }).join(","));
      params.set("zoom", String(map.getZoom()));
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(box.dataset.geojson + "?" + params.toString(), {
        headers: { Accept: "application/geo+json" }, signal: controller ? controller.signal : undefined
      }).then(function (r) { return r.json(); }).then(draw).catch(function () {});
    }

    function draw(data) {
      clusters.clearLayers();
      points.clearLayers();
      (data.features || []).forEach(function (f) {
        var c = f.geometry.coordinates, p = f.properties;
        var latlng = L.latLng(c[1], c[0]);
        if (data.clustered) {
          var label = box.dataset.textCluster.replace("{n}", p.count);
          var m = L.marker(latlng, { icon: clusterIcon(p.count), title: label, alt: label, keyboard: true });
          m.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, 16)); });
          clusters.addLayer(m);
        } else {
          var marker = L.marker(latlng, { icon: pointIcon(p.c), title: p.t, alt: p.t, keyboard: true });
          var popup = el("div", "pin-popup");
          popup.appendChild(el("strong", "", p.t));
          if (categories[p.c]) { popup.appendChild(el("p", "meta", categories[p.c][0])); }
          var link = el("a", "", box.dataset.textMore);
          link.href = detailUrl(p.id);
          popup.appendChild(link);
          marker.bindPopup(popup);
          points.addLayer(marker);
        }
      });
    }

    fetch(box.dataset.areas, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: { color: "#0b5394", weight: 2, fillOpacity: 0.04 }, interactive: false
        }).addTo(map);
        if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false }); }
      })
      .catch(function () {})
      .then(function () { map.on("moveend", load); load(); });

    document.addEventListener("htmx:afterSwap", function (e) {
      if (e.detail.target && e.detail.target.id === "results") { load(); }
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
