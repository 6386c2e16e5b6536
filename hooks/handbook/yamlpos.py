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

from .names import strings_in
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
_SCALAR, _ALIAS, _MAPPING, _SEQUENCE = yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAPPING_END, _SEQUENCE_END, _DOCUMENT, _STREAM_END = (
    yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent, yaml.StreamEndEvent
)
#: Marks an open list (its items have no keys).
_LIST = object()
# Positions are made for every key and value of every file: tuple.__new__ skips the named tuple's Python-level __new__.
_new = tuple.__new__


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
    #: Every text value with its location, in document order (as `names.strings_in` walks `data`).
    strings: list[tuple[Loc, str]] | None = None

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

    def texts(self) -> list[tuple[Loc, str]]:
        """Every text value with its location, in document order (kept while parsing, else found in `data`)."""
        if self.strings is None:
            self.strings = list(strings_in(self.data, ()))
        return self.strings

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
    loaded = LoadedYaml(path=path, data=None, text=text)
    try:
        refused, problems = _read(text, loaded)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, path)]
    except yaml.YAMLError as error:  # a reader error (e.g. a control character) carries no mark object
        return None, [Problem(path, 1, 1, "(语法)", f"YAML 无法读取这个文件：{error}")]
    if refused:
        return None, refused
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


class _Open:
    """A mapping or list being filled while its events arrive."""

    __slots__ = ("container", "loc", "key", "child", "drop")

    def __init__(self, container: dict[Any, Any] | list[Any], loc: Loc):
        self.container = container
        self.loc = loc
        self.key: Any = None
        #: In a mapping: the location of the value that comes next, once its key has been read.
        self.child: Loc | None = None
        #: In a mapping: the next value belongs to a refused key and is skipped.
        self.drop = False


def _read(text: str, loaded: LoadedYaml) -> tuple[list[Problem], list[Problem]]:
    """Fill `loaded` from one pass over the parser's events; return (refused constructs, other problems).

    The events are checked for anchors, aliases, tags and depth as they arrive, before anything is nested, and
    the document is built from the same events without recursion: no file is parsed twice and none reaches a
    recursive composer. A refused file's half-built document is never used.
    """
    path = loaded.path
    refused: list[Problem] = []
    references: list[tuple[int, int, str]] = []  # anchors and aliases: reported once per file, at the first
    problems: list[Problem] = []
    values, spans = loaded.values, loaded.spans
    strings: list[tuple[Loc, str]] = []
    loaded.strings = strings
    stack: list[_Open] = []
    root: list[Any] = []
    root_mark: yaml.Mark | None = None
    another: yaml.Mark | None = None  # where a second document starts (only one is allowed)
    depth = skipping = documents = 0
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            kind = event.__class__
            if kind is _SCALAR or kind is _ALIAS or kind is _MAPPING or kind is _SEQUENCE:
                mark = event.start_mark
                if kind is _ALIAS or event.anchor is not None or event.tag is not None:
                    _refuse(event, kind, path, refused, references)
                if kind is _MAPPING or kind is _SEQUENCE:
                    depth += 1
                    if depth > MAX_DEPTH:
                        refused.append(Problem(
                            path, mark.line + 1, mark.column + 1, "(语法)", f"嵌套太深（超过 {MAX_DEPTH} 层）。请检查缩进。"
                        ))
                        break
                if documents != 1:
                    continue  # a second document is reported below, once every event has been checked
                if skipping:
                    if kind is _MAPPING or kind is _SEQUENCE:
                        skipping += 1
                    continue
                parent = stack[-1] if stack else None
                if parent is None:
                    loc: Loc = ()
                    root_mark = mark
                elif parent.key is _LIST:
                    loc = parent.loc + (len(parent.container),)
                elif parent.drop:  # the value of a refused key
                    parent.drop = False
                    if kind is _MAPPING or kind is _SEQUENCE:
                        skipping = 1
                    continue
                elif parent.child is None:  # this node is a key
                    skipping = _read_key(event, kind, parent, loaded, problems)
                    continue
                else:
                    loc = parent.child
                    parent.child = None
                values[loc] = _new(Position, (mark.line + 1, mark.column + 1))
                value: Any
                if kind is _SCALAR:
                    spans[loc] = (mark.index, event.end_mark.index)
                    value = _scalar(event)
                    if value.__class__ is str:
                        strings.append((loc, value))
                elif kind is _ALIAS:
                    value = None  # refused above; stands in for the node it names
                else:
                    opened = _Open({} if kind is _MAPPING else [], loc)
                    if kind is _SEQUENCE:
                        opened.key = _LIST
                    value = opened.container
                    stack.append(opened)
                if parent is None:
                    root.append(value)
                elif parent.key is _LIST:
                    parent.container.append(value)  # type: ignore[union-attr]
                else:
                    parent.container[parent.key] = value  # type: ignore[call-overload]
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                depth -= 1
                if skipping:
                    skipping -= 1
                elif documents == 1:
                    stack.pop()
            elif kind is _DOCUMENT:
                documents += 1
                if documents == 2:
                    another = event.start_mark
            elif kind is _STREAM_END:
                break
    finally:
        loader.dispose()
    if references:
        line, column, first = references[0]
        more = f"本文件共有 {len(references)} 处锚点（&）或别名（*），" if len(references) > 1 else ""
        refused.append(Problem(
            path, line, column, "(语法)",
            f"不支持 YAML 锚点和别名（这里是 {first}）：{more}请删掉它们，需要重复的内容直接写出来。",
        ))
    if refused:
        return refused, []
    if another is not None:  # as PyYAML's composer words it
        raise yaml.composer.ComposerError(
            "expected a single document in the stream", root_mark, "but found another document", another
        )
    loaded.data = root[0] if root else {}
    return [], problems


