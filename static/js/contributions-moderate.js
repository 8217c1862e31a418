// Keyboard moderation: J/K move between items, A approves the current one, H focuses the reason
// field for hiding. htmx swaps in the result; a 422 (reason missing) is swapped too so the error
// shows next to the field.
(function () {
  "use strict";
  function items() { return Array.prototype.slice.call(document.querySelectorAll(".mod-item")); }
  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".mod-item") : null;
  }
  function move(step) {
    var list = items();
    if (!list.length) { return; }
    var index = list.indexOf(current());
    var next = list[Math.max(0, Math.min(list.length - 1, index + step))] || list[0];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "input" || tag === "select") { return; }
    var item = current();
    var key = e.key.toLowerCase();
    if (key === "j") { move(1); e.preventDefault(); }
    else if (key === "k") { move(-1); e.preventDefault(); }
    else if (key === "a" && item) {
      var approve = item.querySelector("button.approve");
      if (approve) { approve.click(); e.preventDefault(); }
    } else if (key === "h" && item) {
      var reason = item.querySelector(".hide-form textarea");
      if (reason) { reason.focus(); e.preventDefault(); }
    }
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var item = e.detail.target && e.detail.target.id ? document.getElementById(e.detail.target.id) : null;
    if (item && item.classList.contains("done")) {
      var list = items();
      var next = list[list.indexOf(item) + 1];
      (next || item).focus();
    }
  });
})();
