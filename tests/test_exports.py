"""Exports parse back and hold every template exactly once, with the same text as its page."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from conftest import MINI, REAL, build_site
from site_html import cards, page
from zammad_import import parse_python, parse_ruby

from handbook.exports import (
    EXPORT_FILES,
    UNFILLED_SLOT,
    ExportedHandbook,
    chatwoot_records,
    exported_handbook,
    qianniu_xlsx,
    handbook_schema,
    tool_text,
    zammad_html,
)
from handbook.load import load_handbook
from handbook.problems import HandbookError
from handbook.render import page_uri
from handbook.spreadsheet import FORMULA_STARTS, csv_text, safe_cell

HANDBOOK = load_handbook(REAL)
DATA = exported_handbook(HANDBOOK)
SLOTS = HANDBOOK.vocabulary.slots


@pytest.fixture(scope="module")
def page_texts(real_site: Path) -> dict[str, str]:
    """Shortcut → the text the page's copy button copies."""
    texts = {}
    for scenario_id in HANDBOOK.scenarios:
        for card in cards(page(real_site, page_uri("scenarios", scenario_id))):
            texts[card.shortcut] = card.copy_text
    return texts


def _assert_same_templates(exported: list[tuple[str, str]], page_texts: dict[str, str]) -> None:
    counts = Counter(shortcut for shortcut, _ in exported)
    assert [code for code, count in counts.items() if count > 1] == []
    assert dict(exported) == page_texts


