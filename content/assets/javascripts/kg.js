// Reader safety on every page (issue 8.5) and shareable anchors (issue 7.6). Without this script the
// site still works: the quick exit is a plain link, links add history entries as usual.
//
// 1. Quick exit: the button and the Escape key leave for a neutral page and replace the current
//    history entry. Esc leaves only when nothing is open (PITFALLS P15): a first Esc closes an
//    open popup, drawer, menu or <details>; Material's search and the map close their own.
// 2. Links inside the site replace the current history entry instead of adding one, so after
//    reading several pages and leaving, Back does not show a page of this site.
// 3. The language switcher keeps the #fragment: ids are the same in every language.
(function () {
  "use strict";

  function leave(event) {
    var link = document.getElementById("kg-exit");
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.getAttribute("data-exit"));
  }

  // --- 1. What is open, and Esc -----------------------------------------------------------------
  function checked(id) {
    var box = document.getElementById(id);
    return !!(box && box.checked);
  }

  function focusInField() {
    var active = document.activeElement;
    return !!(active && active.matches &&
              active.matches("input:not([type=checkbox]):not([type=radio]), textarea, select, [contenteditable]"));
  }

  function menuOpen() {
    var active = document.activeElement;
    return !!(active && active.closest && active.closest(".md-select"));
  }

  var OPEN = ".leaflet-popup, .leaflet-control-layers-expanded, dialog[open], [aria-modal='true'], details[open]";

  function somethingOpen() {
    return !!document.querySelector(OPEN) || checked("__search") || checked("__drawer") || focusInField() || menuOpen();
  }

  function closeOpen() {
    Array.prototype.forEach.call(document.querySelectorAll("details[open]"), function (details) {
      details.removeAttribute("open");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".leaflet-popup-close-button"), function (button) {
      button.click();
    });
    Array.prototype.forEach.call(document.querySelectorAll(".leaflet-control-layers-expanded"), function (control) {
      control.classList.remove("leaflet-control-layers-expanded");
    });
    var drawer = document.getElementById("__drawer");
    if (drawer && drawer.checked) {
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change"));
    }
    if (menuOpen()) document.activeElement.blur();
  }

  // The state is read before any other listener runs (capture on window): a listener that closes
  // something first (Leaflet, Material) must not turn this Esc into a leave.
  var openWhenPressed = false;
  function isEscape(event) { return event.key === "Escape" || event.key === "Esc"; }
  window.addEventListener("keydown", function (event) {
    if (isEscape(event)) openWhenPressed = somethingOpen();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (!isEscape(event) || event.defaultPrevented) return;
    if (openWhenPressed) closeOpen();
    else leave(event);
  });

  // --- 2 and 3. Links: replace history, keep the fragment when switching language -----------------
  function keepFragment(link) {
    if (link.hasAttribute("hreflang") && window.location.hash) link.hash = window.location.hash;
  }

  function updateSwitcher() {
    Array.prototype.forEach.call(document.querySelectorAll("a[hreflang]"), keepFragment);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", updateSwitcher);
  else updateSwitcher();
  window.addEventListener("hashchange", updateSwitcher);

  function sameSite(link) {
    return /^(https?|file):$/.test(link.protocol) && link.protocol === window.location.protocol &&
           link.host === window.location.host;
  }

  function followReplacing(event, link) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return;
    if (link.getAttribute("role") === "button" || !sameSite(link)) return;
    keepFragment(link);
    var samePage = link.pathname === window.location.pathname && link.search === window.location.search;
    if (samePage && !(link.hash && document.getElementById(decodeURIComponent(link.hash.slice(1))))) return;
    event.preventDefault();
    window.location.replace(link.href);
  }

  function linkOf(event) {
    return event.target.closest ? event.target.closest("a[href]") : null;
  }

  document.addEventListener("click", function (event) {
    var link = linkOf(event);
    if (!link) return;
    if (link.id === "kg-exit") leave(event);
    else if (!event.defaultPrevented) followReplacing(event, link);
  });
  // Leaflet stops clicks inside a popup from bubbling: its links are handled on the way down.
  window.addEventListener("click", function (event) {
    var link = linkOf(event);
    if (link && link.closest(".leaflet-popup-content")) followReplacing(event, link);
  }, true);
})();
