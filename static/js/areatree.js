// Area choice on staff forms: the checkboxes grouped by level stay the real form (they work
// without JavaScript); this adds a name search across all levels (umlauts optional), a line that
// lists what is chosen, and a map preview of the chosen areas.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").toLowerCase().replace(/ß/g, "ss")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
  }

  function init(tree) {
    var tools = tree.querySelector(".area-tree-tools");
    var search = tools.querySelector("input[type=search]");
    var found = document.getElementById(search.getAttribute("aria-describedby"));
    var chosenLine = tools.querySelector(".area-tree-chosen");
    var mapEl = tools.querySelector(".area-tree-map");
    var boxes = Array.prototype.slice.call(tree.querySelectorAll(".area-options input[type=checkbox]"));
    var items = boxes.map(function (box) {
      var label = tree.querySelector("label[for='" + box.id + "']");
      return { box: box, li: box.closest("li"), text: fold(label.textContent), name: label.firstChild.textContent.trim() };
    });
    tools.hidden = false;

    var map = null, layer = null;
    if (window.L) {
      map = L.map(mapEl, { scrollWheelZoom: false });
      mapEl.leafletMap = map;
      if (tree.dataset.tiles) {
        L.tileLayer(tree.dataset.tiles, { maxZoom: 19, attribution: tree.dataset.attribution || "" }).addTo(map);
      }
      map.setView([52.5, 13.4], 10);
    } else {
      mapEl.hidden = true;
    }

    function refresh() {
      var chosen = items.filter(function (i) { return i.box.checked; });
      chosenLine.textContent = chosen.length
        ? chosenLine.dataset.prefix + " " + chosen.map(function (i) { return i.name; }).join(", ")
        : chosenLine.dataset.none;
      if (!map) { return; }
      var ids = chosen.map(function (i) { return i.box.value; }).slice(0, 60);
      if (layer) { map.removeLayer(layer); layer = null; }
      if (!ids.length) { return; }
      fetch(tree.dataset.outlines + "?ids=" + ids.join(","), { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (layer) { map.removeLayer(layer); }
          layer = L.geoJSON(data, { style: { color: "#0b5394", weight: 2, fillOpacity: 0.12 } }).addTo(map);
          layer.eachLayer(function (l) { l.bindTooltip(document.createTextNode(l.feature.properties.name)); });
          if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false }); }
        })
        .catch(function () { mapEl.classList.add("map-failed"); });
    }

    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = fold(search.value.trim());
        var hits = 0;
        items.forEach(function (i) {
          var match = !q || i.text.indexOf(q) !== -1;
          i.li.hidden = !match;
          if (match && q) { hits += 1; }
        });
        tree.querySelectorAll("details.area-level").forEach(function (d) {
          var visible = d.querySelector(".area-options li:not([hidden])");
          d.hidden = !visible;
          if (q) { d.open = !!visible; }
        });
        found.textContent = q ? found.dataset.template.replace("{n}", hits) : "";
      }, 200);
    });
    found.dataset.template = tree.dataset.textFound || "{n}";
    boxes.forEach(function (b) { b.addEventListener("change", refresh); });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset.area-tree").forEach(init);
  });
})();
