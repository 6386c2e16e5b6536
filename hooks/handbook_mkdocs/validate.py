"""Stop the build, before anything is written, when the handbook's YAML has problems.

Under `mkdocs serve` a broken edit does not stop the preview: the problems are printed in the
terminal and the site keeps showing the last version that passed every check.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import Abort

from handbook.cache import load_cached, pin_last_good, remember_good, unpin
from handbook.check import check_handbook
from handbook.load import Handbook
from handbook.problems import HandbookError

log = logging.getLogger("mkdocs.plugins.handbook")


def validate(snippets: Path, *, serving: bool) -> Handbook:
    """The checked handbook; on problems report each as path:line:column and abort (serve: the last good one)."""
    unpin(snippets)
    try:
        handbook = check_handbook(snippets)
    except HandbookError as error:
        if serving and pin_last_good(snippets):
            _report_in_preview(error)
            return load_cached(snippets)
        for problem in error.problems:
            log.error(str(problem))
        raise Abort(f"手册 YAML 有 {len(error.problems)} 个问题（见上方），构建已停止，没有生成任何页面。") from None
    remember_good(snippets, handbook)
    return handbook


def _report_in_preview(error: HandbookError) -> None:
    # Printed outside MkDocs' logger on purpose: strict mode counts its warnings and would fail the
    # rebuild, which leaves `mkdocs serve` waiting instead of showing the last good pages.
    for problem in error.problems:
        print(f"ERROR    -  {problem}", file=sys.stderr)
    print(
        f"ERROR    -  手册 YAML 有 {len(error.problems)} 个问题（见上方）。预览仍显示上一次检查通过的版本；"
        "改好并保存后会自动刷新。",
        file=sys.stderr,
        flush=True,
    )
