"""A client's kept mail-log summary in the browser code, run in Node: browser/mail-log-summary.js `summaryOf` on what
the analyser (docs/downloads/mail_logs.py) finds in every sample of tests/fixtures/mail-logs/, and
browser/mail-logs-kept.js keeping, replacing and removing it through the store (localStorage here, as where a browser
has no IndexedDB), with its Undo, its export and its merge. What the browser writes is judged by the Python half of
the import (macros/progress_file.py), which holds both to the same rules (tests/vectors/export-vectors.json)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from macros import vocabulary
from macros.progress_file import export_problems
from support import ROOT

SAMPLES = ROOT / "tests" / "fixtures" / "mail-logs"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
NODE = shutil.which("node")
PLATFORMS = ["sbs2003", "sbs2008", "sbs2011", "exchange2013-se"]
ANALYSED = "2026-12-05T10:00:00.000Z"

# A page's globals, as much of them as the store touches (storage.js, storage-local.js, parts.js): localStorage, and
# event listeners that never fire here.
_PAGE = """
const localKeys = new Map();
globalThis.window = globalThis;
globalThis.addEventListener = () => {};
globalThis.document = { addEventListener() {}, currentScript: null, visibilityState: "visible" };
globalThis.localStorage = {
  get length() { return localKeys.size; }, key: (i) => [...localKeys.keys()][i] ?? null,
  getItem: (key) => localKeys.get(key) ?? null, setItem: (key, text) => { localKeys.set(key, String(text)); },
  removeItem: (key) => { localKeys.delete(key); }
};
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const root = process.argv[1];
const load = (file) => import(pathToFileURL(root + "/browser/" + file));
const request = JSON.parse(readFileSync(0, "utf8"));
(await load("vocabulary.js")).setVocabulary(request.vocabulary);
"""


def _node(script: str, request: dict):
    if NODE is None:
        pytest.skip("node is not installed")
    result = subprocess.run([NODE, "--input-type=module", "-e", _PAGE + script, str(ROOT)],
                            input=json.dumps(request | {"vocabulary": vocabulary.browser_vocabulary()}),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _analysed(scenario: str) -> dict:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "mail_logs.py"), "--json",
                             *EXPECTED[scenario]["files"]], cwd=SAMPLES, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _file(*clients) -> dict:
    return {"format": "sbskb-progress", "version": 4, "clients": list(clients)}


@pytest.fixture(scope="module")
def summaries():
    """{scenario: (the analyser's result, summaryOf it)} for every sample."""
    results = {scenario: _analysed(scenario) for scenario in sorted(EXPECTED)}
    made = _node("""
const { summaryOf } = await load("mail-log-summary.js");
process.stdout.write(JSON.stringify(request.results.map((result) => summaryOf(result, request.analysed))));
""", {"results": list(results.values()), "analysed": ANALYSED})
    return {scenario: (results[scenario], summary) for scenario, summary in zip(results, made, strict=True)}


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_the_summary_of_each_sample_imports_and_holds_its_figures_and_no_line_of_the_logs(summaries, scenario):
    result, summary = summaries[scenario]
    kept = {"id": "c1", "name": {"value": "Contoso"}, "mailLogs": {"value": summary, "changed": ANALYSED}}
    assert export_problems(_file(kept), PLATFORMS) == []
    assert tuple(summary) == vocabulary.MAIL_LOGS_FIELDS
    assert summary["analysed"] == ANALYSED
    for name in ("first_hour", "last_hour", "verdict", "rule", *vocabulary.MAIL_LOGS_COUNTS,
                 *vocabulary.MAIL_LOGS_PER_HOUR, "top_ndr_target_domains"):
        assert summary[name] == result[name], name
    assert summary["next"] == result["next_checklist"]["path"]
    assert summary["domains"] == result["domains"]["local"]
    assert summary["tarpit_seconds_median"] == (result["tarpit"]["seconds_median"] if result["tarpit"]["measured"]
                                                else None)
    assert summary["files"] == [{"name": f["name"], "format": f["format"], "records": f["records"],
                                 "rejected": f["rejected_total"], "skipped": "skipped" in f} for f in result["files"]]
    # Nothing of the logs' text: no example line, no rejected line, no reason a line was rejected.
    text = json.dumps(summary, ensure_ascii=False)
    lines = [line["text"] for found in result["examples"].values() for line in found]
    lines += [line["text"] for line in result["open_relay"].get("examples", [])]
    lines += [line["why"] for file in result["files"] for line in file["rejected"]]
    assert all(line not in text for line in lines if len(line) > 12)


def test_a_summary_is_cut_to_the_exports_limits():
    """Long names keep their end, texts their start, each within its limit (in UTF-16 units, never half a
    character); the first 100 files; the last 400 days of hours."""
    hours = {f"2025-{month:02d}-{day:02d}T{hour:02d}": 1 for month in range(1, 13) for day in range(1, 29)
             for hour in range(24)}
    hours |= {f"2026-{month:02d}-{day:02d}T{hour:02d}": 2 for month in range(1, 3) for day in range(1, 29)
              for hour in range(24)}
    result = {"files": [{"name": "logs/" + "\U0001F4E7" * 200 + "/MSGTRK.LOG", "format": None, "records": 1,
                         "rejected": [{"line": 1, "why": "x"}], "rejected_total": 3}] * 120,
              "verdict": "quiet", "rule": "\U0001F4E7" * 400, "next_checklist": {"path": "checklists/monitoring/"},
              "domains": {"local": [f"d{n}.example" for n in range(12)], "how": "given"},
              "first_hour": min(hours), "last_hour": max(hours), "ndr_per_hour": hours,
              "refused_or_unknown_per_hour": {}, "top_ndr_target_domains": [],
              "tarpit": {"measured": True, "seconds_median": 5.2},
              **dict.fromkeys(vocabulary.MAIL_LOGS_COUNTS, 0)}
    summary = _node("""
const { summaryOf } = await load("mail-log-summary.js");
process.stdout.write(JSON.stringify(summaryOf(request.result, new Date(Date.UTC(2026, 11, 5)))));
""", {"result": result})
    assert export_problems(_file({"id": "c1", "name": {"value": "C"}, "mailLogs": {"value": summary}}), []) == []
    assert summary["analysed"] == "2026-12-05T00:00:00.000Z" and summary["tarpit_seconds_median"] == 5.2
    assert len(summary["files"]) == vocabulary.MAIL_LOGS_FILES_MAX
    name = summary["files"][0]["name"]
    assert name.startswith("\u2026\U0001F4E7") and name.endswith("\U0001F4E7/MSGTRK.LOG")
    # As many whole characters as fit: 124 two-unit ones after the ellipsis, before the 11 of "/MSGTRK.LOG".
    assert len(name.encode("utf-16-le")) // 2 == vocabulary.MAIL_LOGS_FILE_NAME_MAX == 1 + 124 * 2 + 11
    assert summary["rule"] == "\U0001F4E7" * 299 + "\u2026"
    assert summary["domains"] == [f"d{n}.example" for n in range(vocabulary.MAIL_LOGS_DOMAINS_MAX)]
    assert list(summary["ndr_per_hour"]) == sorted(hours)[-vocabulary.MAIL_LOGS_HOURS_MAX:]


def test_keep_replace_undo_and_remove_a_summary_then_export_and_merge_it(summaries):
    _result, first = summaries["attack-day"]
    _result, second = summaries["fix-day"]
    assert first["verdict"] != second["verdict"]
    found = _node("""
const store = await load("storage.js");
const kept = await load("mail-logs-kept.js");
const { undo, undoOffer } = await load("undo.js");
const { exportClients } = await load("export.js");
const { applyImport, mergePlan } = await load("merge.js");
const clients = await load("clients.js");
await store.open();
store.writeKey("clients", [{ id: "c1", name: "Contoso", platform: "", changed: {} }]);
await store.settled();
const [first, second] = request.summaries;
const steps = {};
const stored = () => JSON.parse(localStorage.getItem("sbskb.v1.client.c1")).mailLogs;
steps.none = kept.keptMailLogs("c1");
steps.keep = [await kept.keepMailLogs("c1", first), kept.keptMailLogs({ id: "c1" }), stored().changed,
              undoOffer()];
steps.replace = [await kept.keepMailLogs("c1", second), kept.keptMailLogs("c1").verdict, undoOffer()?.what];
steps.undo = [await undo(), kept.keptMailLogs("c1").verdict];
steps.forget = [await kept.forgetMailLogs("c1"), kept.keptMailLogs("c1"), stored().value, undoOffer()?.what];
const removedAt = stored().changed;
steps.forgetAgain = [await kept.forgetMailLogs("c1"), stored().changed === removedAt];
steps.unknownClient = await kept.keepMailLogs("c9", first);
steps.refused = await kept.keepMailLogs("c1", { ...first, examples: { ndr: [] }, rule: 5 })
  .then(() => "stored", (error) => error.message);
steps.removalExported = exportClients(clients.list()).clients[0];
// A file whose summary is newer than the removal brings it back; one older than what is kept here changes nothing.
const file = (changed, value) => ({ format: "sbskb-progress", version: 4, clients: [
  { id: "c1", name: { value: "Contoso" }, mailLogs: { value, changed } }] });
steps.older = [mergePlan(file("2000-01-01T00:00:00Z", first)).newerItems];
steps.newer = [mergePlan(file("2999-01-01T00:00:00Z", first)).newerItems,
               await applyImport(file("2999-01-01T00:00:00Z", first), false), kept.keptMailLogs("c1").verdict];
steps.exported = exportClients(clients.list());
const another = file("2999-01-01T00:00:00Z", second);
another.clients[0].id = "c2";
steps.newClient = [await applyImport(another, false), kept.keptMailLogs("c2")?.verdict];
process.stdout.write(JSON.stringify(steps));
process.exit(0);   // the store's BroadcastChannel would keep Node waiting
""", {"summaries": [first, second]})
    assert found["none"] is None
    ok, read, changed, offer = found["keep"]
    assert ok is True and read == first and changed.endswith("Z") and offer is None   # nothing replaced: no Undo
    assert found["replace"] == [True, second["verdict"], f"Replaced the mail-log summary of \u201cContoso\u201d "
                                                         f"(analysed {ANALYSED})"]
    assert found["undo"] == [True, first["verdict"]]
    assert found["forget"] == [True, None, None, f"Removed the mail-log summary of \u201cContoso\u201d "
                                                 f"(analysed {ANALYSED})"]
    assert found["forgetAgain"] == [True, True]
    assert found["unknownClient"] is False
    assert "summary: unexpected field \u201cexamples\u201d" in found["refused"]
    assert "summary.rule: expected text of at most 600 characters" in found["refused"]
    removal = found["removalExported"]["mailLogs"]
    assert removal["value"] is None and removal["changed"]
    assert found["older"] == [0]
    assert found["newer"] == [1, True, first["verdict"]]
    exported = found["exported"]
    assert exported["version"] == vocabulary.EXPORT_VERSION
    assert exported["clients"][0]["mailLogs"] == {"value": first, "changed": "2999-01-01T00:00:00Z"}
    assert export_problems(exported, PLATFORMS) == []
    assert found["newClient"] == [True, second["verdict"]]


# What a technician may type as a name, and what a change made then is exported with (change-stamp.js).
NAMES = {"Anna Berg": "Anna Berg", "  Anna \t\n Berg  ": "Anna Berg", "Anna\x00Berg\x85\u2028x": "Anna Berg x",
         "\u00a0\ufeffZo\u00eb\u3000": "Zo\u00eb", "<b>Ben</b> & co": "<b>Ben</b> & co", " \t\r\n": "",
         "a" * 99 + " b": "a" * 99, "a" * 99 + "\U0001F527": "a" * 99, "\U0001F527" * 60: "\U0001F527" * 50}


def test_a_kept_summary_says_who_kept_it_and_a_name_is_cleaned_to_what_an_export_may_hold(summaries):
    _result, first = summaries["attack-day"]
    found = _node("""
const store = await load("storage.js");
const kept = await load("mail-logs-kept.js");
const { TECHNICIAN_KEY, changeStamp, technicianName } = await load("change-stamp.js");
await store.open();
store.writeKey("clients", [{ id: "c1", name: "Contoso", platform: "", changed: {} }]);
const steps = { names: request.names.map(technicianName), unnamed: changeStamp() };
store.writeKey(TECHNICIAN_KEY, "  Anna \\t Berg ");
await kept.keepMailLogs("c1", request.summary);
steps.kept = JSON.parse(localStorage.getItem("sbskb.v1.client.c1")).mailLogs;
process.stdout.write(JSON.stringify(steps));
process.exit(0);
""", {"names": list(NAMES), "summary": first})
    assert found["names"] == list(NAMES.values())
    assert list(found["unnamed"]) == ["changed"]   # no name set: no author
    assert found["kept"]["by"] == "Anna Berg" and found["kept"]["value"] == first
    # Every name the stamp writes is one the format's checks take (macros/progress_file.py, the import).
    for name in filter(None, found["names"]):
        field = {"value": "Contoso", "by": name}
        assert export_problems({"format": "sbskb-progress", "version": 5,
                                "clients": [{"id": "c1", "name": field}]}, PLATFORMS) == [], name
