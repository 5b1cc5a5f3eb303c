"""MkDocs glue: the only module listed under ``hooks:`` in mkdocs.yml and the only one importing MkDocs.

Each ``on_*`` function delegates: `content` loads and validates the YAML,
`pages` writes the region pages, `render` and `geo` expand the page markers;
`geo` also makes each map page's data file, written next to the page.
Content is loaded once per build and cached (keyed on file mtimes), because
mkdocs-static-i18n runs every hook once per language (PITFALLS P3).  Settings
come from ``extra.kg`` in mkdocs.yml: ``stale_after_months`` (default 12),
``map_tiles`` (null = no tiles, no third-party request) and ``quick_exit_url``.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Sibling imports must stay at module level: MkDocs puts hooks/ on sys.path
# only while this file is being imported.
import content as content_mod
import geo
import geodata
import pages
import render
import schema
import siteoutput

log = logging.getLogger("mkdocs.hooks.kg")
_CACHE: dict = {}


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _settings(config) -> dict:
    return {"stale_after_months": 12, "map_tiles": None} | (config.extra.get("kg") or {})


def _content(config):
    """Return validated content, loading it only when a YAML file changed."""
    root = _root(config)
    pages_ = [p for p in (root / "content").glob("*/**/*.md") if pages.REGION_DIR not in p.parts]  # not ours
    files = sorted((root / "content").glob("**/*.yml")) + sorted(pages_) + [root / "data" / "kg-regions.geojson"]
    key = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    if _CACHE.get("key") != key:
        loaded = content_mod.load_content(root)
        for warning in loaded.warnings:
            log.warning(str(warning))
        if loaded.errors:
            for error in loaded.errors:
                log.error(str(error))
            raise PluginError(f"{len(loaded.errors)} content error(s); see the lines above")
        _CACHE.clear()
        _CACHE.update(key=key, content=loaded, maps={})
    return _CACHE["content"]


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


def _renderer(config) -> render.Renderer:
    env = render.make_env(_root(config) / "overrides" / "partials")
    return render.Renderer(_content(config), _lang(config), env, _settings(config)["stale_after_months"])


def _map(config, r, page_src: str) -> dict:
    """Return ``{"html": page body, "script": data file}`` of a map page, made once per language and page."""
    maps = _CACHE["maps"]
    if (r.lang, page_src) not in maps:
        regions = geodata.load_regions(str(_root(config) / "data" / "kg-regions.geojson"))
        data = geo.map_data(r, regions, page_src, _settings(config)["map_tiles"])
        maps[(r.lang, page_src)] = {"html": geo.map_section(r, regions, page_src, data),
                                    "script": geo.data_script(data)}
    return maps[(r.lang, page_src)]


def _page_src(page) -> str:
    """A page's source path inside its language folder: ``ru/guide/x.md`` → ``guide/x.md``."""
    uri = page.file.src_uri
    return uri.split("/", 1)[1] if "/" in uri else uri


def _map_data_uri(page) -> str:
    """The map data file of a page, from the site root: ``ru/map.html`` → ``ru/map.data.js``."""
    return posixpath.splitext(page.file.dest_uri)[0] + ".data.js"


def on_config(config):
    content = _content(config)
    changed = pages.write_region_pages(Path(config.docs_dir), content)
    if changed:
        log.info("wrote %d generated region page(s)", len(changed))
    return config


def on_page_markdown(markdown, page, config, files):
    r = _renderer(config)
    src = _page_src(page)
    handlers = {
        "hotlines": r.hotlines, "services": r.services, "organizations": r.organizations,
        "region": lambda id: r.region(id), "regions": lambda: r.regions(src),
        "map": lambda: _map(config, r, src)["html"],
    }
    if page.meta.get("map"):
        page.meta["map_data"] = _map_data_uri(page)  # overrides/main.html loads it
    try:
        return render.expand_markers(markdown, handlers)
    except render.MarkerError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from exc


def on_env(env, config, files):
    # A Jinja global rather than page context, so static templates (404.html) get it too.
    r = _renderer(config)
    env.globals["kg"] = {"phones": r.hotline_phones(),
                         "L": r.L, "lang": r.lang, "settings": _settings(config),
                         # the language's folder in the site: "" for the default language at the root
                         "prefix": "" if r.lang == schema.SITE_LANGUAGES[0] else f"{r.lang}/"}
    return env


def on_page_context(context, page, config, nav):
    # Material's search and sitemap live below `base`: make it this language's root (P5).
    lang = _lang(config)
    if lang != schema.SITE_LANGUAGES[0]:
        context["base_url"] = posixpath.join(context["base_url"], lang) + "/"  # the slash makes URLs resolve inside it
    return context


def on_post_page(output, page, config):
    # The map's data file goes next to its page, in every language's folder (a <script src>, so file:// works).
    if page.meta.get("map"):
        src = _page_src(page)
        target = Path(config.site_dir) / _map_data_uri(page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_map(config, _renderer(config), _page_src(page))["script"], encoding="utf-8")
    return output


def on_post_template(output_content, template_name, config):
    # Every language build writes the root 404.html and the last one wins: keep the default's.
    if template_name == "404.html" and _lang(config) == schema.SITE_LANGUAGES[0]:
        _CACHE["404"] = output_content
    return output_content


@event_priority(-100)  # after mkdocs-static-i18n has built every language and merged the index
def on_post_build(config):
    if config.plugins["i18n"].building:
        return  # a per-language sub-build; the combined index is final only after the last one
    if "404" in _CACHE:
        (Path(config.site_dir) / "404.html").write_text(_CACHE["404"], encoding="utf-8")
    siteoutput.write_search_indexes(Path(config.site_dir), schema.SITE_LANGUAGES)
    siteoutput.write_sitemaps(Path(config.site_dir))
