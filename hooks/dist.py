"""Offline copy: build the site and pack it as one zip for USB sticks, mirrors and releases.

Usage (from the project root)::

    .venv/bin/python hooks/dist.py            # → dist/kg-safe-migration-<content version>.zip
    .venv/bin/python hooks/dist.py --out DIR  # the same, into DIR

Runs ``mkdocs build --strict`` into ``dist/site/`` (the build itself drops files no
page uses and writes ``SHA256SUMS``, see `siteoutput.prune_unused` and `manifest`),
then writes a zip whose one top folder holds the site, so unzipping never scatters
files.  The zip is deterministic: entries sorted, fixed timestamps
(``SOURCE_DATE_EPOCH`` if set, else 1980-01-01), fixed permissions.  Prints the
zip's path, its size in bytes and the number of files.  Exit status: 0 on success,
the build's exit status if the build fails (its errors are printed).
Never imports MkDocs (runs it as a command).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import manifest

ROOT = Path(__file__).resolve().parent.parent
NAME = "kg-safe-migration"


def _stamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return (1980, 1, 1, 0, 0, 0)
    return time.gmtime(max(int(epoch), 315532800))[:6]  # zip dates start in 1980


def pack(site: Path, zip_path: Path, top: str) -> int:
    """Write every file of ``site`` into ``zip_path`` under ``top/``; return the number of files."""
    files = sorted(p for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site).as_posix()}", date_time=_stamp())
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the site and pack it as one zip (offline copy).")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    out = parser.parse_args(argv).out.resolve()
    site = out / "site"
    shutil.rmtree(site, ignore_errors=True)
    out.mkdir(exist_ok=True)
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=ROOT, env=env)
    if result.returncode != 0:
        return result.returncode
    listed = manifest.parse_manifest((site / manifest.MANIFEST).read_text(encoding="utf-8"))
    top = f"{NAME}-{manifest.read_version(site)['content']}"
    zip_path = out / f"{top}.zip"
    count = pack(site, zip_path, top)
    print(f"{zip_path}: {zip_path.stat().st_size} bytes, {count} files "
          f"({len(listed)} listed in {manifest.MANIFEST})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
