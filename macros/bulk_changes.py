"""Find PowerShell that changes every object of a kind: `Get-X | Set-X …` with nothing naming or choosing the
objects. `Get-ReceiveConnector` without `-Identity` returns every receive connector of the organisation, internal
anonymous relay connectors included, so piping it into `Set-ReceiveConnector` changes all of them (Microsoft Learn,
Get-ReceiveConnector; ../shared/facts/corrections.md §3). The loader refuses such a change in an apply or revert
snippet (docs/contributing.md, "A change names its objects").

The source is a `Get-*` cmdlet with no identity (a first positional argument or `-Identity`, without a `*` wildcard)
and no `-Filter`; `-Server` alone is not a filter, it still selects every object on that server. It is refused when
its objects reach a cmdlet whose verb changes something (`Set`, `Remove`, `Disable`, `Enable`, `Add`, `New` and the
other verbs in `CHANGE_VERBS`) with no `Where-Object` stage or `.Where()` call between them, in any of these forms:
- a later stage of the same pipeline: `Get-X | Set-X`;
- a `ForEach-Object` (`foreach`, `%`) stage or a `.ForEach()` call whose block runs such a cmdlet at any depth;
- a `foreach ($x in <source>) { … }` loop whose body runs one.

This is a small lexer, not a PowerShell parser: it knows quoted strings, here-strings, comments, `{…}` blocks and
`(…)` groups well enough to split statements and pipelines, and it looks inside every block and group, so a pipeline
inside a loop, an `if` or a `$(…)` is checked too. It does not follow values through variables. It never runs
anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Verbs of cmdlets that change state (PowerShell's approved verbs that are not read-only, as Exchange uses them).
CHANGE_VERBS = ("Set", "Remove", "Disable", "Enable", "Add", "New", "Clear", "Suspend", "Resume", "Start", "Stop",
                "Restart", "Move", "Rename", "Update", "Grant", "Revoke", "Install", "Uninstall", "Retry",
                "Disconnect", "Reset", "Redirect", "Mount", "Dismount")
_CHANGE_COMMAND = re.compile(rf"^(?:{'|'.join(CHANGE_VERBS)})-[A-Za-z]+$", re.IGNORECASE)
_GET_COMMAND = re.compile(r"^Get-[A-Za-z]+$", re.IGNORECASE)
_WHERE_COMMANDS = {"where-object", "where", "?"}
_FOREACH_COMMANDS = {"foreach-object", "foreach", "%"}
# Words that PowerShell lets a block or group follow without a space (`%{ … }`, `foreach($x in …){ … }`).
_KEYWORDS = _WHERE_COMMANDS | _FOREACH_COMMANDS | {"if", "elseif", "else", "while", "for", "switch", "do"}
_CHOOSING_PARAMETERS = {"identity", "filter"}
_OPENERS = {"(": ")", "{": "}", "@(": ")", "$(": ")", "@{": "}"}
_LOOP_HEADER = re.compile(r"^\s*(\$[\w:]+)\s+in\s+(.*)$", re.IGNORECASE | re.DOTALL)
_METHOD_CALL = re.compile(r"\.(ForEach|Where)\(", re.IGNORECASE)


@dataclass(frozen=True)
class BulkChange:
    """A `Get-*` cmdlet whose every object reaches a change; `offset` is where the `Get-*` name starts."""

    source: str   # the Get-* cmdlet as written
    change: str   # how its objects are changed, as written
    offset: int

    def message(self) -> str:
        return (f"'{self.source} | {self.change}' changes every object {self.source} returns: name the object "
                f"with -Identity, or let the technician choose with -Filter or Where-Object")


@dataclass(frozen=True)
class _Token:
    text: str
    offset: int

    @property
    def opener(self) -> str:
        return _opener_at(self.text, 0)

    def inner(self) -> tuple[str, int]:
        """A group token's content and where it starts in the snippet."""
        return self.text[len(self.opener):-1], self.offset + len(self.opener)


def find_bulk_changes(script: str) -> list[BulkChange]:
    """Every change of every object of a kind in `script`, nested blocks included, in order of position."""
    found: list[BulkChange] = []
    _scan(script, 0, found)
    return sorted(set(found), key=lambda change: change.offset)


def _scan(script: str, base: int, found: list[BulkChange]) -> None:
    for statement in _statements(script, base):
        change = _loop_change(statement) or _pipeline_change(statement)
        if change:
            found.append(change)
        for stage in statement:
            for token in stage:
                for inner, offset in _groups(token.text):
                    _scan(inner, token.offset + offset, found)


def _pipeline_change(pipeline: list[list[_Token]]) -> BulkChange | None:
    for index, stage in enumerate(pipeline):
        source = _source_of(stage)
        if source is None:
            continue
        method = _method_calls(stage)[1]
        if method:
            return BulkChange(source.text, method, source.offset)
        for later in pipeline[index + 1:]:
            command = later[0].text
            if command.lower() in _WHERE_COMMANDS or _method_calls(later)[0]:
                break
            if _CHANGE_COMMAND.match(command):
                return BulkChange(source.text, command, source.offset)
            if command.lower() in _FOREACH_COMMANDS:
                inner = _first_change_in(later[1:])
                if inner:
                    return BulkChange(source.text, f"{command} {{ {inner} … }}", source.offset)
    return None


