"""The package templates' compiled code is cached in Jinja's per-user folder, and an unusable folder never stops a build."""

from __future__ import annotations

import shutil
import tempfile

import jinja2

from handbook import render


def test_an_unusable_temporary_folder_means_no_cache(tmp_path, monkeypatch) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(not_a_folder))
    assert render._compiled_templates_cache("__test_%s.cache") is None


def test_a_cache_folder_that_disappears_only_means_compiling_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    cache = render._compiled_templates_cache("__test_%s.cache")
    assert cache is not None
    environment = jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ x }}！"}), bytecode_cache=cache)
    shutil.rmtree(cache.directory)
    assert environment.get_template("t").render(x="亲") == "亲！"


def test_compiled_templates_are_written_to_the_users_cache_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    cache = render._compiled_templates_cache("__test_%s.cache")
    first = jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ x }}！"}), bytecode_cache=cache)
    assert first.get_template("t").render(x="亲") == "亲！"
    assert len(list(tmp_path.glob("_jinja2-cache-*/__test_*.cache"))) == 1
