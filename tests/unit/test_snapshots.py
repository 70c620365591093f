"""Golden files for every generated snippet (defaults filled in). After an intended change, run
`.venv/bin/python -m pytest tests/unit/test_snapshots.py --update-snapshots` and review the diff like code."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros import templating
from macros.loader import load_catalog
from support import ROOT

SNAPSHOTS = ROOT / "tests" / "snapshots"
CATALOG = load_catalog(ROOT)
CASES = [
    (checklist.id, item, variant, snippet)
    for checklist in CATALOG.checklists
    for item in checklist.items
    for variant in item.variants
    for snippet in variant.snippets
]


def snapshot_path(checklist_id, item, variant, snippet) -> Path:
    return SNAPSHOTS / checklist_id / item.id / "+".join(variant.platforms) / f"{snippet.kind}.{snippet.format}"


@pytest.mark.parametrize("checklist_id, item, variant, snippet", CASES,
                         ids=[str(snapshot_path(*case).relative_to(SNAPSHOTS)) for case in CASES])
def test_snippet_matches_snapshot(checklist_id, item, variant, snippet, update_snapshots):
    text = templating.render(snippet.template, {p.name: p.default for p in item.parameters}) + "\n"
    path = snapshot_path(checklist_id, item, variant, snippet)
    if update_snapshots:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.read_text(encoding="utf-8") == text


def test_no_orphan_snapshots():
    expected = {snapshot_path(*case) for case in CASES}
    assert {path for path in SNAPSHOTS.rglob("*") if path.is_file()} == expected
