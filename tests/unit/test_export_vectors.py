"""The Python half of tests/vectors/export-vectors.json (the browser half: tests/e2e/test_vectors_in_browser.py), and
the rule that every filter, parameter type and status has a vector in the shared files."""
from __future__ import annotations

import json

import jsonschema
import pytest

from macros import parameters, templating, vocabulary
from macros.progress_file import export_problems, item_entry, parse_json, read_export, retired_line
from support import EXPORT_VECTORS, ROOT, VECTORS, export_vectors_at_scale

SCHEMAS = {version: json.loads((ROOT / "docs" / "schemas" / f"progress-v{version}.schema.json").read_text("utf-8"))
           for version in vocabulary.EXPORT_VERSIONS}


def vector_file(vector: dict):
    """A vector's file: given as parsed JSON, or as JSON text for what only text can hold (5,000-digit numbers,
    1e400, lone surrogates), read as JSON.parse reads it."""
    return parse_json(vector["text"]) if "text" in vector else vector["file"]


FILES = [(vector, vector_file(vector)) for vector in EXPORT_VECTORS["export"] + export_vectors_at_scale()]


@pytest.mark.parametrize("vector, file", FILES, ids=[v["name"] for v, _ in FILES])
def test_export_file_gets_the_same_problems(vector, file):
    assert export_problems(file, EXPORT_VECTORS["platforms"]) == vector["problems"]


@pytest.mark.parametrize("vector, file", [(v, f) for v, f in FILES if not v["problems"]],
                         ids=[v["name"] for v, _ in FILES if not v["problems"]])
def test_a_file_the_site_imports_matches_the_published_schema(vector, file):
    jsonschema.validate(file, SCHEMAS[file["version"]])


@pytest.mark.parametrize("vector", EXPORT_VECTORS["entry"], ids=lambda v: v["name"])
def test_stored_entry_reads_the_same(vector):
    assert item_entry(vector["items"], vector["id"], tuple(vector["replaces"])) == vector["expected"]


@pytest.mark.parametrize("vector", EXPORT_VECTORS["retired"], ids=lambda v: v["id"])
def test_retired_item_line_reads_the_same(vector):
    assert retired_line(vector["id"], vector["raw"]) == vector["expected"]


def test_a_file_is_read_as_the_browser_reads_it(tmp_path):
    # Blob.text(): one byte order mark dropped (Notepad writes one), bytes that are not UTF-8 read as U+FFFD.
    good = {"format": "sbskb-progress", "version": 1, "clients": [{"id": "a1", "name": "Caf\u00e9"}]}
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good).encode("utf-8"))
    assert read_export(path, EXPORT_VECTORS["platforms"]) == good | {"clients": [
        {"id": "a1", "name": "Caf\u00e9", "platform": "", "values": {}, "items": {}, "before": {}}]}
    path.write_bytes(json.dumps(good).encode("utf-8").replace(b"Caf\\u00e9", b"Caf\xe9"))
    assert read_export(path, EXPORT_VECTORS["platforms"])["clients"][0]["name"] == "Caf\ufffd"


def test_every_filter_type_and_status_has_a_vector():
    rendered_filters = {name for v in VECTORS["render"] for name in templating.PLACEHOLDER.findall(v["template"])}
    assert {f for _, f in rendered_filters} >= set(templating.FILTERS)
    assert {v["parameter"]["type"] for v in VECTORS["validate"]} >= set(parameters.PARAMETER_TYPES)
    in_files = {item_entry({"a": entry}, "a")["status"] for v, file in FILES if not v["problems"] and file["clients"]
                for client in file["clients"] for entry in client.get("items", {}).values() if entry}
    read = {v["expected"]["status"] for v in EXPORT_VECTORS["entry"]}
    statuses = {status.id for status in vocabulary.STATUSES}
    assert in_files >= statuses and read >= statuses
