"""MkDocs glue: the only module listed under ``hooks:`` in mkdocs.yml and the only one importing MkDocs.

Each ``on_*`` function delegates: `content` loads and validates the YAML,
`pages` writes the region pages, `render` and `geo` expand the page markers,
`sanitize` cleans every page's HTML against the allow-list; after the build `embed` writes the
hotline cards for other sites' frames.  A page's title and
description are escaped here once (Material prints them unescaped);
`geo` also makes each map page's data file, written next to the page.
Content is loaded once per build and cached (keyed on file mtimes), because
mkdocs-static-i18n runs every hook once per language (PITFALLS P3).  Settings
come from ``extra.kg`` in mkdocs.yml: ``stale_after_months`` (default 12),
``map_tiles`` (null = no tiles, no third-party request) and ``quick_exit_url``.

Lifecycle (mkdocs-static-i18n runs one MkDocs build per language, default language first):

- once per build: content is loaded at the first ``on_config`` (`_content`, cached) and checked
  there or, where `background.can_fork`, in a child process collected at the first ``on_env``
  (`_checked`), before any file is written; the region pages are written in ``on_config``;
  `on_post_build` of the last language build finishes the site (404 pages, search indexes,
  sitemaps, trimmed CSS, pruning, open data, version, manifest);
- work done ahead in child processes (`background`; only when it can fork): the other languages'
  entries from the first ``on_env`` (`_render_ahead`), the open data from the second
  (`_export_ahead`), the written languages' classes from the last (`_scan_ahead`); a failed
  build waits for them and drops them (`on_build_error`), so the next build starts afresh;
- once per language: ``on_config`` (cache hit), ``on_env`` (the strip and labels as a Jinja
  global), one `render.Renderer` per language and audience (`_renderer`);
- once per page: ``on_page_markdown`` (escape front matter, expand markers), ``on_page_content``
  (sanitize, put generated blocks back), ``on_page_context`` / ``on_template_context`` (language
  base URL, 404 links), ``on_post_page`` (a map page's data file), ``on_post_template`` (404 text).
"""

from __future__ import annotations

import functools
import logging
import posixpath
import re
import secrets
import types
from urllib.parse import urlsplit
from pathlib import Path

import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Sibling imports must stay at module level: MkDocs puts hooks/ on sys.path
# only while this file is being imported.
import background as bg
import content as content_mod
import embed
import export
import geo
import geodata
import languages
import manifest
import pages
import paper
import markers
import parts
import render
import sanitize
import schema
import siteoutput

log = logging.getLogger("mkdocs.hooks.kg")
_CACHE: dict = {}
# Generated HTML waits in a slot while Python-Markdown renders the page: a token no page can guess,
# put back in `on_page_content`.  Markdown never re-parses it (issue 10: at 5,000 entries that was a
# quarter of the build).  Entries and lists go back before `sanitize.clean` (the allow-list still
# applies to them); the map's filter, box and region SVG after it.  Shape: {src_uri: {token: (html, clean)}}.
_SLOTS: dict = {}
_NONCE = secrets.token_hex(8)
_TOKEN = re.compile(rf"<p>(kgslot{_NONCE}n\d+)</p>")
_VIEWED: set = set()  # pages indexed from their search view (`_search_view`)
_LISTS: dict = {}  # {src_uri: {token: list of entries}}: put in the written page by `on_post_page`
_PAGE = {"uri": None}  # the page whose Markdown is being expanded (MkDocs renders pages one at a time)


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _settings(config) -> dict:
    return ({"stale_after_months": 12, "map_tiles": None, "data_licence": "CC BY 4.0",
             "max_entries_per_page": parts.LIMIT} | (config.extra.get("kg") or {}))


