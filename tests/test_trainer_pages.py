"""Pages for trainers: coverage dashboard with review freshness, change log from git, editing guide."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import REAL, build_site
from site_html import page

from handbook.load import load_handbook
from handbook.trainers import freshness

HANDBOOK = load_handbook(REAL)


def test_coverage_lists_every_scenario_with_its_role_counts(real_site: Path) -> None:
    soup = page(real_site, "trainers/coverage.md")
    table = soup.select("article table")[0]
    rows = {tr.select("td")[0].get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")}
    assert set(rows) == {entry.model.title for entry in HANDBOOK.scenarios.values()}
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    bargaining = rows["买家议价"]
    templates = HANDBOOK.scenarios["presale/bargaining"].model.templates
    assert bargaining[headers.index("答复")] == str(sum(t.role == "reply" for t in templates))
    assert bargaining[headers.index("买家说法")] == str(len(HANDBOOK.scenarios["presale/bargaining"].model.buyer_says))
    assert bargaining[headers.index("合规检查")] == "通过"


def test_review_dates_older_than_the_limit_are_stale() -> None:
    today = datetime.date(2026, 11, 23)
    assert not freshness(datetime.date(2026, 6, 1), today=today, max_age_days=180).stale
    assert freshness(datetime.date(2026, 5, 1), today=today, max_age_days=180).stale
    assert freshness(None, today=today, max_age_days=180).label == "⚠ 未填写审核日期"


def test_a_stale_review_date_shows_as_stale_on_the_coverage_page(mini_snippets: Path, tmp_path: Path) -> None:
    scenario = mini_snippets / "scenarios" / "presale" / "return-policy.yml"
    scenario.write_text(scenario.read_text(encoding="utf-8") + "owner: 小王\nreviewed: 2020-01-01\n", encoding="utf-8")
    result = build_site(mini_snippets, tmp_path / "site")
    assert result.returncode == 0, result.output
    soup = page(result.site, "trainers/coverage.md")
    row = next(tr for tr in soup.select("article table tbody tr") if tr.select_one("td").get_text(strip=True) == "退换政策")
    assert row.select_one(".coverage-stale").get_text() == "⚠ 需复核（2020-01-01）"
    assert "小王" in row.get_text()
    assert soup.select_one(".admonition.warning .admonition-title").get_text().startswith("有 ")


def test_change_log_comes_from_git_history(real_site: Path) -> None:
    soup = page(real_site, "trainers/changelog.md")
    tables = soup.select("article table")
    assert len(tables) == 2
    titles = {a.get_text() for a in tables[1].select("a")}
    assert "买家议价" in titles
    dates = [tr.select("td")[1].get_text() for tr in tables[1].select("tbody tr")]
    assert all(len(date) == 10 and date[4] == "-" for date in dates)


def test_change_log_says_so_without_git_history(mini_snippets: Path, tmp_path: Path) -> None:
    result = build_site(mini_snippets, tmp_path / "site")  # a copy outside any git repository, like a tarball
    assert result.returncode == 0, result.output
    text = page(result.site, "trainers/changelog.md").select_one("article").get_text()
    assert "没有可显示的更新记录" in text


@pytest.mark.parametrize("command", ["make serve", "make test", "make check", "handbook-new"])
def test_editing_guide_shows_the_whole_path(real_site: Path, command: str) -> None:
    assert command in page(real_site, "trainers/how-to-edit.md").select_one("article").get_text()
