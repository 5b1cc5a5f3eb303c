// The site's search, loaded by kg-boot.js when the reader first opens search (issue 10):
// loads this language's search/index.js ([[url, title, summary], ...], written by
// hooks/siteoutput.py) as a plain script, so it also works from file:// without a worker.
// Every word typed must start a word of a section's title or summary (case-insensitive, NFC,
// ё = е); title hits rank first; sections are grouped under their page, like Material.
// Results are built with textContent only: index text never becomes markup.
(function () {
  "use strict";

  var index = null;       // [[url, title, summary, words], ...] once loaded
  var loading = false;
  var root = null;        // the language root, absolute (index and result URLs are relative to it)

  function norm(text) {
    return String(text).normalize("NFC").toLocaleLowerCase().replace(/ё/g, "е");
  }
  var SPLIT;  // Unicode classes where the browser has them (an old phone's browser may not)
  try { SPLIT = new RegExp("[^\\p{L}\\p{N}]+", "u"); } catch (e) { SPLIT = /[\s.,;:!?()\[\]«»"'\/\u2010-\u2015-]+/; }
  function words(text) {
    return norm(text).split(SPLIT).filter(Boolean);
  }

  function box() { return document.querySelector("[data-kg-search]"); }
  function input() { return document.querySelector(".md-search__input"); }

  function load() {
    if (index || loading) return;
    var el = box();
    if (!el) return;
    loading = true;
    root = new URL(el.getAttribute("data-kg-search"), location);
    var script = document.createElement("script");
    script.src = new URL("search/index.js", root).href;
    script.onload = function () {
      index = (window.__kgSearchIndex || []).map(function (d) {
        return [d[0], d[1], d[2], words(d[1]), words(d[2])];
      });
      show();
    };
    script.onerror = function () { loading = false; };
    document.head.appendChild(script);
  }

  function hits(query, list) {
    var n = 0;
    for (var i = 0; i < query.length; i++) {
      var found = false;
      for (var j = 0; j < list.length && !found; j++) found = list[j].lastIndexOf(query[i], 0) === 0;
      if (!found) return -1;
      n++;
    }
    return n;
  }

  // Matching sections grouped by page, best page first: [[pageDoc, [sectionDocs]], ...]
  // (like Material: the page's own entry heads the group, so the page is always a result).
  function search(q) {
    var query = words(q);
    if (!query.length || !index) return [];
    var pages = {}, order = [];
    index.forEach(function (d) {
      if (hits(query, d[3].concat(d[4])) < 0) return;
      var score = 0;
      query.forEach(function (w) { if (hits([w], d[3]) > 0) score += 10; });
      var page = d[0].split("#")[0];
      if (!pages[page]) { pages[page] = {score: -1, page: null, sections: []}; order.push(page); }
      var group = pages[page];
      group.score = Math.max(group.score, score + (d[0] === page ? 1 : 0));
      if (d[0] === page) group.page = d; else group.sections.push(d);
    });
    index.forEach(function (d) {      // a page whose sections matched but not its own text
      var group = pages[d[0]];
      if (group && !group.page) group.page = d;
    });
    return order.map(function (p) { return pages[p]; })
      .sort(function (a, b) { return b.score - a.score; })
      .map(function (g) { return [g.page || g.sections[0], g.page ? g.sections : g.sections.slice(1)]; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function result(d, heading) {
    var link = el("a", "md-search-result__link");
    link.href = new URL(d[0], root).href;
    link.tabIndex = -1;
    var article = el("article", "md-search-result__article md-typeset");
    if (heading === "h1") article.appendChild(el("div", "md-search-result__icon md-icon"));
    article.appendChild(el(heading, null, d[1]));
    if (d[2]) article.appendChild(el("p", null, d[2]));
    link.appendChild(article);
    return link;
  }

  function show() {
    var container = box();
    var field = input();
    if (!container || !field || !index) return;
    var meta = container.querySelector(".md-search-result__meta");
    var list = container.querySelector(".md-search-result__list");
    var q = field.value.trim();
    var found = search(q);
    list.textContent = "";
    if (!q) meta.textContent = container.getAttribute("data-kg-placeholder");
    else if (!found.length) meta.textContent = container.getAttribute("data-kg-none");
    else if (found.length === 1) meta.textContent = container.getAttribute("data-kg-one");
    else meta.textContent = container.getAttribute("data-kg-other").replace("#", found.length);
    found.slice(0, 30).forEach(function (group) {
      var item = el("li", "md-search-result__item");
      item.appendChild(result(group[0], "h1"));
      group[1].slice(0, 5).forEach(function (d) { item.appendChild(result(d, "h2")); });
      list.appendChild(item);
    });
    list.hidden = false;
  }

  


  function close() { if (window.__kgSearchClose) window.__kgSearchClose(); }

  var field = input();
  if (!field || !box()) return;
  field.addEventListener("input", show);
  field.addEventListener("keyup", show);
  field.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = box().querySelector(".md-search-result__link");
    if (first) first.click();
  });
  field.form.addEventListener("reset", function () {
    setTimeout(function () { field.focus(); show(); }, 0);
  });
  box().addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) close();
  });
  load();
})();
