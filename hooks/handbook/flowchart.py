"""Lay out a procedure's steps as a vertical flowchart, drawn as inline SVG (no script, works offline and in the PDF)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 360
BOX_WIDTH = 300
LINE_HEIGHT = 20
PADDING = 12
GAP = 28
CHARS_PER_LINE = 13


@dataclass(frozen=True)
class Box:
    """One step's box: position, size and the wrapped lines of its title."""

    number: int
    x: int
    y: int
    width: int
    height: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Flowchart:
    """The boxes of a procedure and the size of the drawing."""

    boxes: tuple[Box, ...]
    width: int
    height: int
    gap: int


def layout(titles: list[str]) -> Flowchart:
    """Stack one box per step title, wrapping long Chinese titles."""
    boxes = []
    y = 0
    x = (WIDTH - BOX_WIDTH) // 2
    for number, title in enumerate(titles, start=1):
        lines = _wrap(title)
        height = PADDING * 2 + LINE_HEIGHT * len(lines)
        boxes.append(Box(number, x, y, BOX_WIDTH, height, lines))
        y += height + GAP
    return Flowchart(tuple(boxes), WIDTH, max(y - GAP, 0) + 2, GAP)


def _wrap(title: str) -> tuple[str, ...]:
    # Chinese has no spaces to break at: cut every CHARS_PER_LINE characters.
    return tuple(title[start : start + CHARS_PER_LINE] for start in range(0, len(title), CHARS_PER_LINE)) or ("",)