def _content(config):
    """Return validated content, loading it only when a YAML file changed.

    Checked at the start of each language's build (`on_config`); pages then use what it loaded.
    A changed partial (overrides/partials) also starts afresh: its Jinja environment does not
    look at the files again during a build (issue 10).
    """
    root = _root(config)
    pages_ = [p for lang in schema.SITE_LANGUAGES for p in pages.edited_paths(root / "content" / lang)]  # not ours
    pages_ = [p for p in pages_ if p.is_file()]  # a broken link is an error of the check, not a crash here
    files = sorted((root / "content").glob("**/*.yml")) + sorted(pages_) + [root / "data" / "kg-regions.geojson"]
    partials = sorted((root / "overrides" / "partials").glob("*.html"))
    key = tuple((str(p), p.stat().st_mtime_ns) for p in files + partials)
    if _CACHE.get("key") != key:
        # The checks run on the other core while MkDocs reads the pages; `_checked` waits for them
        # before the first file is written (issue 10).
        _REFUSED.clear()  # refused content was dropped from the cache: this build starts afresh
        loaded = content_mod.load_content(root, background=True)
        if loaded.pending is None:
            _report(loaded)
        _CACHE.clear()
        _CACHE.update(key=key, content=loaded, maps={}, version=manifest.content_version(files, root))
    return _CACHE["content"]


def _report(loaded) -> None:
    """Log the content's warnings and errors; raise PluginError (no site is written) if it has errors."""
    for warning in loaded.warnings:
        log.warning(str(warning))
    if loaded.errors:
        for error in loaded.errors:
            log.error(str(error))
        raise PluginError(f"{len(loaded.errors)} content error(s); see the lines above")


_REFUSED: list = []  # the PluginError of content found bad while MkDocs reads pages; raised at on_env


def _content_first(event):
    """Wrap an event that runs while the checks may still run: if it fails, the content's errors
    (a reference to a missing town, say) are reported instead of the traceback they caused.

    A page event then hands its page back untouched (MkDocs would add "Error reading page" to the
    content's errors) and the pages left are passed over; ``on_env`` stops the build before any
    file is written, with the same errors as the in-line check."""
    @functools.wraps(event)
    def wrapped(item, *args, **kwargs):
        if _REFUSED:
            return item
        try:
            return event(item, *args, **kwargs)
        except Exception:
            if _CACHE.get("content") is not None:
                try:
                    _checked(_CACHE["content"])  # raises PluginError if the content has errors
                except PluginError as refused:
                    if event.__name__ == "on_config":
                        raise
                    _REFUSED.append(refused)
                    return item
            raise
    return wrapped


def _export_ahead(config) -> None:
    """Once the entries rendered ahead are collected (the second language), write the open-data
    files in a child process while the last languages build; `on_post_build` waits for it."""
    ahead = _CACHE.get("ahead")
    if "export" in _CACHE or ahead is None or ahead.waiting or not bg.can_fork():
        return
    _CACHE["export"] = bg.start(lambda: export.write_export(
        Path(config.site_dir), _CACHE["content"], schema.SITE_LANGUAGES, _settings(config)["data_licence"]))


def _scan_ahead(config) -> None:
    """When the last language starts writing, the others' pages are final: a child process reads
    their classes for the trimmed stylesheet (`siteoutput.used_classes`) meanwhile; `on_post_build`
    reads the last language's pages and the 404 pages, and joins the two."""
    done = _CACHE.setdefault("written", [])
    done.append(_lang(config))  # every language before this one has written its pages (one build)
    if len(done) != len(schema.SITE_LANGUAGES) or "classes" in _CACHE or not bg.can_fork():
        return
    site_dir, folders = Path(config.site_dir), [languages.prefix(lang) for lang in schema.SITE_LANGUAGES]
    pages_ = [p for lang in done[:-1] for p in siteoutput.language_pages(site_dir, languages.prefix(lang), folders)]
    _CACHE["classes"] = (done[-1], bg.start(lambda: siteoutput.used_classes(site_dir, pages_)))


