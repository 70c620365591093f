"""The browser half of tests/vectors/template-vectors.json: the page script renders and validates exactly as Python."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page

from support import VECTORS, vector_parameter

pytestmark = pytest.mark.e2e


def test_render_vectors(checklist_page: Page):
    results = checklist_page.evaluate(
        "vectors => vectors.map(v => window.sbskb.renderTemplate(v.template, "
        "Object.fromEntries(Object.entries(v.values).map(([k, x]) => [k, String(x)]))))",
        VECTORS["render"])
    assert results == [vector["expected"] for vector in VECTORS["render"]]


def test_validate_vectors(checklist_page: Page):
    # The same browser_spec() that writes the page's data-* attributes.
    specs = [vector_parameter(vector["parameter"]).browser_spec() for vector in VECTORS["validate"]]
    results = checklist_page.evaluate(
        "([specs, inputs]) => specs.map((s, i) => window.sbskb.validateValue(s, inputs[i]))",
        [specs, [vector["input"] for vector in VECTORS["validate"]]])
    for vector, result in zip(VECTORS["validate"], results):
        assert result["ok"] == vector["valid"], (vector, result)
        if vector["valid"]:
            assert result["value"] == str(vector["value"]), (vector, result)
