"""Paper: QR codes and per-region pocket cards for the printed leaflet pages (issue 11).

* `qr_svg(url, title)` → an inline ``<svg>`` QR code of ``url`` made with `segno`
  (error correction M, quiet zone of 2 modules; no style attributes, so it passes a strict CSP).
* `site_address(site_url, prefix, page)` → the absolute address of a page, or "" when
  mkdocs.yml sets no ``site_url`` (a copy may live anywhere, so without it there is no
  address to print and no QR code: we never guess one).

Pure: no file or network I/O, no MkDocs imports.  The leaflet pages themselves are
Markdown (``content/<lang>/leaflet.md``, ``cards.md``) with the markers ``data:qr`` and
``data:cards``; `render.Renderer` fills them.
"""

from __future__ import annotations

import html
import io

import segno


def qr_svg(url: str, title: str) -> str:
    """Return an inline SVG QR code for ``url`` (units: 4 px per module), titled ``title`` for screen readers."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, svgclass="kg-qr",
              lineclass=None, title=title)
    svg = out.getvalue().decode("utf-8")
    # segno escapes the title; add the role so the picture is announced by its title
    return svg.replace("<svg ", '<svg role="img" ', 1) if "<title>" in svg else svg


def site_address(site_url: str | None, prefix: str, page: str = "") -> str:
    """Return ``site_url`` + language folder + page (e.g. ``https://x.kg/ru/hotlines.html``), or "" without a site_url."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + prefix + page


def address_block(address: str, qr_title: str) -> str:
    """Return the HTML of the address line with its QR code, or "" when the copy has no address
    (no ``site_url``: readers are not shown a note meant for whoever builds the site; the build logs it)."""
    if not address:
        return ""
    return (f'<div class="kg-paper-address">{qr_svg(address, qr_title)}'
            f'<p><a href="{html.escape(address)}">{html.escape(address)}</a></p></div>')
