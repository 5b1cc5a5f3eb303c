"""Embeddable hotline card (issue 11.4): one small HTML file per language for other sites' ``<iframe>``.

`write_embeds(site_dir, renderers)` writes ``<language root>/embed/hotline.html`` for every
``{code: render.Renderer}`` given: a complete HTML document with the short-code hotlines and
where each works (`render.Renderer.hotlines`, the same list the hotlines page shows), when and
from which source each hotline was verified, with the stale notice the site shows
(`render.Renderer.service_view`), and a link to the site's home page in that language that
opens outside the frame.  Template: ``overrides/partials/kg-embed.html``; its only other file
is the stylesheet `CSS` (a static file of the site).  No script, no inline style, no request
to another host; marked ``noindex``.  The files are written after the build, so they are not
pages of the site: no navigation, not in search, not in the sitemap (`siteoutput.UNLISTED`),
but in ``SHA256SUMS`` and the offline zip like every file.  Pure apart from writing the files;
no MkDocs imports.  Raises what Jinja raises for a broken template (a developer error).
"""

from __future__ import annotations

from pathlib import Path

import markupsafe

import languages
import query

#: Folder of the embed files inside each language's root, and the card's file name.
FOLDER = "embed"
CARD = "hotline.html"
#: The card's stylesheet, from the site root (content/assets/stylesheets/kg-embed.css).
CSS = "assets/stylesheets/kg-embed.css"


def card_path(code: str) -> str:
    """Return the card's path from the site root: ``embed/hotline.html`` (default language), ``ru/embed/hotline.html``."""
    return f"{languages.prefix(code)}{FOLDER}/{CARD}"


def card_html(r) -> str:
    """Return the card of ``r``'s language (``r`` a `render.Renderer`) as one HTML document."""
    up = "../" * card_path(r.lang).count("/")
    hotline_services = list({s["id"]: s for s, _ in query.hotline_phones(r.content)}.values())
    return r.env.get_template("kg-embed.html").render(
        lang=r.lang, L=r.L, hotlines=markupsafe.Markup(r.hotlines()),
        services=[r.service_view(s) for s in hotline_services],
        css=up + CSS, home="../index.html")  # the card sits in <language root>/embed/


def write_embeds(site_dir: Path, renderers: dict) -> list[Path]:
    """Write the card of every ``{code: Renderer}`` into the built site; return the files written."""
    written = []
    for code, r in renderers.items():
        path = site_dir / card_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(card_html(r), encoding="utf-8")
        written.append(path)
    return written
