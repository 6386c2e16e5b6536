"""handbook-push against loopback stand-ins of Chatwoot and Zammad: idempotent, reports errors by shortcut."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REAL
from standins import StandIn, chatwoot_route, serve, zammad_route

from handbook.exports import ZAMMAD_MARKER, chatwoot_records, exported_handbook, zammad_records
from handbook.load import load_handbook
from handbook.push import main

DATA = exported_handbook(load_handbook(REAL))
CHATWOOT = {record["short_code"]: record["content"] for record in chatwoot_records(DATA)}
ZAMMAD = {record["name"].split(" ", 1)[0]: record for record in zammad_records(DATA)}
TOKEN = "secret-token"
ACCOUNT = "3"


@pytest.fixture
def chatwoot() -> Iterator[StandIn]:
    with serve(StandIn(TOKEN), chatwoot_route(ACCOUNT)) as state:
        yield state


@pytest.fixture
def zammad() -> Iterator[StandIn]:
    state = StandIn(TOKEN)
    # A module an admin wrote by hand: the push must never touch it, not even with --prune.
    state.add({"name": "Signatur", "keywords": "sig", "content": "<div>Mit freundlichen Grüßen</div>", "note": "", "active": True})
    with serve(state, zammad_route()) as running:
        yield running


def push_chatwoot(state: StandIn, *extra: str, snippets: Path = REAL) -> int:
    args = ["chatwoot", "--url", state.url, "--account", ACCOUNT, "--token", TOKEN, "--snippets", str(snippets)]
    return main([*args, *extra])


def push_zammad(state: StandIn, *extra: str, snippets: Path = REAL) -> int:
    return main(["zammad", "--url", state.url, "--token", TOKEN, "--snippets", str(snippets), *extra])


def stored_chatwoot(state: StandIn) -> dict[str, str]:
    return {r["short_code"]: r["content"] for r in state.records.values()}


def stored_zammad(state: StandIn) -> dict[str, dict]:
    return {r["name"].split(" ", 1)[0]: r for r in state.records.values() if ZAMMAD_MARKER in r["keywords"].split()}


def edited_snippets(tmp_path: Path) -> Path:
    """A copy of the real handbook where yj3's text changed."""
    target = tmp_path / "snippets"
    shutil.copytree(REAL, target)
    scenario = target / "scenarios" / "presale" / "bargaining.yml"
    source = scenario.read_text(encoding="utf-8")
    assert source.count("这款价格已经是实价了") == 1
    scenario.write_text(source.replace("这款价格已经是实价了", "这款的价格已经是实价了"), encoding="utf-8")
    return target


def test_chatwoot_first_run_creates_all_and_second_run_changes_nothing(chatwoot: StandIn, capsys) -> None:
    assert push_chatwoot(chatwoot) == 0
    assert f"新建 {len(CHATWOOT)} 条，更新 0 条，未变 0 条" in capsys.readouterr().out
    assert stored_chatwoot(chatwoot) == CHATWOOT
    assert all(r["account_id"] == int(ACCOUNT) for r in chatwoot.records.values())
    chatwoot.requests.clear()
    assert push_chatwoot(chatwoot) == 0
    assert f"新建 0 条，更新 0 条，未变 {len(CHATWOOT)} 条，删除 0 条，失败 0 条。" in capsys.readouterr().out
    assert chatwoot.writes() == []


def test_chatwoot_updates_an_edited_template_only(chatwoot: StandIn, tmp_path: Path, capsys) -> None:
    assert push_chatwoot(chatwoot) == 0
    chatwoot.requests.clear()
    assert push_chatwoot(chatwoot, snippets=edited_snippets(tmp_path)) == 0
    assert f"新建 0 条，更新 1 条，未变 {len(CHATWOOT) - 1} 条" in capsys.readouterr().out
    assert stored_chatwoot(chatwoot)["yj3"].startswith("这款的价格已经是实价了")
    assert [method for method, _ in chatwoot.writes()] == ["PATCH"]


def test_chatwoot_server_error_is_reported_with_its_shortcut(chatwoot: StandIn, capsys) -> None:
    chatwoot.fail["yj2"] = (422, {"message": "Content is too long", "attributes": ["content"]})
    assert push_chatwoot(chatwoot) == 1
    output = capsys.readouterr()
    assert "失败 yj2：HTTP 422：Content is too long" in output.err
    assert f"新建 {len(CHATWOOT) - 1} 条" in output.out and "失败 1 条" in output.out
    assert "yj2" not in stored_chatwoot(chatwoot)


def test_chatwoot_duplicate_short_code_is_a_422_named_by_shortcut(chatwoot: StandIn, capsys) -> None:
    # The same short_code created by someone else between our list and our create: Chatwoot's uniqueness check.
    chatwoot.add({"account_id": int(ACCOUNT), "short_code": "yj1", "content": "旧的"})
    assert push_chatwoot(chatwoot) == 0  # listed first, so it is updated rather than created twice
    assert stored_chatwoot(chatwoot)["yj1"] == CHATWOOT["yj1"]
    status, answer = chatwoot_route(ACCOUNT)(chatwoot, "POST", f"/api/v1/accounts/{ACCOUNT}/canned_responses", {},
                                              {"api_access_token": TOKEN}, {"short_code": "yj1", "content": "x"})
    assert (status, answer["message"]) == (422, "Short code has already been taken")


