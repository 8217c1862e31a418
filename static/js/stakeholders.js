// Stakeholder matrix: open an assessment in the side panel instead of a new page.
// Markers (SVG links) and table names are ordinary links, so everything works without JavaScript;
// htmx fetches only the page's "assessment" block (see participation.core.htmx.render).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey || !window.htmx) { return; }
    var link = event.target.closest ? event.target.closest("a[data-panel]") : null;
    if (!link) { return; }
    var panel = document.getElementById(link.getAttribute("data-panel"));
    var href = link.getAttribute("href");
    if (!panel || !href) { return; }
    event.preventDefault();
    window.htmx.ajax("GET", href, { target: panel, swap: "innerHTML" }).then(function () {
      // move focus to the opened assessment so keyboard and screen-reader users land there
      var heading = panel.querySelector("h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
      if (window.matchMedia("(max-width: 60rem)").matches) {
        panel.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    });
  });
})();
