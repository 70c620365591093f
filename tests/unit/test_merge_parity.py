"""The three-way merge in Python and in the browser give one result: random triples of small export documents, run
through the Python half the shared vectors name (tests/vectors/rules/merge3.json, "python") and through
browser/rules/merge3.js `mergeExports` in one Node process, each result compared as canonical JSON.

The documents share client ids, item ids and values, so the sides meet on the same fields: equal and unparsable
change times, authors whose order differs by UTF-16 unit and by code point, markup and characters outside the BMP,
numbers a file may write as 5.0, conflicts carried from earlier merges, tombstones, and files of every version.
"""
from __future__ import annotations

import importlib
import json
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros import vocabulary
from support import ROOT

NODE = shutil.which("node")
RULE = json.loads((ROOT / "tests" / "vectors" / "rules" / "merge3.json").read_text(encoding="utf-8"))
EXAMPLES = 250

CLIENT_IDS = ("c1", "c2", "c3")
ITEM_IDS = ("set-tarpit", "enable-filter", "10", "9")   # "10" and "9": keys JavaScript would order as numbers
VALUE_NAMES = ("domain", "host")
# The same moment written three ways, a later one, a fraction, an impossible date and no time at all.
TIMES = (None, "2026-03-01T08:00:00Z", "2026-03-01T09:00:00+01:00", "2026-03-01T08:00:00.000Z",
         "2026-03-01T08:00:00.500Z", "2026-03-02T00:00:00-05:00", "2026-02-30T08:00:00Z", "yesterday", "")
# U+FF5E sorts after the surrogates of U+1F600 by UTF-16 unit, before it by code point.
AUTHORS = (None, "Ann", "Bob", "\u00c4rne", "\U0001f600 Zo\u00eb", "\uff5eTilde")
TEXTS = ("", "a", "Contoso", "<b>x</b>", "<script>alert(1)</script> &amp;", "\U0001d11e clef", "\uff5e",
         "Outside test by probe.py, found\n\nmy note")
BEFORE_VALUES = ("", "5", "absent", "ticked")
SUMMARIES = (None, {"verdict": "quiet", "count": 5}, {"verdict": "quiet", "count": 5.0},
             {"count": 0.1, "verdict": "<b>busy</b>"}, {"domains": ["b.example", "a.example"], "count": 1e21})
STATUSES = tuple(vocabulary.STATUS_LABELS)

_NODE_RUNNER = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [root, requestPath, javascript] = process.argv.slice(1);
const { setVocabulary } = await import(pathToFileURL(root + "/browser/vocabulary.js"));
setVocabulary(JSON.parse(readFileSync(0, "utf8")));
const [file, name] = javascript.split(":");
const merge = (await import(pathToFileURL(root + "/" + file)))[name];
const triples = JSON.parse(readFileSync(requestPath, "utf8"));
const results = triples.map((triple) => merge(...triple));
// What a key "__proto__" or "constructor" could have reached, had the merge assigned through it.
const untouched = Object.keys(Object.prototype).length === 0 && ({}).polluted === undefined;
process.stdout.write(JSON.stringify({ results, untouched }));
"""


_PYTHON = importlib.import_module(RULE["python"].split(":")[0])
_PYTHON_MERGE = getattr(_PYTHON, RULE["python"].split(":")[1])

# --- Documents ---------------------------------------------------------------------------------------------------


@st.composite
def versions(draw, values, objects) -> dict:
    version = {"value": draw(values)}
    for key, pool in (("object", objects), ("changed", TIMES), ("by", AUTHORS)):
        chosen = draw(st.sampled_from(pool))
        if chosen is not None:
            version[key] = chosen
    return version


@st.composite
def fields(draw, values, objects=(None,)) -> dict:
    """A field: one version, or now and then a conflict an earlier merge left (two or three versions of different
    values, sorted, the field being the latest). `objects`: a value before a change's, None for none."""
    if draw(st.integers(0, 5)):
        return draw(versions(values, objects))
    found = draw(st.lists(versions(values, objects), min_size=2, max_size=3, unique_by=_PYTHON.value_key))
    found.sort(key=_PYTHON.order_key)
    return found[-1] | {"conflict": found}


BEFORE_ENTRIES = fields(st.sampled_from(BEFORE_VALUES), (None, "obj", "<b>o</b>"))
ENTRY_VALUES = {"status": st.sampled_from(STATUSES), "note": st.sampled_from(TEXTS),
                "evidence": st.sampled_from(TEXTS), "revertDefault": st.booleans()}


@st.composite
def entries(draw) -> dict:
    return {name: draw(fields(values)) for name, values in ENTRY_VALUES.items() if draw(st.booleans())}


def _keyed(keys, values):
    return st.dictionaries(st.sampled_from(keys), values, max_size=len(keys))


