"""Pre-compressed copies of a built site's text files, for servers that send them as they are (nginx gzip_static)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import brotli

#: Text files worth compressing; images and fonts are compressed already.
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".txt", ".svg", ".xml", ".csv", ".md", ".map")
#: Files smaller than this gain nothing (a gzip header alone is 20 bytes).
MIN_BYTES = 512


@dataclass(frozen=True)
class Compressed:
    """What compressing a site wrote: how many files, and their sizes before and after."""

    files: int
    original: int
    gzip: int
    brotli: int


def compress_site(site: Path) -> Compressed:
    """Write `<file>.gz` and `<file>.br` next to every text file of `site` that is worth it."""
    files = original = gzipped = brotlied = 0
    for file in sorted(site.rglob("*")):
        if file.suffix not in TEXT_SUFFIXES or not file.is_file():
            continue
        data = file.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        # mtime=0: the same site gives byte-identical .gz files, so deployments only upload what changed.
        small = gzip.compress(data, compresslevel=9, mtime=0)
        smaller = brotli.compress(data, quality=10)
        file.with_name(file.name + ".gz").write_bytes(small)
        file.with_name(file.name + ".br").write_bytes(smaller)
        files += 1
        original += len(data)
        gzipped += len(small)
        brotlied += len(smaller)
    return Compressed(files, original, gzipped, brotlied)
