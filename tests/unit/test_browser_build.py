"""The browser code's build check (scripts/build-browser.mjs --check, in the README's test command) on a copy of the
project: it passes as committed, and fails, saying why in one line, on a stale bundle, an import cycle and a module
over 300 lines."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from support import ROOT

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None or not (ROOT / "node_modules" / "esbuild").is_dir(),
                                reason="node and the browser tools (npm ci) are not installed")


@pytest.fixture
def project(tmp_path):
    for folder in ("browser", "scripts", "docs/javascripts/sbskb", "docs/stylesheets/sbskb"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for file in ("package.json", "jsconfig.json"):   # esbuild reads jsconfig.json too ("use strict")
        shutil.copy(ROOT / file, tmp_path / file)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path


def check(project):
    return subprocess.run([NODE, "scripts/build-browser.mjs", "--check"], cwd=project, capture_output=True, text=True,
                          timeout=120)


def test_the_committed_bundles_are_what_the_sources_build_to(project):
    result = check(project)
    assert result.returncode == 0, result.stderr


def test_a_stale_bundle_fails_and_says_to_run_the_build(project):
    source = project / "browser" / "copy.js"
    source.write_text(source.read_text(encoding="utf-8").replace("Copy", "Copy!"), encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert "docs/javascripts/sbskb/ is stale" in result.stderr and "run `npm run build`" in result.stderr


def test_an_import_cycle_fails(project):
    copy = project / "browser" / "copy.js"   # all it exports still there, and an import of vocabulary.js added
    copy.write_text('import { hasOwn } from "./vocabulary.js";\n' + copy.read_text(encoding="utf-8") +
                    'export const loop = () => hasOwn({}, "");\n', encoding="utf-8")
    vocabulary = project / "browser" / "vocabulary.js"
    vocabulary.write_text('import { copyText } from "./copy.js";\nexport const loopBack = copyText;\n' +
                          vocabulary.read_text(encoding="utf-8"), encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert ("import cycle: browser/copy.js -> browser/vocabulary.js -> browser/copy.js" in result.stderr
            or "import cycle: browser/vocabulary.js -> browser/copy.js -> browser/vocabulary.js" in result.stderr)


def test_a_module_over_300_lines_fails(project):
    source = project / "browser" / "copy.js"
    source.write_text(source.read_text(encoding="utf-8") + "// why\n" * 300, encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert "browser/copy.js:" in result.stderr and "over the 300 a module may have" in result.stderr
