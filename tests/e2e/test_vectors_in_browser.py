"""The browser half of tests/vectors/template-vectors.json: the page script renders and validates exactly as Python."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page

from macros.before_values import default_offered
from macros.loader import load_catalog
from macros.progress_file import local_minute, moment
from macros.render import revert_note
from support import (
    EXPORT_VECTORS,
    RECORDED_EXAMPLES,
    ROOT,
    VECTORS,
    client_values,
    export_vectors_at_scale,
    recorded_cases,
    vector_parameter,
)

BEFORE_VECTORS = json.loads((ROOT / "tests" / "vectors" / "before-vectors.json").read_text(encoding="utf-8"))
LOCAL_MINUTE = json.loads((ROOT / "tests" / "vectors" / "rules" / "local-minute.json").read_text(encoding="utf-8"))
CATALOG = load_catalog(ROOT)

pytestmark = pytest.mark.e2e


def test_render_vectors(checklist_page: Page):
    results = checklist_page.evaluate(
        "vectors => vectors.map(v => window.sbskbTest.renderTemplate(v.template, "
        "Object.fromEntries(Object.entries(v.values).map(([k, x]) => [k, String(x)]))))",
        VECTORS["render"])
    assert results == [vector["expected"] for vector in VECTORS["render"]]


def test_validate_vectors(checklist_page: Page):
    # The same browser_spec() that writes the page's data-* attributes.
    specs = [vector_parameter(vector["parameter"]).browser_spec() for vector in VECTORS["validate"]]
    results = checklist_page.evaluate(
        "([specs, inputs]) => specs.map((s, i) => window.sbskbTest.validateValue(s, inputs[i]))",
        [specs, [vector["input"] for vector in VECTORS["validate"]]])
    for vector, result in zip(VECTORS["validate"], results, strict=True):
        assert result["ok"] == vector["valid"], (vector, result)
        if vector["valid"]:
            assert result["value"] == str(vector["value"]), (vector, result)


def test_export_vectors(page: Page, site_url):
    """The browser's import (the Clients page's bundle) gives every vector file the same problems as the report CLI,
    word for word."""
    page.goto(site_url + "/clients/")
    page.wait_for_selector("[data-dashboard][data-ready]")
    vectors = EXPORT_VECTORS["export"] + export_vectors_at_scale()
    # Files go in as JSON text and are parsed there, as the import does: passed as objects, a "__proto__" key
    # would become the object's prototype instead of a key.
    results = page.evaluate(
        "async ([texts, platforms]) => { const transfer = await window.sbskbTest.parts.transfer();"
        " return texts.map(t => transfer.importProblems(JSON.parse(t), platforms)); }",
        [[v["text"] if "text" in v else json.dumps(v["file"]) for v in vectors], EXPORT_VECTORS["platforms"]])
    for vector, problems in zip(vectors, results, strict=True):
        assert problems == vector["problems"], vector["name"]


def test_entry_and_date_vectors(checklist_page: Page):
    entries = checklist_page.evaluate(
        "vectors => vectors.map(v => window.sbskbTest.clients.itemEntry({items: v.items}, v.id, v.replaces))",
        EXPORT_VECTORS["entry"])
    assert entries == [vector["expected"] for vector in EXPORT_VECTORS["entry"]]
    # Every time the rule's vectors hold, as the bundle shows it in this browser's zone: the rule (local-minute.json,
    # both halves run by tests/unit/test_rule_vectors.py) at the zone's offset at that moment.
    texts = sorted({case["args"][0] for case in LOCAL_MINUTE["cases"] if isinstance(case["args"][0], str)})
    moments = [None if moment(text) == float("-inf") else moment(text) for text in texts]
    shown = checklist_page.evaluate(
        "([texts, moments]) => texts.map((t, i) => [window.sbskbTest.clients.shownMinute(t),"
        " moments[i] === null ? 0 : -new Date(moments[i]).getTimezoneOffset()])", [texts, moments])
    assert [text for text, _ in shown] == [local_minute(text, offset) for text, (_, offset) in zip(texts, shown,
                                                                                                   strict=True)]


def test_retired_line_vectors(page: Page, site_url):
    """The report page's bundle (which lists retired items) words them as macros/progress_file.py does."""
    page.goto(site_url + "/report/")
    page.wait_for_selector("[data-report][data-ready]")
    lines = page.evaluate(
        "vectors => vectors.map(v => window.sbskbTest.clients.retiredLine(v.id, JSON.parse(v.raw)))",
        [{"id": v["id"], "raw": json.dumps(v["raw"])} for v in EXPORT_VECTORS["retired"]])
    assert lines == [vector["expected"] for vector in EXPORT_VECTORS["retired"]]


