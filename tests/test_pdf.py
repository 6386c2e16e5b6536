"""The PDF handbook (`HANDBOOK_PDF=true mkdocs build`), built once per session and read back with pypdf."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINI, REAL, ROOT

from handbook.load import load_handbook
from handbook.onboarding import natural_key
from handbook.pdf import REQUIRED_FONTS, article_only, used_css
from handbook.placeholders import fill_policy
from handbook.quiz import quiz_questions

HANDBOOK = load_handbook(REAL)
SCENARIOS = sorted(HANDBOOK.scenarios)
#: Each reply's code → the title of its scenario.
TEMPLATES = {t.shortcut: e.model.title for e in HANDBOOK.scenarios.values() for t in e.model.templates}
#: Punctuation that Chinese typesetting never puts at the start of a line, and never at the end of one.
CLOSING = "，。、；：？！）」』】》〉”’…"
OPENING = "（「『【《〈“‘"
#: A heading whose bookmark sits this high on its page starts at the top of the text area (779.5 pt on A4).
TOP_OF_PAGE_PT = 765
#: A line holding one Chinese character, perhaps with closing punctuation: the last line of a badly set paragraph.
#: A page with fewer lines of text than this, before a new chapter, is a near-empty page.
NEAR_EMPTY_LINES = 6
#: Characters of a line that was wrapped (the text block holds about 37 at 10.5 pt; cards and lists hold fewer).
FULL_LINE = 15
LONE_CHARACTER = re.compile(rf"^[\u3400-\u9fff][{CLOSING}]*$")
#: Below this a reply is too small to read at the desk.
MIN_TEMPLATE_PT = 10.0


@dataclass
class Pdf:
    """The built PDF: the reader, each page's text, and the text of each font at each size."""

    path: Path
    reader: PdfReader
    pages: list[str]
    runs: list[tuple[str, str, float]]


def build_pdf(snippets: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run this project's real PDF build on `snippets`, into `site` (the PDF is site/handbook.pdf)."""
    environment = dict(os.environ, HANDBOOK_SNIPPETS=str(snippets), HANDBOOK_PDF="true", NO_MKDOCS_2_WARNING="1", **env)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)


