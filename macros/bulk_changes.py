"""Find PowerShell pipelines that change every object of a kind: `Get-X | Set-X …` with nothing naming or choosing
the objects. `Get-ReceiveConnector` without `-Identity` returns every receive connector of the organisation, internal
anonymous relay connectors included, so piping it into `Set-ReceiveConnector` changes all of them (Microsoft Learn,
Get-ReceiveConnector; ../shared/facts/corrections.md §3). The loader refuses such a pipeline in an apply or revert
snippet (docs/contributing.md, "Changes name their objects").

A pipeline is refused when a stage runs a `Get-*` cmdlet with no identity (a first positional argument or
`-Identity`) and no filter (`-Filter`, or a `Where-Object` stage after it), and a later stage runs a `Set-*`,
`Remove-*`, `Disable-*` or `Enable-*` cmdlet, directly or inside a `ForEach-Object` block. `-Server` alone is not a
filter: it still selects every object on that server.

This is a small lexer, not a PowerShell parser: it knows quoted strings, here-strings, comments, `{…}` blocks and
`(…)` groups well enough to split statements and pipelines, and looks inside every block and group, so a pipeline
inside a `foreach` loop or a `$(…)` is checked too. It never runs anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CHANGE_VERBS = ("Set", "Remove", "Disable", "Enable")
_CHANGE_COMMAND = re.compile(rf"^(?:{'|'.join(_CHANGE_VERBS)})-[A-Za-z]+$", re.IGNORECASE)
_GET_COMMAND = re.compile(r"^Get-[A-Za-z]+$", re.IGNORECASE)
_WHERE_COMMANDS = {"where-object", "where", "?"}
_FOREACH_COMMANDS = {"foreach-object", "foreach", "%"}
_CHOOSING_PARAMETERS = {"identity", "filter"}
_OPENERS = {"(": ")", "{": "}", "@(": ")", "$(": ")", "@{": "}"}


@dataclass(frozen=True)
class BulkChange:
    """A `Get-*` stage that feeds a change without choosing its objects; `offset` is where the `Get-*` name starts."""

    source: str   # the Get-* cmdlet as written
    change: str   # the changing cmdlet as written
    offset: int

    def message(self) -> str:
        return (f"'{self.source} | {self.change}' changes every object {self.source} returns: name the object "
                f"with -Identity, or let the technician choose with -Filter or Where-Object")


@dataclass(frozen=True)
class _Token:
    text: str
    offset: int
    block: bool = False   # a {…} script block or a (…) group, kept whole


def find_bulk_changes(script: str) -> list[BulkChange]:
    """Every unfiltered `Get-* | <change>` pipeline in `script`, nested blocks included, in order of position."""
    found: list[BulkChange] = []
    _scan(script, 0, found)
    return sorted(found, key=lambda change: change.offset)


def _scan(script: str, base: int, found: list[BulkChange]) -> None:
    for pipeline in _pipelines(script, base):
        change = _unfiltered_change(pipeline)
        if change:
            found.append(change)
        for stage in pipeline:
            for token in stage:
                for inner, offset in _groups(token.text):
                    _scan(inner, token.offset + offset, found)


def _unfiltered_change(pipeline: list[list[_Token]]) -> BulkChange | None:
    for index, stage in enumerate(pipeline):
        words = _command_words(stage)
        if not words or not _GET_COMMAND.match(words[0].text) or _chooses_objects(words):
            continue
        for later in pipeline[index + 1:]:
            later_words = _command_words(later)
            if not later_words:
                continue
            name = later_words[0].text.lower()
            if name in _WHERE_COMMANDS:
                break
            if _CHANGE_COMMAND.match(later_words[0].text):
                return BulkChange(words[0].text, later_words[0].text, words[0].offset)
            if name in _FOREACH_COMMANDS:
                inner = _change_inside(later_words[1:])
                if inner:
                    return BulkChange(words[0].text, f"{later_words[0].text} {{ {inner} … }}", words[0].offset)
    return None


def _command_words(stage: list[_Token]) -> list[_Token]:
    """The stage's tokens; a stage that is one (…), @(…) or $(…) group is read as the command inside it."""
    opener = _opener_at(stage[0].text, 0) if len(stage) == 1 else ""
    if opener in ("(", "@(", "$(") and stage[0].text.endswith(")"):
        inner = _pipelines(stage[0].text[len(opener):-1], stage[0].offset + len(opener))
        if len(inner) == 1 and len(inner[0]) == 1:
            return inner[0][0]
    return stage


