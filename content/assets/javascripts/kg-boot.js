// Boot script before Material's bundle: Material's storage helpers (no inline script, for a
// strict CSP) and what opens the site's search, which loads kg-search.js only when opened.
// See docs/maintaining.md ("Search" and "What loads when").
(function () {
  "use strict";

  var me = document.currentScript;
  var scope = (me && me.getAttribute("data-scope")) || ".";
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (e) {
    return Array.prototype.reduce.call(e, function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage; base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage; base = base || window.__md_scope;
    try { storage.setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  };

  // Search: nothing loads until the reader opens it; then kg-search.js (next to this file)
  // and this language's search/index.js.
  var engine = me ? new URL("kg-search.js", me.src).href : null;
  var started = false;

  function toggle() { return document.getElementById("__search"); }
  function input() { return document.querySelector(".md-search__input"); }

  function open() {
    var t = toggle();
    if (t && !t.checked) t.click();   // Material's CSS shows the search dialog for a checked toggle
    if (started || !engine) return;
    started = true;
    var script = document.createElement("script");
    script.src = engine;
    script.onerror = function () { started = false; };
    document.head.appendChild(script);
  }

  function close() {
    var t = toggle();
    if (t && t.checked) t.click();
    var field = input();
    if (field) field.blur();
  }
  window.__kgSearchClose = close;

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var field = input();
    if (!field || !document.querySelector("[data-kg-search]")) return;
    field.addEventListener("focus", open);
    field.addEventListener("keydown", function (event) {
      // Escape closes search here and goes no further: it must not fire the quick exit.
      if (event.key === "Escape") { event.stopPropagation(); event.preventDefault(); close(); }
    });
    document.querySelectorAll("label[for=__search]").forEach(function (label) {
      label.addEventListener("click", function () { setTimeout(function () { if (toggle().checked) field.focus(); }, 0); });
    });
    window.addEventListener("keydown", function (event) {
      if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        event.preventDefault();
        field.focus();
        field.select();
      }
    });
  });
})();
