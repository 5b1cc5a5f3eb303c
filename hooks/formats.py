"""Formatting helpers shared by the renderer, the map and the check command.

Phones (E.164 → how to show and dial them), dates (ISO → DD.MM.YYYY), staleness of a
`verified` date, and relative page URLs (including which page lists an entry).  Pure
functions with no content, template or MkDocs dependency, so each caller imports only these.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re

import phonenumbers

import query

#: Page where each category's entries are listed (anchors are service ids); others are on organizations.md.
CATEGORY_PAGE = {"hotline": "hotlines.md", "shelter": "shelters.md", "consulate": "consulates.md"}


def format_phone(number: str, extension: str = "") -> dict:
    """Return how to dial and show an E.164 number or a short code.

    Shape: ``{"tel": E.164 or short code, plus ``;ext=N`` (RFC 3966) if an
    extension is given; "display": +996 312 621 111 (international format,
    grouped by Google's libphonenumber); "national": 0312 621 111 for a +996
    number (how it is dialled inside Kyrgyzstan), else ""}``.  Short codes are
    shown as they are, with no national form.
    """
    ext = f";ext={extension}" if extension else ""
    if query.is_short_code(number):
        return {"tel": number + ext, "display": number, "national": ""}
    parsed = phonenumbers.parse(number, None)
    national = (phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
                if parsed.country_code == 996 else "")
    return {"tel": number + ext, "national": national,
            "display": phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)}


def format_date(iso: str) -> str:
    """Return an ISO date as DD.MM.YYYY (the form used in all three languages)."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def is_stale(iso: str, today: dt.date, months: int) -> bool:
    """Return True if a `verified` date is more than ``months`` months before ``today``."""
    day = dt.date.fromisoformat(iso)
    return (today.year - day.year) * 12 + (today.month - day.month) - (today.day < day.day) >= months


def page_url(from_src: str, to_src: str) -> str:
    """Return a relative link between two pages given as source paths (``regions/kg-b.md``).

    Units: site built with ``use_directory_urls: false`` (``x.md`` → ``x.html``),
    so the links also work from a USB stick (file://).
    """
    target = re.sub(r"\.md$", ".html", to_src)
    return posixpath.relpath(target, posixpath.dirname(from_src) or ".")


def directory_page(category: str) -> str:
    """Return the source path of the directory page that lists a category (`CATEGORY_PAGE`, else organizations.md)."""
    return CATEGORY_PAGE.get(category, "organizations.md")


def entry_url(from_src: str, service: dict, home: str | None = None) -> str:
    """Return the relative link to a service's entry: ``home`` (the page holding it, which
    `render.Renderer.home` knows for the parts of a split list) or its category page
    (`CATEGORY_PAGE`), + ``#id``."""
    home = home or directory_page(service["category"])
    return page_url(from_src, home) + "#" + service["id"]
