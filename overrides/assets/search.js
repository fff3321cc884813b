/* Search that costs nothing until used.
 *
 * Material's bundle asks for search/search_index.json on every page load, and
 * most visitors never search: at 20 years the index is half of what a first
 * visit transfers. This script (loaded just before the bundle) holds that one
 * request back and sends it when the search field gets the focus - by a
 * click, a tap, Tab, or the "/" and "s" shortcuts. Material's search worker
 * then starts as soon as the index arrives and runs whatever was typed
 * meanwhile, so no second click is needed. A page opened from a search
 * result (?h=… highlights the words) needs the index at once and gets it.
 * Without JavaScript nothing changes: Material's search needs it anyway.
 * Zensical (build.py build --engine zensical) asks for /search.json the same
 * way; its search field lives in a dialog its button opens (a shadow root, so
 * the focus arrives retargeted to the dialog's host): the button's focus, or
 * any focus inside a shadow root, sends the request.
 */
(function () {
  "use strict";
  var INDEX = /\/search(\/search_index)?\.json$/;
  var FIELD = "[data-md-component=search-query], .md-search__button";
  var released = new URLSearchParams(location.search).has("h");
  var held = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.spSearchIndex = INDEX.test(new URL(String(url), location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.spSearchIndex && !released) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  document.addEventListener("focusin", function (event) {
    var target = event.composedPath ? event.composedPath()[0] : event.target;
    if (!(target instanceof Element)) return;
    if (target.matches(FIELD) || target.getRootNode() instanceof ShadowRoot) release();
  });

  // The 404 page's way to the search: hidden without JavaScript (the search
  // needs it), shown here; it focuses the field, which opens Material's search.
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("[data-sp-search-open] a");
    var field = link && document.querySelector(FIELD);
    if (!field) return;
    event.preventDefault();
    field.focus();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-sp-search-open]"), function (item) {
    item.hidden = false;
  });
})();
