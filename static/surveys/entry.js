// Paper entry: after a one-digit answer the cursor moves to the next box, so a form is typed
// as a run of digits. Tab, Shift+Tab and Enter keep working; without this file nothing breaks.
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input[data-auto]")) return;
  if (box.value.length < Number(box.getAttribute("maxlength") || 1)) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("form.entry input:not([type=hidden])"));
  var next = boxes[boxes.indexOf(box) + 1];
  if (next) next.focus();
});
