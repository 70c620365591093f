"""Apply then revert leaves an Exchange server as it was, for every EMS setting on every platform: the generated
texts are read as the settings they write (the tree-sitter grammar of tests/unit/test_snippet_syntax.py already
holds each to valid PowerShell), starting from every value a client may have recorded before the change."""
from __future__ import annotations

import re

import pytest

from macros import before_values
from macros.loader import load_catalog
from support import ROOT, client_values, recorded_cases

CATALOG = load_catalog(ROOT)
# One Set-* line's named parameters: -Name 'quoted text' | $true | $false | a bare word.
_PARAMETER = re.compile(r"(?<=\s)-([A-Za-z]+)\s+('(?:[^']|'')*'|\$true|\$false|[^\s']+)")
CASES = [
    pytest.param(item, variant, id=f"{item.id}[{'+'.join(variant.platforms)}]")
    for checklist in CATALOG.checklists for item in checklist.items for variant in item.variants
    if any(s.kind == "revert" and s.format == "ems" for s in variant.snippets)
]


def _written(text: str) -> dict[str, str]:
    """What one Set-* command writes: parameter -> value, PowerShell's quoting and booleans undone."""
    assert text.count("\n") == 0 and text.startswith("Set-"), text
    found = {}
    for name, raw in _PARAMETER.findall(text):
        if raw.startswith("'"):
            raw = raw[1:-1].replace("''", "'")
        found[name] = {"$true": "True", "$false": "False"}.get(raw, raw)
    return found


def test_there_are_ems_reverts():
    assert len(CASES) >= 4


@pytest.mark.parametrize("item, variant", CASES)
def test_apply_then_revert_puts_every_setting_back(item, variant):
    snippets = {s.kind: s for s in variant.snippets if s.format == "ems"}
    settings = [s for s in item.settings if s.type != "box" and s.default_for(variant.platforms[0])]
    assert settings, item.id
    for values in client_values(item):
        applied = _written(item.fill(snippets["apply"], variant, values))
        for recorded in recorded_cases(item, values):
            revert = item.revert(snippets["revert"], variant, values, recorded)
            if revert.text is None:   # nothing recorded: the page offers no revert (never a default in its place)
                assert not recorded and all(r.source in ("unrecorded", "unconfirmed") for r in revert.restores.values())
                continue
            reverted = _written(revert.text)
            # The same object: a revert of another connector would leave this one changed.
            assert reverted.get("Identity") == applied.get("Identity"), (values, revert.text)
            for setting in settings:
                start = recorded[setting.id]["value"]
                spec = setting.spec
                assert setting.check_name in reverted, (setting.id, revert.text)
                assert before_values.same_value(spec, reverted[setting.check_name], start), (recorded, revert.text)
                if setting.check_name in applied:
                    want = before_values.canonical(spec, item.fill_applied(setting, values))
                    assert before_values.same_value(spec, applied[setting.check_name], want), applied
