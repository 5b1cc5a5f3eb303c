"""Turn validated content into page fragments (Markdown with HTML blocks) for one language.

Owns the page markers ``<!-- data:NAME key=value -->`` and what each one
expands to.  HTML is made from the Jinja templates in ``overrides/partials/``
with autoescaping on, so every text from YAML comes out as text, never markup.
Pure: takes a `content.Content`, returns strings; no file or network I/O
beyond reading templates, and no MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import jinja2
import phonenumbers

import pagecheck
import query
import schema

MARKER = pagecheck.STRICT_MARKER  # pages are checked before rendering
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


class MarkerError(ValueError):
    """An unknown page marker or marker argument (the message names both)."""


def make_env(partials: Path) -> jinja2.Environment:
    """Return the Jinja environment for ``overrides/partials`` (autoescape on, strict undefined)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(partials)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


# --- Formatting ----------------------------------------------------------------


def format_phone(number: str) -> tuple[str, str]:
    """Return ``(tel_uri_target, display)`` for an E.164 number or a short code.

    Units: E.164 in, national format out for +996 numbers (international format
    for others), per Google's libphonenumber; short codes are shown as they are.
    """
    if number in schema.SHORT_CODES:
        return number, number
    parsed = phonenumbers.parse(number, None)
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 996
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return number, phonenumbers.format_number(parsed, fmt)


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


# --- View models ---------------------------------------------------------------