@st.composite
def clients(draw, client_id: str) -> dict:
    client = {"id": client_id, "name": draw(fields(st.sampled_from(TEXTS)))}
    optional = {"platform": fields(st.sampled_from(("", "sbs2003", "exchange2010"))),
                "values": _keyed(VALUE_NAMES, fields(st.sampled_from(TEXTS))),
                "before": _keyed(ITEM_IDS, BEFORE_ENTRIES), "items": _keyed(ITEM_IDS, entries()),
                "mailLogs": fields(st.sampled_from(SUMMARIES))}
    for key, strategy in optional.items():
        if draw(st.booleans()):
            client[key] = draw(strategy)
    return client


def _tombstone(draw, client_id: str) -> dict:
    by = draw(st.sampled_from(AUTHORS))
    return {"id": client_id, "changed": draw(TOMBSTONE_TIMES)} | ({} if by is None else {"by": by})


TOMBSTONE_TIMES = st.sampled_from([time for time in TIMES if time is not None])


@st.composite
def documents(draw) -> dict:
    chosen = draw(st.lists(st.sampled_from(CLIENT_IDS), unique=True))
    document = {"format": "sbskb-progress", "version": 5, "clients": [draw(clients(i)) for i in sorted(chosen)]}
    if draw(st.booleans()):
        document["exported"] = draw(TOMBSTONE_TIMES)
    return document


@st.composite
def derived(draw, base: dict) -> dict:
    """A side made from base: each client kept, changed field by field (the name too), emptied, dropped or deleted;
    base's tombstones kept or not (undeletes); now and then a client base lacks, or a kept client beside a tombstone
    of its own (an earlier merge's deletion conflict). A quiet side (one in four) keeps all as base has it."""
    document = {"format": "sbskb-progress", "version": 5, "clients": []}
    if draw(st.booleans()):
        document["exported"] = draw(TOMBSTONE_TIMES)
    quiet = draw(st.integers(0, 3)) == 0
    deleted = {stone["id"]: stone for stone in base.get("deleted", []) if quiet or draw(st.integers(0, 4))}
    held = {client["id"]: client for client in base["clients"]}
    for client_id in CLIENT_IDS:
        fate = "keep" if quiet else draw(st.sampled_from(("keep", "keep", "change", "change", "empty", "drop", "delete",
                                                          "new")))
        if client_id in held and fate in ("keep", "change"):
            client = json.loads(json.dumps(held[client_id]))
            if fate == "change":
                fresh = draw(clients(client_id))
                for key in ("name", "platform", "values", "before", "items", "mailLogs"):
                    choice = draw(st.integers(0, 3))
                    if choice == 1 and key in fresh:
                        client[key] = fresh[key]
                    elif choice == 2:
                        client.pop(key, None)
            document["clients"].append(client)
            if not quiet and client_id not in deleted and not draw(st.integers(0, 5)):
                deleted[client_id] = _tombstone(draw, client_id)
        elif fate == "empty":
            document["clients"].append({"id": client_id})
        elif fate == "delete":
            deleted[client_id] = _tombstone(draw, client_id)
        elif fate == "new":
            document["clients"].append(draw(clients(client_id)))
    if deleted:
        document["deleted"] = [deleted[client_id] for client_id in sorted(deleted)]
    return document


def older_file(document: dict, version: int) -> dict:
    """`document` as a file of an older version writes it: no authors, conflicts or tombstones; before version 4 no
    mail-log summary, before version 3 one change time per item entry, in version 1 plain texts and no values before
    a change (a client without a name, which version 1 cannot write, makes it version 2); version 5 as it is.
    test_merge_progress.py's too."""
    if version == 5:
        return document
    if version == 1 and any("name" not in client for client in document["clients"]):
        version = 2

    def plain(field: dict) -> dict:
        return {key: field[key] for key in ("value", "object", "changed") if key in field}

    older = {key: document[key] for key in ("format", "exported") if key in document} | {"version": version,
                                                                                          "clients": []}
    for client in document["clients"]:
        items = {}
        for item_id, entry in client.get("items", {}).items():
            if version >= 3:
                items[item_id] = {name: plain(field) for name, field in entry.items()}
                continue
            flat = {name: entry[name]["value"] for name in ("status", "note") if name in entry}
            if version == 2 and "evidence" in entry:
                flat["evidence"] = entry["evidence"]["value"]
            times = [field["changed"] for field in entry.values() if "changed" in field]
            items[item_id] = flat | ({"changed": times[0]} if times else {})
        if version == 1:
            written = {"id": client["id"], "name": client["name"]["value"]}
            if "platform" in client:
                written["platform"] = client["platform"]["value"]
            written["values"] = {name: field["value"] for name, field in client.get("values", {}).items()}
        else:
            written = {"id": client["id"]} | {key: plain(client[key]) for key in ("name", "platform") if key in client}
            written["values"] = {name: plain(field) for name, field in client.get("values", {}).items()}
            written["before"] = {key: plain(field) for key, field in client.get("before", {}).items()}
            if version >= 4 and "mailLogs" in client:
                written["mailLogs"] = plain(client["mailLogs"])
        older["clients"].append(written | {"items": items})
    return older


