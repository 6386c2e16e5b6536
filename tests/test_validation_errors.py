"""Each kind of bad YAML is reported as `path:line:column: field: message`, all problems at once.

Every case under fixtures/errors/<case>/ holds files that replace or add to a copy of the small
fixture handbook, and `expected.txt`: exactly what `handbook-check` must print.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, build_site

from handbook.check import check_handbook
from handbook.load import load_handbook
from handbook.problems import HandbookError

CASES = sorted(path.name for path in (FIXTURES / "errors").iterdir() if path.is_dir())


def _broken_copy(case: str, mini_snippets: Path) -> Path:
    shutil.copytree(FIXTURES / "errors" / case / "snippets", mini_snippets, dirs_exist_ok=True)
    return mini_snippets


def _expected(case: str) -> str:
    return (FIXTURES / "errors" / case / "expected.txt").read_text(encoding="utf-8")


def test_every_error_kind_of_the_issue_has_a_case() -> None:
    required = {
        "yaml-syntax", "wrong-type", "missing-field", "unknown-field", "duplicate-shortcut",
        "unknown-placeholder", "dangling-reference", "missing-role", "empty-text", "not-utf8",
    }
    assert required <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_check_command_prints_exact_problems(case: str, mini_snippets: Path) -> None:
    snippets = _broken_copy(case, mini_snippets)
    process = subprocess.run(
        [sys.executable, "-m", "handbook.cli", "--snippets", str(snippets)],
        capture_output=True, text=True, cwd=ROOT / "hooks",
    )
    assert process.stdout == _expected(case)
    assert process.returncode == 1
    assert "个问题" in process.stderr


@pytest.mark.parametrize("case", CASES)
def test_check_raises_with_every_problem(case: str, mini_snippets: Path) -> None:
    snippets = _broken_copy(case, mini_snippets)
    with pytest.raises(HandbookError) as raised:
        check_handbook(snippets)
    assert "".join(f"{problem}\n" for problem in raised.value.problems) == _expected(case)


def test_problems_from_several_files_are_reported_together(mini_snippets: Path) -> None:
    snippets = _broken_copy("many-problems", mini_snippets)
    with pytest.raises(HandbookError) as raised:
        load_handbook(snippets)
    fields = [problem.field for problem in raised.value.problems]
    assert fields == ["goal", "templates[1].text", "templates[2].shortcut"]


def test_unknown_field_suggests_the_right_spelling(mini_snippets: Path) -> None:
    snippets = _broken_copy("unknown-field", mini_snippets)
    with pytest.raises(HandbookError) as raised:
        load_handbook(snippets)
    problem = raised.value.problems[-1]
    assert (problem.line, problem.column, problem.field) == (29, 5, "templates[3].shotcut")
    assert "是不是想写 'shortcut'" in problem.message


def test_valid_fixture_loads(mini_snippets: Path) -> None:
    handbook = load_handbook(mini_snippets)
    assert sorted(handbook.scenarios) == ["autoreply/busy", "presale/return-policy"]


@pytest.mark.parametrize("case", ["missing-role", "unknown-placeholder", "not-utf8", "lint-violation"])
def test_mkdocs_build_stops_with_the_message_and_writes_nothing(case: str, mini_snippets: Path, tmp_path: Path) -> None:
    snippets = _broken_copy(case, mini_snippets)
    site = tmp_path / "site"
    result = build_site(snippets, site)
    assert result.returncode != 0
    for line in _expected(case).splitlines():
        assert line in result.output
    assert "构建已停止" in result.output
    assert not site.exists()
