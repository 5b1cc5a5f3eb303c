"""Build the regional services map (folium) as an HTML fragment for one language.

Shape of the output: ``<div class="folium-map" ...></div><script>...</script>``,
to be placed in the map page; Leaflet and its two plugins are not referenced
here at all: the theme loads the vendored copies (``content/assets/vendor/``,
from the npm registry) on the map page only, so the map makes no request to
any other host (PITFALLS P8).  Element ids are fixed (P10) so two builds are
byte-identical, and all text shown in popups and tooltips is HTML-escaped and
JSON-encoded (P9).  Pure: no file or network I/O, no MkDocs imports.
"""

from __future__ import annotations

import html
import itertools
import json
from urllib.parse import urlsplit

import folium
from folium.plugins import FeatureGroupSubGroup, MarkerCluster
from folium.template import Template

import query
import schema
from render import CATEGORY_PAGE, page_url

#: Marker colour and glyph per category; the glyph keeps categories apart without colour.
CATEGORY_STYLE = {
    "hotline": ("#b71c1c", "☎"), "shelter": ("#6a1b9a", "⌂"), "consulate": ("#1a237e", "✈"),
    "legal_aid": ("#0d47a1", "§"), "medical": ("#1b5e20", "+"), "psychological": ("#00695c", "♥"),
    "migration_office": ("#4e342e", "M"), "ngo": ("#e65100", "N"),
    "international_organization": ("#37474f", "I"),
}
CENTRE = (41.3, 74.8)  # middle of Kyrgyzstan's bounding box, degrees WGS 84


def js_string(text: str) -> str:
    """Return a JavaScript string literal of ``text`` that is safe inside <script> and folium.

    Besides JSON escaping, < > & ' become \\u escapes (no ``</script>``), and { } too:
    branca compiles each element's rendered JavaScript as a Jinja template again, so a
    ``{{ }}`` or ``{#`` from content would otherwise be evaluated at build time.
    """
    literal = json.dumps(text, ensure_ascii=False)
    for char in "<>&'{}":
        literal = literal.replace(char, f"\\u{ord(char):04x}")
    return literal


def html_text(text: str) -> str:
    """Return text escaped for HTML that Leaflet inserts with innerHTML (braces as entities too)."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


class TextPopup(folium.Popup):
    """A popup whose HTML content is one safe JS string (no jQuery, no backtick template)."""

    # folium.Popup.render() renders this template whole (not as macros).
    _template = Template("""
        var {{ this.get_name() }} = L.popup({{ this.options|tojavascript }})
            .setContent({{ this.content_js }});
        {{ this._parent.get_name() }}.bindPopup({{ this.get_name() }});
    """)

    def __init__(self, content_html: str, **kwargs):
        super().__init__(None, **kwargs)
        self.content_js = js_string(content_html)


class TextTooltip(folium.Tooltip):
    """A tooltip showing plain text (escaped, then given to Leaflet as a safe JS string)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip({{ this.text_js }}, {{ this.options|tojavascript }});
        {% endmacro %}
    """)

    def __init__(self, text: str, **kwargs):
        super().__init__("", **kwargs)
        self.text_js = js_string(html_text(text))


class TextMarker(folium.Marker):
    """A keyboard-focusable marker whose title and alt text (the service name) are safe JS strings."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.marker({{ this.location|tojson }},
                Object.assign({{ this.options|tojavascript }}, {title: {{ this.title_js }}, alt: {{ this.title_js }}})
            ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, location, title: str, **kwargs):
        super().__init__(location, **kwargs)
        self.title_js = js_string(title)


def _no_cdn(element) -> None:
    """Drop folium's CDN links from an element (the theme serves vendored copies)."""
    element.default_js, element.default_css = [], []


def _fix_ids(root) -> None:
    """Give every element a sequential id so the output is the same on every build."""
    counter = itertools.count()

    def walk(element):
        element._id = str(next(counter))
        for child in list(element._children.values()):
            walk(child)

    walk(root)


def _pin(category: str) -> folium.DivIcon:
    colour, glyph = CATEGORY_STYLE[category]
    return folium.DivIcon(html=f'<span class="kg-pin" style="background:{colour}" aria-hidden="true">{glyph}</span>',
                          icon_size=(28, 28), icon_anchor=(14, 14), class_name="kg-pin-icon")


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{html_text(text)}</a>'


def _service_popup(r, service: dict, place: dict, page_src: str) -> str:
    view = r.service_view(service)
    parts = [f"<strong>{html.escape(view['name'])}</strong>", html.escape(view["category_label"]),
             html.escape(r.labels["places"][place["id"]])]
    # one markup for a phone everywhere: link only for lines that may be dialled, coverage in the page language
    parts += [r.phone_html(p).replace("{", "&#123;").replace("}", "&#125;") for p in view["phones"]]
    target = CATEGORY_PAGE.get(service["category"], "organizations.md")
    parts.append(_link(page_url(page_src, target) + "#" + service["id"], r.L["services"]))
    parts.append(_link(page_url(page_src, f"regions/{place['region'].lower()}.md"), r.L["open_region"]))
    return "<br>".join(parts)


