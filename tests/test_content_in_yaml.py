"""Content decisions live in snippets/: section labels, the PDF appendix, the onboarding plan and the glossary."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REAL

from handbook.load import load_handbook
from handbook.onboarding import day_heading, onboarding_plan, render_onboarding
from handbook.pdf import pdf_chapters
from handbook.render import generated_pages, page_uri, render_scenario
from handbook.site import SiteOptions, mkdocs_nav, site_nav, site_outputs
from handbook.trainers import render_coverage
from handbook.lint import load_rules

import datetime


def _relabel(snippets: Path) -> None:
    stages = snippets / "stages.yml"
    text = stages.read_text(encoding="utf-8")
    text = text.replace("    label: 原则\n", "    label: 待客之道\n").replace("    label: 附录\n", "    label: 查阅资料\n")
    stages.write_text(text.replace("    label: 流程\n", "    label: 做事步骤\n"), encoding="utf-8")


def test_a_section_label_changed_in_stages_yml_changes_every_page_that_names_it(mini_snippets: Path) -> None:
    _relabel(mini_snippets)
    handbook = load_handbook(mini_snippets)
    titles = [next(iter(item)) for item in mkdocs_nav(site_nav(handbook)) if isinstance(item, dict)]
    assert "待客之道" in titles and "做事步骤" in titles and "原则" not in titles
    assert generated_pages(handbook)["principles/index.md"].count("待客之道") >= 1
    assert "**待客之道**" in render_onboarding(handbook)
    assert "- 待客之道：" in render_scenario(handbook.scenarios["presale/return-policy"], handbook)
    assert [chapter.title for chapter in pdf_chapters(handbook)][-1] == "查阅资料"
    coverage = render_coverage(handbook, load_rules(mini_snippets), today=datetime.date(2026, 11, 29))
    assert "| 待客之道 |" in coverage


def test_the_pdf_appendix_prints_the_guides_stages_yml_names(mini_snippets: Path) -> None:
    handbook = load_handbook(mini_snippets)
    appendix = pdf_chapters(handbook)[-1]
    assert page_uri("guides", "glossary") in appendix.pages
    stages = mini_snippets / "stages.yml"
    stages.write_text(stages.read_text(encoding="utf-8").replace("appendix_guides: [glossary]\n", ""), encoding="utf-8")
    moved = pdf_chapters(load_handbook(mini_snippets))
    assert page_uri("guides", "glossary") not in moved[-1].pages
    assert page_uri("guides", "glossary") in next(chapter for chapter in moved if chapter.key == "guides").pages


def test_the_onboarding_plan_follows_onboarding_yml(mini_snippets: Path) -> None:
    plan = mini_snippets / "onboarding.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  - title: 原则\n", "  - title: 第一课\n"), encoding="utf-8")
    days = onboarding_plan(load_handbook(mini_snippets))
    assert [day_heading(day) for day in days] == ["第一课", "售前", "自动回复、总复习"]
    assert days[0].readings["guides"] == ["glossary"] and days[0].readings["principles"] == ["honesty"]


def test_no_python_module_holds_scenario_ids_or_section_labels() -> None:
    hooks = Path(__file__).resolve().parent.parent / "hooks" / "handbook"
    source = "\n".join(path.read_text(encoding="utf-8") for path in hooks.glob("*.py"))
    assert re.findall(r'"(?:presale|insale|aftersale|autoreply|loyalty)/[a-z-]+"', source) == []
    assert re.findall(r'"(?:岗位与买家|背景资料|附录)"', source) == []
    templates = "\n".join(path.read_text(encoding="utf-8") for path in (hooks / "templates").glob("*.j2"))
    assert "背景资料" not in templates


def test_the_glossary_explains_the_legal_terms_with_their_rules() -> None:
    handbook = load_handbook(REAL)
    points = {
        point.split("：")[0]: point
        for section in handbook.guides["glossary"].model.sections
        for point in section.points
    }
    assert "《消费者权益保护法》第二十五条" in points["七天无理由退货"]
    assert "《网络购买商品七日无理由退货暂行办法》" in points["七天无理由退货"]
    assert "第六条" in points["定作"] and "常规尺码" in points["定作"]
    assert "《部分商品修理更换退货责任规定》" in points["三包"] and "第二十四条" in points["三包"]


def test_page_titles_and_nav_labels_come_from_stages_yml(mini_snippets: Path) -> None:
    stages = mini_snippets / "stages.yml"
    text = stages.read_text(encoding="utf-8")
    for old, new in (("接待台", "回复台"), ("新人培训", "上岗培训"), ("快捷编码速查表", "编码一览"), ("培训师", "内容维护"), ("使用说明", "读前须知")):
        text = text.replace(f"    label: {old}\n", f"    label: {new}\n")
    stages.write_text(text, encoding="utf-8")
    handbook = load_handbook(mini_snippets)
    nav = mkdocs_nav(site_nav(handbook))
    sections = [next(iter(item)) for item in nav if isinstance(item, dict)]
    assert "上岗培训" in sections and "内容维护" in sections and "新人培训" not in sections and "培训师" not in sections
    outputs = site_outputs(handbook, rules=load_rules(mini_snippets), options=SiteOptions(pdf=True))
    assert outputs.files["desk.md"].startswith("---\ntitle: 回复台\n")
    assert outputs.files["training/shortcuts.md"].startswith("---\ntitle: 编码一览\n")
    assert "编码一览" in outputs.files["print/how-to-use.md"] and "快捷编码速查表" not in outputs.files["print/how-to-use.md"]
    assert outputs.files["print/how-to-use.md"].startswith("---\ntitle: 读前须知\n")
