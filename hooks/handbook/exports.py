"""Exports of every template for chat workbenches and other tools, all with policy values filled.

Each tool gets its own format, checked against the tool's source (see docs/exports.md):
Zammad's CSV importer (`CanCsvImport`), Chatwoot's canned-response API, Qianniu's quick phrases (unverified).
"""

from __future__ import annotations

import datetime
import html
import io
import re
import zipfile
import json
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from openpyxl import Workbook
from pydantic import BaseModel, ConfigDict, Field

from .names import PLACEHOLDER, placeholders_in
from .placeholders import fill_policy
from .render import page_uri, render_text
from .spreadsheet import csv_text, safe_cell

if TYPE_CHECKING:
    from .load import Handbook

#: File name (under the site's exports/ folder) → what it is for, shown on the exports page and in llms.txt.
EXPORT_FILES = {
    "qianniu-quick-phrases.csv": "千牛快捷短语（CSV）",
    "qianniu-quick-phrases.xlsx": "千牛快捷短语（Excel）",
    "chatwoot-canned-responses.json": "Chatwoot 预设回复",
    "zammad-text-modules.csv": "Zammad 文本模块",
    "handbook.json": "完整手册数据（JSON）",
    "handbook.schema.json": "handbook.json 的 JSON Schema",
}
#: The tools whose variables a slot may declare in vocabulary.yml (`tools:`).
Tool = Literal["chatwoot", "zammad"]
TOOL_LABELS: dict[str, str] = {"qianniu": "千牛", "chatwoot": "Chatwoot", "zammad": "Zammad"}
#: How a slot the tool cannot fill reads in that tool: a marker the agent sees must be replaced before sending.
UNFILLED_SLOT = "【{name}】"
#: Keyword on every Zammad text module the handbook made, so `handbook-push zammad --prune` touches only those.
ZAMMAD_MARKER = "话术手册"
ZAMMAD_HEADER = ["name", "keywords", "content", "note", "active"]
QIANNIU_HEADER = ["分组", "快捷编码", "短语内容"]
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Fixed document dates keep the .xlsx the same from build to build.
_XLSX_DATE = datetime.datetime(2026, 1, 1)


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


class ExportedSlot(_Export):
    """A fill-in slot and the variables chat tools fill it with."""

    description: str
    example: str
    tools: dict[str, str] = Field(description="工具 → 该工具自动填入的变量，如 chatwoot → {{contact.name}}；没有的工具需客服手动填写。")


class ExportedHandbook(_Export):
    """exports/handbook.json: the whole handbook for other tools."""

    name: str = Field(description="手册名称。")
    shop: str = Field(description="店铺名。")
    policy: dict = Field(description="店铺政策（snippets/policy.yml）：值按培训师写的原样给出，声明了类型的转成数字或列表。")
    policy_types: dict[str, str] = Field(
        default_factory=dict, description="声明了类型的政策值：policy 中的路径 → integer、number、list 或 text。"
    )
    slots: dict[str, ExportedSlot] = Field(description="填空占位符：名称 → 说明、示例和各工具的自动变量。")
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
        policy=typed_policy(handbook),
        policy_types={placeholder.path: placeholder.type for placeholder in handbook.vocabulary.policy.values()},
        slots={
            name: ExportedSlot(
                description=slot.description,
                example=slot.example,
                tools=slot.tools.model_dump(exclude_none=True),
            )
            for name, slot in handbook.vocabulary.slots.items()
        },
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


def export_files(data: ExportedHandbook, site_url: str | None = None) -> dict[str, str | bytes]:
    """Every export: file name under exports/ → content."""
    return {
        "qianniu-quick-phrases.csv": qianniu_csv(data),
        "qianniu-quick-phrases.xlsx": qianniu_xlsx(data),
        "chatwoot-canned-responses.json": json.dumps(chatwoot_records(data), ensure_ascii=False, indent=2),
        "zammad-text-modules.csv": zammad_csv(data),
        "handbook.json": data.model_dump_json(indent=2),
        "handbook.schema.json": json.dumps(handbook_schema(data, site_url), ensure_ascii=False, indent=2),
    }


# --- per-tool text ----------------------------------------------------------------------------------------


