"""render: the Markdown of one scenario, principle and procedure of the small handbook, against stored files.

After an intended change to the templates, rewrite the stored files with
    HANDBOOK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/core/test_render_golden.py
and review the difference in git.
"""

from __future__ import annotations

import os

import pytest

from conftest import FIXTURES, MINI

from handbook.load import load_handbook
from handbook.render import front_matter_block, generated_pages

GOLDEN = FIXTURES / "golden"
PAGES = {
    "scenario.md": "presale/return-policy.md",
    "principle.md": "principles/honesty.md",
    "procedure.md": "procedures/order-check.md",
    "stage-index.md": "presale/index.md",
}


@pytest.mark.parametrize("golden", sorted(PAGES))
def test_rendered_markdown_matches_the_stored_file(golden: str) -> None:
    rendered = generated_pages(load_handbook(MINI))[PAGES[golden]]
    stored = GOLDEN / golden
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN"):
        stored.write_text(rendered, encoding="utf-8")
    assert rendered == stored.read_text(encoding="utf-8")


def test_front_matter_is_yaml_with_html_text_values() -> None:
    assert front_matter_block(title='"引号": 冒号 <b>', hide=["toc"], description="") == (
        "title: '&quot;引号&quot;: 冒号 &lt;b&gt;'\nhide:\n- toc"
    )
