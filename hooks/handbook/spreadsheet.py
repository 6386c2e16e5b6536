"""Cells that spreadsheet programs open as text, never as a formula (CSV and .xlsx writers share these)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

#: A cell starting with one of these is run as a formula by Excel, WPS and LibreOffice (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """The cell as text a spreadsheet shows literally: a leading formula character gets a `'` before it (OWASP)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(rows: Iterable[Iterable[str]], *, delimiter: str = ",") -> str:
    """RFC 4180 CSV (CRLF line ends, quotes where needed) with every cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()