def tool_text(template: ExportedTemplate, data: ExportedHandbook, tool: Tool | None) -> str:
    """The reply as a tool receives it: slots the tool fills become its variable, the rest read 【名称】."""

    def replace(match: Any) -> str:
        name = match.group(1)
        if name not in template.slots:
            return match.group(0)
        variable = data.slots[name].tools.get(tool) if tool else None
        return variable or UNFILLED_SLOT.format(name=name)

    return PLACEHOLDER.sub(replace, template.text)


def slot_usage(data: ExportedHandbook) -> Counter[str]:
    """How many replies use each slot."""
    return Counter(name for _, template in _templates(data) for name in dict.fromkeys(template.slots))


def slot_table(data: ExportedHandbook) -> str:
    """Markdown table for the exports page: per tool, the slots it fills by itself and those the agent types."""
    usage = slot_usage(data)
    used = [name for name in data.slots if usage[name]]
    tools = []
    for tool, label in TOOL_LABELS.items():
        filled = [(name, data.slots[name].tools[tool]) for name in used if tool in data.slots[name].tools]
        typed = [name for name in used if tool not in data.slots[name].tools]
        tools.append({"label": label, "filled": filled, "typed": typed})
    return render_text("exports_slots.md.j2", tools=tools, usage=usage, marker=UNFILLED_SLOT)


# --- Qianniu ---------------------------------------------------------------------------------------------


def qianniu_rows(data: ExportedHandbook) -> list[list[str]]:
    """Header and one row per reply: 分组 (stage-scenario), 快捷编码, 短语内容."""
    rows = [list(QIANNIU_HEADER)]
    rows += [[f"{s.stage_label}-{s.title}", t.shortcut, tool_text(t, data, None)] for s, t in _templates(data)]
    return rows


def qianniu_csv(data: ExportedHandbook) -> bytes:
    """Quick phrases as comma-separated UTF-8 with BOM, so Excel/WPS on Windows read the Chinese correctly."""
    return ("\ufeff" + csv_text(qianniu_rows(data))).encode("utf-8")


def qianniu_xlsx(data: ExportedHandbook) -> bytes:
    """The same rows as an .xlsx workbook; every cell a text cell, formula characters neutralised."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "快捷短语"
    for row in qianniu_rows(data):
        sheet.append([safe_cell(cell) for cell in row])
    for column, width in zip("ABC", (24, 12, 80), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.properties.created = workbook.properties.modified = _XLSX_DATE
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """The same archive with every entry dated like the workbook, so the same YAML always gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_XLSX_DATE.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the time of saving as `modified`, whatever the workbook says.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + _XLSX_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    content,
                )
            target.writestr(entry, content)
    return out.getvalue()


# --- Chatwoot --------------------------------------------------------------------------------------------


def chatwoot_records(data: ExportedHandbook) -> list[dict[str, str]]:
    """Canned responses as Chatwoot's API takes them: short_code and content, its variables filled in."""
    return [{"short_code": t.shortcut, "content": tool_text(t, data, "chatwoot")} for _, t in _templates(data)]


# --- Zammad ----------------------------------------------------------------------------------------------


def zammad_html(text: str) -> str:
    """Plain text as Zammad stores a text module's content: HTML-escaped, line breaks as <br> (its String#text2html)."""
    return html.escape(text).replace("\n", "<br>")


def zammad_name(scenario: ExportedScenario, template: ExportedTemplate) -> str:
    """A text module's name: the shortcut first (unique, and what agents type after ::), then scenario and role."""
    when = f"（{template.when}）" if template.when else ""
    return f"{template.shortcut} {scenario.title}·{template.role_label}{when}"


def zammad_records(data: ExportedHandbook) -> list[dict[str, Any]]:
    """Text modules as Zammad's API and CSV importer take them (name is its lookup key, so names are unique)."""
    return [
        {
            "name": zammad_name(scenario, template),
            "keywords": " ".join([template.shortcut, *scenario.tags, ZAMMAD_MARKER]),
            "content": zammad_html(tool_text(template, data, "zammad")),
            "note": template.note or "",
            "active": True,
        }
        for scenario, template in _templates(data)
    ]


def zammad_csv(data: ExportedHandbook) -> str:
    """Text modules as Zammad's admin import takes them: comma-separated, no BOM, header name,keywords,content,note,active."""
    rows = [list(ZAMMAD_HEADER)]
    for record in zammad_records(data):
        rows.append([record["name"], record["keywords"], record["content"], record["note"], "true"])
    return csv_text(rows)