def read_pdf(path: Path) -> Pdf:
    """Every page's text, and every text run with its font and size in points."""
    reader = PdfReader(path)
    runs: list[tuple[str, str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        if text.strip() and font is not None:
            runs.append((text, str(font.get("/BaseFont", "")), abs(size * tm[3] * cm[3])))

    pages = [page.extract_text(visitor_text=visit) for page in reader.pages]
    return Pdf(path, reader, pages, runs)


@pytest.fixture(scope="session")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook's PDF build, run once per test session (handbook.pdf and quick-codes.pdf)."""
    site = tmp_path_factory.mktemp("pdf") / "site"
    result = build_pdf(REAL, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def pdf(pdf_site: Path) -> Pdf:
    """The real handbook as a PDF."""
    return read_pdf(pdf_site / "handbook.pdf")


@pytest.fixture(scope="session")
def quick_sheet(pdf_site: Path) -> Pdf:
    """The quick-code reference card on its own."""
    return read_pdf(pdf_site / "quick-codes.pdf")


def compact(text: str) -> str:
    """Text without any whitespace: pypdf puts spaces and line breaks inside runs of Chinese."""
    return re.sub(r"\s+", "", text)


def outline(pdf: Pdf) -> list[tuple[int, str]]:
    """The PDF bookmarks as (depth, title), in order."""
    return [(depth, title) for depth, title, _, _ in placed_outline(pdf)]


def placed_outline(pdf: Pdf) -> list[tuple[int, str, int, float]]:
    """The PDF bookmarks as (depth, title, page number from 1, height of the heading on its page in pt)."""
    out: list[tuple[int, str, int, float]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, pdf.reader.get_destination_page_number(item) + 1, float(item.top)))

    walk(pdf.reader.outline, 0)
    return out


def running_header(pdf: Pdf, number: int) -> str:
    """The running header of page `number` (from 1): the line pypdf puts just before the page number."""
    lines = [line for line in pdf.pages[number - 1].splitlines() if line.strip()]
    return compact(lines[-2]) if len(lines) >= 2 else ""


def expected_header(pdf: Pdf, placed: list[tuple[int, str, int, float]], number: int) -> str:
    """Chapter and page under way at the top of page `number`: the last headings that start above its first line."""
    first_line = next((compact(line) for line in pdf.pages[number - 1].splitlines() if line.strip()), "")
    chapter, title = "", ""
    for index, (depth, heading, page, top) in enumerate(placed):
        first_on_page = index == 0 or placed[index - 1][2] < page
        at_top = top >= TOP_OF_PAGE_PT or (first_on_page and first_line == compact(heading))
        if page > number or (page == number and not at_top):
            break
        if depth == 0:
            chapter, title = heading, ""
        elif depth == 1:
            title = heading
    return compact(chapter + title)


def lines_of(pdf: Pdf) -> list[tuple[int, str]]:
    """Every non-empty line of the PDF text as (page number, stripped line), headers and footers included."""
    return [(number, line.strip()) for number, text in enumerate(pdf.pages, start=1) for line in text.splitlines() if line.strip()]


def shortcut_rows(pdf: Pdf, first: int = 1, last: int | None = None) -> list[tuple[str, str]]:
    """(code, text of its row) for each row of the quick-code tables on pages first..last."""
    rows: list[tuple[str, str]] = []
    row = re.compile(r"^([a-z][a-z0-9]{1,11})\s+(?=\S)")
    for number, line in lines_of(pdf):
        if number < first or (last is not None and number > last):
            continue
        match = row.match(line)
        if match and match.group(1) in TEMPLATES:
            rows.append((match.group(1), compact(line[match.end():])))
        elif rows and not line.startswith(("编码", f"{number} / ")):
            rows[-1] = (rows[-1][0], rows[-1][1] + compact(line))
    return rows


def expected_codes() -> list[str]:
    """Every code, stage by stage, in natural order (yj2 before yj10)."""
    return [
        code
        for stage_id in HANDBOOK.structure.stages
        for code in sorted(
            (t.shortcut for e in HANDBOOK.scenarios_in(stage_id) for t in e.model.templates), key=natural_key
        )
    ]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_template_of_every_scenario_is_in_the_pdf(pdf: Pdf, scenario_id: str) -> None:
    text = compact("".join(pdf.pages))
    for template in HANDBOOK.scenarios[scenario_id].model.templates:
        assert compact(fill_policy(template.text, HANDBOOK)) in text, template.shortcut


def test_buyer_messages_with_emoji_keep_their_words_in_the_pdf(pdf: Pdf) -> None:
    emoji = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]")
    messages = [line for entry in HANDBOOK.scenarios.values() for line in entry.model.buyer_says if emoji.search(line)]
    assert messages, "no buyer message with an emoji: this test checks nothing"
    text = compact("".join(pdf.pages))
    assert [line for line in messages if compact(emoji.sub("", line)) not in text] == []


def test_templates_are_set_in_the_sans_font_at_10pt_or_more(pdf: Pdf) -> None:
    # Body text is serif; the replies agents send are sans, so everything sans and ≥ 10 pt must hold them all.
    sans = compact("".join(text for text, font, size in pdf.runs if "Noto-Sans-CJK-SC" in font and size >= MIN_TEMPLATE_PT))
    missing = [
        template.shortcut
        for entry in HANDBOOK.scenarios.values()
        for template in entry.model.templates
        if compact(fill_policy(template.text, HANDBOOK)) not in sans
    ]
    assert missing == []


def test_every_stage_and_every_scenario_is_a_bookmark(pdf: Pdf) -> None:
    bookmarks = outline(pdf)
    for stage_id, stage in HANDBOOK.structure.stages.items():
        start = bookmarks.index((0, stage.label))
        end = next((i for i in range(start + 1, len(bookmarks)) if bookmarks[i][0] == 0), len(bookmarks))
        assert [title for _, title in bookmarks[start + 1 : end]] == [
            entry.model.title for entry in HANDBOOK.scenarios_in(stage_id)
        ]


def test_front_matter_and_appendices_are_bookmarked_in_reading_order(pdf: Pdf) -> None:
    chapters = [title for depth, title in outline(pdf) if depth == 0]
    stages = [stage.label for stage in HANDBOOK.structure.stages.values()]
    assert chapters == ["目录", "使用说明", "入职路线", "岗位与买家", "原则", "流程", *stages, "附录"]
    appendix = [title for _, title in outline(pdf)[-4:]]
    assert appendix == ["快捷编码速查表", "平台术语表", "自测题", "自测题答案"]


@pytest.mark.parametrize("which", ["pdf", "quick_sheet"])
def test_only_simplified_chinese_fonts_are_used_and_all_are_embedded(which: str, request: pytest.FixtureRequest) -> None:
    pdf: Pdf = request.getfixturevalue(which)
    fonts = {}
    for page in pdf.reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"]).split("+")[-1]] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert {"Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC"} <= set(fonts)
    # Japanese, Korean or Traditional forms (or a fallback such as DejaVu) mean a font was not named explicitly.
    assert [name for name in fonts if not name.startswith(("Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC", "Noto-Sans-Mono-CJK-SC"))] == []
    assert all(fonts.values())


def test_page_count_is_sane(pdf: Pdf) -> None:
    pages = len(pdf.pages)
    entries = sum(len(getattr(HANDBOOK, kind)) for kind in ("scenarios", "principles", "procedures", "guides"))
    assert entries <= pages <= 4 * entries


def test_pages_are_a4_with_page_numbers_and_running_headers(pdf: Pdf) -> None:
    total = len(pdf.pages)
    for number, page in enumerate(pdf.reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)
        if number > 1:
            assert pdf.pages[number - 1].rstrip().endswith(f"{number} / {total}")
    bargaining = next(text for text in pdf.pages if "买家议价" in text and "yj1" in text)
    assert "售前" in bargaining.splitlines()[-2]


def test_cover_names_the_shop_the_edition_date_and_the_git_version(pdf: Pdf) -> None:
    cover = pdf.pages[0]
    assert HANDBOOK.policy_value("shop.name") in cover
    assert "客服话术手册" in cover
    assert re.search(r"\d{4} 年 \d{1,2} 月 \d{1,2} 日版", cover)
    assert re.search(r"版本 [0-9a-f]{7,}|版本 v?\d", cover)
    assert pdf.reader.metadata.title == f"客服话术手册 · {HANDBOOK.policy_value('shop.name')}"


def test_no_line_starts_with_closing_punctuation(pdf: Pdf) -> None:
    offenders = [
        (number, line)
        for number, text in enumerate(pdf.pages, start=1)
        for line in text.splitlines()
        if line.strip()[:1] in CLOSING and line.strip()
    ]
    assert offenders == []


def test_every_internal_link_has_a_destination(pdf: Pdf) -> None:
    destinations = set(pdf.reader.named_destinations)
    links = [
        annotation.get_object().get("/Dest")
        for page in pdf.reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    internal = [str(dest) for dest in links if dest is not None]
    assert len(internal) > len(SCENARIOS)
    assert sorted(set(internal) - destinations) == []


def test_quiz_answers_name_existing_scenarios_and_their_pages(pdf: Pdf) -> None:
    # One answer per line: "12．B 买家议价（第 69 页） 买家说：…"; pypdf may put spaces anywhere in it.
    answer = re.compile(r"^(\d+)．([A-H])(.+?)（第(\d+)页）")
    found = {
        int(match[1]): (match[2], match[3], int(match[4]))
        for text in pdf.pages
        for line in text.splitlines()
        if "买家说：" in line and (match := answer.match(compact(line)))
    }
    questions = quiz_questions(HANDBOOK)
    assert sorted(found) == [question.number for question in questions]
    for question in questions:
        letter, title, page = found[question.number]
        assert (letter, title) == (question.letter, question.scenario.model.title)
        assert title in pdf.pages[page - 1]


def test_quiz_questions_and_answers_never_share_a_page(pdf: Pdf) -> None:
    questions = [i for i, text in enumerate(pdf.pages) if "买家说：" in text and re.search(r"\bA．", text)]
    answers = [i for i, text in enumerate(pdf.pages) if "可用话术：" in text]
    assert questions and answers
    assert max(questions) < min(answers)


def test_onboarding_path_is_in_the_pdf_day_by_day(pdf: Pdf) -> None:
    days = [title for depth, title in outline(pdf) if depth == 1 and title.startswith("第 ")]
    assert days[0] == "第 1 天：服务意识、原则与礼仪"
    assert [day.split("：")[1] for day in days[1:4]] == ["售前", "售中", "售后"]
    assert days[4] == "第 5 天：投诉与情绪处理"


def test_a_missing_chinese_font_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    no_fonts = tmp_path / "fonts.conf"
    no_fonts.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n')
    result = build_pdf(MINI, tmp_path / "site", FONTCONFIG_FILE=str(no_fonts))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for font in REQUIRED_FONTS:
        assert font in output
    assert "fonts-noto-cjk" in output and "简体中文字体" in output
    assert not (tmp_path / "site" / "handbook.pdf").exists()


def test_the_default_build_makes_no_pdf_and_ships_no_pdf_assets(mini_site: Path) -> None:
    assert not (mini_site / "handbook.pdf").exists()
    assert not list(mini_site.rglob("*.scss")) and not list(mini_site.rglob("cover.html.j2"))


def test_running_header_names_the_chapter_and_page_under_way_at_the_top_of_each_page(pdf: Pdf) -> None:
    placed = placed_outline(pdf)
    wrong = [
        (number, running_header(pdf, number), expected_header(pdf, placed, number))
        for number in range(3, len(pdf.pages) + 1)
        if running_header(pdf, number) != expected_header(pdf, placed, number)
    ]
    assert wrong == []


def test_a_scenario_in_the_running_header_is_on_that_page(pdf: Pdf) -> None:
    placed = placed_outline(pdf)
    scenario_titles = {entry.model.title for entry in HANDBOOK.scenarios.values()}
    starts = [(title, page) for depth, title, page, _ in placed if depth == 1]
    checked = 0
    for number in range(3, len(pdf.pages) + 1):
        header = running_header(pdf, number)
        for index, (title, page) in enumerate(starts):
            if title in scenario_titles and header.endswith(compact(title)) and page <= number:
                following = starts[index + 1][1] if index + 1 < len(starts) else len(pdf.pages)
                # The scenario started on an earlier page (or this one) and the next page-level heading is not above.
                assert number <= following, (number, title)
                checked += 1
                break
    assert checked >= len(HANDBOOK.scenarios)


def test_page_references_stay_whole_and_with_their_link(pdf: Pdf) -> None:
    broken = [
        (number, line)
        for number, line in lines_of(pdf)
        # Split inside, or set on a line of its own away from the link it belongs to.
        if re.search(r"（第\s*(\d+\s*)?$", line) or re.match(r"^(\d+\s*)?页）", line) or re.match(r"^（第\s*\d", line)
    ]
    assert broken == []
    assert sum(len(re.findall(r"（第\s*\d+\s*页）", line)) for _, line in lines_of(pdf)) > len(SCENARIOS)


def test_no_line_ends_with_opening_punctuation(pdf: Pdf) -> None:
    assert [(number, line) for number, line in lines_of(pdf) if line[-1] in OPENING] == []


def test_no_paragraph_ends_with_a_single_character_on_its_last_line(pdf: Pdf) -> None:
    lines = lines_of(pdf)
    # A lone character after a full line ends a wrapped paragraph; after a short line it is a whole one (“嗯。”).
    lone = [
        (number, previous, line)
        for (_, previous), (number, line) in zip(lines, lines[1:])
        if LONE_CHARACTER.match(compact(line)) and len(compact(previous)) >= FULL_LINE
    ]
    assert lone == []


def test_quick_code_table_is_sorted_and_every_row_names_its_scenario(pdf: Pdf) -> None:
    placed = placed_outline(pdf)
    first = next(page for _, title, page, _ in placed if title == "快捷编码速查表")
    last = next(page for _, title, page, _ in placed if title == "平台术语表")
    rows = shortcut_rows(pdf, first, last)
    assert [code for code, _ in rows] == expected_codes()
    assert [code for code, text in rows if compact(TEMPLATES[code]) not in text] == []


def test_quick_code_sheet_is_its_own_pdf_sorted_with_scenarios_and_reply_openings(quick_sheet: Pdf) -> None:
    rows = shortcut_rows(quick_sheet)
    assert [code for code, _ in rows] == expected_codes()
    assert [code for code, text in rows if compact(TEMPLATES[code]) not in text] == []
    openings = {t.shortcut: compact(fill_policy(t.text, HANDBOOK))[:8] for e in HANDBOOK.scenarios.values() for t in e.model.templates}
    assert [code for code, text in rows if openings[code] not in text] == []
    # A reference card: compact rows, about 28 to an A4 page (301 replies once fitted on 11 pages).
    assert len(quick_sheet.pages) <= -(-len(rows) // 28) + 1
    assert all((round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842) for page in quick_sheet.reader.pages)


@pytest.mark.parametrize("which", ["pdf", "quick_sheet"])
def test_pdf_is_tagged_in_simplified_chinese_with_title_and_author(which: str, request: pytest.FixtureRequest) -> None:
    document: Pdf = request.getfixturevalue(which)
    catalog = document.reader.trailer["/Root"]
    assert catalog["/Lang"] == "zh-Hans"
    assert catalog["/MarkInfo"]["/Marked"] is True or catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean
    structure = catalog["/StructTreeRoot"].get_object()
    assert structure["/K"]
    shop = HANDBOOK.policy_value("shop.name")
    assert shop in document.reader.metadata.title
    assert document.reader.metadata.author == shop


def test_no_near_empty_page_before_a_chapter(pdf: Pdf) -> None:
    # A chapter starts a new page; the page before it must not hold only the last line or two of the previous one.
    starts = [page for depth, _, page, _ in placed_outline(pdf) if depth == 0]
    short = []
    for start in starts[1:]:
        body = [line for line in pdf.pages[start - 2].splitlines() if line.strip()][:-2]  # without header and footer
        if len(body) < NEAR_EMPTY_LINES:
            short.append((start - 1, body))
    assert short == []


def test_unused_theme_css_is_dropped_and_the_rest_kept_in_order() -> None:
    css = (
        ".md-header .md-search{display:none}"
        ".md-typeset p, .md-sidebar p{margin:0}"
        ".md-typeset:not(.md-banner) li, :is(.md-nav, .md-typeset) h2{color:red}"
        "@media print{.md-footer{display:none}.md-typeset table{width:100%}}"
        "@media screen{.md-tabs{display:block}}"
        ":root{--md-accent:#d84315}"
    )
    kept = used_css(css, frozenset({"md-typeset"}))
    assert kept == (
        ".md-typeset p{margin:0}"
        ".md-typeset:not(.md-banner) li, :is(.md-nav, .md-typeset) h2{color:red}"
        "@media print{.md-typeset table{width:100%}}"
        ":root{--md-accent:#d84315}"
    )


def test_mkdocs_to_pdf_is_given_only_the_head_and_the_article_of_a_page() -> None:
    page = (
        '<html><head><title>t</title></head><body dir="ltr"><header class="md-header">导航</header>'
        '<nav class="md-nav">目录</nav><article class="md-content__inner md-typeset"><h1>标题</h1><p>正文</p></article>'
        '<footer class="md-footer">页脚</footer></body></html>'
    )
    assert article_only(page) == (
        '<html><head><title>t</title></head><body dir="ltr">'
        '<article class="md-content__inner md-typeset"><h1>标题</h1><p>正文</p></article></body></html>'
    )
    assert article_only("<p>没有正文的页面</p>") == "<p>没有正文的页面</p>"
