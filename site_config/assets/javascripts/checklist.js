/* Checklist pages: a tick stays ticked in this browser (localStorage), so a new hire can
   come back to the list during the first weeks. Ticks are keyed by the item's text, not
   its position, so that an item HR adds or removes does not shift the others. */
(function () {
  "use strict";

  function storageFor(page) {
    var key = "handbook-checklist:" + page;
    return {
      read: function () {
        try { return JSON.parse(window.localStorage.getItem(key)) || {}; } catch (e) { return {}; }
      },
      write: function (ticks) {
        try { window.localStorage.setItem(key, JSON.stringify(ticks)); } catch (e) { /* private mode: ticks last for the visit */ }
      }
    };
  }

  function setUp() {
    var list = document.querySelector(".hb-checklist");
    if (!list) return;
    var store = storageFor(window.location.pathname);
    var ticks = store.read();
    list.querySelectorAll(".task-list-item").forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      if (!box) return;
      var text = item.textContent.replace(/\s+/g, " ").trim();
      box.disabled = false;
      box.checked = ticks[text] === true;
      box.addEventListener("change", function () {
        var now = store.read();
        if (box.checked) now[text] = true; else delete now[text];
        store.write(now);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
