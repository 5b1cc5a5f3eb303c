"""Verifiable copies: a SHA-256 manifest of the built site, and a check of any copy against it.

A mirror or a USB copy with one changed digit in a phone number would send a
victim to a trafficker; the manifest lets anyone check a copy.

* `write_manifest(site_dir)` writes ``SHA256SUMS`` at the site root: one line per
  file, ``<64 hex>  <path relative to the site root, POSIX>``, sorted by path —
  the format of GNU ``sha256sum``, so ``sha256sum -c SHA256SUMS`` checks it too.
  The manifest and its detached signature (``SHA256SUMS.sig``, made with
  ``ssh-keygen -Y sign``; see docs/mirrors.md) are not listed in it.
* `verify(path)` checks a folder or a ``.zip`` (the site at its root, or inside one
  top folder) and returns the files changed, missing and added.
* `content_version(files)` is a short digest of the content inputs, shown in every
  page's footer so two copies can be compared at a glance.

Run as a command (no MkDocs needed)::

    python hooks/manifest.py verify site/            # or a .zip
    python hooks/manifest.py verify copy.zip --allowed-signers signers --identity editors@example.org

Exit status of ``verify``: 0 = every file matches (and the signature, if asked),
1 = a file changed, is missing or was added (each listed), or the signature
failed, 2 = no manifest found or unreadable input.  Never imports MkDocs.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.sig"
#: The namespace given to ``ssh-keygen -Y sign -n`` and ``-Y verify -n`` (a signature made for another use won't verify).
SIGNING_NAMESPACE = "kg-safe-migration"
_NOT_LISTED = {MANIFEST, SIGNATURE}


class ManifestError(Exception):
    """The input holds no readable manifest (the message says where it looked)."""


@dataclass
class Report:
    """Result of `verify`: paths (POSIX, relative to the site root) that differ from the manifest."""

    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.added)

    def lines(self) -> list[str]:
        """Return the report as text lines: one per difference, then a summary."""
        out = [f"changed: {p}" for p in self.changed] + [f"missing: {p}" for p in self.missing]
        out += [f"added:   {p}" for p in self.added]
        if self.ok:
            out.append(f"OK: all {self.checked} files match {MANIFEST}")
        else:
            out.append(f"NOT GENUINE: {len(self.changed)} changed, {len(self.missing)} missing, "
                       f"{len(self.added)} added (of {self.checked} listed)")
        return out


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(files: dict[str, bytes]) -> str:
    """Return the manifest for ``{relative POSIX path: bytes}`` (sorted, sha256sum format)."""
    return "".join(f"{_digest(files[p])}  {p}\n" for p in sorted(files) if p not in _NOT_LISTED)


def write_manifest(site_dir: Path) -> Path:
    """Write ``site_dir/SHA256SUMS`` listing every file below ``site_dir``; return its path.

    Deterministic: the same files give the same bytes.  A stale signature is removed,
    because it no longer matches.
    """
    site_dir = Path(site_dir)
    (site_dir / SIGNATURE).unlink(missing_ok=True)
    files = {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    target = site_dir / MANIFEST
    target.write_text(manifest_text(files), encoding="utf-8", newline="\n")
    return target


def parse_manifest(text: str) -> dict[str, str]:
    """Return ``{path: hex digest}`` from manifest text; raise `ManifestError` on a malformed line."""
    out = {}
    for number, line in enumerate(text.splitlines(), 1):
        digest, sep, path = line.partition("  ")
        if not sep or len(digest) != 64 or not path:
            raise ManifestError(f"{MANIFEST} line {number} is not '<sha256>  <path>': {line[:80]!r}")
        out[path] = digest.lower()
    return out


def _read_tree(path: Path) -> dict[str, bytes]:
    """Return every file of a folder or a zip as ``{relative path: bytes}``, rooted where the manifest is."""
    if path.is_dir():
        files = {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            files = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    else:
        raise ManifestError(f"{path} is neither a folder nor a zip file")
    roots = sorted((p[: -len(MANIFEST)] for p in files if PurePosixPath(p).name == MANIFEST), key=len)
    if not roots:
        raise ManifestError(f"no {MANIFEST} in {path}: this copy cannot be checked (ask its publisher for one)")
    root = roots[0]  # the site root: "" or "top-folder/"
    return {p[len(root):]: data for p, data in files.items() if p.startswith(root)}


def verify(path: Path) -> Report:
    """Check a copy (folder or zip) against its own ``SHA256SUMS``.

    Returns a `Report`; raises `ManifestError` when there is no readable manifest.
    Note: a copy can only prove it matches its own manifest; that the manifest is the
    publisher's is shown by the signature (`verify_signature`) or by comparing the
    manifest's digest with one published elsewhere.
    """
    files = _read_tree(Path(path))
    expected = parse_manifest(files[MANIFEST].decode("utf-8"))
    report = Report(checked=len(expected))
    for rel, digest in sorted(expected.items()):
        if rel not in files:
            report.missing.append(rel)
        elif _digest(files[rel]) != digest:
            report.changed.append(rel)
    report.added = sorted(p for p in files if p not in expected and p not in _NOT_LISTED)
    return report


def verify_signature(path: Path, allowed_signers: Path, identity: str) -> tuple[bool, str]:
    """Check ``SHA256SUMS.sig`` against ``SHA256SUMS`` with ``ssh-keygen -Y verify``.

    ``allowed_signers`` is an OpenSSH allowed-signers file (``identity key-type key``).
    Returns ``(ok, message from ssh-keygen)``.  Raises `ManifestError` if there is no signature.
    """
    files = _read_tree(Path(path))
    if SIGNATURE not in files:
        raise ManifestError(f"no {SIGNATURE} beside {MANIFEST}: this copy is not signed")
    with tempfile.TemporaryDirectory() as tmp:
        sig = Path(tmp) / SIGNATURE
        sig.write_bytes(files[SIGNATURE])
        result = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(allowed_signers), "-I", identity,
                                 "-n", SIGNING_NAMESPACE, "-s", str(sig)],
                                input=files[MANIFEST], capture_output=True, timeout=60)
    return result.returncode == 0, (result.stdout + result.stderr).decode("utf-8", "replace").strip()


def content_version(files: list[Path], root: Path) -> str:
    """Return a 12-hex-digit digest of the content inputs (paths relative to ``root`` and their bytes)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def write_version(site_dir: Path, content: str, built: str) -> None:
    """Write ``site_dir/VERSION``: ``content <12 hex>`` and ``built <YYYY-MM-DD>`` lines (listed in the manifest)."""
    (Path(site_dir) / "VERSION").write_text(f"content {content}\nbuilt {built}\n", encoding="utf-8", newline="\n")


def read_version(site_dir: Path) -> dict[str, str]:
    """Return ``{"content": ..., "built": ...}`` from ``site_dir/VERSION``."""
    lines = (Path(site_dir) / "VERSION").read_text(encoding="utf-8").splitlines()
    return dict(line.split(" ", 1) for line in lines if " " in line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a copy of the site (folder or zip) against its SHA256SUMS.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("verify", help="report each file changed, missing or added")
    check.add_argument("path", type=Path, help="the copy: a folder or a .zip")
    check.add_argument("--allowed-signers", type=Path, help="also check SHA256SUMS.sig (OpenSSH allowed-signers file)")
    check.add_argument("--identity", default="", help="the signer's identity in that file")
    args = parser.parse_args(argv)
    try:
        report = verify(args.path)
        print("\n".join(report.lines()))
        ok = report.ok
        if args.allowed_signers:
            signed, message = verify_signature(args.path, args.allowed_signers, args.identity)
            print(("signature OK: " if signed else "SIGNATURE FAILED: ") + message)
            ok = ok and signed
    except (ManifestError, OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
