"""Careless or hostile YAML: a clear `path:line:column` problem, or a site where every value is shown as typed.

The fixed cases live in fixtures/errors/ (exact expected output) and fixtures/xss/ (markup in every field);
this module adds the cases a fixture cannot hold (symlinks, huge files, bugs) and a property test that puts
generated hostile strings into every text field and checks the built site in a real browser.

Longer property run (documented in the README):
    HANDBOOK_HOSTILE_EXAMPLES=200 .venv/bin/pytest tests/test_hostile_input.py -k property
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import MINI, ROOT, build_site, serve
from site_html import cards, page

from handbook.load import load_handbook
from handbook.names import RESERVED_IDS
from handbook.placeholders import fill_policy
from handbook.problems import HandbookError, guarded, processing
from handbook.yamlpos import MAX_FILE_BYTES

PROBLEM_LINE = re.compile(r"^snippets/[^:\n]+:\d+:\d+: [^:\n]+: .+$")


def _check(snippets: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handbook.cli", "--snippets", str(snippets)],
        capture_output=True, text=True, cwd=ROOT / "hooks", timeout=120,
    )


# --- cases a fixture folder cannot hold ---------------------------------------------------------------------


def test_symlink_to_a_system_file_is_refused_without_quoting_it(mini_snippets: Path) -> None:
    (mini_snippets / "scenarios" / "presale" / "passwd.yml").symlink_to("/etc/passwd")
    process = _check(mini_snippets)
    assert process.stdout == (
        "snippets/scenarios/presale/passwd.yml:1:1: (文件): 这是一个符号链接。手册只读取仓库里的真实文件："
        "请把内容复制进来，再删除这个链接。\n"
    )
    assert process.returncode == 1
    assert "root:" not in process.stdout + process.stderr


def test_symlinked_folder_is_refused_and_not_read(mini_snippets: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(mini_snippets / "principles", outside)
    (mini_snippets / "guides" / "more").symlink_to(outside, target_is_directory=True)
    process = _check(mini_snippets)
    assert process.stdout.startswith("snippets/guides/more:1:1: (文件): 这是一个符号链接。")
    assert process.stdout.count("\n") == 1


def test_file_too_large_is_refused_before_parsing(mini_snippets: Path) -> None:
    policy = mini_snippets / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "# " + "长" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    process = _check(mini_snippets)
    assert process.stdout == "snippets/policy.yml:1:1: (文件): 文件太大（768 KB，上限 256 KB）。请把内容拆成几个文件。\n"


def test_policy_key_renamed_with_the_vocabulary_still_builds(mini_snippets: Path) -> None:
    policy = mini_snippets / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("shop:\n  name:", "store:\n  title:"), encoding="utf-8")
    vocabulary = mini_snippets / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("shop.name", "store.title"), encoding="utf-8")
    handbook = load_handbook(mini_snippets)
    assert handbook.shop_name == "测试鞋店"
    assert _check(mini_snippets).returncode == 0


def test_every_site_path_a_stage_could_take_is_reserved(real_site: Path) -> None:
    stages = {"presale", "insale", "aftersale", "autoreply", "loyalty"}
    top = {path.name.split(".")[0] for path in real_site.iterdir()} - stages
    assert top <= RESERVED_IDS, top - RESERVED_IDS


def test_an_unexpected_error_names_the_file_and_says_it_is_a_bug() -> None:
    class Stop(Exception):
        pass

    @guarded(Stop)
    def handler() -> None:
        with processing("snippets/scenarios/presale/bargaining.yml"):
            {}["missing"]

    with pytest.raises(Stop) as raised:
        handler()
    assert str(raised.value) == (
        "处理 snippets/scenarios/presale/bargaining.yml 时出现了程序内部错误：KeyError: 'missing'。"
        "这是手册程序的缺陷，不是 YAML 写错了；请把这条信息发给负责手册程序的同事。"
    )


def test_values_reach_the_buyer_as_typed(xss_site: Path) -> None:
    shown = {card.shortcut: card for card in cards(page(xss_site, "presale/xss.md"))}
    assert shown["xss4"].copy_text.startswith("我们 18:00 下班，活动编号 010，标记 no，店名 测试鞋店 *强调* [链接](javascript:")


def test_a_character_used_by_search_internally_still_builds(xss_site: Path) -> None:
    # 〇 (as in 二〇二六年) was the query sentinel and crashed the build after the pages were written.
    assert "二〇二六年起按新规则执行" in page(xss_site, "presale/xss.md").get_text()
    assert (xss_site / "search" / "query-dict.json").is_file()


# --- every link and attribute in built sites ------------------------------------------------------------------

SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|\.{0,2}/|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)


def unsafe_markup(site: Path) -> list[str]:
    """Inline event handlers, script URLs and injected scripts anywhere in a built site's HTML."""
    from bs4 import BeautifulSoup

    found = []
    for file in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                if name.lower().startswith("on"):
                    found.append(f"{file.relative_to(site)}: <{tag.name} {name}=…>")
                if name.lower() in ("href", "src", "action", "formaction", "xlink:href") and not SAFE_URL.match(text.strip()):
                    found.append(f"{file.relative_to(site)}: <{tag.name} {name}={text[:40]!r}>")
            if tag.name == "script" and "__xss" in (tag.string or ""):
                found.append(f"{file.relative_to(site)}: injected <script>")
    return found