def _used_classes(site_dir: Path) -> set[str] | None:
    """Classes of every page: the child's of `_scan_ahead` and the rest read now; None without it."""
    if "classes" not in _CACHE:
        return None
    last, pending = _CACHE.pop("classes")
    folders = [languages.prefix(lang) for lang in schema.SITE_LANGUAGES]
    rest = siteoutput.language_pages(site_dir, languages.prefix(last), folders) + sorted(site_dir.rglob("404.html"))
    return pending.result() | siteoutput.used_classes(site_dir, rest)


def _checked(content) -> None:
    """Collect the checks `_content` left running, and report them; on errors nothing is kept."""
    if content.pending is None:
        return
    try:
        _report(content_mod.finish_loading(content))
    except Exception:
        _CACHE.clear()  # the next build loads and checks afresh
        raise


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


def _renderer(config, audience: str | None = None, lang: str | None = None) -> render.Renderer:
    """Return the renderer of ``lang`` (default: the language being built) and audience (None, or
    "abroad": no short-code call links).

    One per language, audience and content version, all sharing one Jinja environment, so each
    partial is compiled once per build and each entry rendered once, not once per page (issue 10).
    """
    content, lang = _CACHE.get("content") or _content(config), lang or _lang(config)
    renderers = _CACHE.setdefault("renderers", {})
    if (lang, audience) not in renderers:
        env = _CACHE.setdefault("env", render.make_env(_root(config) / "overrides" / "partials"))
        settings = _settings(config)
        renderers[(lang, audience)] = render.Renderer(content, lang, env, settings["stale_after_months"], audience,
                                                      block=_block, max_entries=settings["max_entries_per_page"],
                                                      clean_each=sanitize.clean_each)
        if audience is None and "ahead" in _CACHE:
            renderers[(lang, audience)].add_entries(_CACHE["ahead"].result().get(lang, {}))
    return renderers[(lang, audience)]


def _render_ahead(config) -> None:
    """Once the first language's pages are read, render the other languages' entries in a child
    process (`background`) while this one writes pages: the same entries, since every language
    has the same pages.  `_renderer` hands them over (issue 10: a tenth of a 5,000-entry build)."""
    renderers = _CACHE.get("renderers", {})
    first = renderers.get((_lang(config), None))
    # languages whose renderer exists already (a second build of the same content) have their entries
    others = [lang for lang in schema.SITE_LANGUAGES if (lang, None) not in renderers]
    if "ahead" in _CACHE or first is None or not others or not bg.can_fork():
        return
    keys = first.rendered_entries()
    _CACHE["ahead"] = bg.start(lambda: {lang: _renderer(config, lang=lang).entry_html(keys) for lang in others})


def _map(config, r, page_src: str) -> dict:
    """Return ``{"html": page body, "script": data file}`` of a map page, made once per language and page."""
    maps = _CACHE["maps"]
    if (r.lang, page_src) not in maps:
        regions = geodata.load_regions(str(_root(config) / "data" / "kg-regions.geojson"))
        view = r.map_view(page_src)
        data = geo.map_data(view, regions, _settings(config)["map_tiles"])
        maps[(r.lang, page_src)] = {"html": geo.map_section(view, regions, data, r.env, r.regions(page_src)),
                                    "script": geo.data_script(data)}
    return maps[(r.lang, page_src)]


def _within(config) -> dict[str, str]:
    """Which region lies inside which (``{city: region}``), from the boundary data (geodata.enclosing_regions)."""
    if "within" not in _CACHE:
        _CACHE["within"] = geodata.enclosing_regions(
            geodata.load_regions(str(_root(config) / "data" / "kg-regions.geojson")))
    return _CACHE["within"]


def _page_src(page) -> str:
    """A page's source path inside its language folder: ``ru/guide/x.md`` → ``guide/x.md``."""
    uri = page.file.src_uri
    return uri.split("/", 1)[1] if "/" in uri else uri


def _map_data_uri(page) -> str:
    """The map data file of a page, from the site root: ``ru/map.html`` → ``ru/map.data.js``."""
    return posixpath.splitext(page.file.dest_uri)[0] + ".data.js"


