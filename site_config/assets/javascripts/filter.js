/* The roles and checklists indexes: a box that keeps only the roles whose title, alias or
   code holds what is typed (full-width or half-width, any case, spaces and punctuation
   left out), and the department headings that still have one. Without JavaScript the
   box stays hidden and the lists are whole. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\p{P}\p{S}\p{Z}\p{C}]/gu, "");
  }

  function setUp() {
    var box = document.querySelector(".hb-filter");
    var list = document.querySelector(".hb-filterable");
    if (!box || !list) return;
    var input = box.querySelector("input"), none = box.querySelector(".hb-filter__none");
    var groups = [], group = null;
    Array.prototype.forEach.call(list.children, function (el) {
      if (el.tagName === "H2") {
        group = { heading: el, parts: [], items: [] };
        groups.push(group);
      } else if (group) {
        group.parts.push(el);
        el.querySelectorAll("tbody tr, li").forEach(function (item) {
          var cells = item.tagName === "TR" ? [item.cells[0], item.cells[1]] : [item];
          group.items.push({ el: item, key: fold(cells.map(function (c) { return c ? c.textContent : ""; }).join(" ")) });
        });
      }
    });

    function apply() {
      var want = fold(input.value), shown = 0;
      groups.forEach(function (g) {
        var here = 0;
        g.items.forEach(function (item) {
          var hit = !want || item.key.indexOf(want) >= 0;
          item.el.hidden = !hit;
          if (hit) here++;
        });
        g.heading.hidden = here === 0;
        g.parts.forEach(function (el) { el.hidden = here === 0; });
        shown += here;
      });
      none.hidden = shown > 0;
    }

    input.addEventListener("input", apply);
    box.hidden = false;
    if (input.value) apply();  // kept by the browser on going back
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
