"""YAML loading that remembers where every key and value sits in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

Loc = tuple[str | int, ...]

# libyaml's parser is several times faster and keeps the same marks; fall back where PyYAML lacks it.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Position:
    """A 1-based line and column inside one file."""

    line: int
    column: int


@dataclass
class LoadedYaml:
    """A parsed YAML document plus the position of each value and each mapping key."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, prefer_key: bool = False) -> Position:
        """Position of `loc`, or of its nearest enclosing node that exists in the file."""
        loc = tuple(loc)
        while True:
            if prefer_key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return Position(1, 1)
            loc = loc[:-1]
            prefer_key = False


def load_yaml(raw: bytes, path: str) -> tuple[LoadedYaml | None, list[Problem]]:
    """Decode and parse one YAML file; return the document or the problems that stop it."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                path,
                line,
                column,
                "(文件)",
                f"文件不是 UTF-8 编码（第 {error.start + 1} 个字节 0x{raw[error.start]:02x} 无法解码）。"
                "请在编辑器里用“UTF-8”编码重新保存该文件。",
            )
        ]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = error.problem or "语法错误"
        if error.context and error.context_mark and error.context_mark is not mark:
            detail += f"（{error.context}，从第 {error.context_mark.line + 1} 行第 {error.context_mark.column + 1} 列开始）"
        return None, [
            Problem(
                path,
                line,
                column,
                "(语法)",
                f"YAML 语法错误：{detail}。请检查缩进（用空格，不要用 Tab）、冒号后的空格和引号是否成对。",
            )
        ]
    finally:
        loader.dispose()
    loaded = LoadedYaml(path=path, data=None)
    problems: list[Problem] = []
    if node is None:
        loaded.data = {}
        return loaded, problems
    loaded.data = _construct(node, (), loaded, problems, loader)
    return loaded, problems


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _construct(
    node: yaml.Node,
    loc: Loc,
    loaded: LoadedYaml,
    problems: list[Problem],
    loader: yaml.SafeLoader | yaml.CSafeLoader,
) -> Any:
    loaded.values[loc] = _position(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            child = loc + (key,)
            if key in result:
                first = loaded.keys[child]
                problems.append(
                    Problem(
                        loaded.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        dotted(child),
                        f"字段 '{key}' 在同一层重复出现（第一次在第 {first.line} 行）。请删除其中一个。",
                    )
                )
                continue
            loaded.keys[child] = _position(key_node.start_mark)
            result[key] = _construct(value_node, child, loaded, problems, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, loc + (index,), loaded, problems, loader)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


def dotted(loc: Loc) -> str:
    """Field path as trainers read it: `templates[1].text` (list items counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "(文件)"

