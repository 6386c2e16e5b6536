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

import tinycss2

from .names import placeholders_in
from .onboarding import reading_order, training_link
from .pages import HOW_TO_USE_URI, PDF_PAGES, ONBOARDING_URI, PAGE_KEYS, QUIZ_ANSWERS_URI, QUIZ_URI, SHORTCUTS_URI, page_label
from .render import Link, nav_title, template_environment, front_matter_block, link_to, page_uri

if TYPE_CHECKING:
    from .load import Handbook
    from .model import Template

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
    how_to_use = page_label(handbook.structure, HOW_TO_USE_URI)
    return template_environment().get_template("pdf_how_to_use.md.j2").render(
        front_matter=front_matter_block(title=how_to_use.label, description=how_to_use.description),
        handbook=handbook,
        chapters=chapters,
        onboarding=training_link(handbook, HOW_TO_USE_URI, ONBOARDING_URI),
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


_ARTICLE = re.compile(r'<article\b[^>]*\bclass="md-content__inner\b.*</article>', re.S)


def article_only(page_html: str) -> str:
    """The page as mkdocs-to-pdf needs it: its <head> and its article, without the theme's header, navigation
    and footer (nine tenths of each page, which the plugin would otherwise parse with BeautifulSoup and discard)."""
    head_end, body, article = _HEAD_END.search(page_html), _BODY_START.search(page_html), _ARTICLE.search(page_html)
    if head_end is None or body is None or article is None or body.start() < head_end.end():
        return page_html
    return page_html[: body.end()] + article.group(0) + "</body></html>"


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
    if uri in PAGE_KEYS:
        return training_link(handbook, here, uri)
    for kind in ("scenarios", "principles", "procedures", "guides"):
        for entry_id, entry in getattr(handbook, kind).items():
            if page_uri(kind, entry_id) == uri:
                return link_to(here, entry, kind)
    raise KeyError(uri)


#: `data-url` of the quick-code reference card's section in mkdocs-to-pdf's combined HTML.
SHORTCUTS_SECTION = "/training/shortcuts/"
_HTML_START = re.compile(r"<html\b[^>]*>", re.I)
_HEAD_END = re.compile(r"</head>", re.I)
_BODY_START = re.compile(r"<body\b[^>]*>", re.I)
_SECTION = re.compile(r"<(/?)section\b[^>]*>", re.I)


def with_language_and_author(document: str, language: str, author: str) -> str:
    """The combined HTML with `lang` on its root and an author `<meta>`: WeasyPrint writes both into the PDF."""
    root = f'<html lang="{html.escape(language)}">'
    document = _HTML_START.sub(lambda _: root, document, count=1)
    meta = f'<meta name="author" content="{html.escape(author)}">'
    return _HEAD_END.sub(lambda match: meta + match.group(0), document, count=1)


def quick_sheet_html(document: str, data_url: str, title: str) -> str | None:
    """A document holding only the section of `data_url` (the quick-code card), for its own small PDF."""
    start = re.search(rf'<section\b[^>]*\bdata-url="{re.escape(data_url)}"[^>]*>', document)
    head_end, body = _HEAD_END.search(document), _BODY_START.search(document)
    if start is None or head_end is None or body is None:
        return None
    depth, end = 0, None
    for tag in _SECTION.finditer(document, start.start()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = tag.end()
            break
    if end is None:
        return None
    # The sheet is read alone: no running chapter, its own title in the header, no page references into the book.
    # Its first page is a page like the others (in the handbook, the first page is the cover, set without margins).
    header = (
        f"<title>{html.escape(title)}</title>"
        '<style>@page { @top-left { content: none; border: none } @top-right { content: none; border: none } }'
        f' @page {{ @top-center {{ content: "{_css_string(title)}"; font: 8.5pt "Noto Sans CJK SC"; color: #5f5f5f }} }}'
        " @page :first { margin: 22mm 16mm 20mm 24mm;"
        ' @bottom-center { content: counter(page) " / " counter(pages); font: 8.5pt "Noto Sans CJK SC" } }'
        " html body .md-typeset .ref-tail::after { content: none !important }</style>"
    )
    return (
        _TITLE_TAG.sub("", document[: head_end.start()], count=1) + header + document[head_end.start() : body.end()]
        + '<article class="md-content__inner md-typeset quick-sheet">' + _INTERNAL_HREF.sub("", document[start.start() : end])
        + "</article></body></html>"
    )


_TITLE_TAG = re.compile(r"<title>.*?</title>", re.S | re.I)
_STYLESHEET_LINK = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>', re.I)
_HREF = re.compile(r'\bhref="([^"]+)"')
_CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')


def with_used_css(document: str, read: Callable[[str], str | None]) -> str:
    """The document with its linked stylesheets inlined (`read` gives a stylesheet's text from its href), each
    without the rules that name a class no element of the document has.

    The theme's stylesheet styles a whole web site (header, search, navigation…); the PDF uses some sixty classes, and
    WeasyPrint matches every element against every rule that might apply, twice (the book and the quick-code card).
    """
    head_end = _HEAD_END.search(document)
    if head_end is None:
        return document
    classes = frozenset(name for value in _CLASS_ATTRIBUTE.findall(document) for name in html.unescape(value).split())

    def inline(match: re.Match[str]) -> str:
        href = _HREF.search(match.group(0))
        css = read(html.unescape(href.group(1))) if href else None
        # A stylesheet that could close the <style> element stays a link (never the case for the theme's).
        if css is None or "</style" in css.lower():
            return match.group(0)
        return f"<style>{used_css(css, classes)}</style>"

    return _STYLESHEET_LINK.sub(inline, document[: head_end.start()]) + document[head_end.start() :]


def used_css(css: str, classes: frozenset[str]) -> str:
    """`css` without the selectors (and then rules) that require a class outside `classes`."""
    return "".join(_used_rule(rule, classes) for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _used_rule(rule: Any, classes: frozenset[str]) -> str:
    if rule.type == "qualified-rule":
        selectors = [tinycss2.serialize(selector) for selector in _selectors(rule.prelude) if _may_match(selector, classes)]
        return ",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}" if selectors else ""
    if rule.type != "at-rule":
        return ""
    if rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
        rules = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        inner = "".join(_used_rule(child, classes) for child in rules)
        return f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}" if inner else ""
    return rule.serialize()


def _selectors(prelude: list[Any]) -> list[list[Any]]:
    """The comma-separated selectors of a rule's prelude (commas inside :is() and :not() are nested tokens)."""
    selectors: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [selector for selector in selectors if any(token.type != "whitespace" for token in selector)]


def _may_match(selector: list[Any], classes: frozenset[str]) -> bool:
    """False when the selector itself (not inside :not(), :is()…, which are nested tokens) needs a missing class."""
    return not any(
        token.type == "literal" and token.value == "." and following.type == "ident" and following.value not in classes
        for token, following in zip(selector, selector[1:])
    )
#: Links into the handbook, which the quick-code sheet on its own cannot follow.
_INTERNAL_HREF = re.compile(r'\s+href="#[^"]*"')


def _css_string(text: str) -> str:
    """`text` as the inside of a double-quoted CSS string."""
    return "".join(char if char.isalnum() or char in " ·-" else f"\\{ord(char):x} " for char in text)


# --- Typesetting the combined HTML for print -------------------------------------------------------------

#: Punctuation that may not start a line (closing marks) and that may not end one (opening marks).
CLOSING_PUNCTUATION = "，。、；：？！）」』】》〉”’…"
#: Marks the font can set in half an em when two meet (not the ellipsis, which is one mark in two halves).
_COMPRESSIBLE = "，。、；：？！）」』】》〉”’（「『【《〈“‘"
OPENING_PUNCTUATION = "（「『【《〈“‘"
_PAIR = re.compile(f"[{_COMPRESSIBLE}]{{2,}}")
_TOKEN = re.compile(r"(<[^>]*>)")
_SKIPPED = {"style", "script", "svg", "title", "code", "pre"}
_INLINE_END = re.compile(r"</(a|span|strong|em|b|i|kbd|code|mark|small)\s*>", re.I)
_BLOCK_END = re.compile(r"</(p|li|td|th|dd|dt|blockquote|h[1-6])\s*>", re.I)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
#: The end of a paragraph's text: two characters (a character may be an entity), then closing punctuation.
_TAIL = re.compile(rf"((?:&[#\w]+;|[^\s<>&]){{2}}[{CLOSING_PUNCTUATION}.,!?)]*)$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_INTERNAL_LINK = re.compile(r'(<a\b(?![^>]*\bheaderlink\b)[^>]*\bhref="(#[^"]*)"[^>]*>)([^<]*?)(&[#\w]+;|[^<\s])(</a>)')
_POLICY = re.compile(r'(<span class="policy-value"[^>]*>)([^<]*)(</span>)')
_POLICY_PUNCTUATION = re.compile(rf"([\s{CLOSING_PUNCTUATION}{OPENING_PUNCTUATION}–—/]+)")


def typeset(document: str, *, body_from: str = "") -> str:
    """mkdocs-to-pdf's combined HTML set for print: page references that stay with their link, policy values
    underlined without their punctuation, punctuation pairs compressed and no single character on a last line.

    Only adds spans (no characters), so the text extracted or copied from the PDF is the text of the page.
    `body_from` marks where the transformed part starts (the cover and contents before it are left alone).
    """
    start = document.find(body_from) if body_from else 0
    head, body = document[: max(start, 0)], document[max(start, 0) :]
    body = _INTERNAL_LINK.sub(_link_with_tail, body)
    body = _POLICY.sub(_policy_with_text_spans, body)
    return head + _typeset_text(body)


def _link_with_tail(match: re.Match[str]) -> str:
    opening, target, text, last, closing = match.groups()
    return f'{opening}{text}<span class="ref-tail" data-ref="{target}">{last}</span>{closing}'


def _policy_with_text_spans(match: re.Match[str]) -> str:
    opening, text, closing = match.groups()
    parts = [
        part if _POLICY_PUNCTUATION.fullmatch(part) else f'<span class="policy-text">{part}</span>'
        for part in _POLICY_PUNCTUATION.split(text) if part
    ]
    return opening + "".join(parts) + closing


def _typeset_text(body: str) -> str:
    tokens = _TOKEN.split(body)
    # First find the paragraph ends on the plain text, then compress punctuation, which adds markup.
    text_tokens: list[int] = []
    tails: dict[int, int] = {}
    skipping: list[str] = []
    for index, token in enumerate(tokens):
        if token.startswith("<"):
            name = _TAG_NAME.match(token)
            tag = name.group(1).lower() if name else ""
            if tag in _SKIPPED and not token.endswith("/>"):
                if token.startswith("</"):
                    if skipping and skipping[-1] == tag:
                        skipping.pop()
                else:
                    skipping.append(tag)
            elif not skipping and _BLOCK_END.match(token):
                tail = _tail_before(tokens, index)
                if tail is not None:
                    tails[tail[0]] = tail[1]
        elif token and not skipping:
            text_tokens.append(index)
    for index in text_tokens:
        text = tokens[index]
        if index in tails:
            start, end = tails[index], len(text.rstrip())
            tokens[index] = (
                _PAIR.sub(_compress, text[:start]) + '<span class="nobreak">'
                + _PAIR.sub(_compress, text[start:end]) + "</span>" + text[end:]
            )
        else:
            tokens[index] = _PAIR.sub(_compress, text)
    return "".join(tokens)


def _compress(match: re.Match[str]) -> str:
    marks = match.group(0)
    return "".join(f'<span class="halt">{mark}</span>' for mark in marks[:-1]) + marks[-1]


def _tail_before(tokens: list[str], end: int) -> tuple[int, int] | None:
    """(token, offset) where the last two characters before the block end at `end` start, if the last is Chinese."""
    index = end - 1
    while index >= 0 and (not tokens[index].strip() or _INLINE_END.fullmatch(tokens[index].strip())):
        index -= 1
    if index < 0 or tokens[index].startswith("<"):
        return None
    match = _TAIL.search(tokens[index].rstrip())
    if match and _CJK.search(match.group(1)):
        return index, match.start(1)
    return None
