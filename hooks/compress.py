"""Deployable builds (`make build`) carry .gz and .br copies of every text file; other builds skip the work."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from handbook.compress import compress_site
from handbook.problems import guarded

log = logging.getLogger("mkdocs.hooks.compress")


@guarded(Abort)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Compress the finished site when `extra.compress` (HANDBOOK_COMPRESS=true) is on; this hook runs last."""
    if str(config.extra.get("compress", False)).lower() not in ("true", "1", "yes"):
        return
    result = compress_site(Path(config.site_dir))
    log.info(
        f"压缩：{result.files} 个文本文件 {result.original // 1024} KB → gzip {result.gzip // 1024} KB，"
        f"brotli {result.brotli // 1024} KB"
    )
