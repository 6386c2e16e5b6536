"""The MkDocs adapter (hooks/handbook_mkdocs): one plugin, and one load and lint of the YAML per build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
import yaml

from conftest import MINI, ROOT

# Counts each read of the YAML during one real `mkdocs build` (the project's mkdocs.yml, in a fresh interpreter).
_COUNTING_BUILD = textwrap.dedent(
    """
    import json, sys
    from collections import Counter
    import handbook.cache, handbook.check
    calls = Counter()

    def counted(module, name):
        original = getattr(module, name)
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)
        setattr(module, name, wrapper)

    for name in ("load_handbook", "load_rules", "load_tuning"):
        counted(handbook.cache, name)
    counted(handbook.check, "lint_handbook")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    build(load_config(sys.argv[1], site_dir=sys.argv[2]))
    print(json.dumps(calls))
    """
)


def test_one_build_loads_and_lints_the_yaml_once(tmp_path) -> None:
    env = dict(os.environ, HANDBOOK_SNIPPETS=str(MINI), NO_MKDOCS_2_WARNING="1")
    for name in ("HANDBOOK_PDF", "HANDBOOK_OFFLINE", "HANDBOOK_COMPRESS"):
        env.pop(name, None)
    process = subprocess.run(
        [sys.executable, "-c", _COUNTING_BUILD, str(ROOT / "mkdocs.yml"), str(tmp_path / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "site" / "search" / "query-dict.json").is_file()  # the whole build ran, search tuning included
    calls = json.loads(process.stdout.strip().splitlines()[-1])
    assert calls == {"load_handbook": 1, "load_rules": 1, "load_tuning": 1, "lint_handbook": 1}


def test_mkdocs_yml_registers_the_adapter_as_its_last_plugin_and_no_hooks() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    assert "hooks" not in config
    names = [plugin if isinstance(plugin, str) else next(iter(plugin)) for plugin in config["plugins"]]
    # Last: its post-build rewrites the index the search plugin wrote, and its other events follow theirs.
    assert names[-1] == "handbook"
    assert not list((ROOT / "hooks").glob("*.py")), "hooks/ holds packages only: the adapter is the handbook plugin"


def test_the_plugin_is_registered_under_its_name() -> None:
    from importlib.metadata import entry_points

    from handbook_mkdocs.plugin import HandbookPlugin

    (entry,) = [entry for entry in entry_points(group="mkdocs.plugins") if entry.name == "handbook"]
    assert entry.load() is HandbookPlugin


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: `!ENV` and Python tags read as their node's value."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


# A real build whose publish step fails after MkDocs wrote the pages: the desk's data cannot be written, or finding
# the pinyin fails (in the child process of a one-off build).
_FAILING_PUBLISH = textwrap.dedent(
    """
    import sys
    import handbook_mkdocs.plugin
    import handbook_mkdocs.search

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    module, name = sys.argv.pop().split(":")
    setattr(sys.modules[module], name, broken)
    from mkdocs.__main__ import cli
    sys.argv = ["mkdocs", "build", "--strict", "-f", sys.argv[1], "-d", sys.argv[2]]
    cli()
    """
)


@pytest.mark.parametrize("broken", ["handbook_mkdocs.plugin:write_texts", "handbook_mkdocs.search:initials_of"])
def test_a_failed_publish_step_leaves_no_half_built_site(tmp_path, broken: str) -> None:
    env = dict(os.environ, HANDBOOK_SNIPPETS=str(MINI), NO_MKDOCS_2_WARNING="1")
    for name in ("HANDBOOK_PDF", "HANDBOOK_OFFLINE", "HANDBOOK_COMPRESS"):
        env.pop(name, None)
    site = tmp_path / "site"
    process = subprocess.run(
        [sys.executable, "-c", _FAILING_PUBLISH, str(ROOT / "mkdocs.yml"), str(site), broken],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    output = process.stdout + process.stderr
    assert process.returncode == 1, output
    assert "Traceback" not in output
    assert "生成手册时出现了程序内部错误：OSError: [Errno 28] No space left on device。" in output
    assert not site.exists()


# Counts the collector's runs while MkDocs loads the plugin by its entry point, in a fresh interpreter.
_COUNTING_IMPORT = textwrap.dedent(
    """
    import gc, json
    from importlib.metadata import entry_points
    runs = []
    gc.callbacks.append(lambda phase, info: runs.append(info["generation"]) if phase == "start" else None)
    (plugin,) = [point for point in entry_points(group="mkdocs.plugins") if point.name == "handbook"]
    plugin.load()
    print(json.dumps({"runs": len(runs), "full": runs.count(2), "threshold": gc.get_threshold()}))
    """
)


def test_loading_the_plugin_runs_the_collector_rarely_and_leaves_its_threshold_as_it_was() -> None:
    # Loading pydantic, the models, pypinyin's dictionaries and openpyxl at Python's default threshold ran the
    # collector about 450 times (3 full walks of everything MkDocs had alive); the package loads them under
    # handbook.collector.fewer_collections.
    result = subprocess.run([sys.executable, "-c", _COUNTING_IMPORT], capture_output=True, text=True, check=True)
    counted = json.loads(result.stdout)
    assert counted["runs"] < 40 and counted["full"] == 0, counted
    assert tuple(counted["threshold"]) == (700, 10, 10)


# A real `mkdocs build --strict`, with the pinyin found in a forked child (as by default) or, with "inline", in this
# process; prints whether it forked and whether this process loaded pypinyin.
_BUILD_REPORTING_PINYIN = textwrap.dedent(
    """
    import json, sys
    import handbook_mkdocs.plugin as plugin
    import handbook_mkdocs.search

    if sys.argv.pop() == "inline":
        handbook_mkdocs.search.can_fork = lambda: False
    forked = []
    original = plugin.HandbookPlugin._publish

    def publish(self, **kwargs):
        forked.append(self.pinyin.forked)
        return original(self, **kwargs)

    plugin.HandbookPlugin.on_post_build = plugin.CombinedEvent(
        plugin.HandbookPlugin._merge_search, publish, plugin.HandbookPlugin._compress
    )
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    build(load_config(sys.argv[1], site_dir=sys.argv[2], strict=True))
    print(json.dumps({"forked": forked, "pypinyin": "pypinyin" in sys.modules}))
    """
)


def test_the_pinyin_found_in_a_forked_child_builds_the_same_site_and_spares_this_process_pypinyin(tmp_path) -> None:
    env = dict(os.environ, HANDBOOK_SNIPPETS=str(MINI), NO_MKDOCS_2_WARNING="1")
    for name in ("HANDBOOK_PDF", "HANDBOOK_OFFLINE", "HANDBOOK_COMPRESS"):
        env.pop(name, None)
    reports = {}
    for way in ("forked", "inline"):
        process = subprocess.run(
            [sys.executable, "-c", _BUILD_REPORTING_PINYIN, str(ROOT / "mkdocs.yml"), str(tmp_path / way), way],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )
        assert process.returncode == 0, process.stdout + process.stderr
        reports[way] = json.loads(process.stdout.strip().splitlines()[-1])
    assert reports == {"forked": {"forked": [True], "pypinyin": False}, "inline": {"forked": [False], "pypinyin": True}}
    files = {way: sorted(path.relative_to(tmp_path / way) for path in (tmp_path / way).rglob("*") if path.is_file())
             for way in reports}
    assert files["forked"] == files["inline"] and len(files["forked"]) > 100
    different = [path for path in files["forked"] if (tmp_path / "forked" / path).read_bytes() != (tmp_path / "inline" / path).read_bytes()]
    assert different == []