@_content_first
def on_config(config):
    content = _content(config)
    # long lists are split into parts, the same in every language (parts.py)
    listing_parts = _renderer(config, lang=schema.SITE_LANGUAGES[0]).listing_parts()
    changed = pages.write_region_pages(Path(config.docs_dir), content, listing_parts)
    if changed:
        log.info("wrote %d generated region page(s)", len(changed))
    return config


def _slot(page_uri: str, fragment: str, clean: bool = False, pieces: list[str] | None = None) -> str:
    """Park ``fragment`` for ``page_uri``; return its token as a Markdown paragraph of its own.

    ``pieces``: the entries ``fragment`` joins, if it is a list of entries (see `_search_view`).
    """
    slots = _SLOTS.setdefault(page_uri, {})
    token = f"kgslot{_NONCE}n{len(slots)}"
    slots[token] = (fragment, clean, pieces)
    return f"\n\n{token}\n\n"


def _block(fragment: str, pieces: list[str] | None = None) -> str:
    """The renderer's `block`: generated HTML of the current page, sanitized but never Markdown.

    A list of entries (``pieces``) comes sanitized already: the renderer cleans each entry once
    (its ``clean_each``), so the page's own clean need not read it again.
    """
    return _slot(_PAGE["uri"], fragment, clean=not pieces, pieces=pieces) if fragment.strip() else ""


def _map_slot(page, section: str) -> str:
    # Only the map itself (filter, map box, static SVG, legend) skips the sanitizer; the region list
    # after it is ordinary content, so MkDocs also sees its #regions anchor.
    head, cut, tail = section.partition('<h2 id="regions">')
    return _slot(page.file.src_uri, head) + cut + tail


@_content_first
def on_page_markdown(markdown, page, config, files):
    for key in ("title", "description"):  # text from front matter: shown as text in <title>, nav, meta
        if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], markupsafe.Markup):
            page.meta[key] = markupsafe.escape(page.meta[key])
    r = _renderer(config, (page.meta or {}).get("audience"))  # no short-code call links on pages for readers abroad
    src = _page_src(page)
    _SLOTS.pop(page.file.src_uri, None)
    _PAGE["uri"] = page.file.src_uri
    handlers = {
        "hotlines": lambda: _block(r.hotlines()), "services": r.services, "organizations": r.organizations,
        "region": lambda id, part="1": r.region(id, part, _within(config),
                                                 pages.see_also(Path(config.docs_dir), r.lang)), "regions": lambda: _block(r.regions(src)),
        "map": lambda: _map_slot(page, _map(config, r, src)["html"]), "open-data": lambda: _block(r.open_data(src)),
        "qr": lambda: _block(r.paper_address(paper.site_address(config.site_url, languages.prefix(r.lang), "index.html"),
                                             _settings(config).get("signing_key_fingerprint"))),
        "cards": lambda: _block(r.cards(src, config.site_url)),
        "country": lambda id: r.country(id),
    }
    if page.meta.get("map"):
        page.meta["map_data"] = _map_data_uri(page)  # overrides/main.html loads it
    try:
        out = markers.expand(r.mark_outdated_page(markdown, src), handlers)
    except markers.MarkerError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from exc
    searched = not (page.meta.get("search") or {}).get("exclude")
    if searched and any(pieces for _html, _clean, pieces in _SLOTS.get(page.file.src_uri, {}).values()):
        # A page that lists entries is indexed from its search view (`_search_view`), not by the plugin.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        _VIEWED.add(page.file.src_uri)
    return out


def _search_index(config):
    """Material's search plugin of this build, or None when search is off."""
    plugin = next((p for name, p in config.plugins.items() if name in ("search", "material/search")), None)
    return plugin.search_index if plugin is not None and plugin.config.get("enabled", True) else None


