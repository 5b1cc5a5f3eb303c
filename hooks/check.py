"""Editor check command: validate all content without building the site.

Usage (from the project root)::

    .venv/bin/python hooks/check.py                 # text report
    .venv/bin/python hooks/check.py --format json   # for machines
    .venv/bin/python hooks/check.py --strict        # warnings count as errors
    .venv/bin/python hooks/check.py --update-ledger # rewrite content/data/numbers-ledger.yml
                                                    # (a deliberate act, after a reviewed number change)

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
import subprocess
import sys
from collections import Counter
from pathlib import Path

import content as content_mod
import ledger
import pagecheck
import query
from pages import page_files
from formats import is_stale
import schema
from errors import decode_utf8


LINK = re.compile(r"https?://[^\s)\]>\"'`]+")


def external_links(content) -> list[str]:
    """Return every external URL in the content (data ``url`` fields and page Markdown), sorted.

    Listed for editors to check by hand; the tests never fetch them.
    """
    found = {rec["url"] for kind in ("sources", "organizations", "services")
             for rec in getattr(content, kind).values() if rec.get("url")}
    for page in sorted(folder / name for folder in (content.root / "content").iterdir() if folder.is_dir()
                       for name in page_files(folder)):
        text, _ = decode_utf8(page.read_bytes(), page.name, "page")  # a bad page is already an error
        found |= set(LINK.findall(text or ""))
    return sorted(found)


def build_report(content, stale_months: int, only_files: set[str] | None = None) -> dict:
    """Return the report as a JSON-ready dict.

    Shape: ``{"errors": [...], "warnings": [...], "not_checked": [rule], "review": [...], "stale": [...],
    "outdated": [...], "counts": {"region": {code: n}, "category": {name: n}}, "external_links": [url]}``;
    errors and warnings are `ContentError.as_dict()`, limited to ``only_files`` (project-relative
    paths) when given; review items are "lang/kind/id"; stale items are ``{"id", "verified"}``;
    outdated items are "lang/kind/id" translations made from an older source text.  ``not_checked``
    names the rules (and "stale entries", "counts") held back because a file they read has errors:
    their lists are then empty because they were not looked at, not because all is well.
    """
    review = [f"{lang}/{kind}/{rid}" for lang, kinds in content.texts.items()
              for kind, texts in kinds.items() for rid, text in texts.items() if text.get("review") == "needed"]
    review += pagecheck.pages_needing_review(content.root)
    data_ok = not content.errors  # totals over a broken reference or date would crash or mislead
    not_checked = content.not_checked + ([] if data_ok else ["Stale entries and counts per region and category."])
    stale = [{"id": rid, "verified": rec["verified"]}
             for kind in ("organizations", "services") for rid, rec in getattr(content, kind).items()
             if is_stale(rec["verified"], content.build_date, stale_months)] if data_ok else []

    def mine(item: dict) -> bool:
        return only_files is None or item["file"] in only_files

    return {
        "errors": [e.as_dict() for e in content.errors if mine(e.as_dict())],
        "warnings": [w.as_dict() for w in content.warnings if mine(w.as_dict())],
        "not_checked": not_checked,
        "review": review,
        "stale": stale,
        "outdated": sorted("/".join(o) for o in content.outdated),
        "counts": {
            "region": {r: len(query.services_in_region(content, r)) for r in schema.REGIONS},
            "category": dict(Counter(s["category"] for s in content.services.values())),
        } if data_ok else {"region": {}, "category": {}},
        "external_links": external_links(content),
    }


def format_text(report: dict, verbose: bool = False) -> str:
    """Return the report as text for people: what to fix first, then one line of totals (lists with ``verbose``)."""
    lines = [e["text"] for e in report["errors"]] + [f"warning: {w['text']}" for w in report["warnings"]]
    lines.append(f"{len(report['errors'])} error(s), {len(report['warnings'])} warning(s)")
    if report["not_checked"]:
        lines.append("Not checked until the errors above are fixed (they are in files these checks read):")
        lines += [f"  - {rule.split(' (see ')[0].replace('``', '')}" for rule in report["not_checked"]]
        lines.append("Fix them and run the check again.")
        return "\n".join(lines)
    lines.append(f"Totals: {len(report['review'])} marked review: needed · {len(report['stale'])} stale "
                 f"(confirm by phone) · {len(report['outdated'])} outdated translation(s)"
                 + ("" if verbose else " — lists with --verbose"))
    if verbose:
        lines.append(f"\nMarked `review: needed` ({len(report['review'])}): " + ", ".join(report["review"]))
        lines.append(f"Stale, confirm by phone ({len(report['stale'])}): "
                     + ", ".join(f"{s['id']} ({s['verified']})" for s in report["stale"]))
        lines.append(f"Outdated translations ({len(report['outdated'])}): " + ", ".join(report["outdated"]))
        lines.append("Services per region: " + ", ".join(f"{k} {v}" for k, v in report["counts"]["region"].items()))
        lines.append("Services per category: " + ", ".join(f"{k} {v}" for k, v in report["counts"]["category"].items()))
        lines.append(f"External links, check by hand ({len(report['external_links'])}): "
                     + ", ".join(report["external_links"]))
    return "\n".join(lines)


def changed_files(root: Path) -> set[str]:
    """Return the project-relative paths changed since the last commit (staged, unstaged and new files)."""
    result = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root,
                            capture_output=True, text=True)
    return {line[3:].split(" -> ")[-1].strip('"') for line in result.stdout.splitlines() if len(line) > 3}


def main(argv: list[str] | None = None) -> int:
    """Run the check; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--stale-months", type=int, default=12)
    parser.add_argument("--verbose", action="store_true", help="also list review marks, stale entries, "
                        "outdated translations, counts and external links")
    parser.add_argument("--changed", action="store_true",
                        help="report errors and warnings only in files changed since the last commit")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--update-ledger", action="store_true",
                        help="rewrite the numbers ledger from the data (only after a reviewed change)")
    args = parser.parse_args(argv)
    content = content_mod.load_content(args.root)
    if args.update_ledger:
        blocking = ledger.write_ledger(content)
        if blocking:
            print(f"numbers ledger NOT updated: fix these {len(blocking)} error(s) first")
            print("\n".join(str(e) for e in blocking))
            return 1
        print(f"wrote {ledger.LEDGER.as_posix()}; review its diff and commit it with the data change")
        content = content_mod.load_content(args.root)
    report = build_report(content, args.stale_months, changed_files(args.root) if args.changed else None)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.format == "json"
          else format_text(report, args.verbose))
    failed = report["errors"] or (args.strict and report["warnings"])
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `check.py | head`: the reader stopped reading, nothing went wrong
        sys.stderr.close()
        sys.exit(0)
