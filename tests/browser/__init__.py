"""Browser tests (Playwright + Debian's Chromium).

This file makes ``tests/browser`` a package, so its ``conftest.py`` is imported
as ``browser.conftest`` and never replaces ``tests/conftest.py`` as the module
``conftest`` that the other test folders import helpers from.
"""
