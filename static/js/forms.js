// Shared form behaviour (every page). Live character counter for fields with a soft limit
// (data-limit). Nothing typed or pasted is
// cut off: past the limit the counter says how much is too long, and the server refuses the text
// with the same message while keeping it in the form. The counter is announced politely, only
// after a short pause in typing, so screen readers are not flooded.
(function () {
  "use strict";

  function attach(field) {
    if (field.dataset.counterReady) { return; }
    field.dataset.counterReady = "1";
    var limit = parseInt(field.dataset.limit, 10);
    if (!limit) { return; }
    var counter = document.createElement("p");
    counter.className = "counter";
    counter.id = (field.id || field.name) + "-counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id);
    field.setAttribute("aria-describedby", described.join(" "));
    var fmt = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var timer = null;

    function update() {
      var length = field.value.length;
      var over = length > limit;
      counter.textContent = over
        ? field.dataset.textOver.replace("{n}", fmt.format(length - limit))
        : field.dataset.textLeft.replace("{n}", fmt.format(limit - length)).replace("{max}", fmt.format(limit));
      counter.classList.toggle("over", over);
      field.classList.toggle("over-limit", over);
    }
    update();
    field.addEventListener("input", function () {
      // the visible counter follows at once only when the state changes or after a pause
      clearTimeout(timer);
      timer = setTimeout(update, 400);
      if ((field.value.length > limit) !== counter.classList.contains("over")) { update(); }
    });
  }

  function init(root) { (root || document).querySelectorAll("[data-limit]").forEach(attach); }

  // Controls that only work with JavaScript carry the class "needs-js" and the hidden attribute
  // in the HTML; they are shown here, so without JavaScript nobody meets a dead button.
  function showScripted(root) {
    (root || document).querySelectorAll(".needs-js[hidden]").forEach(function (el) { el.hidden = false; });
  }

  // After a refused submit, move focus to the error summary so keyboard and screen-reader users
  // start from the list of problems (each entry links to its field).
  function focusSummary() {
    var summary = document.querySelector(".error-summary");
    if (!summary) { return; }
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () { init(); showScripted(); focusSummary(); });
  document.addEventListener("htmx:afterSettle", function (e) { showScripted(e.target); });
  document.addEventListener("htmx:afterSettle", function (e) { init(e.target); });
})();
