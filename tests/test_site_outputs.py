"""`site_outputs` publishes exactly what the MkDocs adapter gives MkDocs: same files, same content, same nav.

The plugins of mkdocs.yml, the handbook's among them, run in-process through MkDocs' own plugin collection (config,
files and page Markdown events), so every file the adapter adds is compared with the core's outputs byte for byte.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REAL, ROOT

from handbook.cache import rules_cached
from handbook.check import check_handbook
from handbook.pages import HOW_TO_USE_URI, ONBOARDING_URI
from handbook.pdf import pdf_chapters, pdf_pages
from handbook.site import SiteOptions, fill_page, mkdocs_nav, site_outputs
from handbook_mkdocs.outputs import write_site_files


@pytest.fixture(scope="module")
def hooks_run(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch):
    """Run the project's hooks on the real handbook as `mkdocs build` does, up to the files and the nav."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    for name in ("HANDBOOK_SNIPPETS", "HANDBOOK_SITE_URL", "HANDBOOK_PDF", "HANDBOOK_OFFLINE", "HANDBOOK_COMPRESS"):
        monkeypatch_module.delenv(name, raising=False)
    monkeypatch_module.chdir(ROOT)
    site = tmp_path_factory.mktemp("hooks") / "site"
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return config, files, site


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def outputs():
    handbook = check_handbook(REAL)
    return site_outputs(handbook, rules=rules_cached(REAL), options=SiteOptions(today=datetime.date.today()))


def test_every_file_a_hook_adds_is_in_the_outputs_with_the_same_content(hooks_run, outputs) -> None:
    _, files, _ = hooks_run
    generated = {file.src_uri: file.content_bytes for file in files if file.generated_by}
    assert len(generated) > 90
    expected = {uri: content.encode("utf-8") if isinstance(content, str) else content for uri, content in outputs.files.items()}
    assert generated == expected


def test_the_nav_is_the_one_the_hooks_set(hooks_run, outputs) -> None:
    config, _, _ = hooks_run
    assert mkdocs_nav(outputs.nav) == config.nav


def test_the_exports_page_is_filled_as_the_hook_fills_it(hooks_run, outputs) -> None:
    config, files, _ = hooks_run
    from mkdocs.structure.pages import Page

    file = files.get_file_from_path("exports.md")
    source = Path(file.abs_src_path).read_text(encoding="utf-8")
    by_hook = config.plugins.on_page_markdown(source, page=Page(None, file, config), config=config, files=files)
    assert by_hook != source
    assert fill_page(source, outputs.fills["exports.md"]) == by_hook


def test_the_markdown_copies_are_the_ones_written_after_the_build(hooks_run, outputs) -> None:
    config, _, site = hooks_run
    write_site_files(site, config.plugins["handbook"].site)
    written = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.md")}
    assert len(written) > 40
    assert written == outputs.site_files


def test_the_pdf_outputs_add_its_pages_and_use_its_chapter_order() -> None:
    handbook = check_handbook(REAL)
    pdf = site_outputs(handbook, rules=rules_cached(REAL), options=SiteOptions(pdf=True))
    nav = mkdocs_nav(pdf.nav)
    assert nav[:2] == [HOW_TO_USE_URI, ONBOARDING_URI]
    assert [next(iter(section)) for section in nav[2:]] == [chapter.title for chapter in pdf_chapters(handbook)]
    assert pdf_pages(handbook).items() <= pdf.files.items()


def test_directory_urls_and_site_url_reach_the_practice_page_and_llms_txt() -> None:
    handbook = check_handbook(REAL)
    rules = rules_cached(REAL)
    offline = site_outputs(handbook, rules=rules, options=SiteOptions(use_directory_urls=False, site_url="https://kf.example/hb/"))
    assert 'data-src="../assets/practice.json"' in offline.files["training/practice.md"]
    assert "https://kf.example/hb/" in offline.files["llms.txt"]
    served = site_outputs(handbook, rules=rules, options=SiteOptions())
    assert 'data-src="../../assets/practice.json"' in served.files["training/practice.md"]
    assert "https://" not in served.files["llms.txt"]


def test_site_outputs_runs_without_mkdocs() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "mkdocs" or name.startswith("mkdocs.") or name.startswith("material"):
                    raise ImportError("MkDocs must not be imported by the core: " + name)
        sys.meta_path.insert(0, Block())
        sys.path.insert(0, {str(ROOT / "hooks")!r})
        from handbook.cache import rules_cached
        from handbook.check import check_handbook
        from handbook.site import SiteOptions, site_outputs
        outputs = site_outputs(check_handbook({str(REAL)!r}), rules=rules_cached({str(REAL)!r}), options=SiteOptions())
        print(len(outputs.files))
        """
    )
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert process.returncode == 0, process.stderr
    assert int(process.stdout) > 90


def test_every_site_page_carries_its_search_weight_in_front_matter(outputs) -> None:
    import yaml

    def search(uri: str) -> dict:
        _, front_matter, _ = outputs.files[uri].split("---\n", 2)
        return yaml.safe_load(front_matter)["search"]

    weights = [search(uri)["boost"] for uri in ("presale/bargaining.md", "principles/honesty.md", "presale/index.md", "training/onboarding.md")]
    assert weights == [3.0, 0.4, 0.2, 0.4]
    assert search("desk.md") == {"exclude": True}  # a page's own search settings stay as they are
    assert all("search" in yaml.safe_load(content.split("---\n", 2)[1]) for uri, content in outputs.files.items() if uri.endswith(".md"))


def test_a_page_without_front_matter_gets_one() -> None:
    from handbook.site import with_search_boost

    assert with_search_boost("# 标题\n", 0.4) == "---\nsearch:\n  boost: 0.4\n---\n\n# 标题\n"
