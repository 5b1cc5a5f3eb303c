"""Turn validated content into page fragments (Markdown with HTML blocks) for one language.

Owns what each page marker ``<!-- data:NAME key=value -->`` expands to
(parsing and checking markers: `markers`; phones, dates, URLs: `formats`).  HTML is made from the Jinja templates in ``overrides/partials/``
with autoescaping on, so every text from YAML comes out as text, never markup.
Pure: takes a `content.Content`, returns strings; no file or network I/O
beyond reading templates, and no MkDocs imports.
"""

from __future__ import annotations

import html
import itertools
import posixpath
from pathlib import Path

import babel
import jinja2

import geo
import languages
import paper
import parts
from pages import md_text as _md_text
import query
import schema
from formats import CATEGORY_PAGE, directory_page, entry_url, format_date, format_phone, is_stale, page_url
from markers import MarkerError

LANGUAGE_NAMES = languages.NAMES
#: Anchor of the organizations page's last section: its services whose sources name no organization.
NO_ORGANIZATION = "no-organization"


def make_env(partials: Path) -> jinja2.Environment:
    """Return the Jinja environment for ``overrides/partials`` (autoescape on, strict undefined)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(partials)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=False,
                              auto_reload=False,  # one environment per build: no stat of the file per use
                              bytecode_cache=BYTECODE)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja bytecode kept in memory for the whole process (issue 10).

    mkdocs-static-i18n runs one MkDocs build per language, and each makes a new Jinja environment
    for the theme: without a shared cache Material's ~40 templates were compiled again for every
    language (a third of the shipped build).  Jinja checks each entry against a checksum of the
    template's source, so an edited template is compiled afresh; the environment's whitespace
    options are part of the key, because they change the compiled code.
    """

    def __init__(self):
        self._code: dict[tuple, bytes] = {}

    @staticmethod
    def _key(bucket: jinja2.bccache.Bucket) -> tuple:
        env = bucket.environment
        return bucket.key, bucket.checksum, env.trim_blocks, env.lstrip_blocks, env.autoescape

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(self._key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[self._key(bucket)] = bucket.bytecode_to_string()


#: The process's one bytecode cache: the theme's environments (site.on_env) and `make_env`'s.
BYTECODE = MemoryBytecodeCache()


# --- View models ---------------------------------------------------------------


class Renderer:
    """Render fragments for one language.

    Shape: ``Renderer(content, lang, env, stale_months, audience)``; methods
    return HTML or Markdown strings.  ``L`` holds the phrases of ``labels.yml``.
    ``audience`` is the page's front matter ``audience`` (``"abroad"`` or None):
    on a page for readers abroad no short code is a call link.
    """

    def __init__(self, content, lang: str, env: jinja2.Environment, stale_months: int = 12,
                 audience: str | None = None, block=None, max_entries: int = parts.LIMIT, clean_each=None):
        self.content, self.lang, self.env, self.stale_months = content, lang, env, stale_months
        self.max_entries = max_entries  # entries per page before a list is split into parts (parts.py)
        self._homes: dict[str, str] | None = None
        # Generated HTML inside Markdown output goes through `block`: site.py swaps it for a slot token
        # so Python-Markdown never re-parses it (issue 10); default: the HTML itself, as a raw block.
        # A list of entries also passes its entries one by one (``pieces``): search needs only the first.
        self.block = block or (lambda fragment, pieces=None: fragment)
        # Entries go through ``clean_each`` (site.py: the allow-list, `sanitize.clean_each`) once per
        # entry and language, as they are rendered, not again on every page that lists them (issue 10).
        self.clean_each = clean_each or (lambda fragments: fragments)
        self._org_groups: list | None = None
        self._org_index: tuple | None = None
        self.abroad = audience == "abroad"
        self.labels = content.labels[lang]
        self.L = self.labels["phrases"]
        self._entries: dict[tuple[str, int], str] = {}

    def region_name(self, code: str) -> str:
        return self.labels["regions"][code]

    def source_title(self, source_id: str) -> str:
        """Return a source's title in the page language if labels.yml gives one, else its original title."""
        return self.labels.get("sources", {}).get(source_id, self.content.sources[source_id]["title"])

    def coverage_text(self, service: dict, phone: dict) -> str:
        """Return where a phone works, in the page language, as its ``coverage`` names it ("" if it names nothing).

        E.g. "from phones in Kyrgyzstan: Bishkek, Karakol, Talas, Osh, Jalal-Abad (2008)"
        for a short code; the year is that of the service's ``verified`` date.
        Towns come first, then regions, then countries (names from CLDR via Babel).
        """
        coverage = phone.get("coverage", {})
        names = [self.labels["places"][p] for p in coverage.get("places", [])]
        names += [self.region_name(r) for r in coverage.get("regions", [])]
        names += [babel.Locale.parse(self.lang).territories.get(c, c) for c in coverage.get("countries", [])]
        if not names:
            return ""
        key = "coverage_short_code" if query.is_short_code(phone["number"]) else "coverage_works_in"
        return self.L[key].format(places=", ".join(names), year=service["verified"][:4])

    def phone_view(self, service: dict, phone: dict) -> dict:
        """Return the template data of one phone (all values plain text).

        Shape: ``{"number", "display", "national", "href" ("tel:…", "sms:…" or ""
        when it must not be dialled), "prefix" ("Fax", "SMS" or ""), "extension"
        ("ext. 12" or ""), "status" (active/inactive/defunct), "note" (why there
        is no link), "coverage", "short_code", "type"}``.  Only active lines get a
        link; fax never does; a short code gets none on a page for readers abroad.
        """
        number, kind = phone["number"], phone.get("type", "voice")
        status, short = query.phone_status(service, phone), query.is_short_code(phone["number"])
        shown = format_phone(number, phone.get("extension", ""))
        href, note = "", ""
        if status != "active":
            note = self.L[f"phone_{status}"].format(source=self.source_title(service["source"]))
        elif short and self.abroad:
            note = self.L["short_code_abroad"]
        elif kind in schema.SMS_TYPES:
            href = f"sms:{number}"
        elif kind in schema.CALL_TYPES:
            href = f"tel:{shown['tel']}"
        return {"number": number, "display": shown["display"], "type": kind, "status": status, "short_code": short,
                "national": self.L["phone_national"].format(number=shown["national"]) if shown["national"] else "",
                "href": href, "note": note,
                "prefix": {"fax": self.L["phone_fax"], "sms": self.L["phone_sms"], "text": self.L["phone_sms"]}.get(kind, ""),
                "extension": self.L["phone_ext"].format(extension=phone["extension"]) if phone.get("extension") else "",
                "coverage": self.coverage_text(service, phone)}

    def phone_html(self, view: dict, css: str = "") -> str:
        """Return the HTML of one phone view (the ``kg-phone.html`` macro, as entries and lists show it)."""
        return str(self.env.get_template("kg-phone.html").module.phone(view, css))

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
            "outdated": self.outdated_text("services", service["id"]),
            "category_label": self.labels["categories"][service["category"]],
            "organization": c.text(self.lang, "organizations", org)[0].get("name", org) if org else "",
            "towns": [self.labels["places"][p] for p in service.get("locations", [])],
            "serves": [self.region_name(r) for r in service.get("service_area", [])],
            "phones": [self.phone_view(service, p) for p in service.get("phones", [])],
            "no_phone": self.L["no_phone_abroad" if query.is_abroad(c, service) else "no_phone"],
            "source": self.source_title(service["source"]),
            "source_section": service.get("source_section", ""),
            "verified": verified, "verified_display": format_date(verified),
            "stale": self.L["stale"].format(date=format_date(verified)) if stale else "",
        }

    # --- Fragments -------------------------------------------------------------

    def entries(self, services: list[dict], level: int = 3) -> str:
        """Return the HTML of a list of service entries; ``level`` is their heading level (2 or 3)."""
        self._render_entries([s["id"] for s in services], level)
        pieces = [self._entries[(s["id"], level)] for s in services]
        return self.block("\n".join(pieces), pieces)

    def _render_entries(self, service_ids: list[str], level: int) -> None:
        """Render (and clean) the entries not rendered yet: each once per language and heading level
        (directory, region and organization pages repeat entries; issue 10)."""
        missing = [sid for sid in dict.fromkeys(service_ids) if (sid, level) not in self._entries]
        template = self.env.get_template("kg-entry.html")
        rendered = [template.render(e=self.service_view(self.content.services[sid]), L=self.L, lang=self.lang,
                                    h=f"h{level}") for sid in missing]
        self._entries.update(zip(((sid, level) for sid in missing), self.clean_each(rendered)))

    def rendered_entries(self) -> list[tuple[str, int]]:
        """The entries rendered so far, as ``(service id, heading level)`` keys, in rendering order."""
        return list(self._entries)

    def entry_html(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """Render (and clean) these entries now; return ``{(service id, level): html}``.

        For work ahead of need (site.py renders the next languages' entries in another process,
        `background`); `add_entries` hands them to the renderer that will list them.
        """
        for level in dict.fromkeys(level for _, level in keys):
            self._render_entries([sid for sid, lvl in keys if lvl == level], level)
        return {key: self._entries[key] for key in keys}

    def add_entries(self, rendered: dict[tuple[str, int], str]) -> None:
        """Take entries that `entry_html` of a renderer of the same language and audience made."""
        self._entries.update(rendered)

    def hotline_phones(self) -> list[dict]:
        """Return the views of the active short-code hotline numbers (for the strip on every page)."""
        return [self.phone_view(s, p) for s, p in query.hotline_phones(self.content)]

    def abroad_strip(self) -> dict:
        """Return what the strip says on a page for readers abroad, instead of offering short codes.

        Shape: ``{"codes": "Short numbers (189, 104) work only from phones in Kyrgyzstan ..." (or ""),
        "contacts": [{"id", "name", "page" (its directory page, ``consulates.html``),
        "phones": [phone views]}]}``: the services located outside Kyrgyzstan, from the data.
        """
        numbers = [p["number"] for _, p in query.hotline_phones(self.content)]
        contacts = [{"id": s["id"], "name": self.service_view(s)["name"],
                     "page": self.home(s).replace(".md", ".html"),
                     "phones": [self.phone_view(s, p) for p in s.get("phones", [])
                                if not query.is_short_code(p["number"]) and query.is_callable(s, p)]}
                    for s in query.abroad_services(self.content)]
        return {"codes": self.L["strip_abroad_codes"].format(numbers=", ".join(numbers)) if numbers else "",
                "contacts": contacts}

    def hotlines(self) -> str:
        """Return the short-code hotline list (189, 104 and where each works)."""
        views = self.hotline_phones()
        return self.env.get_template("kg-hotlines.html").render(phones=views, L=self.L) if views else ""

    def services(self, category: str, part: str = "1") -> str:
        """Return every service of one category (or part ``part`` of them, when the list is split)."""
        if category not in schema.CATEGORIES:
            raise MarkerError(f"unknown category '{category}'; expected one of {', '.join(schema.CATEGORIES)}")
        titles = {}

        def head(key) -> str:
            return f"## {_md_text(titles[key])} {{#{key}}}\n"

        groups = self._by_place(query.services_in_category(self.content, category), titles)
        return self._listing(CATEGORY_PAGE.get(category), groups, part, head, titles)

    def _by_place(self, services: list[dict], titles: dict | None = None) -> list[tuple[str, list[dict]]]:
        """Group services by where their first town is: regions, then towns abroad (each alphabetical),
        then services whose sources name no town.  Shape: [(anchor, services)]; ``titles[anchor]`` gets
        each heading.  A list long enough to be split keeps a language-neutral order (region codes,
        town ids), so each entry is on the same part in every language (parts.py)."""
        groups: dict[tuple, list] = {}
        titles = {} if titles is None else titles
        for service in services:
            towns = service.get("locations", [])
            place = self.content.places[towns[0]] if towns else None
            if place and place.get("region"):  # regions in the alphabetical order of the page language
                name, neutral = self.region_name(place["region"]), schema.REGIONS.index(place["region"])
                key = (0, name.casefold(), f"in-{place['region'].lower()}", name, neutral)
            elif place:
                name = self.labels["places"][place["id"]]
                key = (1, name.casefold(), f"in-{place['id']}", name, place["id"])
            else:
                key = (2, "", "no-town", self.L["no_town"], "")
            groups.setdefault(key, []).append(service)
        split = len(services) > self.max_entries
        order = sorted(groups, key=(lambda k: (k[0], k[4], k[2])) if split else None)
        titles.update({key[2]: key[3] for key in order})
        return [(key[2], groups[key]) for key in order]

    # --- Listings split into parts (parts.py) -------------------------------------

    def _listing(self, page_src: str | None, groups: list[tuple], part: str, head, titles: dict) -> str:
        """Return part ``part`` of a listing: each group's ``head(key)`` Markdown and its entries.

        ``groups``: ``[(key, services)]`` in page order.  A listing of more than `max_entries`
        entries on a directory or region page (``page_src``) is split (`parts.pack`): each part gets
        the pager, part 1 also the list of every group with its part.  Raises MarkerError for a part
        that does not exist.
        """
        plan = parts.pack(groups, self.max_entries) if page_src else [groups]
        number = int(part) if str(part).isdigit() else 0
        if not 1 <= number <= len(plan):
            raise MarkerError(f"part={part} does not exist; this list has {len(plan)} part(s)")
        out = []
        if len(plan) > 1:
            out.append(self._pager(page_src, plan, number, titles))
        for key, services in plan[number - 1]:
            out.append(head(key))
            out.append(self.entries(services) + "\n")
        return "\n".join(out)

    def _pager(self, page_src: str, plan: list, number: int, titles: dict) -> str:
        """The links between the parts of a listing; on part 1 also where each group is."""
        here = parts.part_src(page_src, number)
        links = [{"n": n, "url": page_url(here, parts.part_src(page_src, n)), "current": n == number}
                 for n in range(1, len(plan) + 1)]
        contents = []
        if number == 1:
            on_first = {key for key, _ in plan[0]}
            for n, groups in enumerate(plan, start=1):
                for key, services in groups:
                    # Permanent addresses stay valid when a list splits (issue 11): part 1 keeps an id for
                    # every entry and group that moved to a later part, on the line that links there.
                    moved = [] if n == 1 else [s["id"] for s in services] + ([key] if key not in on_first else [])
                    contents.append({"title": titles[key], "count": len(services), "ids": moved,
                                     "url": page_url(here, parts.part_src(page_src, n)) + "#" + key})
        return self.block(self.env.get_template("kg-parts.html").render(
            L=self.L, links=links, contents=contents, label=self.L["part_of"].format(part=number, parts=len(plan))))

    def listing_parts(self) -> dict[str, dict]:
        """Return every part beyond the first of every split listing, by its page source.

        Shape: ``{"parts/shelters-2.md": {"page": "shelters.md", "marker": "<!-- data:services
        category=shelter part=2 -->", "part": 2, "parts": 5, "region": None (or "KG-N")}}``; empty
        when every list fits on its page.  The same in every language (the split order is neutral).
        """
        out = {}
        for page_src, marker, groups in self._listings():
            total = len(parts.pack(groups, self.max_entries))
            region = marker.split("=", 1)[1] if marker.startswith("region ") else None
            for n in range(2, total + 1):
                out[parts.part_src(page_src, n)] = {"page": page_src, "marker": f"<!-- data:{marker} part={n} -->",
                                                    "part": n, "parts": total, "region": region}
        return out

    def _listings(self):
        """Yield ``(page source, marker, groups)`` of every listing that may be split."""
        for category, page_src in CATEGORY_PAGE.items():
            yield page_src, f"services category={category}", self._by_place(query.services_in_category(self.content, category))
        yield "organizations.md", "organizations", self._organization_groups()
        for code in schema.REGIONS:
            yield f"regions/{code.lower()}.md", f"region id={code}", query.region_groups(self.content, code)

    def home(self, service: dict) -> str:
        """Return the source path of the page that holds a service's entry (its permanent address).

        Hotlines, shelters and consulates live on their category page, every other service on the
        organizations page; on a split list, the part that holds it (``parts/shelters-3.md``).
        """
        if self._homes is None:
            self._homes = {}
            for page_src, _, groups in itertools.islice(self._listings(), len(CATEGORY_PAGE) + 1):  # directory pages
                for n, part_groups in enumerate(parts.pack(groups, self.max_entries), start=1):
                    for _, services in part_groups:
                        self._homes.update((s["id"], parts.part_src(page_src, n)) for s in services)
        return self._homes.get(service["id"], directory_page(service["category"]))

    def outdated_text(self, kind: str, record_id: str) -> str:
        """Return the "translation may be out of date" notice for a text or page of this language, or ""."""
        if (self.lang, kind, record_id) not in self.content.outdated:
            return ""
        source = languages.write_first(self.content.root / "mkdocs.yml")
        return self.L["outdated"].format(language=LANGUAGE_NAMES[source])

    def mark_outdated_page(self, markdown: str, page_src: str) -> str:
        """Return the page's Markdown with the outdated-translation notice after its h1, if the page is outdated."""
        notice = self.outdated_text("page", page_src)
        if not notice:
            return markdown
        lines = markdown.split("\n")
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        note = f'!!! warning "{_md_text(self.L["outdated_title"])}"\n    {_md_text(notice)}\n'
        return "\n".join(lines[:at] + ["", note] + lines[at:])

    def _organization_groups(self) -> list[tuple[str, list[dict]]]:
        """``[(organization id, its services whose entry lives on the organizations page)]``, file order,
        then (key `NO_ORGANIZATION`) the services of that page whose sources name no organization.
        Computed once per renderer: every part of the page asks."""
        if self._org_groups is None:
            self._org_groups = self._group_by_organization()
        return self._org_groups

    def _group_by_organization(self) -> list[tuple[str, list[dict]]]:
        by_org: dict[str, list] = {oid: [] for oid in self.content.organizations} | {NO_ORGANIZATION: []}
        for service in self.content.services.values():
            by_org[service.get("organization") or NO_ORGANIZATION].append(service)
        # an entry has one home (its permanent URL): those of another directory page are linked, not repeated
        groups = [(oid, [s for s in services if s["category"] not in CATEGORY_PAGE]) for oid, services in by_org.items()]
        return [(oid, services) for oid, services in groups if services or oid != NO_ORGANIZATION]

    def organizations(self, part: str = "1") -> str:
        """Return each organization with its description and its services (or part ``part`` of them)."""
        here_src = parts.part_src("organizations.md", int(part)) if str(part).isdigit() else "organizations.md"
        elsewhere_of, titles = self._organization_index()

        def head(oid) -> str:
            if oid == NO_ORGANIZATION:
                return f"## {_md_text(titles[oid])} {{#{oid}}}\n"
            text, text_lang = self.content.text(self.lang, "organizations", oid)
            attrs = f' lang="{text_lang}"' if text_lang != self.lang else ""
            out = [f"## {_md_text(text.get('name', oid))} {{#{oid}{attrs}}}\n"]
            if text_lang != self.lang:
                out.append(_md_text(self.L["fallback"].format(language=LANGUAGE_NAMES[text_lang])) + "\n")
            outdated = self.outdated_text("organizations", oid)
            if outdated:
                out.append(_md_text(outdated) + "\n")
            out.append(_md_text(text.get("description", "")) + "\n")
            elsewhere = [{"name": self.service_view(s)["name"], "category": self.labels["categories"][s["category"]],
                          "url": page_url(here_src, self.home(s)) + "#" + s["id"]} for s in elsewhere_of.get(oid, [])]
            if elsewhere:
                out.append(self.block(self.env.get_template("kg-elsewhere.html").render(items=elsewhere)) + "\n")
            return "\n".join(out)

        return self._listing("organizations.md", self._organization_groups(), part, head, titles)

    def _organization_index(self) -> tuple[dict[str, list[dict]], dict[str, str]]:
        """``({organization id: its services listed on a directory page}, {organization id: name})``,
        made once per renderer: every part of the organizations page asks (issue 10)."""
        if self._org_index is None:
            elsewhere_of: dict[str, list] = {}
            for service in self.content.services.values():
                if service.get("organization") and service["category"] in CATEGORY_PAGE:
                    elsewhere_of.setdefault(service["organization"], []).append(service)
            titles = {oid: self.content.text(self.lang, "organizations", oid)[0].get("name", oid)
                      for oid in self.content.organizations}
            self._org_index = (elsewhere_of, titles | {NO_ORGANIZATION: self.L["no_organization"]})
        return self._org_index

    def region(self, code: str, part: str = "1", within: dict[str, str] | None = None,
               see_also: list[tuple[str, str]] = ()) -> str:
        """Return a region page body: its services grouped by category, then the short-code hotlines.

        ``within`` (``{inner: outer}`` region codes, `geodata.enclosing_regions`): a city page links the
        region around it and that region's page links the city, in a first sentence.
        The hotline section first names the region's own numbers (those whose coverage names a
        town or region here), then says where each number works; if none names this region, it
        says that the sources name no hotline for this region and links the hotlines page.
        ``see_also``: ``[(page source path, title)]`` listed last under "See also" (relative links).
        """
        if code not in schema.REGIONS:
            raise MarkerError(f"unknown region '{code}'; expected one of {', '.join(schema.REGIONS)}")
        groups = query.region_groups(self.content, code)
        titles = {c: self.labels["categories"][c] for c, _ in groups}
        page_src = f"regions/{code.lower()}.md"
        here_src = parts.part_src(page_src, int(part)) if str(part).isdigit() else page_src
        out = self._enclosing(code, here_src, within or {})
        out += [] if groups else [_md_text(self.L["no_services"]) + "\n"]
        if groups:
            out.append(self._listing(page_src, groups, part, lambda c: f"## {_md_text(titles[c])} {{#{c}}}\n", titles))
        out.append(f"## {_md_text(self.L['hotlines_heading'])} {{#hotlines}}\n")  # on every part of a split page
        own = [self.phone_view(s, p)["display"] for s, p in query.hotline_phones(self.content)
               if code in query.phone_regions(self.content, p)]
        if own:
            out.append(_md_text(self.L["region_hotline"].format(region=self.region_name(code),
                                                                numbers=", ".join(dict.fromkeys(own)))) + "\n")
        else:
            out.append(self.block(self.env.get_template("kg-no-hotline.html").render(
                text=self.L["region_no_hotline"].format(region=self.region_name(code)),
                link=self.L["region_see_hotlines"], url=page_url(here_src, "hotlines.md"))))
        out.append(self.block(self.hotlines()))
        if see_also:
            out.append(f"## {_md_text(self.L['see_also'])} {{#see-also}}\n")
            out.append("".join(f"- [{_md_text(title)}]({posixpath.relpath(src, posixpath.dirname(here_src))})\n"
                               for src, title in see_also))
        return "\n".join(out)

    def _enclosing(self, code: str, here_src: str, within: dict[str, str]) -> list[str]:
        """Sentences (Markdown) linking a city's page and the page of the region around it, both ways."""
        def link(phrase: str, city: str, region: str, target: str) -> str:
            url = posixpath.relpath(f"regions/{target.lower()}.md", posixpath.dirname(here_src))
            before, _, after = phrase.partition("{link}")
            names = {"city": self.region_name(city), "region": self.region_name(region)}
            return (_md_text(before.format(**names)) + f"[{_md_text(self.region_name(target))}]({url})"
                    + _md_text(after.format(**names)) + "\n")
        out = [link(self.L["region_in_region"], code, within[code], within[code])] if code in within else []
        out += [link(self.L["region_has_city"], city, code, city) for city, outer in within.items() if outer == code]
        return out

    def country(self, code: str) -> str:
        """Return the entries of the services in one destination country, or a note that the data has none."""
        if code not in schema.MARKERS["country"]["id"]:
            raise MarkerError(f"unknown country '{code}'; expected one of {', '.join(schema.MARKERS['country']['id'])}")
        services = query.services_in_country(self.content, code)
        if not services:
            return _md_text(self.L["no_contacts_country"]) + "\n"
        return self.entries(services) + "\n"

    def map_phone(self, service: dict, phone: dict) -> dict:
        """Return what the map shows of one phone (from `phone_view`): ``{"href", "display", "note"}``,
        the note saying where it works and why there is no link, in the page language, or ""."""
        view = self.phone_view(service, phone)
        note = "; ".join(n for n in (view["prefix"], view["coverage"], view["note"]) if n)
        return {"href": view["href"], "display": view["display"], "note": note}

    def map_view(self, page_src: str) -> geo.MapView:
        """Return the plain values the map of ``page_src`` shows in this language (`geo.MapView`)."""
        def entry(service: dict) -> dict:
            return {"id": service["id"], "name": self.service_view(service)["name"], "category": service["category"],
                    "url": entry_url(page_src, service, self.home(service)),
                    "phones": [self.map_phone(service, p) for p in service.get("phones", [])]}

        def place(p: dict) -> dict:
            return {"id": p["id"], "name": self.labels["places"][p["id"]], "latitude": p["latitude"],
                    "longitude": p["longitude"], "country": p["country"], "region": p.get("region")}

        hotlines = query.hotline_phones(self.content)
        regions = {code: {"name": self.region_name(code), "count": len(query.services_in_region(self.content, code)),
                          "hotlines": [self.map_phone(s, p) for s, p in hotlines
                                       if code in query.phone_regions(self.content, p)],
                          "town": query.region_town(self.content, code)}
                   for code in schema.REGIONS}
        off_map = [{"name": self.service_view(s)["name"], "where": self.labels["places"][p["id"]],
                    "url": entry_url(page_src, s, self.home(s)), "town": p["id"], "region": p.get("region")}
                   for s, p in query.off_map_locations(self.content)]
        return geo.MapView(lang=self.lang, page_src=page_src, L=self.L, categories=self.labels["categories"],
                           max_entries=self.max_entries, regions=regions, off_map=off_map,
                           points=[{"service": entry(s), "place": place(p)} for s, p in query.map_points(self.content)])

    def regions(self, page_src: str) -> str:
        """Return the list of regions with links to their pages and service counts."""
        items = [{"name": self.region_name(r), "url": page_url(page_src, f"regions/{r.lower()}.md"),
                  "count": len(query.services_in_region(self.content, r))} for r in schema.REGIONS]
        return self.env.get_template("kg-regions.html").render(regions=items, L=self.L)

    def paper_address(self, address: str, fingerprint: str | None) -> str:
        """Return the leaflet's address line: QR code and address (none without ``site_url``) and the signing key."""
        block = paper.address_block(address, self.L["qr_title"])
        if fingerprint:
            block += f'<p class="kg-paper-key">{html.escape(self.L["footer_key"].format(fingerprint=fingerprint))}</p>'
        return f'<div class="kg-paper">{block}</div>'  # always there: the print stylesheet knows the leaflet by it

    def cards(self, page_src: str, site_url: str | None) -> str:
        """Return one pocket card per region: its hotline numbers, its shelter towns and a QR code of its page."""
        cards = []
        for code in schema.REGIONS:
            services = query.services_in_region(self.content, code)
            phones = [self.phone_view(s, p) for s in services if s["category"] == "hotline"
                      for p in s.get("phones", []) if code in query.phone_regions(self.content, p)]
            shelters = sorted({self.labels["places"][t] for s in services if s["category"] == "shelter"
                               for t in s.get("locations", [])
                               if self.content.places[t].get("region") == code})
            page = f"regions/{code.lower()}.html"
            address = paper.site_address(site_url, languages.prefix(self.lang), page)
            cards.append({"id": f"card-{code.lower()}", "name": self.region_name(code), "phones": phones, "shelters": shelters,
                          "url": page_url(page_src, f"regions/{code.lower()}.md"), "address": address,
                          "qr": paper.qr_svg(address, self.L["qr_title"]) if address else ""})
        return self.env.get_template("kg-cards.html").render(cards=cards, L=self.L)

    def open_data(self, page_src: str) -> str:
        """Return the links to the open-data export (``export.FOLDER`` at the site root) from ``page_src``."""
        up = "../" * page_src.count("/") + ("../" if languages.prefix(self.lang) else "")
        return self.env.get_template("kg-open-data.html").render(
            base=f"{up}open-data/", lang=self.lang, L=self.L,
            tables=("organizations", "services", "locations", "service_at_locations", "phones"))
