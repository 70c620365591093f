"""Read one YAML file into plain Python data plus the line/column of every value, refusing what YAML allows but a
checklist must never contain.

Refused, each with a `file:line:col` problem instead of a traceback:
- bytes that are not UTF-8 (the position of the first bad byte is reported);
- YAML syntax errors, tabs used for indentation among them;
- duplicate mapping keys (PyYAML keeps the last one silently);
- anchors and aliases: an alias "bomb" (a billion laughs) expands exponentially, and checklists have no use for them;
- explicit tags such as `!!python/object` (only plain scalars, lists and mappings are data here);
- an empty file.
Timestamps stay strings: a checklist never means a date object.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import Problem, json_path

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_CONSTRUCTOR = SafeConstructor()
# libyaml's parser when PyYAML has it (PyPI wheels do): the same events and marks, about ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
INTEGER_DIGITS_MAX = 1000   # characters of a YAML integer; Python reads at most 4,300 digits


@dataclass
class YamlDocument:
    """The data of one file and where each value (and each mapping key) starts, 1-based."""

    data: object = None
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    scalar_styles: dict[tuple, str | None] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def position(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for `path`: the value itself, or its nearest ancestor."""
        table = self.key_positions if key else self.positions
        if key and path in table:
            return table[path]
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def text_position(self, path: tuple, offset: int) -> tuple[int, int]:
        """Where character `offset` of the text value at `path` stands in the file. Exact for one-line plain values and
        for literal blocks (`|`), the two forms snippets are written in; otherwise the value's own position."""
        line, column = self.position(path)
        value = self.data
        for part in path:
            value = value[part]
        before = str(value)[:offset]
        style = self.scalar_styles.get(path)
        if style is None and "\n" not in before:
            return line, column + offset
        if style == "|" and line < len(self.lines):
            # A literal block's text starts on the line after its `|`, each line indented like the first non-empty one.
            content = self.lines[line:]
            first = next((text for text in content if text.strip()), "")
            indent = len(first) - len(first.lstrip(" "))
            return line + 1 + before.count("\n"), indent + len(before) - (before.rfind("\n") + 1) + 1
        return line, column


class YamlProblems(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.format() for p in problems))


_TOO_DEEP = "nested too deeply: a checklist is a few levels deep"


def load_yaml(raw: bytes, display_name: str) -> YamlDocument:
    """Parse `raw` (the file's bytes). Raises YamlProblems with every problem found."""
    text = _decode(raw, display_name)
    try:
        _refuse_aliases_and_tags(text, display_name)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        raise YamlProblems([_syntax_problem(error, text, display_name)]) from None
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow (NUL and other control characters): libyaml's reader gives no mark, only
        # the character's position in the text.
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise YamlProblems([Problem(display_name, line, column, f"character U+{error.character:04X} is not allowed "
                                    "in YAML: remove it (control characters cannot appear in a checklist)")]) from None
    except yaml.YAMLError as error:   # anything else libyaml refuses, said in one line
        raise YamlProblems([Problem(display_name, 1, 1, f"not readable as YAML: {error}".splitlines()[0])]) from None
    except RecursionError:
        raise YamlProblems([Problem(display_name, 1, 1, _TOO_DEEP)]) from None
    if node is None:
        raise YamlProblems([Problem(display_name, 1, 1, "the file is empty: expected a mapping of fields")])
    document = YamlDocument(lines=text.splitlines())
    problems: list[Problem] = []
    try:
        document.data = _build(node, (), document, problems, display_name)
    except RecursionError:
        raise YamlProblems([Problem(display_name, 1, 1, _TOO_DEEP)]) from None
    if problems:
        raise YamlProblems(problems)
    return document


def _decode(raw: bytes, display_name: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlProblems(
            [Problem(display_name, line, column, f"byte 0x{raw[error.start]:02x} is not UTF-8: save the file as UTF-8")]
        ) from None
    return text.removeprefix("\ufeff")


def _refuse_aliases_and_tags(text: str, display_name: str) -> None:
    # Checked on the event stream, before composing, so an alias bomb is refused without ever being expanded.
    # One problem per kind is enough: a file with an alias bomb has hundreds of them.
    first: dict[str, tuple] = {}
    counts: dict[str, int] = {}
    for event in yaml.parse(text, Loader=_LOADER):
        found = []
        if isinstance(event, AliasEvent):
            found.append(("alias", f"YAML alias '*{event.anchor}' is not allowed: write the value out"))
        elif isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)):
            if event.anchor is not None:
                found.append(("anchor", f"YAML anchor '&{event.anchor}' is not allowed: write the value out"))
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                found.append(("tag", f"YAML tag '{tag}' is not allowed: checklists hold plain values only"))
        for kind, message in found:
            counts[kind] = counts.get(kind, 0) + 1
            first.setdefault(kind, (event.start_mark, message))
    problems = []
    for kind, (mark, message) in first.items():
        more = counts[kind] - 1
        suffix = f" ({more} more in this file)" if more else ""
        problems.append(Problem(display_name, mark.line + 1, mark.column + 1, message + suffix))
    if problems:
        raise YamlProblems(problems)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, display_name: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return Problem(display_name, line, column, "tab character: YAML indentation must use spaces")
    message = " ".join(part for part in (error.context, error.problem) if part)
    return Problem(display_name, line, column, f"YAML syntax: {message}")


def _build(node, path: tuple, document: YamlDocument, problems: list[Problem], display_name: str):
    document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path + ("<key>",), document, problems, display_name)
            key_line, key_column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key, str):
                problems.append(Problem(display_name, key_line, key_column,
                                        f"mapping key {key!r} must be text", json_path(path)))
                continue
            if key in result:
                first = document.key_positions[path + (key,)]
                problems.append(Problem(display_name, key_line, key_column,
                                        f"duplicate key '{key}' (first defined at line {first[0]})",
                                        json_path(path + (key,))))
                continue
            document.key_positions[path + (key,)] = (key_line, key_column)
            result[key] = _build(value_node, path + (key,), document, problems, display_name)
        document.positions.pop(path + ("<key>",), None)
        document.scalar_styles.pop(path + ("<key>",), None)
        return result
    if isinstance(node, SequenceNode):
        return [_build(child, path + (index,), document, problems, display_name)
                for index, child in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    document.scalar_styles[path] = node.style or None   # libyaml gives "" for a plain scalar, PyYAML None
    if node.tag == "tag:yaml.org,2002:timestamp" or node.tag not in _SCALAR_TAGS:
        return node.value
    if node.tag == "tag:yaml.org,2002:int" and len(node.value) > INTEGER_DIGITS_MAX:
        # Python refuses to read an integer of more than 4,300 digits (sys.get_int_max_str_digits); no checklist
        # number comes near this, so the text is refused here rather than read.
        problems.append(Problem(display_name, node.start_mark.line + 1, node.start_mark.column + 1,
                                f"a number of {len(node.value)} characters is too long: numbers in a checklist have "
                                f"at most {INTEGER_DIGITS_MAX} characters", json_path(path)))
        return node.value
    return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
