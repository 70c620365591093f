"""Content rules every checklist must keep (issue: the complete reverse-NDR defence)."""
from __future__ import annotations

import re

import pytest
import yaml

from macros.loader import load_catalog
from support import ROOT

CATALOG = load_catalog(ROOT)
ITEMS = [pytest.param(item, id=item.id) for checklist in CATALOG.checklists for item in checklist.items]
PLATFORM_IDS = {platform.id for platform in CATALOG.platforms}
EXPECTED_CHECKLISTS = {"triage", "clear-backlog", "recipient-filtering", "tarpit", "ndr-settings", "monitoring",
                       "smtp-test"}


def test_the_seven_checklists_exist():
    assert {checklist.id for checklist in CATALOG.checklists} == EXPECTED_CHECKLISTS


@pytest.mark.parametrize("checklist", CATALOG.checklists, ids=lambda c: c.id)
def test_each_checklist_covers_every_platform(checklist):
    covered = {p for item in checklist.items for variant in item.variants for p in variant.platforms}
    assert covered == PLATFORM_IDS == set(checklist.platforms)


@pytest.mark.parametrize("item", ITEMS)
def test_item_cites_microsoft_or_an_rfc(item):
    assert item.references, "every item needs a reference"
    assert any(reference.publisher in ("microsoft", "ietf") for reference in item.references)


@pytest.mark.parametrize("item", ITEMS)
def test_every_change_has_a_read_only_check(item):
    for variant in item.variants:
        kinds = {snippet.kind for snippet in variant.snippets}
        if kinds & {"apply", "revert"}:
            assert "check" in kinds, variant.platforms


@pytest.mark.parametrize("item", ITEMS)
def test_windows_2003_registry_settings_only_on_sbs2003_tabs(item):
    # TarpitTime and the SMTPSVC key belong to the Windows Server 2003 SMTP service (Exchange 2003) only.
    for variant in item.variants:
        if variant.platforms != ("sbs2003",):
            text = variant.steps + "".join(snippet.template for snippet in variant.snippets)
            assert not re.search(r"TarpitTime|SMTPSVC|MicrosoftExchangeV2", text), variant.platforms


@pytest.mark.parametrize("item", ITEMS)
def test_powershell_3_shorthand_is_not_used(item):
    # SBS 2008/2011 have PowerShell 1.0/2.0: "Where Property -op value" needs 3.0.
    for snippet in item.snippets:
        assert not re.search(r"\b(Where|Where-Object)\s+[A-Za-z]", snippet.template), snippet.hook


def test_every_checklist_has_a_page_with_its_title_and_a_nav_entry():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    nav_text = str(config["nav"])
    for checklist in CATALOG.checklists:
        page = ROOT / "docs" / "checklists" / f"{checklist.id}.md"
        text = page.read_text(encoding="utf-8")
        assert f"# {checklist.title}\n" in text and f'checklist("{checklist.id}")' in text
        assert f"checklists/{checklist.id}.md" in nav_text


def _markdown_texts(checklist):
    yield checklist.summary
    for item in checklist.items:
        yield item.why
        yield from (variant.steps for variant in item.variants)
        yield from (caveat.text for caveat in item.caveats)


def test_every_link_to_a_page_names_an_existing_page():
    page_links = [(checklist.id, target) for checklist in CATALOG.checklists for text in _markdown_texts(checklist)
                  for target in re.findall(r"\]\(([^)\s]+)\)", text) if not target.startswith(("http", "#"))]
    assert len(page_links) >= 15   # the checklists link to each other and to the KB: this rule is not vacuous
    for checklist_id, target in page_links:
        path = (ROOT / "docs" / "checklists" / target.partition("#")[0]).resolve()
        assert path.is_file(), f"{checklist_id}: {target}"


@pytest.mark.parametrize("item", ITEMS)
def test_every_change_names_what_it_changes_or_why_it_cannot_be_undone(item):
    # The loader refuses a tab that changes the server without either; this pins that the content has them.
    covered = {platform for setting in item.settings for platform, _ in setting.defaults}
    for variant in item.variants:
        if {snippet.kind for snippet in variant.snippets} & {"apply", "revert"}:
            assert item.irreversible or set(variant.platforms) <= covered, variant.platforms