def _chooses_objects(words: list[_Token]) -> bool:
    if len(words) > 1 and not words[1].text.startswith("-"):
        return True   # the first positional parameter of a Get-* cmdlet is its identity
    return any(word.text.startswith("-") and word.text[1:].split(":")[0].lower() in _CHOOSING_PARAMETERS
               for word in words[1:])


def _change_inside(words: list[_Token]) -> str:
    for word in words:
        if word.block and word.text.startswith("{"):
            for pipeline in _pipelines(word.text[1:-1], word.offset + 1):
                for stage in pipeline:
                    if stage and _CHANGE_COMMAND.match(stage[0].text):
                        return stage[0].text
    return ""


def _pipelines(script: str, base: int) -> list[list[list[_Token]]]:
    """Statements of `script` (split at `;` and at line ends not continued by `|`), each a list of pipeline stages,
    each stage a list of tokens. Offsets are relative to the whole snippet (`base` + position)."""
    statements: list[list[list[_Token]]] = []
    stages: list[list[_Token]] = [[]]
    position = 0
    continued = False   # a line that ends in `|` continues on the next line
    while position < len(script):
        char = script[position]
        if char in " \t\r":
            position += 1
        elif char == "\n" or char == ";":
            if not (char == "\n" and continued) and any(stages):
                statements.append([stage for stage in stages if stage])
                stages = [[]]
            position += 1
        elif char == "#":
            position = _line_end(script, position)
        elif char == "`" and script.startswith("`\n", position):
            position += 2   # an explicit line continuation
        elif char == "|":
            stages.append([])
            continued = True
            position += 1
            continue
        else:
            end = _token_end(script, position)
            text = script[position:end]
            stages[-1].append(_Token(text, base + position, bool(_opener_at(text, 0))))
            position = end
        if char not in " \t\r":
            continued = False
    if any(stages):
        statements.append([stage for stage in stages if stage])
    return statements


def _groups(text: str):
    """(content, offset of the content) of each top-level {…} or (…) group in a token, strings skipped."""
    position = 0
    while position < len(text):
        char = text[position]
        opener = _opener_at(text, position)
        if char in "'\"":
            position = _string_end(text, position)
        elif opener:
            end = _group_end(text, position + len(opener), _OPENERS[opener])
            yield text[position + len(opener):end - 1], position + len(opener)
            position = end
        elif char == "`":
            position += 2
        else:
            position += 1


def _opener_at(text: str, position: int) -> str:
    """The group opener at `position` (`(`, `{`, `@(`, `$(`, `@{`), or "" if none starts there."""
    if text[position:position + 2] in _OPENERS:
        return text[position:position + 2]
    return text[position:position + 1] if text[position:position + 1] in _OPENERS else ""


def _line_end(script: str, position: int) -> int:
    end = script.find("\n", position)
    return len(script) if end == -1 else end


def _token_end(script: str, position: int) -> int:
    """The end of the token starting at `position`: a quoted string, a bracketed group, or a bare word (which may run
    straight into a group or string, as in `$q.$_` or `-f:$x`)."""
    opener = _opener_at(script, position)
    if opener:
        return _group_end(script, position + len(opener), _OPENERS[opener])
    if script.startswith(("@'", '@"'), position):
        closing = "\n" + script[position + 1] + "@"
        end = script.find(closing, position)
        return len(script) if end == -1 else end + len(closing)
    if script[position] in "'\"":
        return _string_end(script, position)
    end = position
    while end < len(script) and script[end] not in " \t\r\n;|#":
        opener = _opener_at(script, end)
        if script[end] in "'\"":
            end = _string_end(script, end)
        elif opener:
            end = _group_end(script, end + len(opener), _OPENERS[opener])
        elif script[end] == "`":
            end += 2
        else:
            end += 1
    return min(end, len(script))


def _string_end(script: str, position: int) -> int:
    quote = script[position]
    end = position + 1
    while end < len(script):
        if quote == '"' and script[end] == "`":
            end += 2
            continue
        if script[end] == quote:
            if script[end + 1:end + 2] == quote:   # a doubled quote stands for itself
                end += 2
                continue
            return end + 1
        end += 1
    return len(script)


def _group_end(script: str, position: int, closer: str) -> int:
    """The position after the `closer` that ends the group whose content starts at `position`."""
    end = position
    while end < len(script):
        char = script[end]
        opener = _opener_at(script, end)
        if char == closer:
            return end + 1
        if char in "'\"":
            end = _string_end(script, end)
        elif char == "#" and closer == "}":
            end = _line_end(script, end)
        elif opener:
            end = _group_end(script, end + len(opener), _OPENERS[opener])
        elif char == "`":
            end += 2
        else:
            end += 1
    return len(script)