def _search_view(page, config, html: str) -> None:
    """Index a page that lists entries from ``html``, its search view: every section as on the page,
    each list of entries cut after the first ones (`siteoutput.search_view`).  The index keeps only
    a section's first characters, so its entries come out the same; the plugin is spared parsing
    every entry (issue 10)."""
    index = _search_index(config)
    if index is not None:
        meta = {key: value for key, value in page.meta.items() if key != "search"}
        index.add_entry_from_context(types.SimpleNamespace(content=html, toc=page.toc, url=page.url,
                                                            title=page.title, meta=meta))


@_content_first
def on_page_content(html, page, config, files):
    slots = _SLOTS.pop(page.file.src_uri, {})
    lost = slots.keys() - set(_TOKEN.findall(html))
    if lost:
        raise PluginError(f"{page.file.src_uri}: generated block {min(lost)} was lost while rendering")
    html = _TOKEN.sub(lambda m: slots[m[1]][0] if slots[m[1]][1] else m[0], html)
    # Last guard (P21): whatever the page check let through, only the allow-list reaches readers.
    html = sanitize.clean(html)
    # Lists of entries (already clean) go back after it: cut for search now; whole for readers in
    # `on_post_page`, so the page MkDocs and the theme pass around (Material's search plugin runs a
    # regex over every page's content) is a few KB, not every entry (issue 10).  The plugin indexes
    # no page that lists entries (`on_page_markdown`), so what it reads loses nothing.
    if page.file.src_uri in _VIEWED:
        _VIEWED.discard(page.file.src_uri)
        _search_view(page, config, _TOKEN.sub(lambda m: siteoutput.search_view(slots[m[1]][2]) if slots[m[1]][2]
                                              else slots[m[1]][0], html))
    lists = {token: fragment for token, (fragment, _clean, pieces) in slots.items() if pieces}
    if lists:
        _LISTS[page.file.src_uri] = lists
    return _TOKEN.sub(lambda m: m[0] if m[1] in lists else slots[m[1]][0], html)


def on_env(env, config, files):
    # MkDocs cleans the site folder before it reads the pages, and writes the first file after
    # this event: the last moment to refuse content whose checks ran in the background.
    if _REFUSED:
        raise _REFUSED.pop()
    _checked(_CACHE["content"])
    _render_ahead(config)
    _export_ahead(config)
    _scan_ahead(config)
    # The theme's templates are indented for reading; without the whitespace around their tags each
    # page is lighter on a prepaid phone (issue 10). Page content (and any <pre>) is not template text.
    env.trim_blocks = env.lstrip_blocks = True
    env.bytecode_cache = render.BYTECODE  # Material's templates compiled once, not once per language
    # A Jinja global rather than page context, so static templates (404.html) get it too.
    r = _renderer(config)
    env.globals["kg"] = {"phones": r.hotline_phones(), "abroad": r.abroad_strip(),
                         "L": r.L, "lang": r.lang, "settings": _settings(config),
                         # footer: when this copy was built and from which content (issue 11)
                         "built": r.content.build_date.isoformat(), "version": _CACHE["version"],
                         # the language's folder in the site: "" for the default language at the root
                         "prefix": languages.prefix(r.lang)}
    return env


def on_page_context(context, page, config, nav):
    # Material's search and sitemap live below `base`: make it this language's root (P5).
    lang = _lang(config)
    if lang != schema.SITE_LANGUAGES[0]:
        context["base_url"] = posixpath.join(context["base_url"], lang) + "/"  # the slash makes URLs resolve inside it
    return context


def on_template_context(context, template_name, config):
    # A 404 page is served at any address. Without site_url MkDocs makes its links root-absolute
    # ("/assets/…"), which breaks under a sub-path (P18): make them relative to the folder the
    # language's 404.html is written to. With site_url set, MkDocs' absolute links work at any depth.
    if template_name != "404.html":
        return context
    root = urlsplit(config.site_url).path if config.site_url else ""
    if not config.site_url:
        context["base_url"] = "." if not languages.prefix(_lang(config)) else ".."
    alternate = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
    if alternate:  # the language switcher: each language's home page (no page is "the same" as a 404)
        _CACHE["alternate"] = alternate
        _set_alternate(config, [a | {"link": f"{root}{languages.prefix(a['lang'])}index.html"} for a in alternate])
    return context


