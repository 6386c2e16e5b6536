"""`handbook-markdown` (`make markdown`): the handbook as a plain Markdown tree that any generator builds without hooks.

Writes to `build/markdown/`: `docs/` (the hand-written pages, their generated parts filled in, plus every page,
data file and export of `site_outputs`), `overrides/` (the theme's custom_dir), `mkdocs.yml` (the project's theme,
Markdown extensions, CSS, JavaScript and search settings, the nav from the neutral tree, no hooks, no offline or
PDF plugin) and `site-files/` (the `.md` version of each page, to copy into the built site afterwards).
`mkdocs build -f build/markdown/mkdocs.yml` and `zensical build -f build/markdown/mkdocs.yml` both build it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .cache import rules_cached
from .check import check_handbook
from .problems import HandbookError, internal_error_message
from .site import SiteOptions, SiteOutputs, fill_page, mkdocs_nav, site_outputs

#: Keys of the project's mkdocs.yml that only the adapter's build uses.
HOOK_ONLY_KEYS = ("hooks", "watch", "exclude_docs")
#: The MkDocs adapter's plugin (hooks/handbook_mkdocs): the tree holds what it would add.
ADAPTER_PLUGIN = "handbook"
#: Plugins of the project's mkdocs.yml that the plain tree leaves out: the adapter, and MkDocs-only builds
#: (`make offline`, `make pdf`).
DROPPED_PLUGINS = (ADAPTER_PLUGIN, "offline", "to-pdf")
DOCS = "docs"
OVERRIDES = "overrides"
SITE_FILES = "site-files"
CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class Tagged:
    """A YAML node with a tag this module does not interpret (e.g. `!!python/object/apply:`), written back as read."""

    tag: str
    value: Any


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV` resolved as MkDocs resolves it, Python tags kept for the generator to construct."""


class _ConfigDumper(yaml.SafeDumper):
    """Writes the tree's mkdocs.yml with the Python tags it read."""


def _construct_env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    # `!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable that is set, else the default.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


def _construct_tagged(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)
    return Tagged(node.tag, value)


def _represent_tagged(dumper: _ConfigDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_ConfigDumper.add_representer(Tagged, _represent_tagged)


def read_config(path: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as data, environment variables resolved."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass


def tree_config(project: dict[str, Any], outputs: SiteOutputs) -> dict[str, Any]:
    """The tree's mkdocs.yml: the project's settings without hooks and MkDocs-only plugins, the nav from the outputs."""
    config = {key: value for key, value in project.items() if key not in HOOK_ONLY_KEYS}
    config["docs_dir"] = DOCS
    config["site_dir"] = "site"
    if not config.get("site_url"):
        config.pop("site_url", None)
    theme = dict(project.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = OVERRIDES
    config["theme"] = theme
    config["extra"] = dict(project.get("extra") or {})
    config["extra"].update(outputs.theme_extra)
    config["plugins"] = [plugin for plugin in project.get("plugins") or [] if _plugin_name(plugin) not in DROPPED_PLUGINS]
    config["nav"] = mkdocs_nav(outputs.nav)
    return config


def _plugin_name(plugin: str | dict[str, Any]) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


def _adapter_settings(project: dict[str, Any]) -> dict[str, Any]:
    for plugin in project.get("plugins") or []:
        if isinstance(plugin, dict) and _plugin_name(plugin) == ADAPTER_PLUGIN:
            return plugin[ADAPTER_PLUGIN] or {}
    return {}


def write_tree(project_dir: Path, out: Path, *, today: datetime.date | None = None) -> SiteOutputs:
    """Check the YAML, then write the Markdown tree of the project at `project_dir` to `out`."""
    project = read_config(project_dir / CONFIG)
    snippets = Path(_adapter_settings(project).get("snippets_dir") or "snippets")
    snippets = snippets if snippets.is_absolute() else project_dir / snippets
    handbook = check_handbook(snippets)
    options = SiteOptions(
        use_directory_urls=project.get("use_directory_urls", True),
        site_url=project.get("site_url") or None,
        today=today or datetime.date.today(),
    )
    outputs = site_outputs(handbook, rules=rules_cached(snippets), options=options)
    docs_dir = project_dir / project.get("docs_dir", "docs")
    custom_dir = (project_dir / project["theme"]["custom_dir"]) if project.get("theme", {}).get("custom_dir") else None
    excluded = {line.strip().strip("/") for line in (project.get("exclude_docs") or "").splitlines() if line.strip()}

    for name in (DOCS, OVERRIDES, SITE_FILES):
        shutil.rmtree(out / name, ignore_errors=True)
    # The hand-written pages and assets, without the theme overrides and the PDF's templates (exclude_docs).
    shutil.copytree(docs_dir, out / DOCS, ignore=lambda folder, names: _excluded(docs_dir, Path(folder), names, excluded))
    if custom_dir:
        shutil.copytree(custom_dir, out / OVERRIDES)
    for src_uri, fills in outputs.fills.items():
        page = out / DOCS / src_uri
        page.write_text(fill_page(page.read_text(encoding="utf-8"), fills), encoding="utf-8")
    _write_files(out / DOCS, outputs.files)
    _write_files(out / SITE_FILES, dict(outputs.site_files))
    config = yaml.dump(tree_config(project, outputs), Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)
    (out / CONFIG).write_text(f"# Written by `make markdown` from {CONFIG}: do not edit.\n{config}", encoding="utf-8")
    return outputs


def _excluded(docs_dir: Path, folder: Path, names: list[str], excluded: set[str]) -> list[str]:
    relative = folder.relative_to(docs_dir).as_posix()
    return [name for name in names if (name if relative == "." else f"{relative}/{name}") in excluded]


def _write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for src_uri, content in files.items():
        target = root / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the Markdown tree; print the YAML's problems as path:line:column and exit 1 if there are any."""
    parser = argparse.ArgumentParser(prog="handbook-markdown", description="把手册写成不需要钩子的 Markdown 目录（MkDocs 和 Zensical 都能构建）。")
    parser.add_argument("--project", type=Path, default=Path("."), help="mkdocs.yml 所在文件夹（默认当前文件夹）")
    parser.add_argument("--out", type=Path, default=Path("build/markdown"), help="输出文件夹（默认 build/markdown）")
    args = parser.parse_args(argv)
    try:
        outputs = write_tree(args.project.resolve(), args.out)
    except HandbookError as error:
        for problem in error.problems:
            print(problem)
        print(f"发现 {len(error.problems)} 个问题，没有写出 Markdown 目录。", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - a bug, reported without a traceback and naming the file
        print(internal_error_message(error), file=sys.stderr)
        return 2
    print(
        f"Markdown 目录：{args.out}/（{len(outputs.files)} 个生成文件）。构建：mkdocs build -f {args.out}/{CONFIG} "
        f"或 zensical build -f {args.out}/{CONFIG}；之后把 {args.out}/{SITE_FILES}/ 复制进 {args.out}/site/。"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
