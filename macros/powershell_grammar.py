"""Parse PowerShell with a real grammar (tree-sitter-powershell): the build's check that a snippet uses nothing its
platform's PowerShell lacks (powershell_versions.py), and the tests' check that every generated snippet parses.

One normalisation, and only one, is applied before parsing: tree-sitter-powershell 0.26.4 rejects a bareword comma
list used as a command argument (`Format-List Identity, TarpitInterval`), which PowerShell itself accepts (the
argument becomes an array of strings). `quote_bareword_lists` turns such a list, outside quoted strings only, into
the equivalent quoted list (`Format-List 'Identity', 'TarpitInterval'`). Nothing else is changed.
"""
from __future__ import annotations

import re

import tree_sitter
import tree_sitter_powershell

_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"`]|`.)*\"")
_BAREWORD = r"[A-Za-z][A-Za-z0-9_.*]*"
_BAREWORD_LIST = re.compile(rf"(?<=\s)({_BAREWORD}(?:\s*,\s*{_BAREWORD})+)(?=\s|$)")


def quote_bareword_lists(script: str) -> str:
    def quote_list(match: re.Match) -> str:
        return ", ".join(f"'{word.strip()}'" for word in match.group(1).split(","))

    out, position = [], 0
    for quoted in _QUOTED.finditer(script):
        out.append(_BAREWORD_LIST.sub(quote_list, script[position:quoted.start()]))
        out.append(quoted.group(0))
        position = quoted.end()
    out.append(_BAREWORD_LIST.sub(quote_list, script[position:]))
    return "".join(out)


def parse(script: str) -> tree_sitter.Tree:
    """The syntax tree of `script` as it is: byte offsets in the tree are offsets into `script` encoded as UTF-8."""
    return _PARSER.parse(script.encode("utf-8"))


def syntax_errors(script: str) -> list[str]:
    """Every ERROR or MISSING node, as 'line:column: text', after the one normalisation."""
    source = quote_bareword_lists(script).encode("utf-8")
    errors = []
    stack = [_PARSER.parse(source).root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            text = source[node.start_byte:node.end_byte].decode("utf-8", "replace")[:60]
            errors.append(f"{node.start_point.row + 1}:{node.start_point.column + 1}: {node.type} {text!r}")
        stack.extend(node.children)
    return errors