def test_real_site_has_only_safe_links_and_no_inline_handlers(real_site: Path) -> None:
    assert unsafe_markup(real_site) == []


def test_hostile_fixture_site_has_nothing_live(xss_site: Path) -> None:
    assert unsafe_markup(xss_site) == []


# --- property: hostile strings in every text field --------------------------------------------------------------

FRAGMENTS = [
    "<script>window.__xss=1</script>", "<img src=x onerror=\"window.__xss=2\">", "<b onmouseover='window.__xss=3'>粗</b>",
    "{: onclick=\"window.__xss=4\" }", "[点我](javascript:window.__xss=5)", "<a href=\"javascript:window.__xss=6\">链</a>",
    "\"", "'", ": ", " #注释", "- 列表", "| 表格 |", "**粗**", "`代码`", "\\", "&amp;", "&lt;", "---", "...",
    "no", "yes", "null", "~", "010", "18:00", "1e3", ".inf", "true", "@提及", "=1+1", "!important",
    "退款", "运费险", "亲", "😂🙏", "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "〇", "𠀀", "\u3000", "\n", "  ",
]
#: Rare on purpose: each makes the example an expected error instead of a build.
ERROR_FRAGMENTS = ["\u200b", "\u202e", "｛订单号｝", "{未知}", "{", "{% raw %}", "{{ 7*7 }}"]


def hostile_text(*, allow_errors: bool) -> st.SearchStrategy[str]:
    """Strings made of hostile fragments and ordinary Chinese, never empty after stripping."""
    pool = st.sampled_from(FRAGMENTS) | st.text(alphabet="买家好的鞋码", min_size=1, max_size=6)
    if allow_errors:
        pool = pool | st.sampled_from(ERROR_FRAGMENTS).filter(lambda _: True)
    return st.lists(pool, min_size=1, max_size=5).map("".join).map(lambda text: "字" + text + "字")


@st.composite
def hostile_fields(draw: st.DrawFn) -> dict[str, Any]:
    """One hostile value for each text field the pipeline renders (a small chance of an invalid one)."""
    allow_errors = draw(st.integers(0, 9)) == 0
    text = hostile_text(allow_errors=allow_errors)
    names = [
        "title", "tag", "goal", "buyer", "do", "dont", "escalate", "platform_note", "template", "when", "note",
        "stage_label", "stage_description", "role_label", "principle_title", "principle_point", "prefer",
        "procedure_title", "step_do", "say", "shop",
    ]
    return {name: draw(text) for name in names}


def _write(snippets: Path, relative: str, data: Any) -> None:
    (snippets / relative).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def hostile_handbook(snippets: Path, values: dict[str, str]) -> None:
    """Put the hostile values into a copy of the small handbook, every value written by a YAML dumper."""
    shutil.copytree(MINI, snippets)
    stages = yaml.safe_load((snippets / "stages.yml").read_text(encoding="utf-8"))
    stages["stages"]["presale"]["label"] = values["stage_label"]
    stages["stages"]["presale"]["description"] = values["stage_description"]
    stages["roles"]["reply"]["label"] = values["role_label"]
    _write(snippets, "stages.yml", stages)
    policy = yaml.safe_load((snippets / "policy.yml").read_text(encoding="utf-8"))
    policy["shop"]["name"] = values["shop"]
    _write(snippets, "policy.yml", policy)
    _write(snippets, "scenarios/presale/hostile.yml", {
        "title": values["title"], "tags": [values["tag"]], "goal": values["goal"],
        "buyer_says": [values["buyer"], "普通的一句话", "还有一句"],
        "principles": ["honesty"], "procedures": ["order-check"],
        "guidance": {"do": [values["do"]], "dont": [values["dont"]], "escalate": [values["escalate"]]},
        "platform_note": values["platform_note"],
        "templates": [
            {"role": "opening", "shortcut": "hos1", "text": "您好，" + values["template"]},
            {"role": "reply", "shortcut": "hos2", "when": values["when"], "note": values["note"],
             "text": values["template"] + "，店名 {店铺名}"},
            {"role": "closing", "shortcut": "hos3", "text": "再见" + values["template"]},
        ],
    })
    principle = yaml.safe_load((snippets / "principles/honesty.yml").read_text(encoding="utf-8"))
    principle["title"] = values["principle_title"]
    principle["points"].append(values["principle_point"])
    principle.setdefault("examples", []).append({"avoid": "随便说", "prefer": values["prefer"]})
    _write(snippets, "principles/honesty.yml", principle)
    procedure = yaml.safe_load((snippets / "procedures/order-check.yml").read_text(encoding="utf-8"))
    procedure["title"] = values["procedure_title"]
    procedure["steps"][0]["do"] = values["step_do"]
    procedure["steps"][0]["say"] = values["say"]
    _write(snippets, "procedures/order-check.yml", procedure)