def test_before_value_vectors(checklist_page: Page):
    """before.js reads every typed or pasted text of tests/vectors/before-vectors.json as macros/before_values.py."""
    vectors = BEFORE_VECTORS["parse"]
    results = checklist_page.evaluate(
        "async vectors => { const record = await window.sbskbTest.parts.record();"
        " return vectors.map(v => record.parse(v.spec, v.text.repeat(v.repeat || 1), v.identity)); }",
        vectors)
    for vector, result in zip(vectors, results, strict=True):
        assert result == vector["expected"], vector["name"]


def test_every_revert_is_written_as_python_writes_it(checklist_page: Page):
    """For every revert of every item, from the default, a recorded value and 'absent', with and without "restore
    Microsoft's default instead" chosen: the same text (or none), the same note, and the same offer of the choice."""
    cases = []
    for checklist in CATALOG.checklists:
        for item in checklist.items:
            specs = {s.id: {"id": s.id, "type": s.type, "property": s.check_name, "object": s.object}
                     for s in item.settings}
            names = {s.id: s.check_name or s.label for s in item.settings}
            for variant in item.variants:
                for snippet in (s for s in variant.snippets if s.kind == "revert"):
                    for values in client_values(item):
                        # Also a value recorded for another connector than the one named: the default, both halves.
                        elsewhere = {s.id: {"value": RECORDED_EXAMPLES[s.type], "object": "SBS09\\Other"}
                                     for s in item.settings if s.object}
                        # And a record of the wrong type, as a file may bring: neither it nor a default is used.
                        wrong = {s.id: {"value": "5" if s.type in ("box", "boolean") else "ticked"}
                                 for s in item.settings}
                        for recorded in [*recorded_cases(item, values), *([elsewhere] if elsewhere else []), wrong]:
                            for use_default in (False, True):
                                revert = item.revert(snippet, variant, values, recorded, use_default)
                                cases.append({"template": snippet.template, "absent": snippet.absent_template,
                                              "specs": specs, "defaults": item.tab_defaults(variant),
                                              "values": {k: str(v) for k, v in values.items()},
                                              "recorded": recorded, "useDefault": use_default, "names": names,
                                              "expected": [revert.text, revert_note(item, revert) if revert.restores
                                                           else None, default_offered(revert.restores)]})
    assert len(cases) > 40
    assert any(case["expected"][2] for case in cases) and any(
        case["useDefault"] and "Microsoft's default, as you chose" in (case["expected"][1] or "") for case in cases)
    assert any("is not one this setting takes" in (case["expected"][1] or "") for case in cases)
    results = checklist_page.evaluate(
        """cases => cases.map(c => {
             const revert = window.sbskbTest.before.fillRevert(c.template, c.absent, c.specs, c.defaults, c.values,
                                                           c.recorded, c.useDefault);
             return [revert.text, revert.order.length ? window.sbskbTest.before.revertNote(revert, c.names) : null,
                     window.sbskbTest.before.defaultOffered(revert)];
           })""", cases)
    assert results == [case["expected"] for case in cases]
