"""Every rule written in both Python and JavaScript, held together by one vector file per rule (tests/vectors/rules/).

A vector file names the rule's one function per language and lists cases:

    {"about": "...",
     "python": "macros.report:summary_percent",        # module:function
     "javascript": "browser/rules/report.js:summaryPercent",
     "cases": [{"args": [3, 7], "expected": "42 %"}, ...]}

Both functions get each case's `args` as JSON (after the page's vocabulary is set, in Node) and must return
`expected`, compared as JSON. Every function a module under browser/rules/ exports must be named by a vector file:
a rule without vectors fails here.
"""
from __future__ import annotations

import importlib
import json
import shutil
import subprocess

import pytest

from macros import vocabulary
from support import ROOT

RULE_FILES = sorted((ROOT / "tests" / "vectors" / "rules").glob("*.json"))
RULES = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in RULE_FILES}
NODE = shutil.which("node")

_NODE_RUNNER = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const root = process.argv[1];
const { setVocabulary } = await import(pathToFileURL(root + "/browser/vocabulary.js"));
setVocabulary(JSON.parse(readFileSync(0, "utf8")).vocabulary);
const request = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = {};
for (const [name, rule] of Object.entries(request.rules)) {
  const [file, fn] = rule.javascript.split(":");
  const module = await import(pathToFileURL(root + "/" + file));
  results[name] = rule.cases.map((c) => JSON.parse(JSON.stringify(module[fn](...c.args) ?? null)));
}
const exported = {};
for (const file of request.ruleModules) {
  const module = await import(pathToFileURL(root + "/" + file));
  exported[file] = Object.keys(module).filter((key) => typeof module[key] === "function");
}
process.stdout.write(JSON.stringify({ results, exported }));
"""


@pytest.fixture(scope="module")
def javascript(tmp_path_factory):
    if NODE is None:
        pytest.skip("node is not installed")
    request = tmp_path_factory.mktemp("rules") / "request.json"
    modules = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "browser" / "rules").glob("*.js"))
    request.write_text(json.dumps({"rules": RULES, "ruleModules": modules}), encoding="utf-8")
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", _NODE_RUNNER, str(ROOT), str(request)],
        input=json.dumps({"vocabulary": vocabulary.browser_vocabulary()}), capture_output=True, text=True,
        timeout=120, check=True)
    return json.loads(result.stdout)


def _python_function(reference: str):
    module, name = reference.split(":")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("name", sorted(RULES))
def test_python_half(name):
    rule = RULES[name]
    assert rule["cases"], f"{name}: a vector file without cases holds nothing together"
    function = _python_function(rule["python"])
    for case in rule["cases"]:
        assert json.loads(json.dumps(function(*case["args"]))) == case["expected"], (name, case)


@pytest.mark.parametrize("name", sorted(RULES))
def test_javascript_half(name, javascript):
    for case, result in zip(RULES[name]["cases"], javascript["results"][name], strict=True):
        assert result == case["expected"], (name, case)


def test_every_rule_function_has_vectors(javascript):
    named = {rule["javascript"] for rule in RULES.values()}
    missing = [f"{file}:{function}" for file, functions in javascript["exported"].items() for function in functions
               if f"{file}:{function}" not in named]
    assert not missing, f"rule functions without a vector file in tests/vectors/rules/: {missing}"
    assert javascript["exported"], "browser/rules/ exports no rule function"
