"""Verifiable offline copies (issue 11): manifest, verify command, signature, dist zip, pruning, footer.

Built for real: the shipped site (``site`` fixture) and one `hooks/dist.py` run into a temp folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from bs4 import BeautifulSoup

import manifest
from conftest import LANGS, ROOT, build, lang_dir, make_project

VERIFY = [sys.executable, str(ROOT / "hooks" / "manifest.py"), "verify"]


def test_every_file_of_the_build_is_in_the_manifest_and_sha256sum_agrees(site):
    listed = manifest.parse_manifest((site / "SHA256SUMS").read_text(encoding="utf-8"))
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == files
    # the about page tells readers to run exactly this
    result = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=site, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_verify_passes_on_the_build_and_names_each_changed_missing_or_added_file(site, tmp_path):
    assert subprocess.run([*VERIFY, str(site)], capture_output=True).returncode == 0
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    page = copy / "hotlines.html"
    page.write_text(page.read_text(encoding="utf-8").replace("189", "180", 1), encoding="utf-8")  # one digit
    (copy / "ru" / "about.html").unlink()
    (copy / "en" / "extra.html").write_text("<p>hi</p>", encoding="utf-8")
    result = subprocess.run([*VERIFY, str(copy)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "changed: hotlines.html" in result.stdout
    assert "missing: ru/about.html" in result.stdout
    assert "added:   en/extra.html" in result.stdout


def test_verify_without_manifest_is_a_clear_error(tmp_path):
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    result = subprocess.run([*VERIFY, str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "no SHA256SUMS" in result.stderr and "Traceback" not in result.stderr


def test_dist_zip_verifies_and_fails_with_one_changed_digit(dist_zip, tmp_path):
    assert subprocess.run([*VERIFY, str(dist_zip)], capture_output=True).returncode == 0
    with zipfile.ZipFile(dist_zip) as archive:
        names = archive.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        assert len(tops) == 1, tops  # one top folder: unzipping scatters nothing
        bad = tmp_path / "bad.zip"
        with zipfile.ZipFile(bad, "w") as out:
            for name in names:
                data = archive.read(name)
                if name.endswith("/hotlines.html"):
                    data = data.replace(b"104", b"105", 1)
                out.writestr(name, data)
    result = subprocess.run([*VERIFY, str(bad)], capture_output=True, text=True)
    assert result.returncode == 1 and "changed: hotlines.html" in result.stdout


def test_dist_zip_holds_only_what_pages_use(dist_zip):
    with zipfile.ZipFile(dist_zip) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.endswith(".map")], "source maps are for developers"
    assert not [n for n in names if n.endswith(("wordcut.js", "tinyseg.js"))]
    assert not [n for n in names if "/lunr/min/lunr." in n and n.rsplit("lunr.", 1)[1].split(".")[0]
                not in ("ru", "multi", "stemmer")]
    assert dist_zip.stat().st_size < 1_200_000  # the README reports the size


def test_signed_manifest_verifies_and_a_tampered_one_does_not(site, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", str(key)], check=True)
    subprocess.run(["ssh-keygen", "-Y", "sign", "-q", "-f", str(key), "-n", manifest.SIGNING_NAMESPACE,
                    str(copy / "SHA256SUMS")], check=True, capture_output=True)  # the command docs/mirrors.md gives
    signers = tmp_path / "allowed_signers"
    signers.write_text("editors@example.org " + (tmp_path / "key.pub").read_text(encoding="utf-8"), encoding="utf-8")
    args = [str(copy), "--allowed-signers", str(signers), "--identity", "editors@example.org"]
    result = subprocess.run([*VERIFY, *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    sums = copy / "SHA256SUMS"  # a forger rewrites pages AND the manifest: only the signature catches it
    sums.write_text(sums.read_text(encoding="utf-8").replace("  about.html", "  about.htm"), encoding="utf-8")
    result = subprocess.run([*VERIFY, *args], capture_output=True, text=True)
    assert result.returncode == 1 and "SIGNATURE FAILED" in result.stdout


def test_footer_shows_build_date_and_content_version_in_every_language(site):
    version = manifest.read_version(site)
    assert len(version["content"]) == 12 and version["built"] == "2026-11-18"  # SOURCE_DATE_EPOCH of the tests
    for lang in LANGS:
        for page in ("index.html", "about.html", "guide/index.html"):
            footer = BeautifulSoup((lang_dir(site, lang) / page).read_text(encoding="utf-8"), "html.parser")
            text = footer.select_one(".kg-provenance-footer").get_text(" ", strip=True)
            assert version["content"] in text and version["built"] in text, (lang, page, text)
            link = footer.select_one(".kg-provenance-footer a")["href"]
            assert link.endswith("about.html#verify-copy")
            about = BeautifulSoup((lang_dir(site, lang) / "about.html").read_text(encoding="utf-8"), "html.parser")
            assert about.find(id="verify-copy"), lang


def test_signing_key_fingerprint_setting_is_printed_in_the_footer(tmp_path):
    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    fingerprint = "SHA256:9m3QDUhrW8bJ6bVQwn1aKoE1yZc4dbwJQ1rZ8c2bTfA"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "signing_key_fingerprint: null", f'signing_key_fingerprint: "{fingerprint}"'), encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    for lang in LANGS:
        html = (lang_dir(project / "site", lang) / "about.html").read_text(encoding="utf-8")
        assert fingerprint in BeautifulSoup(html, "html.parser").select_one(".kg-provenance-footer").get_text()