@st.composite
def triples(draw) -> list:
    base = draw(documents())
    if draw(st.booleans()):
        base["deleted"] = [_tombstone(draw, i) for i in sorted(draw(st.lists(st.sampled_from(CLIENT_IDS), unique=True,
                                                                             max_size=2)))]
    sides = [older_file(side, draw(st.sampled_from((5, 5, 5, 4, 3, 2, 1))))
             for side in (base, draw(derived(base)), draw(derived(base)))]
    if draw(st.integers(0, 9)) == 0:
        sides[0] = None   # the file added on both sides: no base
    return sides


# --- The comparison ----------------------------------------------------------------------------------------------

def _as_javascript(value):
    """A result as JSON.parse would hold it: a whole float (5.0) is the number 5."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, list):
        return [_as_javascript(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_javascript(item) for key, item in value.items()}
    return value


def _canonical(value) -> str:
    return json.dumps(_as_javascript(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _key_orders(result: dict) -> list:
    """The order of the keys the spec fixes: the document's, each client's, and each item entry's. (Not that of the
    item ids and names within values, before and items: a JavaScript object lists a key such as "9" or "10" first,
    by number, whatever order it was written in; canonical JSON compares them sorted.)"""
    merged = result["merged"]
    return [list(merged), *([list(client), *(list(client["items"][key]) for key in sorted(client.get("items", {})))]
                            for client in merged["clients"])]


def _run_in_node(triples_text: str, tmp_path) -> list:
    request = tmp_path / "triples.json"
    request.write_text(triples_text, encoding="utf-8")
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", _NODE_RUNNER, str(ROOT), str(request), RULE["javascript"]],
        input=json.dumps(vocabulary.browser_vocabulary()), capture_output=True, text=True, timeout=300, check=True)
    answer = json.loads(result.stdout)
    assert answer["untouched"], "the merge changed Object.prototype"
    return answer["results"]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_python_and_javascript_merge_alike(tmp_path):
    collected: list = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(triple=triples())
    def collect(triple):
        collected.append(triple)

    collect()
    assert len(collected) >= 200, "too few examples to hold the halves together"
    # Both halves read the same text, as each reads a file: JSON.parse and json.loads.
    text = json.dumps(collected, ensure_ascii=False)
    python = [_PYTHON_MERGE(*triple) for triple in json.loads(text)]
    javascript = _run_in_node(text, tmp_path)
    for triple, ours, theirs in zip(collected, python, javascript, strict=True):
        assert _canonical(theirs) == _canonical(ours), json.dumps(triple, ensure_ascii=False)
        assert _key_orders(theirs) == _key_orders(ours), json.dumps(triple, ensure_ascii=False)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_keys_from_a_file_stay_data(tmp_path):
    """__proto__, constructor and prototype as client, value, setting and item ids, and inside a kept summary: the
    format checks refuse them before a merge, but given them the merge keeps them as data, alike in both halves."""
    hostile = ("__proto__", "constructor", "prototype")
    field = {"value": "<b>x</b>", "changed": "2026-03-01T08:00:00Z", "by": "Ann"}
    client = {"id": "__proto__", "name": field, "values": dict.fromkeys(hostile, field),
              "before": {key: field | {"value": "5"} for key in hostile},
              "items": {key: {"note": field} for key in hostile},
              "mailLogs": field | {"value": {"__proto__": {"polluted": True}, "constructor": 1}}}
    ours = {"format": "sbskb-progress", "version": 5, "clients": [client],
            "deleted": [{"id": "constructor", "changed": "2026-03-01T08:00:00Z"}]}
    theirs = json.loads(json.dumps(ours).replace("<b>x</b>", "<i>y</i>").replace("08:00", "09:00"))
    text = json.dumps([[None, ours, theirs], [ours, ours, theirs]])
    python = [_PYTHON_MERGE(*triple) for triple in json.loads(text)]
    javascript = _run_in_node(text, tmp_path)
    assert [_canonical(result) for result in javascript] == [_canonical(result) for result in python]
    merged = javascript[0]["merged"]["clients"][0]
    assert sorted(merged["values"]) == sorted(hostile) and sorted(merged["items"]) == sorted(hostile)
    assert merged["mailLogs"]["value"] == {"__proto__": {"polluted": True}, "constructor": 1}
