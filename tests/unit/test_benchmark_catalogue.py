"""The benchmark's pure parts: its synthetic catalogues are valid checklists (so the build they time is the real
code path), and what its browser parts count (weights by page kind, ticks, Event Timing entries, --only)."""
from __future__ import annotations

import functools
import sys

import pytest

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


def test_synthetic_site_takes_the_scripts_and_stylesheets_mkdocs_yml_lists(tmp_path):
    project = benchmark.make_project(tmp_path, 1, 2)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for setting in ("extra_javascript", "extra_css"):
        listed = benchmark.site_assets(setting)
        assert listed, setting
        assert f"{setting}: [{', '.join(listed)}]" in config
        assert all((project / "docs" / asset).is_file() for asset in listed)


def test_weight_pages_cover_every_budgeted_kind():
    pages = benchmark.weight_pages(ROOT / "docs")
    assert set(pages) == set(benchmark.BUDGETS["weights"]) == set(benchmark.WEIGHT_ROOTS)
    assert "/checklists/tarpit/" in pages["checklist"] and "/checklists/" not in pages["checklist"]
    assert pages["clients"] == ["/clients/"] and pages["report"] == ["/report/"]
    assert "/kb/tar-pit/" in pages["kb"] and "/c/backscatter/" in pages["kb"]


def test_responses_are_told_apart_by_owner_and_counted_by_kind(tmp_path):
    theme = tmp_path / "material"
    (theme / "templates" / "assets" / "javascripts").mkdir(parents=True)
    (theme / "templates" / "assets" / "javascripts" / "bundle.abc.min.js").write_text("", encoding="utf-8")
    origin = "http://127.0.0.1:8000"
    owner = functools.partial(benchmark.response_owner, origin=origin, material=theme)
    assert owner(origin + "/assets/javascripts/bundle.abc.min.js") == "material"
    assert owner(origin + "/assets/backscatter-path.svg") == "ours"   # in docs/assets: the site's, not the theme's
    assert owner(origin + "/javascripts/sbskb/common.js") == "ours"
    assert owner(origin + "/search/search_index.json") == "search"
    assert owner("http://127.0.0.2:8000/javascripts/sbskb/common.js") == "elsewhere"
    assert benchmark.counted("/javascripts/sbskb/checklist.js", "script")
    assert benchmark.counted("/stylesheets/sbskb/common.css", "stylesheet")
    assert not benchmark.counted("/kb/tar-pit/", "document")
    assert not benchmark.counted("/assets/backscatter-path.svg", "image")
    assert not benchmark.counted("/sitemap.xml", "xhr")
    files = [{"gzip": 900, "counted": True}, {"gzip": 9000, "counted": False}, {"gzip": 100, "counted": True}]
    assert benchmark.page_weight(files) == 1000


def test_ticks_take_the_event_entries_that_started_within_them():
    events = [{"start": 5.0, "duration": 16}, {"start": 10.0, "duration": 24}, {"start": 10.5, "duration": 16},
              {"start": 31.0, "duration": 40}]
    per_tick = benchmark.ticks_with_events([0.0, 10.0, 20.0], events)
    assert [[event["start"] for event in entries] for entries in per_tick] == [[5.0], [10.0, 10.5], [31.0]]


def test_percentile_is_the_nearest_rank():
    values = [float(n) for n in range(1, 201)]
    assert benchmark.percentile(values, 0.95) == 190.0
    assert benchmark.percentile([3.0], 0.95) == 3.0


def test_breakdown_separates_the_tail():
    ticks = [{"total": 1.0, "handler": 0.4, "spent": {"JSON.parse": {"ms": 0.1, "calls": 1, "chars": 10}}}] * 19
    ticks = ticks + [{"total": 9.0, "handler": 1.0, "spent": {}}]
    figures = benchmark.breakdown(ticks)
    assert figures["all"]["ticks"] == 20 and figures["tail"]["ticks"] == 1
    assert figures["tail"]["wait_ms"] == 8.0
    assert figures["all"]["calls"]["JSON.parse"]["chars"] == 9.5


def test_only_runs_the_named_parts():
    assert benchmark.chosen_parts(None, True) == list(benchmark.PARTS)
    assert "lighthouse" not in benchmark.chosen_parts(None, False)
    assert benchmark.chosen_parts("tick,weights", True) == ["weights", "tick"]
    with pytest.raises(ValueError, match="unknown part"):
        benchmark.chosen_parts("weights,speed", True)