def _add_regions(m, r, regions: dict, page_src: str) -> None:
    for code in schema.REGIONS:
        name = r.region_name(code)
        popup = TextPopup(_link(page_url(page_src, f"regions/{code.lower()}.md"), f"{name}: {r.L['open_region']}"))
        if code in regions:
            feature = {"type": "Feature", "id": code, "properties": {"id": code},
                       "geometry": regions[code]["feature"]["geometry"]}
            layer = folium.GeoJson(feature, name=name, control=False, zoom_on_click=False,
                                   style_function=lambda f: {"color": "#37474f", "weight": 1.5,
                                                             "fillColor": "#90a4ae", "fillOpacity": 0.15},
                                   highlight_function=lambda f: {"weight": 3, "fillOpacity": 0.3})
        else:  # Osh city has no polygon of its own: a point at its centre
            osh = r.content.places["osh"]
            layer = folium.CircleMarker((osh["latitude"], osh["longitude"]), radius=12, color="#37474f",
                                        weight=2, fill=True, fill_opacity=0.15)
        layer.add_child(TextTooltip(name, sticky=True))
        layer.add_child(popup)
        layer.add_to(m)


def _add_services(m, r, page_src: str) -> int:
    cluster = MarkerCluster(control=False, options={"spiderfyOnMaxZoom": True, "showCoverageOnHover": False,
                                                    "maxClusterRadius": 30})
    _no_cdn(cluster)
    cluster.add_to(m)
    groups, count = {}, 0
    for service, place in query.map_points(r.content):
        category = service["category"]
        if category not in groups:
            # Leaflet's layer control inserts names as HTML
            groups[category] = FeatureGroupSubGroup(cluster, name=html_text(r.labels["categories"][category]))
            _no_cdn(groups[category])
            groups[category].add_to(m)
        name = r.service_view(service)["name"]
        marker = TextMarker((place["latitude"], place["longitude"]), name, icon=_pin(category))
        marker.add_child(TextTooltip(name))
        marker.add_child(TextPopup(_service_popup(r, service, place, page_src), max_width=280))
        marker.add_to(groups[category])
        count += 1
    return count


def build_map(r, regions: dict, page_src: str, tiles: dict | None = None) -> str:
    """Return the map fragment for the renderer's language.

    ``r`` is a `render.Renderer`; ``regions`` comes from `geodata.load_regions`;
    ``tiles`` is None (no background, no third-party request) or
    ``{"url": ..., "attribution": ...}`` from mkdocs.yml.
    Shape: an HTML string (one div, one script); one marker per
    (service, town with coordinates), one layer per category.
    """
    m = folium.Map(location=CENTRE, zoom_start=6, tiles=None, maxZoom=12, minZoom=5, control_scale=True,
                   zoom_control=True, prefer_canvas=False, width="100%", height="100%")
    _no_cdn(m)
    if tiles:
        folium.TileLayer(tiles["url"], attr=tiles["attribution"], name="tiles", control=False).add_to(m)
    _add_regions(m, r, regions, page_src)
    _add_services(m, r, page_src)
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds([[39.15, 69.2], [43.3, 80.3]])
    _fix_ids(m)
    figure = m.get_root()
    figure.render()
    body = figure.html.render()
    script = figure.script.render()
    return f'<div class="kg-map" role="region">{body}</div>\n<script>\n{script}\n</script>'


def map_section(r, regions: dict, page_src: str, tiles: dict | None = None) -> str:
    """Return the whole map page body: map, legend, credits, text list of regions, places without marker.

    The region list is the map's text alternative and its no-JavaScript fallback.
    """
    points = query.map_points(r.content)
    categories = [{"label": r.labels["categories"][c], "colour": CATEGORY_STYLE[c][0], "glyph": CATEGORY_STYLE[c][1],
                   "count": sum(1 for s, _ in points if s["category"] == c)} for c in schema.CATEGORIES]
    off_map = [{"name": r.service_view(s)["name"], "where": r.labels["places"][p["id"]],
                "url": page_url(page_src, CATEGORY_PAGE.get(s["category"], "organizations.md")) + "#" + s["id"]}
               for s, p in query.off_map_locations(r.content)]
    host = urlsplit(tiles["url"]).hostname if tiles else ""
    legend = r.env.get_template("kg-map-legend.html").render(
        L=r.L, categories=[c for c in categories if c["count"]], off_map=off_map, tiles_host=host)
    regions_list = f'<h2 id="regions">{html.escape(r.L["map_regions"])}</h2>\n' + r.regions(page_src)
    return "\n\n".join([build_map(r, regions, page_src, tiles), legend, regions_list])
