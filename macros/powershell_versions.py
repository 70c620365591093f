"""Find PowerShell that the platform's own PowerShell cannot run: a construct newer than the oldest version a snippet
for that platform may assume (platforms.yaml `oldest_powershell`). SBS 2008 ships Windows PowerShell 1.0, and SBS 2003
ships none, so its snippets target 1.0, the oldest that installs there (../shared/facts/corrections-2.md §18). A
snippet that uses `-join` there does not fail on one line: PowerShell 1.0 cannot parse the script, so nothing runs.

The snippet is read with the real grammar (powershell_grammar.py), never run. Each construct below carries the version
that brought it and the primary source that says so; add one only with such a source. A construct inside a string or
a comment is text, not code, and is not reported.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter

from .powershell_grammar import parse
from .templating import PLACEHOLDER


@dataclass(frozen=True)
class Construct:
    name: str           # as the problem line names it
    since: str          # the Windows PowerShell version that brought it
    instead: str        # what works on older versions, for the problem line
    source: str         # the primary source for `since`
    found_in: Callable[[tree_sitter.Node], bool]


def _operator(*spellings: str) -> Callable[[tree_sitter.Node], bool]:
    # The grammar gives each operator a node of its own type, lower case whatever the script's case (`-JOIN`).
    return lambda node: node.type in spellings


def _command(name: str) -> Callable[[tree_sitter.Node], bool]:
    # A command's name as written, or called with `&`; an alias of the cmdlet is not looked up.
    return lambda node: (node.type in ("command_name", "path_command_name_token")
                         and node.text.decode("utf-8", "replace").lower() == name.lower())


def _try(node: tree_sitter.Node) -> bool:
    return node.type == "try_statement"


def _splatting(node: tree_sitter.Node) -> bool:
    # `@name` as a command argument: the grammar reads it as a variable whose text starts with @.
    return node.type == "variable" and node.text.startswith(b"@") and _in_command_arguments(node)


def _in_command_arguments(node: tree_sitter.Node) -> bool:
    parent = node.parent
    while parent is not None and parent.type not in ("command_elements", "statement_list"):
        parent = parent.parent
    return parent is not None and parent.type == "command_elements"


CONSTRUCTS = (
    Construct("the -join operator", "2.0", "[string]::Join(separator, @(…)), which works on 1.0",
              "about_Join, \"Applies to: Windows PowerShell 2.0, 3.0, 4.0\" (Microsoft, hh847757)",
              _operator("-join")),
    Construct("the Get-Counter cmdlet", "2.0", "typeperf, which every Windows Server has",
              "Get-Counter, \"Applies To: Windows PowerShell 2.0\" (Microsoft, dd367892)",
              _command("Get-Counter")),
    Construct("try/catch/finally", "2.0", "trap, which 1.0 has",
              "Traps vs Try/Catch, PowerShell Team blog (2009): \"Try/Catch: … V2 only\"; about_Try_Catch_Finally, "
              "\"Applies To: Windows PowerShell 2.0\" (Microsoft, dd315350)",
              _try),
    Construct("splatting (@name as a command argument)", "2.0", "each parameter named in the command",
              "about_Splatting: \"Splatting was introduced in Windows PowerShell 2.0\" (Microsoft Learn)",
              _splatting),
)
# -split is left out: its help pages say "Applies To: Windows PowerShell 2.0, 3.0, 4.0", and no Microsoft text found
# says it was new in 2.0. Add it with such a source.


@dataclass(frozen=True)
class NewerConstruct:
    """A construct newer than the snippet's oldest PowerShell; `offset` is where it starts in the template."""

    construct: Construct
    offset: int

    def message(self, platforms: str, oldest: str) -> str:
        construct = self.construct
        return (f"{construct.name} needs Windows PowerShell {construct.since}, but a snippet for {platforms} may "
                f"assume only PowerShell {oldest} (platforms.yaml oldest_powershell): use {construct.instead}")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def find_newer_constructs(template: str, oldest: str) -> list[NewerConstruct]:
    """Every construct of CONSTRUCTS in `template` (a snippet template) that PowerShell `oldest` lacks, in order.
    Each `{{ … }}` placeholder is read as a number of the same length, which is valid wherever a value can stand."""
    script = PLACEHOLDER.sub(lambda match: "0".ljust(len(match.group(0))), template)
    newer = [construct for construct in CONSTRUCTS if version_key(construct.since) > version_key(oldest)]
    if not newer:
        return []
    source = script.encode("utf-8")
    found = []
    stack = [parse(script).root_node]
    while stack:
        node = stack.pop()
        for construct in newer:
            if construct.found_in(node):
                found.append(NewerConstruct(construct, len(source[:node.start_byte].decode("utf-8", "replace"))))
        stack.extend(node.children)
    return sorted(found, key=lambda item: (item.offset, item.construct.name))
