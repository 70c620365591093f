"""browser/status.js names the item status ids the browser code may use (ESLint refuses them anywhere else): they must
be macros/vocabulary.py STATUSES, in order, and each named constant the id it says."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from macros.vocabulary import STATUSES
from support import ROOT

NODE = shutil.which("node")
_NODE_RUNNER = """
import { pathToFileURL } from "node:url";
const status = await import(pathToFileURL(process.argv[1]));
const constants = Object.fromEntries(Object.entries(status).filter(([, value]) => typeof value === "string"));
process.stdout.write(JSON.stringify({ ids: status.STATUS_IDS, constants }));
"""


@pytest.fixture(scope="module")
def status_module():
    if NODE is None:
        pytest.skip("node is not installed")
    result = subprocess.run([NODE, "--input-type=module", "-e", _NODE_RUNNER, str(ROOT / "browser" / "status.js")],
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_status_ids_are_the_vocabulary_statuses_in_order(status_module):
    assert status_module["ids"] == [status.id for status in STATUSES]


def test_each_named_status_is_the_id_its_name_says(status_module):
    # FIRST_RELEASE_DONE_FIELD is a field name, not a status: tests/vectors/export-vectors.json reads {done: true}.
    named = {name: value for name, value in status_module["constants"].items() if name != "FIRST_RELEASE_DONE_FIELD"}
    assert named == {status.id.upper().replace("-", "_"): status.id for status in STATUSES}

