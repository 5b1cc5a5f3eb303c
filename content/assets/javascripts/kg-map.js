// Draws window.KG_MAP (map.data.js, from hooks/geo.py) with Leaflet + markercluster.
// Texts go in as text nodes (P9); no inline styles (CSP); keyboard: docs/maintaining.md "The map".
// Drawn in steps, each its own task (issue 10: no task over 200 ms on a 4x slowed CPU): the box shown;
// after the next frame the Leaflet map; its view and REGIONS_PER_STEP outlines at a time; the towns
// (markercluster's chunked loading); window.kgMap is set when all is drawn. Nothing is drawn in the
// task that runs this file: the deferred scripts and the theme's DOMContentLoaded handlers share it.
(function () {
  "use strict";
  var D = window.KG_MAP, box = document.querySelector("[data-kg-map]");
  if (!box) return;
  if (!D || !window.L || !L.markerClusterGroup) {  // a script did not load: the static map stays, and
    box.removeChild(box.querySelector(".kg-map-app"));  // no empty place is kept for the controls (kg-map.css)
    return;
  }
  var S = D.strings, app = box.querySelector(".kg-map-app"), el = box.querySelector(".kg-map");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var REGIONS_PER_STEP = 2, TOWNS_PER_STEP = 100;
  function later(fn) { setTimeout(fn, 0); }  // a new task: input and paint may run in between
  function afterPaint(fn) { requestAnimationFrame(function () { later(fn); }); }  // the page's layout is done
  function inSteps(list, size, fn, done) {  // fn(item, index) over list, `size` items per task
    var at = 0;
    (function step() {
      for (var end = Math.min(list.length, at + size); at < end; at++) fn(list[at], at);
      if (at < list.length) later(step);
      else if (done) later(done);
    })();
  }

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }
  function make(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function link(href, text) { var a = make("a", "", text); a.href = href; return a; }
  function glyph(id) {
    var span = make("span", "kg-glyph kg-glyph--" + id, glyphs[id]);
    span.setAttribute("aria-hidden", "true");
    return span;
  }

  var glyphs = {}, labels = {}, regions = {}, shown = {};
  D.categories.forEach(function (c) { glyphs[c.id] = c.glyph; labels[c.id] = c.label; });
  D.regions.forEach(function (r) { regions[r.code] = r; });

  var map, viewBounds, popupLayout, group, markers = [], beforePopup = null;
  later(function () {
    app.hidden = false;
    box.classList.add("kg-map-live");  // hides the static SVG, except in print
    afterPaint(makeMap);  // the page's new style and layout are the browser's next frame, not forced here
  });
  function makeMap() {
    map = L.map(el, {zoomControl: false, attributionControl: !!D.tiles, minZoom: 3, maxZoom: 12, zoomSnap: 0.25});
    L.control.zoom({zoomInTitle: S.map_zoom_in, zoomOutTitle: S.map_zoom_out}).addTo(map);
    if (D.tiles) {
      var credit = make("span", "", D.tiles.attribution);
      map.attributionControl.setPrefix(false);
      L.tileLayer(D.tiles.url, {attribution: credit.innerHTML}).addTo(map);  // escaped text
    }
    later(fitView);
  }
  function fitView() {
    map.fitBounds(D.bounds);
    viewBounds = L.latLngBounds(D.bounds);
    // Initial options, read once: a read per layer forced a layout each time (a long task on slow phones);
    // `sized` sets each popup's own size as it opens (Leaflet copies the options per popup).
    popupLayout = popupOptions();
    inSteps(D.regions, REGIONS_PER_STEP, drawRegion, drawTowns);
  }

  // A popup fits in the map box, tip and marker included: taller, autoPan would pan its marker out of
  // view (on a phone markercluster then removed the marker, closing the popup). Every popup gets the whole
  // box, even a town near the country's edge (Bishkek, near the north edge, had a third of it): autoPan
  // may take the centre out of the view's bounds (Kyrgyzstan, or abroad) while the popup is open, and
  // closing it takes the map back to where it was (`listen`), never left over empty land.
  // Set as the popup opens (the box's size decides); the content scrolls (maxHeight).
  function popupOptions() {
    var width = Math.max(150, Math.min(280, el.clientWidth - 120));  // beside the zoom buttons, never under
    // Below the popup: Leaflet's frame, tip and margin (67 px), the marker (15 px) and 32 px; above: 16 px.
    var room = el.clientHeight - 130;
    return {maxWidth: width, minWidth: Math.min(200, width), maxHeight: Math.max(80, Math.floor(room)),
            autoPanPaddingTopLeft: L.point(56, 16), autoPanPaddingBottomRight: L.point(12, 32)};
  }
  function sized(layer, build) {  // Leaflet calls a content function before it lays the popup out (and pans)
    return function () {
      L.extend(layer.getPopup().options, popupOptions());
      if (!beforePopup) beforePopup = map.getCenter();  // kept while one popup replaces another
      return build();
    };
  }
  function popupRoot(title) {
    var root = make("div", "kg-popup");
    root.tabIndex = -1;  // takes focus when the popup opens
    root.appendChild(make("p", "kg-popup__title")).appendChild(make("strong", "", title));
    return root;
  }

  // Regions (not tab stops: links in popups and the region list act for them). Outlines are read
  // back from the static SVG; all rings in one even-odd polygon (holes, separate parts).
  function outline(code) {
    var path = box.querySelector(".kg-svg__region--" + code.toLowerCase() + " path"), P = D.projection, rings = [];
    if (!path) return null;
    path.getAttribute("d").split("M").slice(1).forEach(function (part) {
      var n = part.replace(/[lz]/g, " ").trim().split(/\s+/).map(Number), x = 0, y = 0, ring = [];
      for (var i = 0; i + 1 < n.length; i += 2) {
        x += n[i]; y += n[i + 1];
        ring.push([P.north - y / P.scale_y, P.west + x / P.scale_x]);
      }
      rings.push(ring);
    });
    return [rings];
  }
  var shapeStyle = {color: "#37474f", weight: 1.5, fillColor: "#90a4ae", fillOpacity: 0.15, className: "kg-region"};
  function drawRegion(r) {
    var name = fmt(S.map_services_at, {place: r.name, count: r.count});
    r.latlngs = r.point ? null : outline(r.code);
    var layer = r.latlngs ? L.polygon(r.latlngs[0], shapeStyle)
                          : L.circleMarker(r.point || r.centre, L.extend({radius: 12}, shapeStyle));
    layer.bindTooltip(make("span", "", name), {sticky: true});
    layer.bindPopup(sized(layer, function () {
      var root = popupRoot(r.name);
      root.appendChild(make("p", "", name));
      regionLinks(root, r);
      return root;
    }), popupLayout);
    layer.kgRegion = r.code;
    layer.addTo(map);
    layer.getElement().setAttribute("tabindex", "-1");  // Chromium makes SVG paths with listeners tab stops
  }

  // --- Towns: one marker each, listing the services of the categories switched on ---
  function visible(town) {
    return town.services.map(function (i) { return D.services[i]; })
      .filter(function (s) { return shown[s.category]; });
  }
  function regionLinks(root, region) {
    if (region.hotlines.length) {  // the free short numbers that work in this region
      var strip = root.appendChild(make("p", "kg-popup__hotlines"));
      strip.appendChild(make("strong", "", S.hotline_strip + ":"));
      region.hotlines.forEach(function (p) {
        strip.appendChild(document.createTextNode(" "));
        phoneLink(strip, p);
      });
    }
    root.appendChild(make("p", "kg-popup__region")).appendChild(link(region.url, region.name + ": " + S.open_region));
  }
  function phoneLink(parent, p) {  // a link only for a line that may be dialled (see geo.phone_entry)
    if (p.href) parent.appendChild(link(p.href, p.display)).className = "kg-tel";
    else parent.appendChild(make("span", "kg-tel-text", p.display));
  }
  function phoneLine(parent, p) {
    var line = parent.appendChild(make("span", "kg-popup__phone"));
    phoneLink(line, p);
    if (p.note) line.appendChild(document.createTextNode(" (" + p.note + ")"));
  }
  // A town may have hundreds of services: the popup opens with the first ITEMS_PER_STEP (more than its
  // maxHeight shows, so Leaflet, which measures the popup as it opens, sizes it as scrolled) and the rest
  // follow, that many per task, as "kg-popup__later" items that are not laid out until scrolled to (kg-map.css).
  var ITEMS_PER_STEP = 8;  // 4 lines each at least: 8 are taller than the highest popup (430 px)
  function townPopup(town) {
    var root = popupRoot(town.name), list = root.appendChild(make("ul", "kg-popup__list"));
    inSteps(visible(town), ITEMS_PER_STEP, function (s, i) {
      var item = list.appendChild(make("li", i < ITEMS_PER_STEP ? "" : "kg-popup__later"));
      item.appendChild(make("strong", "kg-popup__name", s.name));
      var kind = item.appendChild(make("span", "kg-popup__category"));
      kind.appendChild(glyph(s.category));
      kind.appendChild(document.createTextNode(" " + labels[s.category]));
      s.phones.forEach(function (p) { phoneLine(item, p); });
      if (!s.phones.length) item.appendChild(make("span", "kg-popup__phone", S.no_phone));
      item.appendChild(make("span", "kg-popup__more")).appendChild(link(s.url, S.map_details));
    });
    var region = regions[town.region];
    if (region) regionLinks(root, region);
    return root;
  }
  // At most 46 px wide (the first category's glyph, then "+n" for the others), so the cluster radius
  // below keeps every icon clear of the next; the popup and the title name them all.
  var ICON_WIDTH = 46;
  function townIcon(categories, order) {
    var inner = make("span", "kg-town__glyphs");
    inner.setAttribute("aria-hidden", "true");
    inner.setAttribute("data-order", order);
    inner.appendChild(glyph(categories[0]));
    if (categories.length > 1) inner.appendChild(make("span", "kg-town__more", "+" + (categories.length - 1)));
    var width = categories.length > 1 ? ICON_WIDTH : 34;
    return L.divIcon({html: inner, className: "kg-town", iconSize: [width, 30], iconAnchor: [width / 2, 15],
                      popupAnchor: [0, -15]});  // the popup's tip on the icon's top edge
  }
  function byOrder(a, b) { return a.kgOrder - b.kgOrder; }
  function clusterIcon(cluster) {
    var members = cluster.getAllChildMarkers().sort(byOrder), count = 0;
    members.forEach(function (m) { count += m.kgCount; });
    // named by its title ("Osh, Jalal-Abad — services: 9"); the visible count is aria-hidden
    cluster.options.title = fmt(S.map_services_at, {
      place: members.map(function (m) { return m.kgTown.name; }).join(", "), count: count});
    var inner = make("span", "kg-cluster__count", String(count));
    inner.setAttribute("aria-hidden", "true");
    inner.setAttribute("data-order", members[0].kgOrder);
    return L.divIcon({html: inner, className: "kg-cluster", iconSize: [40, 40]});
  }

  // Towns nearer than the widest icon (+4 px) at the cluster plugin's zoom merge into one cluster, so no two
  // icons overlap. Every marker stays on the map: on a phone the plugin would drop those just out of view
  // (no padding on L.Browser.mobile), closing an open popup whose marker autoPan moved there.
  // Chunked loading: the plugin adds markers for at most chunkInterval ms per task (it looks at the
  // clock every 200 markers), then draws them; `progress` learns when it is done.
  function drawTowns() {
    group = L.markerClusterGroup({maxClusterRadius: ICON_WIDTH + 4, removeOutsideVisibleBounds: false,
                                  showCoverageOnHover: false, zoomToBoundsOnClick: false,
                                  spiderfyOnMaxZoom: false, iconCreateFunction: clusterIcon,
                                  chunkedLoading: true, chunkInterval: 50, chunkDelay: 0, chunkProgress: progress});
    inSteps(D.towns, TOWNS_PER_STEP, function (town, order) {
      var marker = L.marker([town.lat, town.lon], {keyboard: true, riseOnHover: true});
      marker.kgTown = town;
      marker.kgOrder = order;
      marker.bindPopup(sized(marker, function () { return townPopup(town); }), popupLayout);
      markers.push(marker);
    }, function () {
      group.addTo(map);
      listen();
      refresh();
    });
  }

  function focusIcon(layer) { if (layer && layer._icon) layer._icon.focus({preventScroll: true}); }

  // Tab order = town order, whatever the cluster plugin did; the focused icon never moves (focus loss)
  function sortIcons() {
    var pane = map.getPane("markerPane"), icons = Array.prototype.slice.call(pane.children);
    var key = function (node) { var o = node.querySelector("[data-order]"); return o ? +o.getAttribute("data-order") : 1e9; };
    var wanted = icons.slice().sort(function (a, b) { return key(a) - key(b); });
    var focused = null;
    icons.forEach(function (node) { if (node.contains(document.activeElement)) focused = node; });
    var at = focused ? wanted.indexOf(focused) : wanted.length;
    wanted.forEach(function (node, i) {
      if (i < at) pane.insertBefore(node, focused);
      else if (i > at) pane.appendChild(node);
    });
  }

  // One refresh at a time: a filter change while the plugin still adds markers waits for it (it cannot be
  // stopped, and would add the old selection after clearLayers).
  var adding = false, again = false, complete = false, chunked = false;
  function refresh() {
    if (adding) { again = true; return; }
    each(box.querySelectorAll('input[name="kg-category"]'), function (input) { shown[input.value] = input.checked; });
    map.closePopup();
    group.clearLayers();
    var on = [];
    markers.forEach(function (marker) {
      var services = visible(marker.kgTown), present = {};
      marker.kgCount = services.length;
      if (!services.length) return;
      services.forEach(function (s) { present[s.category] = true; });
      marker.options.title = fmt(S.map_services_at, {place: marker.kgTown.name, count: services.length});
      marker.setIcon(townIcon(D.categories.map(function (c) { return c.id; })
        .filter(function (id) { return present[id]; }), marker.kgOrder));
      on.push(marker);
    });
    adding = true;
    complete = chunked = false;
    group.addLayers(on);
    if (complete) drawn();  // all in this task (fewer than 200 towns)
    else chunked = true;
  }
  function progress(count, total) {  // the plugin draws the towns right after its last call of this
    if (count !== total) return;
    complete = true;
    if (chunked) later(drawn);
  }
  function drawn() {
    adding = false;
    sortIcons();
    if (again) { again = false; refresh(); }
    else if (!window.kgMap) window.kgMap = {map: map, group: group, markers: markers};  // for the browser tests and the console
  }

  // Listeners, once the map and the cluster group exist
  var openPopup = null;
  function listen() {
    group.on("clusterclick clusterkeypress", function (e) {
      var keyboard = e.type === "clusterkeypress";
      if (keyboard && e.originalEvent.key !== "Enter" && e.originalEvent.keyCode !== 13) return;
      var first = e.layer.getAllChildMarkers().sort(byOrder)[0];
      group.zoomToShowLayer(first, function () { if (keyboard) focusIcon(first); });
    });
    map.on("moveend zoomend", sortIcons);
    group.on("animationend spiderfied", sortIcons);
    each(box.querySelectorAll('input[name="kg-category"]'), function (input) { input.addEventListener("change", refresh); });

    // Popups: focus in, focus back; Esc closes and stops (the quick exit listens on document, P15)
    map.on("popupopen", function (e) {
      openPopup = e.popup;
      var node = e.popup.getElement(), close = node.querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", S.map_close); close.title = S.map_close; }
      var root = node.querySelector(".kg-popup");
      if (root) root.focus({preventScroll: true});
    });
    map.on("popupclose", function (e) {
      if (openPopup === e.popup) openPopup = null;
      // autoPan took the centre out of the country (or the abroad view) for a popup: once none is open
      // (another may replace this one in the same task), back to where the map was before the first
      setTimeout(function () {
        if (openPopup || !beforePopup) return;
        if (!viewBounds.contains(map.getCenter())) map.panTo(beforePopup);
        beforePopup = null;
      }, 0);
      var active = document.activeElement, source = e.popup._source;
      var lost = !active || active === document.body || active === el || e.popup.getElement().contains(active);
      if (lost && source && source._icon) focusIcon(source);
    });
    el.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && openPopup) {
        e.stopPropagation();
        e.preventDefault();
        map.closePopup();
      }
    }, true);

    // --- Kyrgyzstan / abroad ---
    each(box.querySelectorAll('input[name="kg-view"]'), function (input) {
      input.addEventListener("change", function () {
        var abroad = D.towns.filter(function (t) { return t.abroad; }).map(function (t) { return [t.lat, t.lon]; });
        viewBounds = L.latLngBounds(input.value === "abroad" && abroad.length ? abroad : D.bounds);
        if (input.value === "abroad" && abroad.length) map.fitBounds(abroad, {padding: [40, 40], maxZoom: 8});
        else map.fitBounds(D.bounds);
      });
    });
  }

  // Near me: the position never leaves this page
  function inside(latlngs, lat, lon) {
    var hit = false;
    latlngs.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var a = ring[i], b = ring[j];
          if ((a[0] > lat) !== (b[0] > lat) && lon < (b[1] - a[1]) * (lat - a[0]) / (b[0] - a[0]) + a[1]) hit = !hit;
        }
      });
    });
    return hit;
  }
  function distance(r, lat, lon) {
    var centre = r.point || r.centre, dy = centre[0] - lat, dx = (centre[1] - lon) * Math.cos(lat * Math.PI / 180);
    var d = Math.sqrt(dx * dx + dy * dy);
    if (r.latlngs ? inside(r.latlngs, lat, lon) : d < 0.1) return -1 / (1 + d);  // the region you are in comes first
    return d;
  }
  var nearMe = box.querySelector(".kg-near-me"), status = box.querySelector(".kg-near-me__status");
  if (!navigator.geolocation) nearMe.hidden = true;
  box.querySelector(".kg-near-me__button").addEventListener("click", function () {
    if (!map) return;  // not drawn yet
    navigator.geolocation.getCurrentPosition(function (position) {
      var lat = position.coords.latitude, lon = position.coords.longitude, far = {};
      D.regions.forEach(function (r) { far[r.url] = distance(r, lat, lon); });
      var list = document.querySelector("ul.kg-regions");
      if (list) {
        var key = function (li) { var a = li.querySelector("a"); return a && a.getAttribute("href") in far ? far[a.getAttribute("href")] : 1e9; };
        Array.prototype.slice.call(list.children).sort(function (a, b) { return key(a) - key(b); })
          .forEach(function (li) { list.appendChild(li); });
      }
      map.setView([lat, lon], 8);
      status.textContent = S.map_near_me_done;
    }, function () { status.textContent = S.map_near_me_error; }, {maximumAge: 600000, timeout: 20000});
  });
})();
