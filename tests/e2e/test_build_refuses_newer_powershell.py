"""Building the site (with MkDocs, or Zensical when SITE_BUILDER=zensical) refuses a snippet that uses PowerShell its
platform's version lacks, naming the file, line, column and construct: the same check as the validator's."""
from __future__ import annotations

import shutil

import pytest

from support import ROOT, SITE_BUILDER, build_site

pytestmark = pytest.mark.e2e

# The SBS 2003 clean-up as it stood before corrections-2 §18: PowerShell 1.0 cannot parse -join.
FIXED = "$where = [string]::Join(' AND ', @($keys | ForEach-Object {"
BROKEN = "$where = ($keys | ForEach-Object {"


def test_a_powershell_2_construct_in_an_sbs_2003_snippet_fails_the_build_with_its_position(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", "tests", "__pycache__", ".site-test*", ".offline-test", ".cache", "node_modules",
        "build", ".hypothesis", ".pytest_cache", ".ruff_cache"))
    checklist = project / "checklists" / "clear-backlog.yaml"
    lines = checklist.read_text(encoding="utf-8").split("\n")
    at = [index for index, line in enumerate(lines) if FIXED in line]
    assert len(at) == 2   # the read-only check and the delete
    line = lines[at[0]]
    lines[at[0]] = line.replace(FIXED, BROKEN).replace("+ \"'\" }))", "+ \"'\" }) -join ' AND '")
    checklist.write_text("\n".join(lines), encoding="utf-8")
    column = lines[at[0]].index("-join") + 1
    result = build_site(project, project / "site", "http://127.0.0.1/", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (f"checklists/clear-backlog.yaml:{at[0] + 1}:{column}: error: the -join operator needs Windows PowerShell "
            "2.0, but a snippet for sbs2003 may assume only PowerShell 1.0") in output, output[-3000:]
    if SITE_BUILDER == "mkdocs":   # Zensical prints a macro's error inside a traceback (docs/contributing.md)
        assert "Traceback" not in output
