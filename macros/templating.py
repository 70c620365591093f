"""Snippet templates: `{{ name | filter }}` placeholders in otherwise literal text.

Deliberately tiny, so that browser/templating.js can implement the very same rules and both give byte-identical
text (tests/vectors/template-vectors.json is the contract). Every placeholder must name an escaping
filter: no value reaches a snippet raw. Filters escape for one target language each.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .parameters import PARAMETER_TYPES
from .vocabulary import PLACEHOLDER_PATTERN

PLACEHOLDER = re.compile(PLACEHOLDER_PATTERN)
_OPENING = "{{"
# PowerShell's tokenizer treats these four characters as single quotes too, so each must be doubled inside a
# single-quoted string (about_Quoting_Rules: "use a second consecutive single quote").
_PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
# RFC 5321 4.1.2 Dot-string: atoms of atext (RFC 5322 3.2.3) joined by single dots.
_DOT_STRING = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


@dataclass(frozen=True)
class Filter:
    name: str
    applies_to: tuple[str, ...]  # parameter types it accepts
    function: Callable[[int | str], str]
    integer_range: tuple[int, int] | None = None  # the values it can represent, for integer parameters
    applies_to_settings: tuple[str, ...] = ()      # setting types whose value before the change it can write


def decimal(value: int | str) -> str:
    return str(int(value))


def dword_hex(value: int | str) -> str:
    # .reg files write REG_DWORD data as exactly 8 hex digits (KB 310516: "dword:0000000a").
    return f"{int(value):08x}"


def timespan(value: int | str) -> str:
    # Exchange TimeSpan parameters take [d.]hh:mm:ss (Set-ReceiveConnector -TarpitInterval).
    seconds = int(value)
    days, rest = divmod(seconds, 86400)
    clock = f"{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}"
    return f"{days}.{clock}" if days else clock


def ps_quote(value: int | str) -> str:
    text = str(value)
    for quote in _PS_SINGLE_QUOTES:
        text = text.replace(quote, quote * 2)
    return f"'{text}'"


def reg_string(value: int | str) -> str:
    # .reg REG_SZ data: a double-quoted string in which backslash and double quote are backslash-escaped.
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def ps_bool(value: int | str) -> str:
    # A recorded True/False as PowerShell's boolean literal (about_Booleans): only these two texts are accepted.
    return {"True": "$true", "False": "$false"}[str(value)]


def sh_quote(value: int | str) -> str:
    # POSIX sh single quotes take every character literally; a single quote ends them, so it becomes '\'' (shlex).
    return "'" + str(value).replace("'", "'\\''") + "'"


def smtp_path(value: int | str) -> str:
    # A mailbox (or a domain) inside MAIL FROM:<...> or RCPT TO:<...>. RFC 5321 4.1.2: a local part that is not a
    # Dot-string (e.g. one that ends in a dot) can only be sent as a Quoted-string, \ and " backslash-escaped, as
    # Postfix's smtp_quote_rfc821_envelope does; any other is sent as typed. The email and domain patterns admit no
    # space, no control character and no < or >, so nothing can end the path or the command line early.
    text = str(value)
    local, at, domain = text.rpartition("@")
    if not at or _DOT_STRING.fullmatch(local):
        return text
    return '"' + re.sub(r'(["\\])', r"\\\1", local) + '"@' + domain


def plain(value: int | str) -> str:
    # Only for types whose pattern admits letters, digits, dots and hyphens alone: nothing any shell treats specially.
    return str(value)


_ANY = PARAMETER_TYPES
FILTERS: dict[str, Filter] = {
    f.name: f
    for f in (
        Filter("decimal", ("integer",), decimal, (-(2**31), 2**32 - 1), ("dword",)),
        Filter("dword", ("integer",), dword_hex, (0, 2**32 - 1), ("dword",)),
        Filter("timespan", ("integer",), timespan, (0, 10 * 86400)),
        Filter("ps_quote", _ANY, ps_quote, None, ("timespan",)),
        Filter("ps_bool", (), ps_bool, None, ("boolean",)),
        Filter("reg_string", _ANY, reg_string),
        Filter("sh_quote", _ANY, sh_quote),
        Filter("smtp_path", ("email", "domain"), smtp_path),
        Filter("plain", ("hostname", "domain", "ipv4"), plain),
    )
}


@dataclass(frozen=True)
class Placeholder:
    name: str
    filter: str
    offset: int


class TemplateSyntaxError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def placeholders(template: str) -> list[Placeholder]:
    """Every placeholder in order; raises TemplateSyntaxError on a `{{` that is not a well-formed placeholder."""
    found = []
    position = 0
    while (start := template.find(_OPENING, position)) != -1:
        match = PLACEHOLDER.match(template, start)
        if not match:
            raise TemplateSyntaxError("'{{' must start a placeholder like {{ name | filter }}", start)
        found.append(Placeholder(match.group(1), match.group(2), start))
        position = match.end()
    return found


def render(template: str, values: Mapping[str, int | str]) -> str:
    """Fill a template with already validated values. Mirrors `renderTemplate` in browser/templating.js."""
    return PLACEHOLDER.sub(lambda m: FILTERS[m.group(2)].function(values[m.group(1)]), template)
