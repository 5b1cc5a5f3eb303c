"""Editor check command: validate all content without building the site.

Usage (from the project root)::

    .venv/bin/python hooks/check.py                 # text report
    .venv/bin/python hooks/check.py --format json   # for machines
    .venv/bin/python hooks/check.py --strict        # warnings count as errors

Prints errors (``file:line:col: field: message — fix``), warnings (missing
translations), entries marked ``review: needed``, stale entries (verified
longer ago than ``--stale-months``, default 12) and counts per region and
category.  Exit status: 0 = no errors, 1 = errors (or warnings with --strict).
`mkdocs build` runs the same validation first.  Never imports MkDocs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import content as content_mod
import pagecheck
import query
import render
import schema
from errors import decode_utf8


LINK = re.compile(r"https?://[^\s)\]>\"'`]+")


def external_links(content) -> list[str]:
    """Return every external URL in the content (data ``url`` fields and page Markdown), sorted.

    Listed for editors to check by hand; the tests never fetch them.
    """
    found = {rec["url"] for kind in ("sources", "organizations", "services")
             for rec in getattr(content, kind).values() if rec.get("url")}
    for page in sorted((content.root / "content").glob("*/**/*.md")):
        text, _ = decode_utf8(page.read_bytes(), page.name, "page")  # a bad page is already an error
        found |= set(LINK.findall(text or ""))
    return sorted(found)


def build_report(content, stale_months: int) -> dict:
    """Return the report as a JSON-ready dict.

    Shape: ``{"errors": [...], "warnings": [...], "review": [...], "stale": [...],
    "counts": {"region": {code: n}, "category": {name: n}}, "external_links": [url]}``; errors and warnings
    are `ContentError.as_dict()`; review items are "lang/kind/id"; stale items
    are ``{"id", "verified"}``.
    """
    review = [f"{lang}/{kind}/{rid}" for lang, kinds in content.texts.items()
              for kind, texts in kinds.items() for rid, text in texts.items() if text.get("review") == "needed"]
    review += pagecheck.pages_needing_review(content.root)
    # Stale entries and counts need valid dates and references: only for content without errors.
    stale = [] if content.errors else [
        {"id": rid, "verified": rec["verified"]}
        for kind in ("organizations", "services") for rid, rec in getattr(content, kind).items()
        if render.is_stale(rec["verified"], content.build_date, stale_months)]
    return {
        "errors": [e.as_dict() for e in content.errors],
        "warnings": [w.as_dict() for w in content.warnings],
        "review": review,
        "stale": stale,
        "counts": {
            "region": {r: len(query.services_in_region(content, r)) for r in schema.REGIONS},
            "category": dict(Counter(s["category"] for s in content.services.values())),
        } if not content.errors else {"region": {}, "category": {}},
        "external_links": external_links(content),
    }


def format_text(report: dict) -> str:
    """Return the report as text for people."""
    lines = [f"{len(report['errors'])} error(s), {len(report['warnings'])} warning(s)"]
    lines += [e["text"] for e in report["errors"]] + [f"warning: {w['text']}" for w in report["warnings"]]
    lines.append(f"\nMarked `review: needed` ({len(report['review'])}): " + ", ".join(report["review"]))
    lines.append(f"Stale, confirm by phone ({len(report['stale'])}): "
                 + ", ".join(f"{s['id']} ({s['verified']})" for s in report["stale"]))
    lines.append("Services per region: " + ", ".join(f"{k} {v}" for k, v in report["counts"]["region"].items()))
    lines.append("Services per category: " + ", ".join(f"{k} {v}" for k, v in report["counts"]["category"].items()))
    lines.append(f"External links, check by hand ({len(report['external_links'])}): "
                 + ", ".join(report["external_links"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the check; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--stale-months", type=int, default=12)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    content = content_mod.load_content(args.root)
    report = build_report(content, args.stale_months)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.format == "json" else format_text(report))
    failed = report["errors"] or (args.strict and report["warnings"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
