"""The WeasyPrint speed fixes (hooks/handbook/weasyprint_fixes.py): fewer layout passes, the same page numbers."""

from __future__ import annotations

import io
import logging
import re

import pytest
from pypdf import PdfReader
from weasyprint import HTML, PROGRESS_LOGGER

from handbook import weasyprint_fixes

SECTIONS = 12

#: Contents (forward references with leaders), a reference back to an earlier section in each section, a body
#: counter(pages) and a footer "n / N": the page counters the handbook uses, and one that must follow the page total.
#: (target-counter(…, pages) is left out: WeasyPrint 70 itself fails on it.)
STYLE = """
@page { size: A6; margin: 15mm 10mm; @bottom-center { content: "p" counter(page) " / " counter(pages) } }
section { break-before: page }
.toc a::after { content: leader(".") "[" target-counter(attr(href), page) "]" }
a.ref::after { content: "（第 " target-counter(attr(href), page) " 页）"; display: inline-block; width: 6em }
.count::after { content: "<" counter(pages) ">" }
"""


def document(*, count: bool = False) -> str:
    """A small book with every kind of page reference (section 7 runs over several pages), and a counter(pages) in
    its text if `count`."""
    toc = "".join(f'<li><a href="#s{n}">Section {n}</a></li>' for n in range(1, SECTIONS + 1))
    sections = []
    for n in range(1, SECTIONS + 1):
        filler = "<p>filler text of a long section.</p>" * (45 if n == 7 else 1)
        back = f'<p>See <a class="ref" href="#s{n - 1}">section {n - 1}</a>.</p>' if n > 1 else ""
        sections.append(f'<section><h1 id="s{n}">Section {n}</h1>{back}{filler}</section>')
    return (
        f'<html lang="en"><head><style>{STYLE}</style></head><body><ul class=toc>{toc}</ul>'
        + ('<p class="count">total</p>' if count else "")
        + "".join(sections) + "</body></html>"
    )


def render(html: str) -> tuple[list[str], int]:
    """The text of each page of `html`, and the number of layout passes WeasyPrint made after the first."""
    assert weasyprint_fixes.apply()
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    level = PROGRESS_LOGGER.level
    PROGRESS_LOGGER.addHandler(handler)
    PROGRESS_LOGGER.setLevel(logging.INFO)
    try:
        pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(level)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return pages, sum("Repagination" in message for message in messages)


@pytest.fixture(scope="module")
def rendered() -> tuple[list[str], int]:
    """The small book without counter(pages) in its text, rendered."""
    return render(document())


def page_of(pages: list[str], section: int) -> int:
    """The page number (from 1) on which the heading of `section` is printed."""
    return next(number for number, text in enumerate(pages, 1) if re.search(rf"^Section {section}$", text, re.M))


def test_the_fixes_know_the_installed_weasyprint_and_pydyf() -> None:
    # An upgrade fails here: read the new code against the fixes' docstrings and add the versions, or drop the fixes.
    assert weasyprint_fixes.apply() is True


def test_references_are_laid_out_again_once_not_twice(rendered: tuple[list[str], int]) -> None:
    assert rendered[1] == 1


def test_every_reference_prints_the_page_of_its_target(rendered: tuple[list[str], int]) -> None:
    pages, _ = rendered
    contents = re.findall(r"Section (\d+) \.*\s*\[(\d+)\]", pages[0])
    assert [(int(section), int(page)) for section, page in contents] == [
        (n, page_of(pages, n)) for n in range(1, SECTIONS + 1)
    ]
    for n in range(2, SECTIONS + 1):
        text = re.sub(r"\s+", "", pages[page_of(pages, n) - 1])
        assert f"section{n - 1}（第{page_of(pages, n - 1)}页）" in text


def test_page_totals_follow_the_final_page_count() -> None:
    pages, _ = render(document(count=True))
    total = len(pages)
    assert total > SECTIONS + 1
    assert f"total<{total}>" in pages[0].replace(" ", "")
    assert [re.search(r"p(\d+) / (\d+)", text).groups() for text in pages] == [  # type: ignore[union-attr]
        (str(number), str(total)) for number in range(1, total + 1)
    ]
