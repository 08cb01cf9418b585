// dondoc's review page: one key per action, on the draft in focus. Without this script every
// action is still a button. J/K (or ↓/↑) move between drafts, C confirms, E edits, T splits,
// X rejects; keys typed into a field are the field's.
(function () {
  "use strict";
  var drafts = Array.prototype.slice.call(document.querySelectorAll("article.draft"));
  if (!drafts.length) { return; }
  var wanted = location.hash ? document.querySelector(location.hash) : null;
  (wanted && wanted.classList.contains("draft") ? wanted : drafts[0]).focus();
  function current() {
    var el = document.activeElement;
    while (el && !(el.classList && el.classList.contains("draft"))) { el = el.parentElement; }
    return el;
  }
  function open(draft, name) {
    var box = draft.querySelector("details." + name);
    if (!box) { return; }
    box.open = true;
    var field = box.querySelector("textarea, input:not([type=hidden]), select");
    if (field) { field.focus(); }
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    var draft = current();
    var i = drafts.indexOf(draft);
    var key = e.key.toLowerCase();
    if (key === "j" || key === "arrowdown") {
      e.preventDefault();
      drafts[Math.min(i + 1, drafts.length - 1)].focus();
    } else if (key === "k" || key === "arrowup") {
      e.preventDefault();
      drafts[Math.max(i - 1, 0)].focus();
    } else if (draft && key === "c") {
      e.preventDefault();
      draft.querySelector("form.confirm").submit();
    } else if (draft && key === "e") {
      e.preventDefault(); open(draft, "edit");
    } else if (draft && key === "t") {
      e.preventDefault(); open(draft, "split");
    } else if (draft && key === "x") {
      e.preventDefault(); open(draft, "reject");
    }
  });
}());
