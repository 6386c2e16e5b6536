"""compress: .gz and .br copies that decompress to exactly the original bytes."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from handbook.compress import compress_site


def test_text_files_get_identical_compressed_copies(tmp_path: Path) -> None:
    page = tmp_path / "presale" / "index.html"
    page.parent.mkdir()
    page.write_text("<p>退换政策</p>" * 200, encoding="utf-8")
    (tmp_path / "tiny.js").write_text("x", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" * 400)
    result = compress_site(tmp_path)
    assert result.files == 1 and result.gzip < result.original and result.brotli < result.original
    assert gzip.decompress((tmp_path / "presale" / "index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((tmp_path / "presale" / "index.html.br").read_bytes()) == page.read_bytes()
    assert not (tmp_path / "tiny.js.gz").exists() and not (tmp_path / "logo.png.gz").exists()


def test_the_same_site_compresses_to_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"k": "值"}' * 100, encoding="utf-8")
    compress_site(tmp_path)
    first = (tmp_path / "a.json.gz").read_bytes()
    compress_site(tmp_path)
    assert (tmp_path / "a.json.gz").read_bytes() == first
