"""`handbook-check`: the check trainers run before opening a pull request."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .check import check_handbook
from .problems import HandbookError


def main(argv: list[str] | None = None) -> int:
    """Validate and lint snippets/; print every problem as path:line:column; exit 1 if any."""
    parser = argparse.ArgumentParser(prog="handbook-check", description="检查 snippets/ 下的手册 YAML。")
    parser.add_argument("--snippets", type=Path, default=Path("snippets"), help="YAML 所在文件夹（默认 snippets）")
    args = parser.parse_args(argv)
    try:
        handbook = check_handbook(args.snippets)
    except HandbookError as error:
        for problem in error.problems:
            print(problem)
        print(f"发现 {len(error.problems)} 个问题。请按提示修改后再提交。", file=sys.stderr)
        return 1
    templates = sum(len(entry.model.templates) for entry in handbook.scenarios.values())
    print(f"检查通过：{len(handbook.scenarios)} 个情景，{templates} 条话术。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