# --- llms.txt, Markdown pages and the JSON Schema -------------------------------------------------------


def site_link(path: str, site_url: str | None) -> str:
    """A link to a file of the site: absolute under `site_url` when it is set, else relative to the site root."""
    if not site_url:
        return path
    return site_url.rstrip("/") + "/" + path


def markdown_path(url: str) -> str:
    """Where the Markdown version of a page lives (llmstxt.org: the page URL + .md, index.html.md for a folder)."""
    return url + "index.html.md" if url.endswith("/") else url + ".md"


def principle_url(principle: ExportedPrinciple) -> str:
    """Site-relative address of a principle's page."""
    return page_uri("principles", principle.id).removesuffix(".md") + "/"


def procedure_url(procedure: ExportedProcedure) -> str:
    """Site-relative address of a procedure's page."""
    return page_uri("procedures", procedure.id).removesuffix(".md") + "/"


def markdown_pages(data: ExportedHandbook) -> dict[str, str]:
    """Plain Markdown versions of the scenario, principle and procedure pages: site path → Markdown."""
    pages = {markdown_path(s.url): render_text("llms_scenario.md.j2", scenario=s) for s in data.scenarios}
    pages |= {markdown_path(principle_url(p)): render_text("llms_principle.md.j2", principle=p) for p in data.principles}
    pages |= {markdown_path(procedure_url(p)): render_text("llms_procedure.md.j2", procedure=p) for p in data.procedures}
    return pages


def llms_txt(data: ExportedHandbook, site_url: str | None = None) -> str:
    """An llms.txt index (llmstxt.org) of the handbook's Markdown pages and machine-readable exports."""

    def link(path: str) -> str:
        return site_link(path, site_url)

    return render_text(
        "llms.txt.j2",
        data=data,
        link=link,
        markdown_path=markdown_path,
        principle_url=principle_url,
        procedure_url=procedure_url,
        exports={name: label for name, label in EXPORT_FILES.items() if not name.startswith("handbook.")},
    )


#: JSON Schema of a policy value of each declared type; undeclared values are text or lists of text, as typed.
_POLICY_VALUE_SCHEMAS: dict[str, dict[str, Any]] = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "money": {"type": "number"},
    "list": {"type": "array", "items": {"type": "string"}},
    # text takes what was typed: a line, or a list that reads as “A、B和C”.
    "text": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
}
_UNDECLARED = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "object"}]}


def typed_policy(handbook: Handbook) -> dict[str, Any]:
    """The policy as data: declared integers and numbers as JSON numbers, everything else exactly as typed."""

    def convert(value: Any, path: str) -> Any:
        if isinstance(value, dict):
            return {key: convert(child, f"{path}.{key}" if path else key) for key, child in value.items()}
        kind = types.get(path)
        if kind == "integer":
            return int(value)
        if kind in ("number", "money"):
            return int(value) if str(value).isdigit() else float(value)
        return value

    types = {placeholder.path: placeholder.type for placeholder in handbook.vocabulary.policy.values()}
    return convert(handbook.policy, "")


def policy_schema(policy: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    """JSON Schema of handbook.json's `policy`: the shape of this shop's policy, with the declared value types."""

    def describe(value: Any, path: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return {
                "type": "object",
                "properties": {key: describe(child, f"{path}.{key}" if path else key) for key, child in value.items()},
                "additionalProperties": _UNDECLARED,
            }
        return _POLICY_VALUE_SCHEMAS[types[path]] if path in types else _UNDECLARED

    return {**describe(policy, ""), "description": "店铺政策（snippets/policy.yml），声明了类型的值是数字或列表。"}


def handbook_schema(data: ExportedHandbook, site_url: str | None = None) -> dict[str, Any]:
    """The JSON Schema of handbook.json, with its dialect and its own address."""
    schema = ExportedHandbook.model_json_schema()
    schema["properties"]["policy"] = policy_schema(data.policy, data.policy_types)
    return {"$schema": SCHEMA_DIALECT, "$id": site_link("exports/handbook.schema.json", site_url), **schema}


def _templates(data: ExportedHandbook) -> Iterator[tuple[ExportedScenario, ExportedTemplate]]:
    for scenario in data.scenarios:
        for template in scenario.templates:
            yield scenario, template
