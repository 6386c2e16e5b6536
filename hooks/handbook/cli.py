"""`handbook-check`: the check trainers run before opening a pull request; `handbook-new`: start a scenario."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .check import check_handbook
from .problems import HandbookError, Problem, internal_error_message
from .scaffold import ScaffoldError, create_scenario


def main(argv: list[str] | None = None) -> int:
    """Validate and lint snippets/; print every problem as path:line:column; exit 1 if any."""
    parser = argparse.ArgumentParser(prog="handbook-check", description="检查 snippets/ 下的手册 YAML。")
    parser.add_argument("--snippets", type=Path, default=Path("snippets"), help="YAML 所在文件夹（默认 snippets）")
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text：每行一个“路径:行:列: 字段: 说明”（默认）；github：GitHub Actions 标注，显示在 Pull Request 的改动行上",
    )
    args = parser.parse_args(argv)
    try:
        handbook = check_handbook(args.snippets)
    except HandbookError as error:
        show = github_annotation if args.format == "github" else str
        for problem in error.problems:
            print(show(problem))
        print(f"发现 {len(error.problems)} 个问题。请按提示修改后再提交。", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - a bug, reported without a traceback and naming the file
        print(internal_error_message(error), file=sys.stderr)
        return 2
    templates = sum(len(entry.model.templates) for entry in handbook.scenarios.values())
    print(f"检查通过：{len(handbook.scenarios)} 个情景，{templates} 条话术。")
    return 0


def github_annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command, so it is shown on the pull request's changed line."""
    properties = ",".join(
        [
            f"file={_escape_property(problem.path)}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_escape_property(problem.field)}",
        ]
    )
    return f"::error {properties}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    # The runner reads the message up to the end of the line and decodes these three escapes.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # Property values end at "," and the property list ends at "::", so both must be escaped too.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def new_main(argv: list[str] | None = None) -> int:
    """Create snippets/scenarios/<stage>/<slug>.yml with every field explained and required roles stubbed."""
    parser = argparse.ArgumentParser(
        prog="handbook-new",
        description="新建一个情景文件：列出所有字段并附说明，按阶段要求的角色预留话术。填完并通过 make check 后再提交。",
    )
    parser.add_argument("stage", help="阶段编号，见 snippets/stages.yml，如 presale")
    parser.add_argument("slug", help="情景编号（即文件名和网址），小写英文和连字符，如 gift-wrap")
    parser.add_argument("--snippets", type=Path, default=Path("snippets"), help="YAML 所在文件夹（默认 snippets）")
    args = parser.parse_args(argv)
    try:
        created = create_scenario(args.snippets, args.stage, args.slug)
    except HandbookError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("snippets/stages.yml 有问题，无法确定阶段要求的角色。请先修好它。", file=sys.stderr)
        return 1
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"已创建 {created}。")
    print('请把其中每个 "" 换成真实内容，然后运行 make check，按提示改到通过再提交。')
    return 0


if __name__ == "__main__":
    sys.exit(main())
