"""Stop the build, before anything is written, when the handbook's YAML has problems."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from handbook.check import check_handbook
from handbook.problems import HandbookError

log = logging.getLogger("mkdocs.hooks.validate")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate and lint snippets/; report every problem as path:line:column and abort."""
    try:
        check_handbook(snippets_dir(config))
    except HandbookError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise Abort(f"手册 YAML 有 {len(error.problems)} 个问题（见上方），构建已停止，没有生成任何页面。") from None
    return config


def snippets_dir(config: MkDocsConfig) -> Path:
    """The folder with the handbook's YAML, relative to mkdocs.yml unless absolute."""
    configured = Path(config.extra.get("snippets_dir", "snippets"))
    return configured if configured.is_absolute() else Path(config.config_file_path).parent / configured
