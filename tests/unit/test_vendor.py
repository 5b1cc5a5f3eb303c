"""The vendored map assets are exact copies of the npm packages pinned in package.json (PITFALLS P8)."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "content" / "assets" / "vendor"
COPIES = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "leaflet/images/layers.png": "leaflet/dist/images/layers.png",
    "leaflet.markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "iframe-worker/shim.js": "iframe-worker/shim/index.js",
}


@pytest.mark.parametrize("vendored, package_file", sorted(COPIES.items()))
def test_vendored_file_equals_the_npm_package(vendored, package_file):
    installed = ROOT / "node_modules" / package_file
    assert installed.exists(), "run `npm ci` first (.ci/run does)"
    assert (VENDOR / vendored).read_bytes() == installed.read_bytes()


def test_installed_versions_are_the_pinned_ones():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    for name, version in pinned.items():
        meta = json.loads((ROOT / "node_modules" / name / "package.json").read_text())
        assert meta["version"] == version, name


def test_vendored_code_names_no_cdn():
    for path in VENDOR.rglob("*"):
        if path.suffix in (".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert "unpkg.com" not in text and "cdnjs" not in text and "jsdelivr" not in text, path