def for_tool(page_texts: dict[str, str], tool: str | None) -> dict[str, str]:
    """The page's copy text with each {slot} as the tool shows it: its variable, or 【名称】 for the agent."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in SLOTS:
            return match.group(0)
        variable = getattr(SLOTS[name].tools, tool) if tool else None
        return variable or UNFILLED_SLOT.format(name=name)

    return {code: re.sub(r"\{([^{}]*)\}", replace, text) for code, text in page_texts.items()}


def test_qianniu_csv_has_bom_header_and_every_template(real_site: Path, page_texts: dict[str, str]) -> None:
    raw = (real_site / "exports" / "qianniu-quick-phrases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["分组", "快捷编码", "短语内容"]
    _assert_same_templates([(row[1], row[2]) for row in rows[1:]], for_tool(page_texts, None))
    assert {row[0] for row in rows[1:]} >= {"售前-买家议价", "售后-退换运费谁出"}


def test_qianniu_xlsx_holds_the_same_rows_as_text_cells(real_site: Path) -> None:
    raw = (real_site / "exports" / "qianniu-quick-phrases.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(real_site / "exports" / "qianniu-quick-phrases.xlsx").active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells == rows
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} == {"s"}  # no formula, no number


def test_chatwoot_json_is_an_array_of_short_code_and_content(real_site: Path, page_texts: dict[str, str]) -> None:
    items = json.loads((real_site / "exports" / "chatwoot-canned-responses.json").read_text(encoding="utf-8"))
    assert all(set(item) == {"short_code", "content"} for item in items)
    _assert_same_templates([(item["short_code"], item["content"]) for item in items], for_tool(page_texts, "chatwoot"))
    by_code = {item["short_code"]: item["content"] for item in items}
    assert "{{agent.name}}" in by_code["dzh1"] and "【" not in by_code["dzh1"]


def zammad_verdicts(path: Path) -> list[dict]:
    """The import verdict with Ruby's CSV (when ruby is installed) and with Python's csv; they must agree."""
    verdicts = [parse_python(path)]
    if shutil.which("ruby"):
        verdicts.append(parse_ruby(path))
    assert all(verdict == verdicts[0] for verdict in verdicts)
    return verdicts


def test_zammad_csv_imports_under_zammads_rules(real_site: Path, page_texts: dict[str, str]) -> None:
    path = real_site / "exports" / "zammad-text-modules.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.splitlines()[0] == b"name,keywords,content,note,active"
    for verdict in zammad_verdicts(path):
        assert verdict["errors"] == []
        assert verdict["header"] == ["name", "keywords", "content", "note", "active"]
        assert set(verdict["widths"]) == {5}
        rows = verdict["rows"]
        assert len({row["name"] for row in rows}) == len(rows) == len(page_texts)
        assert all(row["active"] == "true" and isinstance(row["content"], str) for row in rows)
        # Zammad's columns: name and note at most 250 characters, keywords 500 (create_base migration).
        assert max(len(row["name"]) for row in rows) <= 250 and max(len(row.get("note", "")) for row in rows) <= 250
        assert max(len(row["keywords"]) for row in rows) <= 500
        by_shortcut = [(row["keywords"].split()[0], row["content"]) for row in rows]
        expected = {code: zammad_html(text) for code, text in for_tool(page_texts, "zammad").items()}
        _assert_same_templates(by_shortcut, expected)
        bargaining = next(row for row in rows if row["keywords"].startswith("yj2 "))
        assert "议价" in bargaining["keywords"].split() and bargaining["name"].startswith("yj2 买家议价·答复")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("name;keywords;content;note;active;\r\na;b;c;;true;\r\n", "No lookup column like id,name for TextModule found."),
        ("name,content\r\n甲,一\r\n甲,二\r\n", "Line 2: duplicate record found."),
        ("name,content,\r\n甲,一,\r\n", None),  # an empty trailing column is dropped (nil), as in Zammad
        ("name,colour\r\n甲,红\r\n", "Line 1: unknown attribute 'colour' for TextModule."),
    ],
)
def test_zammad_rules_reject_what_zammad_rejects(tmp_path: Path, text: str, error: str | None) -> None:
    path = tmp_path / "modules.csv"
    path.write_bytes(text.encode("utf-8"))
    for verdict in zammad_verdicts(path):
        assert verdict["errors"] == ([error] if error else [])


def test_slots_become_tool_variables_only_in_that_tool() -> None:
    template = next(t for s in DATA.scenarios for t in s.templates if t.shortcut == "dzh1")
    assert "{客服名}" in template.text
    assert "{{agent.name}}" in tool_text(template, DATA, "chatwoot")
    assert "#{user.firstname}" in tool_text(template, DATA, "zammad")
    assert "【客服名】" in tool_text(template, DATA, None)
    assert "{客服名}" in json.dumps([t.text for s in DATA.scenarios for t in s.templates], ensure_ascii=False)
    # Slots no tool fills read 【名称】 everywhere, so no tool turns them into an empty string.
    order = next(t for s in DATA.scenarios for t in s.templates if "{金额}" in t.text)
    for tool in ("chatwoot", "zammad", None):
        assert "【金额】" in tool_text(order, DATA, tool) and "{金额}" not in tool_text(order, DATA, tool)
    chatwoot_text = "".join(record["content"] for record in chatwoot_records(DATA))
    assert set(re.findall(r"\{\{[^}]*\}\}", chatwoot_text)) == {"{{contact.name}}", "{{agent.name}}"}


def test_no_cell_of_any_csv_starts_like_a_formula(real_site: Path) -> None:
    for name in ("qianniu-quick-phrases.csv", "zammad-text-modules.csv"):
        text = (real_site / "exports" / name).read_text(encoding="utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert cells and [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == [], name


@pytest.mark.parametrize("dangerous", ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(dangerous: str) -> None:
    assert safe_cell(dangerous) == "'" + dangerous
    cell = next(csv.reader(io.StringIO(csv_text([[dangerous]]))))[0]
    assert cell == "'" + dangerous
    assert safe_cell("满 199 减 20") == "满 199 减 20"


def test_handbook_json_matches_its_schema_and_the_pages(real_site: Path, page_texts: dict[str, str]) -> None:
    raw = json.loads((real_site / "exports" / "handbook.json").read_text(encoding="utf-8"))
    schema = json.loads((real_site / "exports" / "handbook.schema.json").read_text(encoding="utf-8"))
    assert schema == handbook_schema(ExportedHandbook.model_validate(raw), None)
    assert raw["policy"]["returns"]["window_days"] == 7 and raw["policy"]["shipping"]["same_day_cutoff"] == "17:00"
    assert schema["properties"]["policy"]["properties"]["returns"]["properties"]["window_days"] == {"type": "integer"}
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "exports/handbook.schema.json"
    jsonschema.Draft202012Validator(schema).validate(raw)
    data = ExportedHandbook.model_validate(raw)
    _assert_same_templates([(t.shortcut, t.text) for s in data.scenarios for t in s.templates], page_texts)
    assert {s.id for s in data.scenarios} == set(HANDBOOK.scenarios)
    assert data.shop == HANDBOOK.policy_value("shop.name")
    assert {p.id for p in data.procedures} == set(HANDBOOK.procedures)
    assert data.slots["买家称呼"].tools == {"chatwoot": "{{contact.name}}", "zammad": "#{ticket.customer.firstname}"}


def test_policy_values_are_filled_in_every_export(real_site: Path) -> None:
    names = list(HANDBOOK.vocabulary.policy)
    for path in (real_site / "exports").glob("*.*"):
        if path.suffix in (".csv", ".json") and path.name != "handbook.schema.json":
            text = path.read_text(encoding="utf-8-sig")
            assert [name for name in names if "{" + name + "}" in text] == [], path.name


def test_llms_txt_lists_every_scenario_page_as_markdown(real_site: Path) -> None:
    text = (real_site / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith("# 客服话术手册")
    for scenario_id, entry in HANDBOOK.scenarios.items():
        assert f"·{entry.model.title}]({scenario_id}/index.html.md)" in text
        assert (real_site / scenario_id / "index.html.md").is_file()
    main, optional = text.split("\n## Optional\n")
    assert "](exports/handbook.json)" in main and "](exports/qianniu-quick-phrases.csv)" in optional


def test_markdown_page_beside_the_html_has_the_replies(real_site: Path, page_texts: dict[str, str]) -> None:
    markdown = (real_site / "presale" / "bargaining" / "index.html.md").read_text(encoding="utf-8")
    assert markdown.startswith("# 买家议价\n")
    for code in ("yj1", "yj2", "yj7"):
        assert f"快捷编码 {code}\n\n{page_texts[code]}\n" in markdown
    for principle in HANDBOOK.principles:
        assert (real_site / "principles" / principle / "index.html.md").is_file()
    for procedure in HANDBOOK.procedures:
        assert (real_site / "procedures" / procedure / "index.html.md").is_file()


def test_llms_txt_links_are_absolute_when_site_url_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_SITE_URL", "https://kefu.example.com/handbook/")
    result = build_site(MINI, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "llms.txt 的链接是相对地址" not in result.output
    text = (result.site / "llms.txt").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]*)\)", text)
    assert links and all(link.startswith("https://kefu.example.com/handbook/") for link in links)
    assert "](https://kefu.example.com/handbook/exports/handbook.json)" in text
    schema = json.loads((result.site / "exports" / "handbook.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "https://kefu.example.com/handbook/exports/handbook.schema.json"


def test_build_without_site_url_says_llms_links_are_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOOK_SITE_URL", raising=False)
    result = build_site(MINI, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "INFO    -  llms.txt 的链接是相对地址" in result.output


def test_exports_page_links_every_file(real_site: Path) -> None:
    links = {a["href"] for a in page(real_site, "exports.md").select("article a[href]")}
    for name in EXPORT_FILES:
        assert name in links  # the page lives at exports/, beside the files


def test_exports_page_slot_table_comes_from_the_vocabulary(real_site: Path) -> None:
    rows = {
        tr.select("td")[0].get_text(): [td.get_text() for td in tr.select("td")[1:]]
        for tr in page(real_site, "exports.md").select("article table tr")
        if tr.select("td") and tr.select("td")[0].get_text() in ("千牛", "Chatwoot", "Zammad")
    }
    assert rows["Chatwoot"][0] == "买家称呼 → {{contact.name}}；客服名 → {{agent.name}}"
    assert rows["Zammad"][0] == "买家称呼 → #{ticket.customer.firstname}；客服名 → #{user.firstname}"
    assert rows["千牛"][0] == "无"
    assert "客服名（12 条）" in rows["千牛"][1] and "客服名" not in rows["Chatwoot"][1]


def test_a_tool_variable_in_the_wrong_form_is_reported_with_its_position(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets"
    shutil.copytree(REAL, snippets)
    vocabulary = snippets / "vocabulary.yml"
    source = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(source.replace('chatwoot: "{{agent.name}}"', 'chatwoot: "{agent.name}"'), encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        load_handbook(snippets)
    (problem,) = raised.value.problems
    line = source.splitlines().index('      chatwoot: "{{agent.name}}"') + 1
    assert (problem.path, problem.line, problem.field) == ("snippets/vocabulary.yml", line, "slots.客服名.tools.chatwoot")
    assert "写成 Chatwoot 的变量，如 {{contact.name}}、{{agent.name}}" in problem.message


def test_the_same_yaml_gives_the_same_xlsx_bytes() -> None:
    import time

    data = exported_handbook(HANDBOOK)
    first = qianniu_xlsx(data)
    time.sleep(1.1)  # the zip entries and docProps carry seconds: a second later must not change a byte
    assert qianniu_xlsx(data) == first