def test_chatwoot_dry_run_sends_no_write(chatwoot: StandIn, capsys) -> None:
    assert push_chatwoot(chatwoot, "--dry-run") == 0
    assert f"试运行（未写入）：将新建 {len(CHATWOOT)} 条" in capsys.readouterr().out
    assert chatwoot.writes() == [] and chatwoot.records == {}


def test_chatwoot_prune_deletes_only_with_the_flag(chatwoot: StandIn, capsys) -> None:
    chatwoot.add({"account_id": int(ACCOUNT), "short_code": "old1", "content": "已下线的话术"})
    assert push_chatwoot(chatwoot) == 0
    assert "old1" in stored_chatwoot(chatwoot)
    assert push_chatwoot(chatwoot, "--prune", "--dry-run") == 0
    assert "删除 1 条" in capsys.readouterr().out and "old1" in stored_chatwoot(chatwoot)
    assert push_chatwoot(chatwoot, "--prune") == 0
    assert "删除 1 条" in capsys.readouterr().out
    assert stored_chatwoot(chatwoot) == CHATWOOT


def test_chatwoot_wrong_token_stops_before_any_write(chatwoot: StandIn, capsys) -> None:
    code = main(["chatwoot", "--url", chatwoot.url, "--account", ACCOUNT, "--token", "wrong", "--snippets", str(REAL)])
    assert code == 2
    assert "HTTP 401：Invalid Access Token" in capsys.readouterr().err
    assert chatwoot.writes() == []


def test_zammad_pages_through_the_list_and_is_idempotent(zammad: StandIn, capsys) -> None:
    assert push_zammad(zammad) == 0
    assert f"新建 {len(ZAMMAD)} 条" in capsys.readouterr().out
    stored = stored_zammad(zammad)
    assert {key: record["name"] for key, record in stored.items()} == {key: r["name"] for key, r in ZAMMAD.items()}
    assert stored["yj2"]["content"] == ZAMMAD["yj2"]["content"]
    zammad.requests.clear()
    assert push_zammad(zammad) == 0
    assert f"新建 0 条，更新 0 条，未变 {len(ZAMMAD)} 条" in capsys.readouterr().out
    assert zammad.writes() == []
    pages = [path for method, path in zammad.requests if method == "GET"]
    assert len(pages) == len(ZAMMAD) // 100 + 1 and "page=2" in pages[1]  # 302 modules at 100 a page


def test_zammad_updates_an_edited_template_and_reports_errors(zammad: StandIn, tmp_path: Path, capsys) -> None:
    assert push_zammad(zammad) == 0
    edited = edited_snippets(tmp_path)
    zammad.fail["yj3"] = (422, {"error": "Validation failed", "error_human": "Content is invalid"})
    assert push_zammad(zammad, snippets=edited) == 1
    output = capsys.readouterr()
    assert "失败 yj3：HTTP 422：Content is invalid" in output.err
    del zammad.fail["yj3"]
    assert push_zammad(zammad, snippets=edited) == 0
    assert "更新 1 条" in capsys.readouterr().out
    assert "这款的价格已经是实价了" in stored_zammad(zammad)["yj3"]["content"]


def test_zammad_dry_run_and_prune_leave_other_modules_alone(zammad: StandIn, capsys) -> None:
    assert push_zammad(zammad, "--dry-run") == 0
    assert zammad.writes() == [] and len(zammad.records) == 1
    assert push_zammad(zammad) == 0
    zammad.add({"name": "old1 旧情景·答复", "keywords": f"old1 {ZAMMAD_MARKER}", "content": "旧", "note": "", "active": True})
    assert push_zammad(zammad) == 0
    assert "old1" in stored_zammad(zammad)
    assert push_zammad(zammad, "--prune") == 0
    assert "删除 1 条" in capsys.readouterr().out
    assert set(stored_zammad(zammad)) == set(ZAMMAD)
    assert any(r["name"] == "Signatur" for r in zammad.records.values())


def test_console_script_reads_the_token_from_the_environment(chatwoot: StandIn) -> None:
    script = Path(sys.executable).with_name("handbook-push")
    env = dict(os.environ, HANDBOOK_CHATWOOT_TOKEN=TOKEN)
    args = [str(script), "chatwoot", "--url", chatwoot.url, "--account", ACCOUNT, "--snippets", str(REAL), "--dry-run"]
    process = subprocess.run(args, env=env, capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    assert f"将新建 {len(CHATWOOT)} 条" in process.stdout
    env.pop("HANDBOOK_CHATWOOT_TOKEN")
    process = subprocess.run(args, env=env, capture_output=True, text=True)
    assert process.returncode == 2
    assert "HANDBOOK_CHATWOOT_TOKEN" in process.stderr
