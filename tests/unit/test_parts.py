"""A part (browser/parts/*.js, loaded on demand) uses its page's own store and clients, handed over by the page as
objects that hold only what the part uses (browser/parts.js). Those lists are written by hand where each part is
loaded: this holds each to what the part's modules call, so a part never meets a function its page did not hand over.
"""
from __future__ import annotations

import re

import pytest

from support import ROOT

BROWSER = ROOT / "browser"
# The modules one per page (scripts/build-browser.mjs PAGE_STATE).
PAGE_STATE = re.search(r"const PAGE_STATE = \[(.*?)\];", (ROOT / "scripts" / "build-browser.mjs").read_text(
    encoding="utf-8"), re.S).group(1)
SHARED = re.findall(r'"([\w-]+\.js)"', PAGE_STATE)
IMPORT = re.compile(r'^import (?:\* as (\w+)|\{([^}]*)\}) from "\.{1,2}/([\w-]+\.js)";$', re.M)
REEXPORT = re.compile(r'^export (?:\*|\{[^}]*\}) from "\.{1,2}/([\w-]+\.js)";$', re.M)


def _closure(entry):
    """The modules a part bundles (its imports, followed, except the page's own), as paths."""
    seen, todo = [], [entry]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        text = path.read_text(encoding="utf-8")
        for file in [found[2] for found in IMPORT.findall(text)] + REEXPORT.findall(text):
            if file not in SHARED:
                todo.append(BROWSER / file)
    return seen


def _used(paths):
    """{shared file: names the part's modules use of it}."""
    used = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for alias, names, file in IMPORT.findall(text):
            if file not in SHARED:
                continue
            found = set(re.findall(rf"\b{alias}\.(\w+)\b(?!\.js)", text)) - {"js"} if alias else {
                name.strip().split(" as ")[0] for name in names.split(",") if name.strip()}
            used.setdefault(file, set()).update(found)
    return used


def _handed_over(part):
    """{shared file: names} from the page's loadPart("<part>", {...}) call."""
    for path in BROWSER.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        call = re.search(rf'loadPart\("{part}"(.*?)\)\)?;?\n(?:\s*\}}\)\.then|\}}|\s*$)', text, re.S)
        if not call:
            continue
        return {file: set(re.findall(r"(\w+):", body))
                for file, body in re.findall(r'"([\w-]+\.js)": \{(.*?)\}', call.group(1), re.S)}
    return None


PARTS = sorted(path.stem for path in (BROWSER / "parts").glob("*.js"))


@pytest.mark.parametrize("part", PARTS)
def test_each_part_gets_what_it_uses_of_its_page(part):
    used = _used(_closure(BROWSER / "parts" / f"{part}.js"))
    handed = _handed_over(part)
    assert handed is not None, f"no loadPart(\"{part}\", ...) in browser/"
    for file, names in used.items():
        assert names <= handed.get(file, set()), (part, file, sorted(names - handed.get(file, set())))


def test_a_part_that_uses_nothing_of_its_page_is_loaded_without_it():
    assert _used(_closure(BROWSER / "parts" / "record.js")) == {}
