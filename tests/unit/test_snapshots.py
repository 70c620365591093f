"""Golden files for every generated snippet (defaults filled in). After an intended change, run
`.venv/bin/python -m pytest tests/unit/test_snapshots.py --update-snapshots` and review the diff like code."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.loader import load_catalog
from support import ROOT, recorded_cases

SNAPSHOTS = ROOT / "tests" / "snapshots"
CATALOG = load_catalog(ROOT)
# A revert is kept as written from a recorded value (RECORDED_EXAMPLES), and its 'absent' branch on its own.
CASES = [
    (checklist.id, item, variant, snippet, branch)
    for checklist in CATALOG.checklists
    for item in checklist.items
    for variant in item.variants
    for snippet in variant.snippets
    for branch in (("", "absent") if snippet.absent_template else ("",))
]


def snapshot_path(checklist_id, item, variant, snippet, branch) -> Path:
    kind = snippet.kind + (f"-{branch}" if branch else "")
    return SNAPSHOTS / checklist_id / item.id / "+".join(variant.platforms) / f"{kind}.{snippet.format}"


def _text(item, variant, snippet, branch) -> str:
    defaults = {p.name: p.default for p in item.parameters}
    recorded = recorded_cases(item, defaults)[2 if branch else 1]
    return item.fill(snippet, variant, defaults, recorded)


@pytest.mark.parametrize("checklist_id, item, variant, snippet, branch", CASES,
                         ids=[str(snapshot_path(*case).relative_to(SNAPSHOTS)) for case in CASES])
def test_snippet_matches_snapshot(checklist_id, item, variant, snippet, branch, update_snapshots):
    text = _text(item, variant, snippet, branch) + "\n"
    path = snapshot_path(checklist_id, item, variant, snippet, branch)
    if update_snapshots:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.read_text(encoding="utf-8") == text


def test_no_orphan_snapshots():
    expected = {snapshot_path(*case) for case in CASES}
    assert {path for path in SNAPSHOTS.rglob("*") if path.is_file()} == expected
