"""The offline PDF handbook: its chapters in reading order, the PDF-only pages, the edition and the font check."""

from __future__ import annotations

import datetime
import html
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .names import placeholders_in
from .onboarding import ONBOARDING_URI, SHORTCUTS_URI, TRAINING_PAGES, reading_order, training_link
from .quiz import QUIZ_ANSWERS_URI, QUIZ_URI
from .render import Link, nav_title, template_environment, front_matter_block, link_to, page_uri

if TYPE_CHECKING:
    from .load import Handbook
    from .model import Template

#: Folder of the pages that exist only in the PDF (how to use it, chapter openers).
PDF_PAGES = "print"
HOW_TO_USE_URI = f"{PDF_PAGES}/how-to-use.md"
#: Fonts the PDF stylesheet names; without them WeasyPrint silently prints boxes or Japanese glyph forms.
REQUIRED_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC")
_SVG = re.compile(r"(<svg\b[^>]*>)(.*?</svg>)", re.S)
#: Emoji and dingbats (with their variation selector and joiner), which the Noto CJK fonts cannot draw. Buyer
#: messages contain them; WeasyPrint would take them from a fallback font, and that font garbles the PDF's text layer.
_NO_CJK_GLYPH = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]")
_URL_REF = re.compile(r"url\(#([^)]+)\)")


@dataclass(frozen=True)
class Chapter:
    """A chapter of the PDF: an opener page (its title hidden, the section heads the chapter) and its pages."""

    key: str
    title: str
    description: str
    pages: list[str]

    @property
    def opener(self) -> str:
        """The src_uri of the chapter's opener page."""
        return f"{PDF_PAGES}/chapter-{self.key}.md"


def pdf_chapters(handbook: Handbook) -> list[Chapter]:
    """Guides, principles and procedures in reading order, the stages, then the appendices."""
    chapters = []
    sections = handbook.structure.sections
    # The appendix guides (the glossary) are printed at the back, not with the other guides.
    appendix_guides = [guide_id for guide_id in handbook.structure.appendix_guides if guide_id in handbook.guides]
    for kind in ("guides", "principles", "procedures"):
        section = getattr(sections, kind)
        ids = [entry_id for entry_id in reading_order(handbook, kind) if kind != "guides" or entry_id not in appendix_guides]
        if ids:
            chapters.append(Chapter(kind, section.label, section.description, [page_uri(kind, entry_id) for entry_id in ids]))
    for stage_id, stage in handbook.structure.stages.items():
        scenarios = [page_uri("scenarios", entry.id) for entry in handbook.scenarios_in(stage_id)]
        if scenarios:
            chapters.append(Chapter(stage_id, stage.label, stage.description, scenarios))
    chapters.append(Chapter(
        "appendix", sections.appendix.label, sections.appendix.description,
        [SHORTCUTS_URI, *(page_uri("guides", guide_id) for guide_id in appendix_guides), QUIZ_URI, QUIZ_ANSWERS_URI],
    ))
    return chapters


def pdf_navigation(handbook: Handbook) -> list[Any]:
    """MkDocs `nav` of the PDF build: how to use it, the onboarding path, then one section per chapter."""
    return [
        {"使用说明": HOW_TO_USE_URI},
        {"入职路线": ONBOARDING_URI},
        *({nav_title(chapter.title): [chapter.opener, *chapter.pages]} for chapter in pdf_chapters(handbook)),
    ]


def pdf_pages(handbook: Handbook) -> dict[str, str]:
    """The PDF-only pages: how to use the handbook and one opener per chapter."""
    chapters = pdf_chapters(handbook)
    pages = {HOW_TO_USE_URI: render_how_to_use(handbook, chapters)}
    for chapter in chapters:
        pages[chapter.opener] = template_environment().get_template("pdf_chapter.md.j2").render(
            front_matter=front_matter_block(title=chapter.title),
            handbook=handbook,
            chapter=chapter,
            items=[_page_link(handbook, chapter.opener, uri) for uri in chapter.pages],
        )
    return pages


def render_how_to_use(handbook: Handbook, chapters: list[Chapter]) -> str:
    """Markdown of the PDF's first chapter: what is in it and how to read a reply card."""
    return template_environment().get_template("pdf_how_to_use.md.j2").render(
        front_matter=front_matter_block(title="使用说明"),
        handbook=handbook,
        chapters=chapters,
        onboarding=training_link(HOW_TO_USE_URI, ONBOARDING_URI),
        roles=handbook.structure.roles,
        sample=sample_card(handbook),
        slot=next(iter(handbook.vocabulary.slots), None),
        shop=shop_name(handbook),
    )


