"""Generate the handbook's pages in memory from snippets/ and lay out the navigation."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from handbook.problems import guarded
from handbook.cache import load_cached
from handbook.onboarding import training_navigation, training_pages
from handbook.render import generated_pages, navigation
from validate import snippets_dir


@guarded(Abort)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Navigation: home, quick replies, the stages in stages.yml order, principles, procedures, guides, training, then tags."""
    handbook = load_cached(snippets_dir(config))
    config.nav = navigation(
        handbook,
        lead=[{"接待台": "desk.md"}],
        extra=[
            training_navigation(),
            {"导出与对接": "exports.md"},
            {"培训师": ["trainers/how-to-edit.md", "trainers/coverage.md", "trainers/changelog.md"]},
            {"标签索引": "tags.md"},
        ],
    )
    return config


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add one page per scenario, principle, procedure and guide, section index pages and the training pages."""
    handbook = load_cached(snippets_dir(config))
    for src_uri, content in {**generated_pages(handbook), **training_pages(handbook)}.items():
        files.append(File.generated(config, src_uri, content=content))
    return files