#: Pages to open in the browser after each hostile build (those that exist).
BROWSER_PAGES = [
    "presale/hostile/", "presale/", "principles/honesty/", "procedures/order-check/", "quick/", "desk/",
    "trainers/coverage/", "trainers/changelog/", "training/quiz/", "training/shortcuts/", "",
]

LIVE_SCAN = """() => {
  const found = [];
  if (window.__xss !== undefined) found.push('window.__xss = ' + window.__xss);
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push('<' + element.localName + ' ' + name + '>');
      if (['href', 'src', 'action', 'formaction'].includes(name) && /^\\s*(javascript|vbscript|data):/i.test(attribute.value))
        found.push('<' + element.localName + ' ' + name + '=' + attribute.value.slice(0, 30) + '>');
    }
    if (element.localName === 'script' && element.textContent.includes('__xss')) found.push('<script> from content');
  }
  return found;
}"""

EXAMPLES = int(os.environ.get("HANDBOOK_HOSTILE_EXAMPLES", "3"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 3,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(values=hostile_fields())
def test_property_hostile_fields_give_a_clear_error_or_nothing_live(
    values: dict[str, str], tmp_path_factory: pytest.TempPathFactory, browser
) -> None:
    root = tmp_path_factory.mktemp("hostile")
    snippets = root / "snippets"
    hostile_handbook(snippets, values)
    try:
        handbook = load_handbook(snippets)
    except HandbookError as error:
        # A clear error: every line in the promised form, and the check command exits 1 with the same lines.
        process = _check(snippets)
        assert process.returncode == 1, process.stderr
        assert "Traceback" not in process.stderr
        assert all(PROBLEM_LINE.match(line) for line in process.stdout.splitlines()), process.stdout
        assert process.stdout == "".join(f"{problem}\n" for problem in error.problems)
        event("refused by the check")
        return
    result = build_site(snippets, root / "site")
    if result.returncode != 0:
        # The lint may refuse a hostile reply: that too must be a clear error and nothing written.
        assert "Traceback" not in result.output, result.output
        assert re.search(r"snippets/\S+:\d+:\d+: ", result.output), result.output
        assert not (root / "site" / "index.html").exists()
        event("refused by the build")
        return
    event("built and checked in the browser")
    site = result.site
    assert unsafe_markup(site) == []
    entry = handbook.scenarios["presale/hostile"]
    expected = {template.shortcut: fill_policy(template.text, handbook) for template in entry.model.templates}
    assert {card.shortcut: card.copy_text for card in cards(page(site, "presale/hostile.md"))} == expected
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], locale="zh-CN")
    try:
        for url in serve(site):
            tab = context.new_page()
            for path in BROWSER_PAGES:
                if path and not (site / path / "index.html").exists():
                    continue
                tab.goto(f"{url}/{path}")
                tab.wait_for_load_state("load")
                assert tab.evaluate(LIVE_SCAN) == [], path
            tab.goto(f"{url}/presale/hostile/")
            for shortcut, text in expected.items():
                tab.click(f"#{shortcut} [data-reply-copy]")
                tab.wait_for_selector(f"#{shortcut} .reply-card__status:has-text('已复制')")
                assert tab.evaluate("navigator.clipboard.readText()") == text
            tab.keyboard.press("/")
            tab.locator("input.md-search__input").fill(entry.model.title[:12])
            tab.wait_for_timeout(400)
            assert tab.evaluate(LIVE_SCAN) == []
    finally:
        context.close()


def test_commit_subject_with_markup_is_data_in_the_change_log(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    shutil.copytree(MINI, repository / "snippets")
    git = ["git", "-c", "user.name=培训师", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=repository, check=True)
    subject = '改退换 {: onclick="window.__xss=1" } [点我](javascript:window.__xss=2) <img src=x onerror=window.__xss=3>'
    subprocess.run([*git, "commit", "-q", "-m", subject], cwd=repository, check=True)
    result = build_site(repository / "snippets", tmp_path / "site")
    assert result.returncode == 0, result.output
    assert unsafe_markup(result.site) == []
    log = page(result.site, "trainers/changelog.md")
    assert subject in log.select_one("article").get_text()
