"""`handbook-check --format github`: one GitHub Actions annotation per problem, on the problem's line;
the entry points and the pre-commit hook that run the check."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT

from handbook.cli import github_annotation
from handbook.problems import Problem

CASES = sorted(path.name for path in (FIXTURES / "errors").iterdir() if path.is_dir())
# Written from GitHub's documentation of workflow commands, independently of the code under test.
ANNOTATION = re.compile(r"^::error file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$")


def _broken_copy(case: str, mini_snippets: Path) -> Path:
    shutil.copytree(FIXTURES / "errors" / case / "snippets", mini_snippets, dirs_exist_ok=True)
    return mini_snippets


def _check(snippets: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handbook.cli", "--snippets", str(snippets), *options],
        capture_output=True, text=True, cwd=ROOT / "hooks",
    )


def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_format_prints_exact_annotations_for_broken_files(mini_snippets: Path) -> None:
    process = _check(_broken_copy("many-problems", mini_snippets), "--format", "github")
    assert process.stdout == (
        "::error file=snippets/scenarios/presale/return-policy.yml,line=1,col=1,title=goal::"
        "缺少必填字段 'goal'。请在这一项下面补上 goal: …\n"
        "::error file=snippets/scenarios/presale/return-policy.yml,line=21,col=11,title=templates[1].text::"
        "未声明的占位符 '{买家名字}'（是不是想写 {买家称呼}？）。可用的占位符见 snippets/vocabulary.yml。\n"
        "::error file=snippets/scenarios/presale/return-policy.yml,line=23,col=15,title=templates[2].shortcut::"
        "快捷编码 'thzc2' 重复：snippets/scenarios/autoreply/busy.yml:9 已经使用。请换一个全手册唯一的编码。\n"
    )
    assert process.returncode == 1
    assert process.stderr == "发现 3 个问题。请按提示修改后再提交。\n"


@pytest.mark.parametrize("case", CASES)
def test_github_annotations_carry_the_same_problems_as_the_text_format(case: str, mini_snippets: Path) -> None:
    process = _check(_broken_copy(case, mini_snippets), "--format", "github")
    annotations = [ANNOTATION.match(line) for line in process.stdout.splitlines()]
    assert all(annotations), process.stdout
    as_text = [
        f"{_unescape(path)}:{line}:{column}: {_unescape(title)}: {_unescape(message)}"
        for path, line, column, title, message in (match.groups() for match in annotations)
    ]
    expected = (FIXTURES / "errors" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert as_text == expected
    assert process.returncode == 1


def test_text_format_is_the_default(mini_snippets: Path) -> None:
    snippets = _broken_copy("missing-role", mini_snippets)
    default, text = _check(snippets), _check(snippets, "--format", "text")
    assert default.stdout == text.stdout == (FIXTURES / "errors" / "missing-role" / "expected.txt").read_text(encoding="utf-8")


def test_github_format_on_a_clean_handbook_prints_the_summary_and_exits_0(mini_snippets: Path) -> None:
    process = _check(mini_snippets, "--format", "github")
    assert (process.returncode, process.stdout, process.stderr) == (0, "检查通过：2 个情景，4 条话术。\n", "")


def test_annotation_escapes_what_would_end_a_property_or_the_line() -> None:
    problem = Problem("snippets/a,b:c.yml", 3, 7, "policy.x,y", "第一行 100%\n第二行：a: b, c")
    assert github_annotation(problem) == (
        "::error file=snippets/a%2Cb%3Ac.yml,line=3,col=7,title=policy.x%2Cy::第一行 100%25%0A第二行：a: b, c"
    )


def test_unknown_format_is_refused(mini_snippets: Path) -> None:
    process = _check(mini_snippets, "--format", "json")
    assert process.returncode == 2
    assert "invalid choice: 'json'" in process.stderr


def test_console_scripts_point_at_existing_functions() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert {"handbook-check", "handbook-new", "handbook-schema"} <= set(scripts)
    for target in scripts.values():
        module, _, function = target.partition(":")
        assert callable(getattr(importlib.import_module(module), function))


def test_pre_commit_hook_runs_the_check_when_snippets_change() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    check = hooks["handbook-check"]
    assert (repo["repo"], check["entry"], check["language"], check["pass_filenames"]) == ("local", "make check", "system", False)
    assert re.search(check["files"], "snippets/scenarios/presale/bargaining.yml")
    assert not re.search(check["files"], "docs/index.md")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "check: setup\n\t$(BIN)/handbook-check\n" in makefile
