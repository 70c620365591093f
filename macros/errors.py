"""Problems found in checklist files, and the one formatter the CLI, the MkDocs build and the tests share.

The line shape is yamllint's `file:line:col: error: message` followed by check-jsonschema's JSON path, so an editor
can jump to the spot and a person can see which field is meant.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def one_line(text: str) -> str:
    """Text from a file shown inside a problem line: every control, line or paragraph separator as an escape (\\n,
    \\u2028), so one problem is always one line, whatever a field name or value holds."""
    escapes = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(escapes.get(char) or (f"\\u{ord(char):04x}" if unicodedata.category(char) in ("Cc", "Zl", "Zp")
                                         else char) for char in text)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    json_path: str = "$"

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: error: {one_line(self.message)} ({one_line(self.json_path)})"


class CatalogError(Exception):
    """Raised when any checklist file has problems; carries every problem, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    return "\n".join(problem.format() for problem in sorted(problems))


def json_path(parts: tuple) -> str:
    """('items', 1, 'parameters', 0, 'default') -> '$.items[1].parameters[0].default'."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text
