/* What the search box needs besides Material's own script, loaded in the page's head (before
   Material's script creates its search worker):

   * a search starts on any change of the box's text, not only on a key release: text pasted
     with the mouse, or committed by an input method (Chinese is typed through one), fires
     `input` and no key event. While an input method is composing (the pinyin in the box is
     not the query yet), key releases are held back;
   * the results of the site's worker (search/worker.js) carry the query they answer and a
     correction ("did you mean"): the result list is marked with the query
     (data-hb-query) and the correction is offered above the results, as a button that
     searches for it. Material creates the worker with `new Worker(url)`: the constructor
     is wrapped to listen to its messages, before Material's own listener. */
(function () {
  "use strict";
  var BOX = ".md-search__input";

  function searchNow(box) {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  document.addEventListener("input", function (ev) {
    if (ev.target.matches && ev.target.matches(BOX) && !ev.isComposing) searchNow(ev.target);
  }, true);
  document.addEventListener("compositionend", function (ev) {
    if (ev.target.matches && ev.target.matches(BOX)) searchNow(ev.target);
  }, true);
  document.addEventListener("keyup", function (ev) {
    if (ev.isComposing && ev.target.matches && ev.target.matches(BOX)) ev.stopImmediatePropagation();
  }, true);

  function offer(hb) {
    var result = document.querySelector(".md-search-result");
    if (!result) return;
    result.dataset.hbQuery = hb.query;
    result.dataset.hbSuggestion = hb.suggestion || "";
    var line = result.querySelector(".hb-search-suggestion");
    if (!hb.suggestion) {
      if (line) line.hidden = true;
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "hb-search-suggestion";
      line.appendChild(document.createElement("span"));
      var button = document.createElement("button");
      button.type = "button";
      button.addEventListener("click", function () {
        var box = document.querySelector(BOX);
        box.value = button.textContent;
        box.focus();
        searchNow(box);
      });
      line.appendChild(button);
      var meta = result.querySelector(".md-search-result__meta");
      result.insertBefore(line, meta ? meta.nextSibling : result.firstChild);
    }
    line.firstChild.textContent = hb.prompt || "";
    line.lastChild.textContent = hb.suggestion;
    line.hidden = false;
  }

  var Base = window.Worker;  // the iframe-worker shim's, from file://
  if (!Base) return;
  function Worker(url, options) {
    var worker = new Base(url, options);
    worker.addEventListener("message", function (ev) {
      var message = ev.data;
      if (message && message.type === 3 && message.data && message.data.hb) offer(message.data.hb);
    });
    return worker;
  }
  Worker.prototype = Base.prototype;
  window.Worker = Worker;
  window.hbSearch = { offer: offer };
})();
