"""Embeddable hotline card (issue 11): one small HTML file per language for other sites' ``<iframe>``.

Written to ``<language root>/embed/`` after the build; not a page of the site (no navigation,
not in search or the sitemap).
"""

from __future__ import annotations

#: Folder of the embed files inside each language's root.
FOLDER = "embed"
