/* Behaviour shared by every page, kept out of the HTML so the Content-Security-Policy can forbid
   inline scripts: confirmation of irreversible actions and the print button. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
    var toggle = event.target.closest ? event.target.closest(".nav-toggle") : null;
    if (toggle) {
      var nav = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
  });

  /* On a phone each table row becomes a card: every cell is labelled with its column's name. */
  function labelCells(root) {
    var tables = root.querySelectorAll ? root.querySelectorAll("table.data") : [];
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) { return; }
      var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (names[i] && !cell.hasAttribute("data-label") && cell.colSpan === 1) {
            cell.setAttribute("data-label", names[i]);
          }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    labelCells(document);
    var nav = document.getElementById("dieu-huong");
    if (nav) { nav.classList.add("collapsible"); }
  });
  document.addEventListener("htmx:afterSwap", function (event) { labelCells(event.target); });
})();
