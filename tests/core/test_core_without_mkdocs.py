"""The core (hooks/handbook) loads, checks and renders the whole handbook with MkDocs made unimportable."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import REAL, ROOT


def test_core_renders_every_page_without_mkdocs() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "mkdocs" or name.startswith("mkdocs.") or name.startswith("material"):
                    raise ImportError("MkDocs must not be imported by the core: " + name)
        sys.meta_path.insert(0, Block())
        sys.path.insert(0, {str(ROOT / "hooks")!r})
        from handbook.check import check_handbook
        from handbook.render import generated_pages
        from handbook.exports import export_files, exported_handbook
        handbook = check_handbook({str(REAL)!r})
        pages = generated_pages(handbook)
        files = export_files(exported_handbook(handbook))
        print(len(pages), len(files), sorted(m for m in sys.modules if m.startswith("mkdocs")))
        """
    )
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    pages, files, mkdocs_modules = process.stdout.split(" ", 2)
    assert int(pages) > 60 and int(files) >= 3
    assert mkdocs_modules.strip() == "[]"
