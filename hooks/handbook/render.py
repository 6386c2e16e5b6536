"""Render the validated handbook as Markdown pages (plain functions, no MkDocs imports)."""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import jinja2
import yaml
from markupsafe import Markup

from .flowchart import layout
from .placeholders import fill_policy, pieces
from .problems import processing

if TYPE_CHECKING:
    from .load import Entry, Handbook

#: Folders of the sections besides the stages; their names and descriptions are in stages.yml `sections`.
SECTION_KINDS = ("principles", "procedures", "guides")

# Every character Python-Markdown lets a backslash escape, plus | (tables) and ~: none can start syntax then,
# including attr_list's `{: …}`, links, emphasis and lists.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


@dataclass(frozen=True)
class Link:
    """A link from one generated page to another."""

    title: str
    href: str
    summary: str = ""


def generated_pages(handbook: Handbook) -> dict[str, str]:
    """Every page the YAML produces: `src_uri` → Markdown."""
    pages: dict[str, str] = {}
    for stage_id, stage in handbook.structure.stages.items():
        entries = handbook.scenarios_in(stage_id)
        pages[f"{stage_id}/index.md"] = _render_index(
            stage.label, stage.description,
            [link_to(f"{stage_id}/index.md", entry, "scenarios") for entry in entries],
        )
        for entry in entries:
            with processing(entry.path):
                pages[page_uri("scenarios", entry.id)] = render_scenario(entry, handbook)
    reading = [scenario for stage_id in handbook.structure.stages for scenario in handbook.scenarios_in(stage_id)]
    for kind in SECTION_KINDS:
        section = getattr(handbook.structure.sections, kind)
        entries = list(getattr(handbook, kind).values())
        pages[f"{kind}/index.md"] = _render_index(
            section.label, section.description,
            [link_to(f"{kind}/index.md", entry, kind) for entry in entries],
        )
        users = _users(reading, kind)
        for entry in entries:
            with processing(entry.path):
                pages[page_uri(kind, entry.id)] = _render_content(kind, entry, handbook, users.get(entry.id, []))
    return pages


def _users(scenarios: list[Entry[Any]], kind: str) -> dict[str, list[Entry[Any]]]:
    """Entry id → the scenarios that refer to it (each once), in the order given."""
    # One pass over the scenarios for all entries of a kind: asking each entry's page to scan every scenario grew
    # with entries × scenarios.
    users: dict[str, list[Entry[Any]]] = {}
    for scenario in scenarios:
        for entry_id in dict.fromkeys(getattr(scenario.model, kind, ())):
            users.setdefault(entry_id, []).append(scenario)
    return users


def nav_title(label: str) -> str:
    """A section title for MkDocs' `nav`: MkDocs and Material print it as HTML, so it is escaped here."""
    return html.escape(label, quote=True)


def page_uri(kind: str, entry_id: str) -> str:
    """Where an entry's page lives: scenarios at `<stage>/<slug>.md`, others at `<kind>/<id>.md`."""
    return f"{entry_id}.md" if kind == "scenarios" else f"{kind}/{entry_id}.md"


def render_scenario(entry: Entry[Any], handbook: Handbook) -> str:
    """Markdown of one scenario page with its reply cards."""
    scenario = entry.model
    here = page_uri("scenarios", entry.id)
    return template_environment().get_template("scenario.md.j2").render(
        front_matter=front_matter_block(title=scenario.title, description=fill_policy(scenario.goal, handbook), tags=list(scenario.tags)),
        handbook=handbook,
        scenario=scenario,
        roles=handbook.structure.roles,
        principles=[link_to(here, handbook.principles[ref], "principles") for ref in scenario.principles],
        procedures=[link_to(here, handbook.procedures[ref], "procedures") for ref in scenario.procedures],
        related=[link_to(here, handbook.scenarios[ref], "scenarios") for ref in scenario.related],
    )


def _render_content(kind: str, entry: Entry[Any], handbook: Handbook, users: list[Entry[Any]]) -> str:
    here = page_uri(kind, entry.id)
    model = entry.model
    # `users` in reading order (stages.yml), so 买家议价 comes before the auto-replies, as in the handbook itself.
    used_by = [link_to(here, scenario, "scenarios") for scenario in users]
    template = {"principles": "principle.md.j2", "procedures": "procedure.md.j2", "guides": "guide.md.j2"}[kind]
    extra: dict[str, Any] = {}
    if kind == "procedures":
        extra = {"chart": layout([step.title for step in model.steps]), "id": entry.id, "title": model.title}
    return template_environment().get_template(template).render(
        front_matter=front_matter_block(title=model.title, description=fill_policy(model.summary, handbook)),
        handbook=handbook,
        used_by=used_by,
        **{kind[:-1]: model},
        **extra,
    )


def _render_index(title: str, description: str, items: list[Link]) -> str:
    return template_environment().get_template("index.md.j2").render(
        front_matter=front_matter_block(title=title, description=description),
        title=title,
        description=description,
        items=items,
    )


def link_to(here: str, entry: Entry[Any], kind: str) -> Link:
    """A relative link from the page `here` to an entry's page, with its title and one-line summary."""
    href = _relative(page_uri(kind, entry.id), posixpath.dirname(here) or ".")
    summary = getattr(entry.model, "goal", None) or getattr(entry.model, "summary", "")
    return Link(entry.model.title, href, summary)


@cache
def _relative(target: str, start: str) -> str:
    # posixpath.relpath asks the OS for the working directory at every call with relative paths: the training pages
    # link the same few thousand pages from a handful of folders (10x: 13,000 links, 0.5 s). Both are paths from
    # the docs folder, so as paths from "/" they give the same relative path without it.
    return posixpath.relpath("/" + target, "/" + start)


