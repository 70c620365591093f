"""The benchmark's synthetic catalogues are valid checklists, so the build they time is the real code path."""
from __future__ import annotations

import sys

from macros.loader import load_catalog
from support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import benchmark  # noqa: E402


def test_synthetic_catalogue_validates(tmp_path):
    project = benchmark.make_project(tmp_path, 3, 4)
    catalog = load_catalog(project)
    assert [len(checklist.items) for checklist in catalog.checklists] == [4, 4, 4]
    assert (project / "docs" / "checklists" / "gen-2.md").read_text(encoding="utf-8").count('checklist("gen-2")') == 1


def test_stock_catalogue_has_the_same_pages_and_commands(tmp_path):
    ours = benchmark.make_project(tmp_path, 3, 4)
    for kind in ("stock", "bare"):
        project = benchmark.make_project(tmp_path, 3, 4, kind)
        assert len(list((project / "docs" / "checklists").glob("gen-*.md"))) == 3
        assert "macros" not in (project / "mkdocs.yml").read_text(encoding="utf-8")
    # The hand-written page carries what a technician reads on ours: every item, both platform tabs and six commands.
    catalog = load_catalog(ours)
    items = catalog.checklists[0].items
    stock_page = (tmp_path / "stock" / "3" / "docs" / "checklists" / "gen-0.md").read_text(encoding="utf-8")
    assert stock_page.count("## Set generated value") == len(items)
    assert stock_page.count("    ```\n") == 2 * sum(len(item.snippets) for item in items)
    assert stock_page.count('=== "') == sum(len(item.variants) for item in items)
