"""Exports of every template for chat workbenches and other tools, all with policy values filled."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from .names import placeholders_in
from .placeholders import fill_policy
from .render import page_uri, render_text

if TYPE_CHECKING:
    from .load import Handbook

#: File name (under the site's exports/ folder) → what it is for, shown on the exports page.
EXPORT_FILES = {
    "qianniu-quick-phrases.csv": "千牛快捷短语",
    "chatwoot-canned-responses.json": "Chatwoot 预设回复",
    "zammad-text-modules.csv": "Zammad 文本模块",
    "handbook.json": "完整手册数据（JSON）",
    "handbook.schema.json": "handbook.json 的 JSON Schema",
}


class _Export(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedTemplate(_Export):
    """One reply as other tools receive it."""

    shortcut: str = Field(description="快捷编码，全手册唯一。")
    role: str = Field(description="话术角色编号，如 opening。")
    role_label: str = Field(description="话术角色中文名。")
    when: str | None = Field(description="适用条件。")
    note: str | None = Field(description="只给客服看的提示（不发给买家）。")
    text: str = Field(description="发给买家的原文，店铺政策已填入，填空占位符保留为 {名称}。")
    slots: list[str] = Field(description="原文中需要客服填写的占位符名称。")


class ExportedScenario(_Export):
    """One scenario with its replies."""

    id: str = Field(description="情景编号，如 presale/bargaining。")
    stage: str = Field(description="阶段编号。")
    stage_label: str = Field(description="阶段中文名。")
    title: str
    goal: str
    tags: list[str]
    buyer_says: list[str]
    principles: list[str]
    procedures: list[str]
    related: list[str]
    url: str = Field(description="情景页面相对于网站根目录的地址。")
    templates: list[ExportedTemplate]


class ExportedStep(_Export):
    """One step of a procedure."""

    title: str
    do: str
    say: str | None


class ExportedProcedure(_Export):
    """A procedure with its ordered steps."""

    id: str
    title: str
    summary: str
    steps: list[ExportedStep]


class ExportedPrinciple(_Export):
    """A principle with its points."""

    id: str
    title: str
    summary: str
    points: list[str]


class ExportedHandbook(_Export):
    """exports/handbook.json: the whole handbook for other tools."""

    name: str = Field(description="手册名称。")
    shop: str = Field(description="店铺名。")
    policy: dict = Field(description="店铺政策（snippets/policy.yml 原样）。")
    scenarios: list[ExportedScenario]
    principles: list[ExportedPrinciple]
    procedures: list[ExportedProcedure]


def exported_handbook(handbook: Handbook) -> ExportedHandbook:
    """The whole handbook as one typed export object, scenarios in navigation order."""

    def fill(value: str | None) -> str | None:
        return fill_policy(value, handbook) if value else value

    scenarios = []
    for stage_id, stage in handbook.structure.stages.items():
        for entry in handbook.scenarios_in(stage_id):
            model = entry.model
            scenarios.append(
                ExportedScenario(
                    id=entry.id,
                    stage=stage_id,
                    stage_label=stage.label,
                    title=model.title,
                    goal=fill(model.goal),
                    tags=list(model.tags),
                    buyer_says=list(model.buyer_says),
                    principles=list(model.principles),
                    procedures=list(model.procedures),
                    related=list(model.related),
                    url=page_uri("scenarios", entry.id).removesuffix(".md") + "/",
                    templates=[
                        ExportedTemplate(
                            shortcut=template.shortcut,
                            role=template.role,
                            role_label=handbook.structure.roles[template.role].label,
                            when=fill(template.when),
                            note=fill(template.note),
                            text=fill(template.text),
                            slots=[name for name in placeholders_in(template.text) if name in handbook.vocabulary.slots],
                        )
                        for template in model.templates
                    ],
                )
            )
    return ExportedHandbook(
        name="客服话术手册",
        shop=handbook.shop_name,
        policy=handbook.policy,
        scenarios=scenarios,
        principles=[
            ExportedPrinciple(id=key, title=e.model.title, summary=fill(e.model.summary), points=[fill(p) for p in e.model.points])
            for key, e in handbook.principles.items()
        ],
        procedures=[
            ExportedProcedure(
                id=key,
                title=e.model.title,
                summary=fill(e.model.summary),
                steps=[ExportedStep(title=s.title, do=fill(s.do), say=fill(s.say)) for s in e.model.steps],
            )
            for key, e in handbook.procedures.items()
        ],
    )


def export_files(data: ExportedHandbook) -> dict[str, str | bytes]:
    """Every export: file name under exports/ → content."""
    return {
        "qianniu-quick-phrases.csv": qianniu_csv(data),
        "chatwoot-canned-responses.json": chatwoot_json(data),
        "zammad-text-modules.csv": zammad_csv(data),
        "handbook.json": data.model_dump_json(indent=2),
        "handbook.schema.json": json.dumps(ExportedHandbook.model_json_schema(), ensure_ascii=False, indent=2),
    }


def qianniu_csv(data: ExportedHandbook) -> bytes:
    """Qianniu-style quick phrases: 分组, 快捷编码, 短语内容; UTF-8 with BOM for spreadsheet programs."""
    rows = [["分组", "快捷编码", "短语内容"]]
    rows += [[f"{s.stage_label}-{s.title}", t.shortcut, t.text] for s, t in _templates(data)]
    return ("\ufeff" + _csv(rows, delimiter=",")).encode("utf-8")


def chatwoot_json(data: ExportedHandbook) -> str:
    """Chatwoot canned responses: a JSON array of {short_code, content}, ready for its API."""
    return json.dumps(
        [{"short_code": t.shortcut, "content": t.text} for _, t in _templates(data)], ensure_ascii=False, indent=2
    )


def zammad_csv(data: ExportedHandbook) -> str:
    """Zammad text modules: `name;keywords;content;note;active;`, keywords from shortcut and tags."""
    rows = [["name", "keywords", "content", "note", "active", ""]]
    for scenario, template in _templates(data):
        name = f"{scenario.title}·{template.role_label}" + (f"（{template.when}）" if template.when else "")
        keywords = " ".join([template.shortcut, *scenario.tags])
        rows.append([name, keywords, template.text, template.note or "", "true", ""])
    return _csv(rows, delimiter=";")


def llms_txt(data: ExportedHandbook) -> str:
    """An llms.txt index (llmstxt.org) of the handbook's pages and machine-readable exports."""
    return render_text("llms.txt.j2", data=data, exports=EXPORT_FILES)


def _templates(data: ExportedHandbook) -> Iterator[tuple[ExportedScenario, ExportedTemplate]]:
    for scenario in data.scenarios:
        for template in scenario.templates:
            yield scenario, template


def _csv(rows: list[list[str]], *, delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