#: Page meta that MkDocs and Material print into HTML as they are (`<title>`, the navigation, `<meta
#: name="description">`, tag links): like a title MkDocs reads from a `# heading`, these hold HTML text.
HTML_META = ("title", "description", "tags")


def front_matter_block(**meta: Any) -> Markup:
    """YAML front matter of a generated page (empty values left out), written by a YAML dumper.

    The dumper is the escaping for this context, so the result is marked safe for the page template;
    the values MkDocs prints into HTML unescaped are HTML-escaped first.
    """
    meta = {key: _html_meta(value) if key in HTML_META else value for key, value in meta.items() if value}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return Markup(yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000).strip())


def _html_meta(value: Any) -> Any:
    if isinstance(value, list):
        return [_html_meta(item) for item in value]
    return html.escape(" ".join(str(value).split()), quote=True)


# CommonMark files read as text (llms.txt and the .md pages beside the HTML): only what starts syntax there.
# Angle brackets and ampersands become entities, which every Markdown dialect decodes to the typed character.
_PLAIN_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def escape_plain_markdown(value: Any) -> Markup:
    """Text that reads literally in a Markdown file that is also read as text (llms.txt, .md pages)."""
    return _plain_markdown_escaped(str(value))


def escape_markdown(value: Any) -> Markup:
    """Text that reads literally in Markdown: HTML escaped and Markdown syntax backslashed."""
    return _markdown_escaped(str(value))


# The same few thousand titles, labels and lines are escaped tens of thousands of times (a scenario's title on its
# page, its stage's index, every row of the quick reference …): each text is escaped once. A Markup is immutable,
# so every page can share it.
@lru_cache(maxsize=1 << 16)
def _plain_markdown_escaped(text: str) -> Markup:
    return Markup(_PLAIN_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


@lru_cache(maxsize=1 << 16)
def _markdown_escaped(text: str) -> Markup:
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def _html_text(value: str) -> str:
    # Newlines become character references so a text never opens a blank line inside an HTML block.
    return html.escape(value).replace("\n", "&#10;")


def _pieces_html(handbook: Handbook, value: str) -> Markup:
    out = []
    for piece in pieces(value, handbook):
        text = _html_text(piece.text)
        if piece.kind == "policy":
            name = html.escape(piece.name)
            out.append(f'<span class="policy-value" data-policy="{name}" title="店铺政策：{name}">{text}</span>')
        elif piece.kind == "slot":
            out.append(f'<span class="slot" data-slot="{html.escape(piece.name)}">{text}</span>')
        else:
            out.append(text)
    return Markup("".join(out))


@jinja2.pass_context
def _filter_pieces(context: jinja2.runtime.Context, value: str) -> Markup:
    """Buyer-facing text as HTML: policy values filled and marked, slots highlighted."""
    return _pieces_html(context["handbook"], value)


@jinja2.pass_context
def _filter_filled(context: jinja2.runtime.Context, value: str) -> Markup:
    """Agent-facing text inside HTML, with policy values filled."""
    handbook = context.get("handbook")
    return Markup(_html_text(fill_policy(value, handbook) if handbook else value))


@jinja2.pass_context
def _filter_md(context: jinja2.runtime.Context, value: str) -> Markup:
    """Text inside Markdown, with policy values filled."""
    handbook = context.get("handbook")
    return escape_markdown(fill_policy(value, handbook) if handbook else value)


#: How the package templates are read; part of the key of their compiled code (the code depends on them).
_TEMPLATE_SYNTAX: dict[str, bool] = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


class _OptionalBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's per-user cache folder, where a folder that cannot be written only means compiling again."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a full or read-only disk: the next build compiles the template again


def _compiled_templates_cache(pattern: str) -> jinja2.BytecodeCache | None:
    # Jinja refuses a temporary folder it cannot make private to the user (RuntimeError): build without the cache.
    try:
        return _OptionalBytecodeCache(pattern=pattern)
    except (OSError, RuntimeError):
        return None


@cache
def template_environment() -> jinja2.Environment:
    """The one Jinja environment of the package templates; every value is escaped for HTML."""
    # Compiling the templates is a quarter of the generation at today's size: the compiled code is kept in Jinja's
    # per-user cache folder. Jinja compiles a template again when its source changed; the Jinja version and the
    # syntax settings above are in the file names, as Jinja does not check them.
    compiled_for = hashlib.sha256(repr((jinja2.__version__, sorted(_TEMPLATE_SYNTAX.items()))).encode()).hexdigest()[:16]
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("handbook", "templates"),
        undefined=jinja2.StrictUndefined,
        # The templates are part of the package, not of the content: each is compiled once per process, and a
        # lookup (one per generated page) does not ask the file system whether it changed.
        auto_reload=False,
        bytecode_cache=_compiled_templates_cache(f"__handbook_{compiled_for}_%s.cache"),
        **_TEMPLATE_SYNTAX,
    )
    environment.filters["pieces"] = _filter_pieces
    environment.filters["filled"] = _filter_filled
    environment.filters["md"] = _filter_md
    environment.filters["md_text"] = escape_plain_markdown
    return environment


def render_text(template_name: str, **context: Any) -> str:
    """Render one of the package's Jinja templates with the given context."""
    return template_environment().get_template(template_name).render(**context)


def render_page(template_name: str, *, title: str, **context: Any) -> str:
    """A generated Markdown page from a template, with its title in the front matter."""
    return render_text(template_name, front_matter=front_matter_block(title=title, hide=["toc"]), **context)
