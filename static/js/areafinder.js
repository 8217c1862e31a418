// Area finder on the process list: suggestions while typing (every level, by name), "use my
// location" and "choose on the map" (both look the point up on the server). Without JavaScript the
// form still works: the server searches the typed name and offers the matching areas as links.
(function () {
  "use strict";

  function init() {
    var form = document.querySelector("form.area-finder");
    if (!form) { return; }
    var input = document.getElementById("area-q");
    var list = document.getElementById("area-suggestions");
    var status = document.getElementById("finder-status");
    var mapEl = document.getElementById("finder-map");
    var timer = null;
    form.querySelectorAll(".needs-js").forEach(function (el) { el.hidden = false; });

    function say(text) { status.textContent = text || ""; }

    function choose(areaId) {
      window.location.href = form.dataset.list + "?area=" + encodeURIComponent(areaId);
    }

    function show(areas) {
      list.textContent = "";
      areas.forEach(function (a) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = form.dataset.list + "?area=" + a.id;
        link.textContent = a.name;
        var ctx = document.createElement("span");
        ctx.className = "meta";
        ctx.textContent = " " + a.context;
        li.appendChild(link); li.appendChild(ctx);
        list.appendChild(li);
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { show([]); say(""); return; }
      timer = setTimeout(function () {
        fetch(form.dataset.search + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            if (input.value.trim() !== q) { return; }  // an older answer arrived late
            show(data.areas);
            say(data.areas.length ? form.dataset.textFound.replace("{n}", data.areas.length)
                                  : form.dataset.textNone);
          })
          .catch(function () { say(""); });
      }, 250);
    });

    function locate(lon, lat) {
      return fetch(form.dataset.locate + "?lon=" + lon + "&lat=" + lat, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.areas && data.areas.length) { choose(data.areas[0].id); }
          else { say(data.message || form.dataset.textNone); }
        });
    }

    var locBtn = document.getElementById("finder-locate");
    if (!navigator.geolocation) { locBtn.hidden = true; }
    locBtn.addEventListener("click", function () {
      say(form.dataset.textLocating);
      navigator.geolocation.getCurrentPosition(function (pos) {
        locate(pos.coords.longitude.toFixed(6), pos.coords.latitude.toFixed(6));
      }, function () { say(form.dataset.textNoLocation); },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
    });

    // Leaflet is loaded only when someone opens the map: the start page stays light.
    function withLeaflet(done) {
      if (window.L) { done(); return; }
      var css = document.createElement("link");
      css.rel = "stylesheet"; css.href = form.dataset.leafletCss;
      document.head.appendChild(css);
      var js = document.createElement("script");
      js.src = form.dataset.leafletJs; js.onload = done;
      document.head.appendChild(js);
    }

    var mapBtn = document.getElementById("finder-map-open");
    mapBtn.addEventListener("click", function () {
      var opening = mapEl.hidden;
      mapEl.hidden = !opening;
      mapBtn.setAttribute("aria-expanded", opening ? "true" : "false");
      if (!opening || mapEl.leafletMap) { return; }
      withLeaflet(function () {
        var map = L.map(mapEl, { scrollWheelZoom: false });
        mapEl.leafletMap = map;  // lets browser tests tap at a known place
        if (form.dataset.tiles) {
          L.tileLayer(form.dataset.tiles, { maxZoom: 19, attribution: form.dataset.attribution || "" }).addTo(map);
        }
        var b = (form.dataset.bounds || "").split(",").map(parseFloat);
        if (b.length === 4 && !isNaN(b[0])) { map.fitBounds([[b[0], b[1]], [b[2], b[3]]]); }
        else { map.setView([51.16, 10.45], 6); }
        map.on("click", function (e) {
          L.marker(e.latlng, { keyboard: false }).addTo(map);
          locate(e.latlng.lng.toFixed(6), e.latlng.lat.toFixed(6));
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
