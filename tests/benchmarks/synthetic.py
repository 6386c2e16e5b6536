"""Synthetic handbook content for benchmarks: the real snippets plus N-1 varied copies of every scenario.

Nothing generated here is committed: the copies are written into a temporary folder.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "snippets"


def synthesize(target: Path, scale: int, *, source: Path = REAL) -> Path:
    """Write a snippets folder with `scale` times the real scenarios into target; return it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    scenarios = sorted((source / "scenarios").glob("*/*.yml"))
    for copy in range(1, scale):
        for path in scenarios:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data["title"] = f"{data['title']}（变体{copy}）"
            data["buyer_says"] = [f"{line} 第{copy}种说法" for line in data["buyer_says"]]
            data["related"] = []
            for template in data["templates"]:
                template["shortcut"] = f"{template['shortcut']}x{copy}"
            out = target / "scenarios" / path.parent.name / f"{path.stem}-v{copy}.yml"
            out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def main() -> None:
    """Command line: python -m tests.benchmarks.synthetic TARGET --scale N."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    synthesize(args.target, args.scale)
    print(f"{args.target}: {args.scale}× content")


if __name__ == "__main__":
    main()
