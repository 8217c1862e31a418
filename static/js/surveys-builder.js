// The builder outline and the moderation rows answer a refused change with 422 and an
// explanation; let htmx swap that in instead of dropping it.
document.addEventListener("htmx:beforeSwap", function (e) {
  if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
});