@dataclass(frozen=True)
class SampleCard:
    """The reply card the PDF uses to explain how to read one."""

    title: str
    template: Template


def sample_card(handbook: Handbook) -> SampleCard | None:
    """The first reply with a condition and a fill-in slot (or simply the first), in reading order."""
    cards = [
        SampleCard(entry.model.title, template)
        for stage_id in handbook.structure.stages
        for entry in handbook.scenarios_in(stage_id)
        for template in entry.model.templates
    ]
    slots = set(handbook.vocabulary.slots)
    telling = [card for card in cards if card.template.when and slots & set(placeholders_in(card.template.text))]
    return next(iter(telling or cards), None)


@dataclass(frozen=True)
class Edition:
    """What the cover prints: the shop, the edition date and the git version of the content."""

    shop: str | None
    date: datetime.date
    version: str | None


def edition(handbook: Handbook, project_dir: Path) -> Edition:
    """The edition of a PDF built now from `project_dir`."""
    return Edition(shop_name(handbook), edition_date(), git_version(project_dir))


def shop_name(handbook: Handbook) -> str | None:
    """The shop's name (the {店铺名} policy placeholder)."""
    return handbook.shop_name


def edition_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH when set, so that a rebuild of the same sources can be identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
    return datetime.date.today()


def git_version(project_dir: Path) -> str | None:
    """`git describe` of the project (tag or commit, `-dirty` with uncommitted changes); None outside git."""
    try:
        result = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=project_dir, capture_output=True, text=True, timeout=10, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def without_emoji(page_html: str) -> str:
    """The page as the PDF prints it: emoji dropped, because the PDF's fonts have no glyphs for them."""
    return _NO_CJK_GLYPH.sub("", page_html)


def missing_fonts(required: tuple[str, ...] = REQUIRED_FONTS) -> list[str]:
    """The required Simplified-Chinese font families that fontconfig (which WeasyPrint uses) cannot find."""
    try:
        listing = subprocess.run(
            ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return list(required)
    families = {name.strip() for line in listing.splitlines() for name in line.split(",")}
    return [font for font in required if font not in families]


def font_error(missing: list[str]) -> str:
    """The message that stops a PDF build without the Chinese fonts (Chinese and English)."""
    names = "、".join(missing)
    return (
        f"生成 PDF 需要简体中文字体 {names}，但系统中没有找到（fc-list :lang=zh-cn）。"
        "请运行 `make pdf`（会自动安装），或手动安装：sudo apt-get install fontconfig fonts-noto-cjk。"
        "没有这些字体，PDF 里的汉字会显示成方框，所以构建已停止。\n"
        f"The PDF needs the Simplified-Chinese fonts {', '.join(missing)}, which fontconfig cannot find. "
        "Run `make pdf` (it installs them) or `sudo apt-get install fontconfig fonts-noto-cjk`. "
        "Without them the PDF would show boxes instead of Chinese text, so the build stopped."
    )


def svg_for_print(page_html: str, stylesheet: str, anchor: Callable[[str], str]) -> str:
    """Inline SVG as WeasyPrint needs it: its own copy of `stylesheet`, and `url(#id)` references renamed by `anchor`."""
    style = f"<style>{html.escape(stylesheet, quote=False)}</style>"

    def fix(match: re.Match[str]) -> str:
        # mkdocs-to-pdf renames every id (marker ids too) to keep pages apart, but not the url(#…) that point at them.
        body = _URL_REF.sub(lambda ref: f"url(#{anchor(ref.group(1))})", match.group(2))
        return match.group(1) + style + body

    return _SVG.sub(fix, page_html)


def _page_link(handbook: Handbook, here: str, uri: str) -> Link:
    """A link from `here` to a page of the PDF, with the page's title and summary."""
    if uri in TRAINING_PAGES:
        return training_link(here, uri)
    for kind in ("scenarios", "principles", "procedures", "guides"):
        for entry_id, entry in getattr(handbook, kind).items():
            if page_uri(kind, entry_id) == uri:
                return link_to(here, entry, kind)
    raise KeyError(uri)
