"""Measure what a reader downloads per page: HTML plus the CSS, JS and images it references.

Usage: .venv/bin/python benchmarks/page_weight.py [site_dir]   (default: ./site, build it first)
Prints one line per page template and language: bytes uncompressed and gzip-compressed
(what a server with compression sends), and the build time is not measured here.
No issue sets a limit yet; this script is where a limit would be checked.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

PAGES = ("index.html", "shelters.html", "regions/kg-n.html", "map.html", "guide/before-you-go.html")
PREFIX = {"ky": "", "ru": "ru/", "en": "en/"}


def assets(page: Path) -> set[Path]:
    """Return the local files a page loads directly (scripts, stylesheets, images)."""
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    refs = [t.get("src") for t in html.find_all(["script", "img"])] + \
           [t.get("href") for t in html.find_all("link", rel="stylesheet")]
    out = set()
    for ref in filter(None, refs):
        path = urlsplit(ref).path
        if path and not urlsplit(ref).netloc:
            target = (page.parent / path).resolve()
            if target.is_file():
                out.add(target)
    return out


def weight(files) -> tuple[int, int]:
    data = [f.read_bytes() for f in files]
    return sum(map(len, data)), sum(len(gzip.compress(d, 9)) for d in data)


def main(site: Path) -> None:
    print(f"{'page':32} {'bytes':>10} {'gzip':>10}")
    for lang, prefix in PREFIX.items():
        for name in PAGES:
            page = site / prefix / name
            raw, packed = weight({page} | assets(page))
            print(f"{lang + '/' + name:32} {raw:>10,} {packed:>10,}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
