"""YAML loading that remembers where every key and value sits, and keeps every value as the trainer typed it.

PyYAML resolves plain scalars by YAML 1.1, which silently changes what a trainer wrote (`18:00` becomes 1080,
`010` becomes 8, `no` becomes False). Here a plain scalar stays the exact string typed, except `null`/`~`/empty
(nothing) and YAML 1.2's `true`/`false`; models convert strings to numbers or dates where a field is typed so.
Anchors, aliases, merge keys and tags are refused, and size and nesting are bounded, so no file can make the
loader expand, hang or run code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from .problems import Problem

Loc = tuple[str | int, ...]

# libyaml's parser is several times faster and keeps the same marks; fall back where PyYAML lacks it.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The largest YAML file accepted (bytes); the biggest content file today is about 10 KB.
MAX_FILE_BYTES = 256 * 1024
#: The deepest nesting of mappings and lists accepted; content files use at most 5 levels.
MAX_DEPTH = 12
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class Position(NamedTuple):
    """A 1-based line and column inside one file."""

    # A named tuple rather than a frozen dataclass: one is made for every key and value of every file, and a
    # frozen dataclass costs several times more to create.
    line: int
    column: int


@dataclass
class LoadedYaml:
    """A parsed YAML document plus the position of each value and each mapping key."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    #: Where each scalar value's source text starts and ends in `text` (character offsets).
    spans: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    text: str = ""

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

    def position_of(self, loc: Loc, needle: str) -> Position:
        """Where `needle` first occurs inside the source text of the value at `loc` (else the value's start)."""
        span = self.spans.get(tuple(loc))
        if span is not None:
            index = self.text.find(needle, span[0], span[1])
            if index >= 0:
                line = self.text.count("\n", 0, index) + 1
                return Position(line, index - (self.text.rfind("\n", 0, index) + 1) + 1)
        return self.position(loc)


def load_yaml(raw: bytes, path: str) -> tuple[LoadedYaml | None, list[Problem]]:
    """Decode and parse one YAML file; return the document or the problems that stop it."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                path, 1, 1, "(文件)",
                f"文件太大（{len(raw) // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）。请把内容拆成几个文件。",
            )
        ]
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
    try:
        refused = _refused_constructs(text, path)
        if refused:
            return None, refused
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, path)]
    except yaml.YAMLError as error:  # a reader error (e.g. a control character) carries no mark object
        return None, [Problem(path, 1, 1, "(语法)", f"YAML 无法读取这个文件：{error}")]
    loaded = LoadedYaml(path=path, data=None, text=text)
    problems: list[Problem] = []
    if node is None:
        loaded.data = {}
        return loaded, problems
    loaded.data = _construct(node, (), loaded, problems)
    return loaded, problems


def _syntax_problem(error: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = error.problem or "语法错误"
    if error.context and error.context_mark and error.context_mark is not mark:
        detail += f"（{error.context}，从第 {error.context_mark.line + 1} 行第 {error.context_mark.column + 1} 列开始）"
    return Problem(
        path, line, column, "(语法)",
        f"YAML 语法错误：{detail}。请检查缩进（用空格，不要用 Tab）、冒号后的空格和引号是否成对。",
    )


def _refused_constructs(text: str, path: str) -> list[Problem]:
    """Anchors, aliases, tags and too-deep nesting, found from the event stream before anything is built."""
    problems: list[Problem] = []
    references: list[tuple[int, int, str]] = []  # anchors and aliases: reported once per file, at the first
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            references.append((line, column, f"*{anchor}"))
            continue
        if anchor is not None:
            references.append((line, column, f"&{anchor}"))
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!" and event.implicit[1]):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(Problem(
                path, line, column, "(语法)",
                f"不支持 YAML 标签 {shown}：请删掉它。要让内容原样保留，用引号把它括起来。",
            ))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(Problem(path, line, column, "(语法)", f"嵌套太深（超过 {MAX_DEPTH} 层）。请检查缩进。"))
                break
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    if references:
        line, column, first = references[0]
        more = f"本文件共有 {len(references)} 处锚点（&）或别名（*），" if len(references) > 1 else ""
        problems.append(Problem(
            path, line, column, "(语法)",
            f"不支持 YAML 锚点和别名（这里是 {first}）：{more}请删掉它们，需要重复的内容直接写出来。",
        ))
    return problems


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a scalar as typed: quoted and block scalars as text, plain ones as text too, but for nulls and booleans."""
    if not node.style:  # libyaml reports plain style as "", PyYAML as None
        if node.value in _NULLS:
            return None
        if node.value in _BOOLEANS:
            return _BOOLEANS[node.value]
    return node.value


def _construct(node: yaml.Node, loc: Loc, loaded: LoadedYaml, problems: list[Problem]) -> Any:
    loaded.values[loc] = _position(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(
                    loaded.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1, dotted(loc),
                    "字段名必须是一个词，不能是列表或映射。",
                ))
                continue
            key = key_node.value
            child = loc + (key,)
            if key == "<<" and not key_node.style:
                problems.append(Problem(
                    loaded.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1, dotted(child),
                    "不支持 YAML 合并键 <<：请把要用的字段直接写在这里。",
                ))
                continue
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
            result[key] = _construct(value_node, child, loaded, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, loc + (index,), loaded, problems) for index, item in enumerate(node.value)]
    loaded.spans[loc] = (node.start_mark.index, node.end_mark.index)
    return _scalar(node)


def dotted(loc: Loc) -> str:
    """Field path as trainers read it: `templates[1].text` (list items counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "(文件)"
