"""The site's languages, read from mkdocs.yml: the one place that knows which languages exist.

Source of truth: ``plugins → i18n → languages`` of mkdocs.yml (mkdocs-static-i18n's
own list: ``locale``, ``name`` in the language itself, ``default``, ``site_name``), in
file order, plus ``extra.kg.scripts`` (``{code: ISO 15924 script}``, e.g. ``Cyrl``,
``Latn``) and ``extra.kg.write_first`` (the language editors write first, from which
the others are translated; defaults to the site's default language).  Codes are
BCP 47 language tags; the default language comes first and is built at the site
root, the others in folders named by their code.

The registry is read once at import from the mkdocs.yml beside this ``hooks/``
folder (a copied project reads its own).  Raises `LanguageConfigError` with the
fix when the list is missing or malformed.  Never imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"


class LanguageConfigError(ValueError):
    """mkdocs.yml does not give a usable language list (the message names the key and the fix)."""


@dataclass(frozen=True)
class Language:
    """One site language: ``code`` (BCP 47), ``name`` (in itself), ``default``, ``order`` (0-based), ``script``."""

    code: str
    name: str
    default: bool
    order: int
    script: str


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: unknown tags (``!ENV``, ``!!python/name``) become None."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _i18n(config: dict) -> dict:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"] or {}
    raise LanguageConfigError("mkdocs.yml: no `i18n` entry under `plugins` — add mkdocs-static-i18n with its `languages` list")


def load(config_file: Path = CONFIG) -> tuple[Language, ...]:
    """Return the languages of ``config_file``, default first, then in file order."""
    config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_Loader) or {}
    entries = _i18n(config).get("languages") or []
    scripts = ((config.get("extra") or {}).get("kg") or {}).get("scripts") or {}
    langs = []
    for n, entry in enumerate(entries):
        code = str(entry.get("locale", ""))
        if not code or not entry.get("name"):
            raise LanguageConfigError(f"mkdocs.yml: plugins.i18n.languages[{n}] needs `locale` and `name`")
        if code not in scripts:
            raise LanguageConfigError(f"mkdocs.yml: extra.kg.scripts has no script for '{code}' — "
                                      f"add `{code}: Cyrl` or `{code}: Latn` (ISO 15924)")
        langs.append(Language(code, str(entry["name"]), bool(entry.get("default")), n, str(scripts[code])))
    defaults = [lang for lang in langs if lang.default]
    if len(defaults) != 1:
        raise LanguageConfigError("mkdocs.yml: exactly one of plugins.i18n.languages needs `default: true`")
    return tuple(sorted(langs, key=lambda lang: (not lang.default, lang.order)))


def write_first(config_file: Path = CONFIG) -> str:
    """Return the code of the language editors write first (``extra.kg.write_first``, else the default)."""
    config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_Loader) or {}
    chosen = ((config.get("extra") or {}).get("kg") or {}).get("write_first")
    return chosen or next(lang.code for lang in load(config_file) if lang.default)


REGISTRY: tuple[Language, ...] = load()
#: Language codes, the default (site root) first.
CODES: tuple[str, ...] = tuple(lang.code for lang in REGISTRY)
DEFAULT: str = CODES[0]
#: Each language's name in itself, e.g. for "shown in {language}" notices and the switcher.
NAMES: dict[str, str] = {lang.code: lang.name for lang in REGISTRY}


#: Languages a phone line may be answered in (ISO 639-1): the site's and the region's neighbours'.
SPOKEN: tuple[str, ...] = tuple(dict.fromkeys(CODES + ("ky", "ru", "en", "uz", "tg", "kk")))


def prefix(code: str) -> str:
    """Return a language's folder in the built site: "" for the default language, else ``"<code>/"``."""
    return "" if code == DEFAULT else f"{code}/"
