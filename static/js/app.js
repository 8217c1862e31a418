// Send the CSRF token with every htmx request (Flask-WTF reads the X-CSRFToken header).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
});

// Wide tables scroll sideways inside .table-scroll. A keyboard user must be able to reach that
// scroll area (WCAG 2.1.1), so once it overflows it becomes focusable and is named after the
// table's caption or the heading above it.
(function () {
  "use strict";
  function label(el) {
    var caption = el.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var prev = el.previousElementSibling;
    while (prev && !/^H[1-6]$/.test(prev.tagName)) { prev = prev.previousElementSibling; }
    return prev ? prev.textContent.trim() : document.title;
  }
  function mark() {
    document.querySelectorAll(".table-scroll").forEach(function (el) {
      var wide = el.scrollWidth > el.clientWidth + 1;
      if (wide && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-focus", "");
        if (!el.hasAttribute("role")) { el.setAttribute("role", "region"); }
        if (!el.hasAttribute("aria-label")) { el.setAttribute("aria-label", label(el)); }
      } else if (!wide && el.hasAttribute("data-scroll-focus")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-focus");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:afterSettle", mark);
  window.addEventListener("resize", mark);
})();
