"""render.MemoryBytecodeCache: templates compiled once per process, across Jinja environments (issue 10).

mkdocs-static-i18n makes a new theme environment for every language build; the cache lets the second
and third reuse the first one's compiled code, never a stale one.
"""

from __future__ import annotations

import jinja2

import render


def _env(folder, cache, **options) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache, **options)


def _compiles(monkeypatch) -> list[str]:
    """Names of the templates Jinja compiles from source from now on."""
    seen: list[str] = []
    original = jinja2.Environment.compile

    def compile_(self, source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    return seen


def test_a_second_environment_reuses_the_compiled_template(tmp_path, monkeypatch):
    (tmp_path / "page.html").write_text("{% for x in xs %}{{ x }};{% endfor %}", encoding="utf-8")
    cache, compiled = render.MemoryBytecodeCache(), _compiles(monkeypatch)
    first = _env(tmp_path, cache).get_template("page.html").render(xs=[1, 2])
    second = _env(tmp_path, cache).get_template("page.html").render(xs=[1, 2])
    assert first == second == "1;2;"
    assert compiled == ["page.html"]


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text("old {{ x }}", encoding="utf-8")
    cache, compiled = render.MemoryBytecodeCache(), _compiles(monkeypatch)
    assert _env(tmp_path, cache).get_template("page.html").render(x=1) == "old 1"
    page.write_text("new {{ x }}", encoding="utf-8")
    assert _env(tmp_path, cache).get_template("page.html").render(x=1) == "new 1"
    assert compiled == ["page.html", "page.html"]


def test_whitespace_options_are_part_of_the_key(tmp_path):
    (tmp_path / "page.html").write_text("{% if true %}\n  x\n{% endif %}\n", encoding="utf-8")
    cache = render.MemoryBytecodeCache()
    plain = _env(tmp_path, cache).get_template("page.html").render()
    trimmed = _env(tmp_path, cache, trim_blocks=True, lstrip_blocks=True).get_template("page.html").render()
    assert plain == "\n  x\n" and trimmed == "  x\n"
    assert _env(tmp_path, cache).get_template("page.html").render() == plain


def test_the_build_shares_one_cache_with_the_theme():
    """site.on_env gives every theme environment the process's cache; make_env uses it too."""
    assert render.make_env(render.Path(".")).bytecode_cache is render.BYTECODE
    source = (render.Path(render.__file__).parent / "site.py").read_text(encoding="utf-8")
    assert "env.bytecode_cache = render.BYTECODE" in source
