// Conditional questions: show a question only while the earlier answer it depends on is given.
// Without JavaScript every question is shown with a note ("only if you answered …"); the server
// ignores answers to questions whose condition is not met either way.
(function () {
  function values(form, name) {
    var out = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { out.push(el.value); }
      } else if (el.value) { out.push(el.value); }
    });
    return out;
  }
  function update(form) {
    // Document order: a question whose source is hidden is hidden as well.
    form.querySelectorAll(".sv-question[data-cond-field]").forEach(function (block) {
      var field = block.dataset.condField;
      var source = document.getElementById(field + "-block");
      var show = !(source && source.hidden) && values(form, field).indexOf(block.dataset.condValue) !== -1;
      block.hidden = !show;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("survey-form");
    if (!form) { return; }
    update(form);
    form.addEventListener("change", function () { update(form); });
  });
})();