def _set_alternate(config, alternate: list) -> None:
    # mkdocs-static-i18n sets it as an attribute on pages and as an item at startup; the theme reads either.
    config.extra["alternate"] = alternate
    setattr(config.extra, "alternate", alternate)


def on_post_page(output, page, config):
    lists = _LISTS.pop(page.file.src_uri, {})
    if lists:  # the page's lists of entries, kept out of its content since `on_page_content`
        lost = lists.keys() - set(_TOKEN.findall(output))
        if lost:
            raise PluginError(f"{page.file.src_uri}: list of entries {min(lost)} was lost from the page template")
        output = _TOKEN.sub(lambda m: lists.get(m[1], m[0]), output)
    # The map's data file goes next to its page, in every language's folder (a <script src>, so file:// works).
    if page.meta.get("map"):
        target = Path(config.site_dir) / _map_data_uri(page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_map(config, _renderer(config), _page_src(page))["script"], encoding="utf-8")
    return output


def on_post_template(output_content, template_name, config):
    # Every language build writes the root 404.html and the last one wins: keep each language's,
    # written after the build as 404.html (default language) and <lang>/404.html.
    if template_name == "404.html":
        _CACHE.setdefault("404", {})[_lang(config)] = output_content
        if "alternate" in _CACHE:
            _set_alternate(config, _CACHE.pop("alternate"))
    return output_content


@event_priority(-100)  # after mkdocs-static-i18n has built every language and merged the index
def on_post_build(config):
    if config.plugins["i18n"].building:
        return  # a per-language sub-build; the combined index is final only after the last one
    _drop_ahead("written", "ahead")  # per build: a second build in this process starts afresh
    if not config.site_url:  # info, not a warning: --strict builds of a local copy stay green
        log.info("site_url is not set: the leaflet and pocket cards have no QR code and no web address")
    for lang, text in _CACHE.get("404", {}).items():
        (Path(config.site_dir) / languages.prefix(lang) / "404.html").write_text(text, encoding="utf-8")
    siteoutput.write_search_indexes(Path(config.site_dir), schema.SITE_LANGUAGES,  # region pages: name and towns
                                    {lang: siteoutput.region_entries(_CACHE["content"], lang)
                                     for lang in schema.SITE_LANGUAGES})
    siteoutput.write_search_engine_files(Path(config.site_dir), config.site_url, schema.SITE_LANGUAGES)
    siteoutput.write_trimmed_material_css(Path(config.site_dir), _used_classes(Path(config.site_dir)))
    siteoutput.strip_own_css_comments(Path(config.site_dir))
    siteoutput.prune_unused(Path(config.site_dir))
    embed.write_embeds(Path(config.site_dir), {lang: _renderer(config, lang=lang) for lang in schema.SITE_LANGUAGES})
    if "export" in _CACHE:  # written by a child process meanwhile (`_export_ahead`)
        _CACHE.pop("export").result()
    else:
        export.write_export(Path(config.site_dir), _CACHE["content"], schema.SITE_LANGUAGES,
                            _settings(config)["data_licence"])
    manifest.write_version(Path(config.site_dir), _CACHE["version"], _CACHE["content"].build_date.isoformat())
    manifest.write_manifest(Path(config.site_dir))  # last: it lists every file of the finished site


def on_build_error(error):
    # A failed build leaves no work ahead to the next one in this process (its open data went to
    # a folder the next build cleans): wait for its children, so none writes during the next build.
    _drop_ahead("written", "ahead", "export", "classes")


def _drop_ahead(*keys: str) -> None:
    """Forget this build's work ahead under ``keys``, collecting any child still uncollected."""
    for key in keys:
        pending = _CACHE.pop(key, None)
        pending = pending[1] if isinstance(pending, tuple) else pending
        if isinstance(pending, bg.Pending):
            try:
                pending.result()
            except Exception:  # its result is not needed any more; the build reports its own errors
                pass
