"""Synthetic handbook content for benchmarks: the real snippets plus N-1 varied copies of every scenario.

Nothing generated here is committed: the copies are written into a temporary folder.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "snippets"


#: One character per copy, put before every run of Chinese text of the copy with `distinct_text`: plain nouns, so no
#: copy forms a word the content lint refuses (最, 第一 …). 99 copies, for 100× content.
_COPY_MARKS = (
    "山水花草石田云风雨雪日月星河江湖海天地春夏秋冬东西南北茶米面豆瓜果桃李杏梅兰竹菊松柏柳杨桥路街巷村镇城乡门窗"
    "桌椅灯笔纸墨书画琴棋歌舞诗词马牛羊鸡鸭鹅鱼虾蟹鸟虫猫狗熊虎兔鹿蜂蝶叶枝根苗稻麦莲荷藕姜蒜葱"
)
_SLOT = re.compile(r"(\{[^{}]*\})")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def synthesize(target: Path, scale: int, *, source: Path = REAL, distinct_text: bool = False) -> Path:
    """Write a snippets folder with `scale` times the real scenarios into target; return it.

    Copies share the real text, apart from a suffix on titles and buyer messages. With `distinct_text`, every run of
    Chinese text in a copy's own text (goal, buyer messages, guidance, replies, conditions, notes) starts with the
    copy's mark character, so no run repeats between copies, as in a real handbook of that size: a cost benchmark must
    not gain from work remembered across copies (jieba's cut of a run, a rendered text)."""
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
            if distinct_text:
                _mark_text(data, _COPY_MARKS[(copy - 1) % len(_COPY_MARKS)])
            out = target / "scenarios" / path.parent.name / f"{path.stem}-v{copy}.yml"
            out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _mark_text(scenario: dict, mark: str) -> None:
    """Put `mark` before every run of Chinese text outside {slots} in the scenario's own text."""

    def marked(text: str) -> str:
        parts = _SLOT.split(text)
        return "".join(part if _SLOT.fullmatch(part) else _HAN_RUN.sub(lambda run: mark + run.group(), part) for part in parts)

    scenario["goal"] = marked(scenario["goal"])
    scenario["buyer_says"] = [marked(line) for line in scenario["buyer_says"]]
    for kind, lines in scenario.get("guidance", {}).items():
        scenario["guidance"][kind] = [marked(line) for line in lines]
    for template in scenario["templates"]:
        for key in ("text", "when", "note"):
            if template.get(key):
                template[key] = marked(template[key])


def main() -> None:
    """Command line: python -m tests.benchmarks.synthetic TARGET --scale N."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--distinct-text", action="store_true", help="no run of Chinese text repeats between copies")
    args = parser.parse_args()
    synthesize(args.target, args.scale, distinct_text=args.distinct_text)
    print(f"{args.target}: {args.scale}× content")


if __name__ == "__main__":
    main()