class Renderer:
    """Render fragments for one language.

    Shape: ``Renderer(content, lang, env, stale_months)``; methods return HTML
    or Markdown strings.  ``L`` holds the phrases of ``labels.yml``.
    """

    def __init__(self, content, lang: str, env: jinja2.Environment, stale_months: int = 12):
        self.content, self.lang, self.env, self.stale_months = content, lang, env, stale_months
        self.labels = content.labels[lang]
        self.L = self.labels["phrases"]

    def region_name(self, code: str) -> str:
        return self.labels["regions"][code]

    def phone_view(self, phone: dict) -> dict:
        tel, display = format_phone(phone["number"])
        return {"tel": tel, "display": display,
                "areas": [self.region_name(r) for r in phone.get("service_area", [])]}

    def service_view(self, service: dict) -> dict:
        """Return the template data of one service entry (all values plain text)."""
        c = self.content
        text, text_lang = c.text(self.lang, "services", service["id"])
        org = service.get("organization")
        verified = service["verified"]
        stale = is_stale(verified, c.build_date, self.stale_months)
        return {
            "id": service["id"], "category": service["category"],
            "name": text.get("name", service["id"]), "description": text.get("description", ""),
            "application_process": text.get("application_process", ""),
            "text_lang": text_lang, "review": text.get("review") == "needed",
            "fallback": (self.L["fallback"].format(language=LANGUAGE_NAMES[text_lang])
                         if text_lang != self.lang else ""),
            "category_label": self.labels["categories"][service["category"]],
            "organization": c.text(self.lang, "organizations", org)[0].get("name", org) if org else "",
            "towns": [self.labels["places"][p] for p in service.get("locations", [])],
            "serves": [self.region_name(r) for r in service.get("service_area", [])],
            "phones": [self.phone_view(p) for p in service.get("phones", [])],
            # a source's title in the page language if labels.yml gives one, else its original title
            "source": self.labels.get("sources", {}).get(service["source"], c.sources[service["source"]]["title"]),
            "source_section": service.get("source_section", ""),
            "verified": verified, "verified_display": format_date(verified),
            "stale": self.L["stale"].format(date=format_date(verified)) if stale else "",
        }

    # --- Fragments -------------------------------------------------------------

    def entries(self, services: list[dict], level: int = 3) -> str:
        """Return the HTML of a list of service entries; ``level`` is their heading level (2 or 3)."""
        template = self.env.get_template("kg-entry.html")
        return "\n".join(template.render(e=self.service_view(s), L=self.L, lang=self.lang, h=f"h{level}")
                         for s in services)

    def hotline_phones(self) -> list[dict]:
        """Return the views of the short-code hotline numbers (for the strip on every page)."""
        return [self.phone_view(p) for _, p in query.hotline_phones(self.content)]

    def hotlines(self) -> str:
        """Return the short-code hotline list (189, 104 and where each works)."""
        return self.env.get_template("kg-hotlines.html").render(phones=self.hotline_phones(), L=self.L)

    def services(self, category: str) -> str:
        """Return every service of one category."""
        if category not in schema.CATEGORIES:
            raise MarkerError(f"unknown category '{category}'; expected one of {', '.join(schema.CATEGORIES)}")
        out = []
        for anchor, title, group in self._by_place(query.services_in_category(self.content, category)):
            out.append(f"## {_md_text(title)} {{#{anchor}}}\n")
            out.append(self.entries(group) + "\n")
        return "\n".join(out)

    def _by_place(self, services: list[dict]) -> list[tuple[str, str, list[dict]]]:
        """Group services by where their first town is: regions, then towns abroad (each alphabetical),
        then services without a town (nationwide).  Shape: [(anchor, heading, services)]."""
        groups: dict[tuple, list] = {}
        for service in services:
            towns = service.get("locations", [])
            place = self.content.places[towns[0]] if towns else None
            if place and place.get("region"):  # regions in the alphabetical order of the page language
                name = self.region_name(place["region"])
                key = (0, name.casefold(), f"in-{place['region'].lower()}", name)
            elif place:
                name = self.labels["places"][place["id"]]
                key = (1, name.casefold(), f"in-{place['id']}", name)
            else:
                key = (2, "", "nationwide", self.L["nationwide"])
            groups.setdefault(key, []).append(service)
        return [(key[2], key[3], group) for key, group in sorted(groups.items())]

    def organizations(self) -> str:
        """Return each organization with its description and its services."""
        out = []
        for oid, org in self.content.organizations.items():
            text, text_lang = self.content.text(self.lang, "organizations", oid)
            attrs = f' lang="{text_lang}"' if text_lang != self.lang else ""
            out.append(f"## {_md_text(text.get('name', oid))} {{#{oid}{attrs}}}\n")
            if text_lang != self.lang:
                out.append(_md_text(self.L["fallback"].format(language=LANGUAGE_NAMES[text_lang])) + "\n")
            out.append(_md_text(text.get("description", "")) + "\n")
            out.append(self.entries([s for s in self.content.services.values() if s.get("organization") == oid]))
            out.append("")
        return "\n".join(out)

    def region(self, code: str) -> str:
        """Return a region page body: its services grouped by category, then national hotlines."""
        if code not in schema.REGIONS:
            raise MarkerError(f"unknown region '{code}'; expected one of {', '.join(schema.REGIONS)}")
        services = query.services_in_region(self.content, code)
        out = [] if services else [_md_text(self.L["no_services"]) + "\n"]
        for category in schema.CATEGORIES:
            group = [s for s in services if s["category"] == category]
            if group:
                out.append(f"## {_md_text(self.labels['categories'][category])} {{#{category}}}\n")
                out.append(self.entries(group) + "\n")
        out.append(f"## {_md_text(self.L['nationwide'])} {{#nationwide}}\n")
        out.append(self.hotlines())
        return "\n".join(out)

    def country(self, code: str) -> str:
        """Return the entries of the services in one destination country, or a note that the data has none."""
        if code not in schema.MARKERS["country"]["id"]:
            raise MarkerError(f"unknown country '{code}'; expected one of {', '.join(schema.MARKERS['country']['id'])}")
        services = query.services_in_country(self.content, code)
        if not services:
            return _md_text(self.L["no_contacts_country"]) + "\n"
        return self.entries(services) + "\n"

    def regions(self, page_src: str) -> str:
        """Return the list of regions with links to their pages and service counts."""
        items = [{"name": self.region_name(r), "url": page_url(page_src, f"regions/{r.lower()}.md"),
                  "count": len(query.services_in_region(self.content, r))} for r in schema.REGIONS]
        return self.env.get_template("kg-regions.html").render(regions=items, L=self.L)


def _md_text(text: str) -> str:
    """Escape text for Markdown: HTML special characters and Markdown punctuation."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", text)


def expand_markers(markdown: str, handlers: dict) -> str:
    """Replace each ``<!-- data:NAME k=v -->`` with ``handlers[NAME](**args)``.

    Raises: `MarkerError` naming the marker for an unknown marker or argument.
    """
    def swap(match: re.Match) -> str:
        name, args = match.group(1), dict(a.split("=", 1) for a in match.group(2).split())
        if name not in handlers:
            raise MarkerError(f"unknown marker 'data:{name}'; known: {', '.join(sorted(handlers))}")
        try:
            return handlers[name](**args)
        except TypeError as exc:
            raise MarkerError(f"marker 'data:{name}' got unexpected arguments {sorted(args)}") from exc

    return MARKER.sub(swap, markdown)
