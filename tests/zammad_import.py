"""Zammad's text module CSV import rules (CanCsvImport), run with Ruby's CSV when ruby is installed, else in Python.

tests/zammad/csv_import.rb is the reference: it parses with Ruby's own CSV library as Zammad does. parse_python
repeats the same steps with Python's csv module and the same options (comma, double quote), for machines
without ruby; the tests run both where they can and require them to agree.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

RUBY_SCRIPT = Path(__file__).parent / "zammad" / "csv_import.rb"
LOOKUP_KEYS = ["id", "name"]
ATTRIBUTES = {
    "id", "user_id", "name", "keywords", "content", "note", "active", "foreign_id", "updated_by_id", "created_by_id",
    "created_at", "updated_at", "user", "groups", "group_ids", "created_by", "updated_by",
}
_LEADING = re.compile(r"\A[\s\u200b\ufeff]+")
_TRAILING = re.compile(r"[\s\u200b\ufeff]+\Z")


def zammad_strip(value: str) -> str:
    """Zammad's String#strip: whitespace, zero-width spaces and BOMs at both ends."""
    return _TRAILING.sub("", _LEADING.sub("", value))


def parse_ruby(path: Path, col_sep: str = ",") -> dict[str, Any]:
    """The import's verdict computed by tests/zammad/csv_import.rb with Ruby's CSV."""
    ruby = shutil.which("ruby")
    assert ruby, "ruby is not installed"
    process = subprocess.run([ruby, str(RUBY_SCRIPT), str(path), col_sep], capture_output=True, text=True, check=True)
    return json.loads(process.stdout)


def parse_python(path: Path, col_sep: str = ",") -> dict[str, Any]:
    """The same verdict with Python's csv module (empty unquoted fields count as missing, as Ruby's nil)."""
    string = path.read_bytes().decode("utf-8")
    try:
        header, *rows = list(csv.reader(io.StringIO(string, newline=""), delimiter=col_sep, quotechar='"', strict=True))
    except (csv.Error, ValueError) as error:
        return {"errors": [f"csv.Error: {error}"], "header": [], "rows": [], "widths": []}
    header = [zammad_strip(column).lower() if column else None for column in header]  # empty: Ruby's nil
    errors: list[str] = []
    if not string.strip():
        errors.append("Unable to parse empty file/string for TextModule.")
    elif not header:
        errors.append("Unable to parse file/string without header for TextModule.")
    elif not rows or not rows[0]:
        errors.append("No records found in file/string for TextModule.")
    elif not {column for column in header if column} & set(LOOKUP_KEYS):
        errors.append(f"No lookup column like {','.join(LOOKUP_KEYS)} for TextModule found.")
    payload: list[dict[str, Any]] = []
    if not errors:
        seen: set[tuple[str, str]] = set()
        for index, row in enumerate(rows, start=1):
            cells = dict(zip(header, row))  # a repeated column: the last one wins, as with Ruby's to_h
            attributes: dict[str, Any] = {}
            for column, value in cells.items():
                if value != "" and column is not None:
                    value = zammad_strip(value)
                    attributes[column] = value.split("~~~") if "~~~" in value else value
            key = next(((k, attributes[k]) for k in LOOKUP_KEYS if k in attributes), None)
            if key and key in seen:
                errors.append(f"Line {index}: duplicate record found.")
                continue
            if key:
                seen.add(key)
            unknown = [k for k in attributes if k not in ATTRIBUTES]
            if unknown:
                errors.append(f"Line {index}: unknown attribute '{unknown[0]}' for TextModule.")
            payload.append(attributes)
    return {"errors": errors, "header": header, "rows": payload, "widths": [len(row) for row in rows]}
