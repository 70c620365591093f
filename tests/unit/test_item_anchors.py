"""A link to a checklist item's anchor is checked like any other (macros/search_hooks.py): the strict build says
nothing about the items that exist, and fails on a link to one that does not, with MkDocs and with Zensical."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from macros.search_hooks import anchor_ids
from support import ROOT

LINK = "../checklists/triage.md#rule-out-relay"   # docs/kb/smtp-probe.md: an item of a checklist, in macro HTML
BROKEN = "../checklists/triage.md#no-such-item"


def test_every_id_of_an_element_is_an_anchor_and_nothing_else_is():
    page = ('<li class="item" id="check-backup-mx" data-id="not-this"><h2 id=\'h&amp;2\'>T</h2>'
            '<code>id="in-text"</code><input data-item-id="nor-this" id="status-x">')
    assert anchor_ids(page) == {"check-backup-mx", "h&2", "status-x"}


def build(project, builder: str) -> tuple[int, str]:
    """A strict build of `project` as a person runs it (not quiet: MkDocs' -q also hides, and so forgives, warnings);
    its exit status and output with colours stripped."""
    if builder == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    else:
        command = [sys.executable, "-m", "zensical", "build", "--strict", "--clean"]
    env = {**os.environ, "SITE_DIR": str(project / "site"), "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    return result.returncode, re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


@pytest.mark.build
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_item_anchors_pass_the_strict_build_and_a_missing_one_fails_it(tmp_path, builder):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", "tests", "__pycache__", ".site-test*", ".offline-test", ".cache", "node_modules",
        "build", ".hypothesis", ".pytest_cache", ".ruff_cache", ".bench", "offline-site", "test-results"))
    page = project / "docs" / "kb" / "smtp-probe.md"
    assert LINK in page.read_text(encoding="utf-8")

    status, output = build(project, builder)
    assert status == 0, output[-3000:]
    assert "does not contain an anchor" not in output and "anchor does not exist" not in output, output

    page.write_text(page.read_text(encoding="utf-8").replace(LINK, BROKEN), encoding="utf-8")
    status, output = build(project, builder)
    assert status != 0
    if builder == "mkdocs":
        assert ("WARNING -  Doc file 'kb/smtp-probe.md' contains a link '../checklists/triage.md#no-such-item', but "
                "the doc 'checklists/triage.md' does not contain an anchor '#no-such-item'.") in output, output
    else:
        assert "anchor does not exist" in output and "no-such-item" in output, output
