"""The adapter's settings in mkdocs.yml (`plugins: - handbook: …`), typed and checked by MkDocs."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

#: The plugin's name in mkdocs.yml and in its entry point (pyproject.toml).
PLUGIN = "handbook"


class HandbookConfig(Config):
    """Where the YAML lives, and whether the build writes .gz/.br copies for the web server."""

    #: The folder with the handbook's YAML, relative to mkdocs.yml unless absolute (tests point it elsewhere).
    snippets_dir = config_options.Type(str, default="snippets")
    #: .gz and .br copies of every text file (`make build` sets HANDBOOK_COMPRESS=true).
    compress = config_options.Type(bool, default=False)


def snippets_dir(config: MkDocsConfig) -> Path:
    """The folder with the handbook's YAML, relative to mkdocs.yml unless absolute."""
    configured = Path(config.plugins[PLUGIN].config.snippets_dir)
    return configured if configured.is_absolute() else Path(config.config_file_path).parent / configured
