"""mkdocs-to-pdf's event hook module, which the plugin imports from the project folder in the PDF build.

The PDF build's web pages are thrown away (`make pdf` keeps only the PDFs), so they need no "download PDF" link;
the plugin's default injection re-parses every page to add one, about a sixth of the build's time.
"""

from __future__ import annotations

from logging import Logger
from typing import Any


def inject_link(output_content: str, pdf_path: str, page: Any, logger: Logger) -> str:
    """Leave the page as it is."""
    return output_content