def _loop_change(statement: list[list[_Token]]) -> BulkChange | None:
    """`foreach ($x in <unscoped Get-*>) { <change of $x> }`."""
    words = statement[0]
    if len(statement) != 1 or len(words) < 3 or words[0].text.lower() != "foreach" or words[1].opener != "(":
        return None
    header, header_offset = words[1].inner()
    match = _LOOP_HEADER.match(header)
    if not match:
        return None
    sources = _statements(match.group(2), header_offset + match.start(2))
    source = _pipeline_source(sources[0]) if len(sources) == 1 else None
    change = _first_change_in(words[2:], uses=match.group(1))
    if source is None or not change:
        return None
    return BulkChange(source.text, f"foreach {{ {change} … }}", source.offset)


def _method_calls(stage: list[_Token]) -> tuple[bool, str]:
    """For `(Get-X).Where(…)…` or `(Get-X).ForEach(…)`: whether a `.Where(…)` filters the objects first, and the
    change inside the first `.ForEach(…)` that runs one."""
    for token in stage[1:]:
        for call in _METHOD_CALL.finditer(token.text):
            if call.group(1).lower() == "where":
                return True, ""
            argument_start = call.end() - 1
            end = _group_end(token.text, call.end(), ")")
            change = _first_change_in([_Token(token.text[argument_start:end], token.offset + argument_start)])
            if change:
                return False, f".ForEach({{ {change} … }})"
    return False, ""


def _source_of(stage: list[_Token]) -> _Token | None:
    """The `Get-*` token whose every object this stage passes on: an unscoped `Get-*` cmdlet, or a (…), @(…) or $(…)
    group around a pipeline that passes one on (`(Get-X | Sort-Object Name).ForEach(…)`); None if a `.Where(…)`
    filters them."""
    if _method_calls(stage)[0]:
        return None
    if stage[0].opener in ("(", "@(", "$(") and stage[0].text.endswith(")"):
        inner = _statements(*stage[0].inner())
        return _pipeline_source(inner[0]) if len(inner) == 1 else None
    return _unscoped_source(stage)


def _pipeline_source(pipeline: list[list[_Token]]) -> _Token | None:
    """The unscoped `Get-*` token whose objects come out of the end of `pipeline` unfiltered and unchanged."""
    source = _source_of(pipeline[0])
    for stage in pipeline[1:]:
        command = stage[0].text.lower()
        if (command in _WHERE_COMMANDS or command in _FOREACH_COMMANDS or _CHANGE_COMMAND.match(command)
                or _method_calls(stage)[0]):
            return None
    return source


def _unscoped_source(words: list[_Token]) -> _Token | None:
    """The `Get-*` token when the stage runs a `Get-*` cmdlet that neither names nor filters its objects."""
    if not _GET_COMMAND.match(words[0].text):
        return None
    arguments = words[1:]
    if arguments and not arguments[0].text.startswith("-"):
        # The first positional parameter of a Get-* cmdlet is its identity; a wildcard names many objects.
        return words[0] if "*" in arguments[0].text else None
    for index, word in enumerate(arguments):
        name, _, attached = word.text.partition(":")
        if not name.startswith("-") or name[1:].lower() not in _CHOOSING_PARAMETERS:
            continue
        value = attached or (arguments[index + 1].text if index + 1 < len(arguments) else "")
        if name[1:].lower() == "filter" or "*" not in value:
            return None
    return words[0]


def _first_change_in(tokens: list[_Token], uses: str = "") -> str:
    """The first changing cmdlet run anywhere inside the groups and blocks of `tokens`; with `uses`, only one in a
    statement that mentions that variable (a loop's `$x`)."""
    for token in tokens:
        for inner, offset in _groups(token.text):
            for statement in _statements(inner, token.offset + offset):
                text = " ".join(word.text for stage in statement for word in stage).lower()
                for stage in statement:
                    if _CHANGE_COMMAND.match(stage[0].text) and (not uses or uses.lower() in text):
                        return stage[0].text
                    nested = _first_change_in(stage, uses)
                    if nested:
                        return nested
    return ""


def _statements(script: str, base: int) -> list[list[list[_Token]]]:
    """Statements of `script` (split at `;` and at line ends not continued by `|`), each a list of pipeline stages,
    each stage a non-empty list of tokens. Offsets are relative to the whole snippet (`base` + position)."""
    statements: list[list[list[_Token]]] = []
    stages: list[list[_Token]] = [[]]
    position = 0
    continued = False   # a line that ends in `|` (a comment may follow it) continues on the next line
    while position < len(script):
        char = script[position]
        if char in " \t\r":
            position += 1
        elif char == "#":
            position = _line_end(script, position)
        elif char == "\n" or char == ";":
            if not (char == "\n" and continued) and any(stages):
                statements.append([stage for stage in stages if stage])
                stages = [[]]
            continued = False
            position += 1
        elif char == "`" and script.startswith("`\n", position):
            position += 2   # an explicit line continuation
        elif char == "|":
            stages.append([])
            continued = True
            position += 1
        else:
            end = _token_end(script, position)
            stages[-1].append(_Token(script[position:end], base + position))
            continued = False
            position = end
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
    straight into a group or string, as in `$q.$_` or `-f:$x`, unless the word is a keyword such as `%` or
    `foreach`, whose block or group is a token of its own)."""
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
            if opener in ("(", "{") and script[position:end].lower() in _KEYWORDS:
                return end
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
