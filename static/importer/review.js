// Review form: send the edited tables as one JSON field ("edits"), so a plan with hundreds of
// tasks stays under the server's limit on the number of form fields; submit only once.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-review]")) return;
  event.preventDefault();
  if (form.dataset.sent) return;
  form.dataset.sent = "1";
  var edits = {};
  Array.prototype.forEach.call(form.elements, function (el) {
    if (!el.name || !/^(plan|tasks|targets|agency)-/.test(el.name)) return;
    if (el.type === "checkbox") {
      if (el.checked) edits[el.name] = el.value;
    } else {
      edits[el.name] = el.value;
    }
  });
  var out = document.createElement("form");
  out.method = "post";
  out.action = form.action;
  out.style.display = "none";
  [["csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value],
   ["edits", JSON.stringify(edits)]].forEach(function (pair) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = pair[0];
    input.value = pair[1];
    out.appendChild(input);
  });
  var button = form.querySelector("button[type=submit]");
  if (button) { button.disabled = true; button.textContent = "Đang tạo kế hoạch…"; }
  document.body.appendChild(out);
  out.submit();
});
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) return;
  document.querySelectorAll("form[data-review]").forEach(function (form) {
    delete form.dataset.sent;
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = false; button.textContent = "Tạo kế hoạch"; }
  });
});
