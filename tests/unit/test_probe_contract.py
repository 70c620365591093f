"""The SMTP probe is one file with no import of this project (technicians download it), so what it shares with the
site is held to the site's own definitions here: the export format, ids, checks and the checklists it names."""
from __future__ import annotations

import importlib.util
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from macros import vocabulary
from macros.loader import load_catalog
from macros.progress_file import export_problems
from support import ROOT

CATALOG = load_catalog(ROOT)
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "probe-v1.schema.json").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("probe", ROOT / "docs" / "downloads" / "probe.py")
probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe)


def test_the_export_is_the_sites_format_for_the_outside_test_item():
    # The probe writes version 3, which every release since then imports (an offline copy not yet updated too): it
    # carries all the probe has to say; version 4 only adds the kept mail-log summary.
    assert (probe.EXPORT_FORMAT, probe.EXPORT_VERSION) == (vocabulary.EXPORT_FORMAT, 3)
    assert probe.EXPORT_VERSION in vocabulary.EXPORT_VERSIONS
    assert probe.ITEM_ID in {item.id for item in CATALOG.checklist("smtp-test").items}
    assert "evidence" in vocabulary.ENTRY_FIELDS_V3
    # Earlier releases put the evidence above the note: notes are split where the probe's words start.
    assert probe.evidence({"started": "2026-12-05T00:00:00Z", "domain": "contoso.com", "hosts": []}).startswith(
        vocabulary.EVIDENCE_START)
    assert "^" + probe.CLIENT_ID.pattern + "$" == vocabulary.CLIENT_ID_PATTERN


def test_the_probes_file_imports_into_this_release():
    report = {"started": "2026-12-05T00:00:00Z", "domain": "contoso.com", "hosts": [
        {"host": "mx.contoso.com", "address": "192.0.2.1", "verdict": "pass",
         "checks": [{"id": "unknown-recipient", "code": 550, "message": "refused"}]}]}
    assert export_problems(probe.progress_file(report, "c1", "Contoso"), []) == []


def test_the_schema_lists_exactly_the_probes_checks_and_verdicts():
    check = SCHEMA["properties"]["hosts"]["items"]["properties"]["checks"]["items"]["properties"]
    assert check["id"]["enum"] == list(probe.CHECK_IDS)
    assert set(check["verdict"]["enum"]) == set(probe.VERDICTS)
    assert SCHEMA["properties"]["probe"]["const"] == probe.VERSION


def test_every_checklist_the_probe_names_exists_with_its_anchor():
    items = {checklist.id: {item.id for item in checklist.items} for checklist in CATALOG.checklists}
    for text in probe.CHECKLISTS.values():
        path = re.search(r"\(checklists/([a-z-]+)/(?:#([a-z0-9-]+))?\)", text)
        assert path and path.group(1) in items, text
        assert path.group(2) is None or path.group(2) in items[path.group(1)], text


@settings(max_examples=300)
@given(st.text(st.sampled_from("ab.-_'@+% 0Z\u00e9"), max_size=30).map(lambda t: t + "@contoso.com")
       | st.text(st.sampled_from("ab.-@0Z"), max_size=30))
def test_the_probe_takes_the_addresses_and_domains_the_site_takes(text):
    """What the probe refuses in one line is what the site's fields refuse: the same patterns, by behaviour."""
    from macros.parameters import TYPE_PATTERNS

    assert bool(probe.ADDRESS.fullmatch(text)) == bool(re.fullmatch(TYPE_PATTERNS["email"][0], text))
    assert bool(probe.DOMAIN.fullmatch(text)) == bool(re.fullmatch(TYPE_PATTERNS["domain"][0], text))