def _refuse(event: Any, kind: type, path: str, refused: list[Problem], references: list[tuple[int, int, str]]) -> None:
    """Note an alias, an anchor or a tag on a node (anchors and aliases are reported once, after the last event)."""
    mark = event.start_mark
    if kind is _ALIAS:
        references.append((mark.line + 1, mark.column + 1, f"*{event.anchor}"))
        return
    if event.anchor is not None:
        references.append((mark.line + 1, mark.column + 1, f"&{event.anchor}"))
    tag = event.tag
    if tag is not None and not (kind is _SCALAR and tag == "!" and event.implicit[1]):
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        refused.append(Problem(
            path, mark.line + 1, mark.column + 1, "(语法)",
            f"不支持 YAML 标签 {shown}：请删掉它。要让内容原样保留，用引号把它括起来。",
        ))


def _read_key(event: yaml.Event, kind: type, mapping: _Open, loaded: LoadedYaml, problems: list[Problem]) -> int:
    """Take a key of `mapping`, or refuse it and its value; return how many levels of the key to skip."""
    mark = event.start_mark
    if kind is not _SCALAR:
        mapping.drop = True
        if kind is _ALIAS:
            return 0  # refused as an alias
        problems.append(Problem(
            loaded.path, mark.line + 1, mark.column + 1, dotted(mapping.loc), "字段名必须是一个词，不能是列表或映射。"
        ))
        return 1
    key = event.value  # type: ignore[attr-defined]
    child = mapping.loc + (key,)
    if key == "<<" and not event.style:  # type: ignore[attr-defined]
        problems.append(Problem(
            loaded.path, mark.line + 1, mark.column + 1, dotted(child), "不支持 YAML 合并键 <<：请把要用的字段直接写在这里。"
        ))
        mapping.drop = True
    elif key in mapping.container:
        first = loaded.keys[child]
        problems.append(Problem(
            loaded.path, mark.line + 1, mark.column + 1, dotted(child),
            f"字段 '{key}' 在同一层重复出现（第一次在第 {first.line} 行）。请删除其中一个。",
        ))
        mapping.drop = True
    else:
        loaded.keys[child] = _new(Position, (mark.line + 1, mark.column + 1))
        mapping.key = key
        mapping.child = child
    return 0


def _scalar(event: yaml.ScalarEvent) -> Any:
    """The value of a scalar as typed: quoted and block scalars as text, plain ones as text too, but for nulls and booleans."""
    if not event.style:  # libyaml reports plain style as "", PyYAML as None
        if event.value in _NULLS:
            return None
        if event.value in _BOOLEANS:
            return _BOOLEANS[event.value]
    return event.value


def dotted(loc: Loc) -> str:
    """Field path as trainers read it: `templates[1].text` (list items counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "(文件)"
