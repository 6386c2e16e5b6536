"""The GitHub Actions workflow: valid for actionlint and GitHub's schema; checks and tests pull requests,
attaches the built site, and publishes main to GitHub Pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / ".github" / "workflows" / "handbook.yml"


def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _triggers() -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true.
    workflow = _workflow()
    return workflow.get("on", workflow.get(True))


def _steps(job: str) -> list[dict[str, Any]]:
    return _workflow()["jobs"][job]["steps"]


def _uses(job: str, action: str) -> dict[str, Any]:
    [step] = [step for step in _steps(job) if step.get("uses", "").startswith(action + "@")]
    return step


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BIN / "actionlint", "-no-color", "-oneline", str(path)], capture_output=True, text=True, cwd=ROOT)


def test_workflow_passes_actionlint() -> None:
    process = _actionlint(WORKFLOW)
    assert (process.returncode, process.stdout) == (0, "")


def test_actionlint_really_checks(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("needs: build-pages", "needs: build-page"), encoding="utf-8"
    )
    process = _actionlint(broken)
    assert process.returncode == 1
    assert 'job "deploy-pages" needs job "build-page" which does not exist' in process.stdout


def test_workflow_matches_githubs_workflow_schema() -> None:
    process = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True, text=True,
    )
    assert process.returncode == 0, process.stdout + process.stderr


def test_pull_requests_run_the_check_with_annotations_then_the_tests() -> None:
    assert "pull_request" in _triggers()
    job = _workflow()["jobs"]["check"]
    assert job["if"] == "github.event_name == 'pull_request'"
    runs = [step.get("run") for step in job["steps"] if "run" in step]
    assert runs == ["make setup", ".venv/bin/handbook-check --format github", "make test", "make build"]
    [tests] = [step for step in job["steps"] if step.get("run") == "make test"]
    assert tests["if"] == "success() || failure()"


def test_pull_requests_attach_the_built_site() -> None:
    upload = _uses("check", "actions/upload-artifact")
    assert upload["with"]["path"] == "site/"
    assert upload["with"]["if-no-files-found"] == "error"


def test_pushes_to_main_deploy_to_github_pages() -> None:
    assert _triggers()["push"] == {"branches": ["main"]}
    jobs = _workflow()["jobs"]
    assert "refs/heads/main" in jobs["build-pages"]["if"] and "pull_request" in jobs["build-pages"]["if"]
    assert [step.get("run") for step in jobs["build-pages"]["steps"] if "run" in step] == ["make build"]
    assert _uses("build-pages", "actions/upload-pages-artifact")["with"]["path"] == "site/"
    deploy = jobs["deploy-pages"]
    assert deploy["needs"] == "build-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses("deploy-pages", "actions/deploy-pages")["id"] == "deployment"


@pytest.mark.parametrize("job", ["check", "build-pages"])
def test_jobs_run_in_the_debian_the_makefile_expects(job: str) -> None:
    assert _workflow()["jobs"][job]["container"] == "python:3.11-bookworm"


def test_workflow_token_is_read_only_except_for_the_pages_deployment() -> None:
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read"}
    assert [name for name, job in workflow["jobs"].items() if "permissions" in job] == ["deploy-pages"]
