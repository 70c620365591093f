"""The benchmark's synthetic catalogues are valid checklists, so the build they time is the real code path."""
from __future__ import annotations

import sys

from macros.loader import load_catalog
from support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import benchmark  # noqa: E402


def test_synthetic_catalogue_validates(tmp_path):
    project = benchmark.make_project(tmp_path, 3, 4, ours=True)
    catalog = load_catalog(project)
    assert [len(checklist.items) for checklist in catalog.checklists] == [4, 4, 4]
    assert (project / "docs" / "checklists" / "gen-2.md").read_text(encoding="utf-8").count('checklist("gen-2")') == 1


def test_stock_catalogue_has_the_same_number_of_pages(tmp_path):
    project = benchmark.make_project(tmp_path, 3, 4, ours=False)
    assert len(list((project / "docs" / "checklists").glob("gen-*.md"))) == 3
    assert "macros" not in (project / "mkdocs.yml").read_text(encoding="utf-8")
