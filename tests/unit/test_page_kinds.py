"""Each page that holds a page kind names it in its front matter (page_kind), so overrides/main.html links the kind's
stylesheet in the head and its controls are drawn styled from the first paint; no other page names one."""
from __future__ import annotations

import re

from support import ROOT

# The macro that renders a page kind's root -> the kind (browser/common.js PAGE_KINDS, the bundles' names).
KIND_MACROS = {"checklist(": "checklist", "client_dashboard(": "clients", "client_report(": "report",
               "mail_logs_page(": "maillogs"}


def test_every_page_kind_page_names_its_kind():
    found = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        front = re.match(r"---\n(.*?)\n---\n", text, re.S)
        declared = re.search(r"^page_kind: *(\w+)", front.group(1), re.M) if front else None
        body = text[front.end():] if front else text
        expected = {kind for macro, kind in KIND_MACROS.items() if "{{ " + macro in body}
        assert len(expected) <= 1, page
        assert (declared.group(1) if declared else None) == (expected.pop() if expected else None), page
        if declared:
            found[declared.group(1)] = page
    assert set(found) == set(KIND_MACROS.values())
    for kind in found:
        assert (ROOT / "browser" / "styles" / f"{kind}.css").is_file()
        assert (ROOT / "browser" / "pages" / f"{kind}.js").is_file()
