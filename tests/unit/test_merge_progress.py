"""The three-way merge of progress export files (docs/downloads/merge_progress.py, the file the site offers;
scripts/merge_progress.py runs it): its vectors, the properties the spec of issue 27 asks for, the command line on
real files, and git running it as a merge driver between two clones."""
from __future__ import annotations

import copy
import importlib.util
import itertools
import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_merge_parity import older_file  # the older files the parity test writes

from macros import vocabulary
from support import ROOT

_spec = importlib.util.spec_from_file_location("merge_progress", ROOT / "docs" / "downloads" / "merge_progress.py")
merge_progress = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(merge_progress)

SCRIPT = ROOT / "scripts" / "merge_progress.py"
VECTORS = json.loads((ROOT / "tests" / "vectors" / "rules" / "merge3.json").read_text(encoding="utf-8"))
KB_PAGE = ROOT / "docs" / "kb" / "team-merge.md"
NODE = shutil.which("node")
GIT = shutil.which("git")
canonical = merge_progress.canonical


def merged(base, ours, theirs) -> dict:
    return merge_progress.merge(base, ours, theirs)[0]


def same(first: dict, second: dict) -> bool:
    return canonical(first) == canonical(second)


# ----------------------------------------------------------------------------------------------------------------
# The format held once, and the vectors.

def test_the_site_takes_the_formats_names_and_checks_from_the_merge_file():
    """The site's vocabulary and its report CLI use the merge file's own objects: the format exists once."""
    from macros import export_format, progress_file

    for name in ("EXPORT_FORMAT", "EXPORT_VERSION", "EXPORT_VERSIONS", "CLIENT_ID_PATTERN", "ITEM_ID_PATTERN",
                 "VALUE_NAME_PATTERN", "CHANGE_TIME_PATTERN", "FORBIDDEN_KEYS", "CLIENTS_MAX", "TECHNICIAN_MAX",
                 "IMPORT_BYTES_MAX", "EVIDENCE_START", "FILE_FIELDS", "FILE_FIELDS_V5", "CLIENT_FIELDS",
                 "CLIENT_FIELDS_V2", "CLIENT_FIELDS_V4", "ENTRY_FIELDS", "ENTRY_FIELDS_V2", "ENTRY_FIELDS_V3",
                 "TIMED_FIELDS", "TIMED_FIELDS_V5", "BEFORE_FIELDS", "BEFORE_FIELDS_V5", "TOMBSTONE_FIELDS",
                 "BEFORE_VALUE_PATTERN", "MAIL_LOGS_FIELDS", "NOTE_MAX", "VALUE_MAX", "PROBLEMS_SHOWN"):
        assert getattr(vocabulary, name) is getattr(export_format.merge_progress, name), name
    assert tuple(vocabulary.STATUS_LABELS) == merge_progress.STATUS_IDS
    for name in ("export_problems", "change_time", "moment", "timed_entry", "well_formed"):
        source = getattr(progress_file, name).__code__.co_filename
        assert source == str(ROOT / "docs" / "downloads" / "merge_progress.py"), name


def test_the_vectors_cover_the_spec():
    assert len(VECTORS["cases"]) >= 25
    assert VECTORS["python"] == "docs.downloads.merge_progress:merge_exports"


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[case["about"][:60] for case in VECTORS["cases"]])
def test_vector(case):
    base, ours, theirs = copy.deepcopy(case["args"])
    result = merge_progress.merge_exports(base, ours, theirs)
    assert json.loads(json.dumps(result)) == case["expected"]
    assert case["args"] == [base, ours, theirs], "the merge changed its inputs"
    assert same(merge_progress.merge_exports(base, theirs, ours), result), "not symmetric"


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[case["about"][:60] for case in VECTORS["cases"]])
def test_every_vector_input_and_result_passes_the_format_checks(case):
    for document in [*case["args"], case["expected"]["merged"]]:
        assert document is None or merge_progress.export_problems(document) == []


def test_the_site_reads_a_clients_older_versions_as_the_merge_does():
    """Each version 1 to 4 export vector the site's import accepts is read by the merge as the same values."""
    from macros.progress_file import export_problems, item_entry
    from support import EXPORT_VECTORS

    read = 0
    for vector in EXPORT_VECTORS["export"]:
        document = vector.get("file")
        if not isinstance(document, dict) or export_problems(document, EXPORT_VECTORS["platforms"]):
            continue
        side = merge_progress.read_side(document)
        for client in document["clients"]:
            fields = side["clients"][client["id"]]
            for item_id in client.get("items", {}):
                entry = item_entry(client["items"], item_id)
                for name in ("status", "note", "evidence", "revertDefault"):
                    if ("items", item_id, name) in fields:
                        assert fields[("items", item_id, name)]["value"] == entry[name]
            read += 1
    assert read > 0


NUMBERS = [5.0, 1e-5, 1e-7, 1.5e-7, 1e21, 1e20, 123.456, 1.2345678901234567e19, 0.1, -0.0, 2**60, 1e300, 1e-6,
           1.5e-6, 3, -2.5e-9, 2**53, 2**53 + 1, 0.000123, 98765.4321e10]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@settings(max_examples=5, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-2**70, 2**70), min_size=50,
                max_size=200))
def test_numbers_are_written_as_javascript_writes_them(numbers):
    numbers = NUMBERS + numbers
    result = subprocess.run([NODE, "-e", "process.stdout.write(JSON.stringify(JSON.parse(require('fs')"
                                         ".readFileSync(0, 'utf8')).map(String)))"],
                            input=json.dumps(numbers), capture_output=True, text=True, check=True, timeout=60)
    assert [merge_progress.js_number(number) for number in numbers] == json.loads(result.stdout)


# ----------------------------------------------------------------------------------------------------------------
# Properties, on small random teams: a base and sides made from it that share client ids, item ids, values, times
# and authors. A side keeps, edits (fields changed, added or removed; a name changed), drops without a tombstone or
# deletes with one each client of base, adds one base lacks, keeps, removes (an undelete, the client restored or not)
# or renews each tombstone of base, and now and then holds a client beside a tombstone, as an earlier merge leaves a
# deletion conflict; base holds deletion conflicts too. Deletions come at any time, before or after any change, and
# every document is written in any version 1 to 5.

CLIENT_IDS = ("c1", "c2", "c3")
PATHS = (("name",), ("platform",), ("values", "smart_host"), ("before", "tarpit-delay"), ("items", "x", "status"),
         ("items", "x", "note"), ("items", "y", "note"), ("items", "y", "revertDefault"), ("mailLogs",))
VALUES = {"name": ["Contoso", "Fabrikam"], "platform": ["sbs2003", "sbs2011"], "values": ["a.example", "b.example"],
          "before": ["00:00:05", "00:00:10"], "status": ["done", "deferred"], "note": ["<b>one</b>", "two", "Zürich"],
          "revertDefault": [True, False], "mailLogs": [None, {
              "analysed": "2026-01-01T10:15:00.000Z", "files": [], "first_hour": None, "last_hour": None,
              "verdict": "quiet", "rule": "No NDR in the logs.", "next": "checklists/triage/", "domains": [],
              "messages_total": 0, "ndr_generated": 0, "ndr_generated_recent": 0, "outbound_messages": 0,
              "outbound_ndrs": 0, "ndrs_sent_or_retried_recent": 0, "refused_or_unknown_recipients_distinct": 0,
              "ndr_per_hour": {}, "refused_or_unknown_per_hour": {}, "top_ndr_target_domains": [],
              "tarpit_seconds_median": 5.0}]}
AUTHORS = st.sampled_from([None, "Ann", "Bea", "Åsa"])
NAMED = st.sampled_from(["Ann", "Bea", "Åsa"])
BASE_TIMES = ["2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", None]
# Three moments written five ways: what sorts them is the moment, not the text.
SIDE_TIMES = ["2026-01-02T00:00:00Z", "2026-01-02T02:00:00+02:00", "2026-01-02T00:00:05Z", "2026-01-02T00:00:05.000Z",
              "2026-01-02T00:00:09Z"]
# Before base's changes, at one, between base's and the sides', at a side's (written in another zone), after all.
DELETION_TIMES = ["2025-12-31T23:00:00Z", "2026-01-01T00:00:00Z", "2026-01-01T12:00:00Z", "2026-01-02T02:00:05+02:00",
                  "2026-01-03T00:00:00Z"]
VERSIONS = (5, 5, 5, 4, 3, 2, 1)
CLIENT_ACTIONS = ("keep", "edit", "edit", "drop", "delete")    # a client base holds
NEW_CLIENT_ACTIONS = ("none", "none", "add", "delete")         # one it lacks: "delete" leaves a tombstone alone
TOMBSTONE_ACTIONS = ("keep", "keep", "undelete", "renew")      # a tombstone of base's


def value_pool(path: tuple) -> list:
    return VALUES[path[-1] if path[0] == "items" else path[0]]


@st.composite
def version(draw, path: tuple, times: list, authors=AUTHORS) -> dict:
    field = {"value": draw(st.sampled_from(value_pool(path)))}
    if path[0] == "before":
        field["object"] = draw(st.sampled_from(["EX01\\Default Frontend EX01", "SBS01\\Internet"]))
    changed, by = draw(st.sampled_from(times)), draw(authors)
    if changed is not None:
        field["changed"] = changed
    if by is not None:
        field["by"] = by
    return field


@st.composite
def field(draw, path: tuple, times: list) -> dict:
    """One version, or now and then a conflict of two, as the merge itself writes it. A conflict's versions name who
    made them, so no side holds one of them again as it was: a side's changes have times of their own, and an older
    file holds no authors (test_sides_that_hold_a_conflict_of_base_in_pieces_depend_on_the_order_of_arrival)."""
    if draw(st.integers(0, 4)) == 0:
        joined = merge_progress.joined([draw(version(path, times, NAMED)), draw(version(path, times, NAMED))])
        if joined is not None:
            return joined
    return draw(version(path, times))


def client_from(client_id: str, fields: dict) -> dict:
    return merge_progress.client_document(client_id, fields)


def tombstone(draw, client_id: str, unlike: dict | None = None) -> dict:
    """A deletion at any time; with `unlike`, a new one, never that tombstone again."""
    while True:
        by = draw(AUTHORS)
        stone = {"id": client_id, "changed": draw(st.sampled_from(DELETION_TIMES))} | ({"by": by} if by else {})
        if stone != unlike:
            return stone


@st.composite
def written(draw, document: dict, versions: tuple) -> dict:
    """`document` in a version drawn from `versions`: as it is, or as an older release writes it."""
    return older_file(document, draw(st.sampled_from(versions)))


@st.composite
def base_document(draw, versions: tuple = VERSIONS) -> dict:
    clients, deleted = [], []
    for client_id in CLIENT_IDS:
        state = draw(st.sampled_from(["present", "present", "absent", "deleted", "deletion conflict"]))
        if state in ("present", "deletion conflict"):
            fields = {("name",): draw(field(("name",), BASE_TIMES))}
            for path in PATHS[1:]:
                if draw(st.booleans()):
                    fields[path] = draw(field(path, BASE_TIMES))
            clients.append(client_from(client_id, fields))
        if state in ("deleted", "deletion conflict"):
            deleted.append(tombstone(draw, client_id))
    document = {"format": "sbskb-progress", "version": 5, "clients": clients}
    if draw(st.booleans()):
        document["exported"] = "2026-01-01T01:00:00Z"
    if deleted:
        document["deleted"] = deleted
    return draw(written(document, versions))


def edited(draw, fields: dict) -> dict:
    """`fields` with each path left as it is, changed to a new version, or removed; never the name, which every
    client has (the format's checks refuse a client without one)."""
    fields = dict(fields)
    for path in PATHS:
        change = draw(st.sampled_from(["same", "same", "new"] if path == ("name",) else ["same", "same", "new",
                                                                                          "remove"]))
        if change == "new":
            fields[path] = draw(version(path, SIDE_TIMES))
        elif change == "remove":
            fields.pop(path, None)
    return fields


@st.composite
def side_document(draw, base: dict, versions: tuple = VERSIONS, opinions: bool = False) -> dict:
    """A copy of base after one browser's work, in a version drawn from `versions`. With `opinions` the side says
    something of every client: none missing without a tombstone of its own, as version 5 browsers write."""
    held = merge_progress.read_side(base)
    clients, deleted = [], []
    for client_id in CLIENT_IDS:
        fields, stone = held["clients"].get(client_id), held["deleted"].get(client_id)
        actions = NEW_CLIENT_ACTIONS if fields is None else CLIENT_ACTIONS
        action = draw(st.sampled_from([action for action in actions if not (opinions and action == "drop")]))
        if action in ("keep", "edit", "add"):
            if action == "add":
                fields = {("name",): draw(version(("name",), SIDE_TIMES))}
            clients.append(client_from(client_id, fields if action == "keep" else edited(draw, fields)))
        if action == "delete":
            deleted.append(tombstone(draw, client_id, unlike=stone if opinions else None))
        elif stone is not None:
            fate = draw(st.sampled_from(TOMBSTONE_ACTIONS))
            if fate == "keep":
                deleted.append(stone)
            elif fate == "renew":
                deleted.append(tombstone(draw, client_id, unlike=stone))
        elif action in ("keep", "edit", "add") and draw(st.integers(0, 5)) == 0:
            deleted.append(tombstone(draw, client_id))   # the client beside a tombstone: a deletion conflict
    document = {"format": "sbskb-progress", "version": 5, "exported": draw(st.sampled_from(SIDE_TIMES)),
                "clients": draw(st.permutations(clients))}
    if deleted:
        document["deleted"] = deleted
    return draw(written(document, versions))


@st.composite
def team(draw, sides: int = 2, versions: tuple = VERSIONS, opinions: bool = False) -> list[dict]:
    base = draw(base_document(versions))
    return [base, *(draw(side_document(base, versions, opinions)) for _ in range(sides))]


def normalised(document: dict) -> dict:
    """A version 5 document in the shape a merge writes: clients and tombstones sorted by id."""
    out = {"format": document["format"], "version": 5}
    if "exported" in document:
        out["exported"] = document["exported"]
    out["clients"] = sorted(document["clients"], key=lambda client: client["id"])
    if document.get("deleted"):
        out["deleted"] = sorted(document["deleted"], key=lambda tombstone: tombstone["id"])
    return out


PROPERTY_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(team())
def test_generated_documents_pass_the_format_checks(documents):
    for document in documents:
        assert merge_progress.export_problems(document) == []
    assert merge_progress.export_problems(merged(*documents)) == []


@PROPERTY_SETTINGS
@given(team())
def test_the_merge_is_symmetric(documents):
    base, ours, theirs = documents
    assert merge_progress.merge(base, ours, theirs) == merge_progress.merge(base, theirs, ours)
    assert same(merged(base, ours, theirs), merged(base, theirs, ours))


@PROPERTY_SETTINGS
@given(team(sides=1))
def test_merging_a_side_with_itself_is_merging_it_with_base(documents):
    """Any side, of any version: merged with itself or with base, it gives one result (what it has no opinion on,
    base's)."""
    base, side = documents
    result = merged(base, base, side)
    assert same(merged(base, side, side), result)
    assert same(merged(base, side, base), result)


@PROPERTY_SETTINGS
@given(team(sides=1, versions=(5,), opinions=True))
def test_merging_a_side_with_itself_or_with_base_gives_that_side(documents):
    """A version 5 side that says something of every client (deleted ones by a tombstone of its own)."""
    base, side = documents
    assert same(merged(base, side, side), normalised(side))
    assert same(merged(base, base, side), normalised(side))


@PROPERTY_SETTINGS
@given(team())
def test_merging_the_result_again_changes_nothing(documents):
    base, ours, theirs = documents
    result = merged(base, ours, theirs)
    assert same(merged(base, result, theirs), result)
    assert same(merged(base, ours, result), result)
    assert same(merged(base, result, result), result)


def folded_in_every_order(base: dict, sides: list[dict]) -> set[str]:
    """The results of sides of one base folded in every order: R = merge(O, A, B), then merge(O, R, C)."""
    return {canonical(merged(base, merged(base, a, b), c)) for a, b, c in itertools.permutations(sides)}


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team(3))
def test_the_order_of_arrival_never_changes_the_result(documents):
    """Any three sides of one base: every version, deletions at any time and anywhere, clients dropped without a
    tombstone, fields removed, undeletes, re-deletions and deletion conflicts carried from earlier merges."""
    base, *sides = documents
    assert len(folded_in_every_order(base, sides)) == 1


FIELD = {"format": "sbskb-progress", "version": 5}
NAME = {"value": "Contoso", "changed": "2026-01-01T09:00:00Z"}
DELETION = {"id": "c1", "changed": "2026-01-01T12:00:00Z"}


def one_result(base: dict, *sides: dict) -> dict:
    """The one result of three sides folded in every order (the test fails if two orders disagree)."""
    results = [merged(base, merged(base, a, b), c) for a, b, c in itertools.permutations(sides)]
    assert len({canonical(result) for result in results}) == 1
    return results[0]


def test_a_client_dropped_without_a_tombstone_and_deleted_with_one_keeps_its_name_in_every_order():
    """Once order-dependent (issue 27): A deletes a client, B (an older release) lacks it, C changes it. B's file has
    no opinion on the client, and C changed it since base: in every order a deletion conflict, the whole client kept."""
    base = FIELD | {"clients": [{"id": "c1", "name": NAME}]}
    deleting = FIELD | {"clients": [], "deleted": [DELETION]}
    dropping = {"format": "sbskb-progress", "version": 4, "clients": []}
    noting = copy.deepcopy(base)
    noting["clients"][0]["items"] = {"x": {"note": {"value": "after", "changed": "2026-01-01T13:00:00Z"}}}
    result = one_result(base, deleting, dropping, noting)
    assert result["clients"] == noting["clients"] and result["deleted"] == [DELETION]
    assert merge_progress.conflict_count(result) == 1


def test_a_change_made_before_a_deletion_by_the_clock_stays_in_every_order():
    """Once order-dependent: a client deleted at 12:00 on side A, a note changed at 11:00 on C, the name at 13:00 on
    B. No clock decides: both changed the client since base, so in every order it stays with both changes."""
    base = FIELD | {"clients": [{"id": "c1", "name": NAME}]}
    deleting = FIELD | {"clients": [], "deleted": [DELETION]}
    noting = copy.deepcopy(base)
    noting["clients"][0]["items"] = {"x": {"note": {"value": "before", "changed": "2026-01-01T11:00:00Z"}}}
    renaming = copy.deepcopy(base)
    renaming["clients"][0]["name"] = {"value": "Contoso Ltd", "changed": "2026-01-01T13:00:00Z"}
    client = one_result(base, deleting, noting, renaming)["clients"][0]
    assert client["items"]["x"]["note"]["value"] == "before" and client["name"]["value"] == "Contoso Ltd"


def test_a_field_removed_on_one_side_stays_removed_in_every_order():
    """Once order-dependent: a removal has no change time, so it never counted as a change after a deletion. Now it
    is a change since base: side B removes a note, A deletes the client, C renames it; in every order the client
    stays renamed, without the note, beside the tombstone."""
    base = FIELD | {"clients": [{"id": "c1", "name": NAME,
                                 "items": {"x": {"note": {"value": "old", "changed": "2026-01-01T09:00:00Z"}}}}]}
    deleting = FIELD | {"clients": [], "deleted": [DELETION]}
    removing = copy.deepcopy(base)
    del removing["clients"][0]["items"]
    renaming = copy.deepcopy(base)
    renaming["clients"][0]["name"] = {"value": "Contoso Ltd", "changed": "2026-01-01T13:00:00Z"}
    result = one_result(base, deleting, removing, renaming)
    assert result["clients"] == [{"id": "c1", "name": renaming["clients"][0]["name"]}]
    assert result["deleted"] == [DELETION]


def test_an_undelete_a_confirmation_and_a_re_deletion_agree_in_every_order():
    """Base holds a deletion conflict; A drops the client under base's tombstone (no opinion: a deletion is said by a
    tombstone), B undeletes, C deletes again: the new tombstone wins over the undelete, and nobody changed the
    client since base, so it is removed."""
    client = {"id": "c1", "name": NAME}
    base = FIELD | {"clients": [client], "deleted": [DELETION]}
    again = {"id": "c1", "changed": "2026-01-02T08:00:00Z", "by": "Cy"}
    result = one_result(base, FIELD | {"clients": [], "deleted": [DELETION]}, FIELD | {"clients": [client]},
                        FIELD | {"clients": [], "deleted": [again]})
    assert (result["clients"], result["deleted"]) == ([], [again])


def test_sides_that_hold_a_conflict_of_base_in_pieces_depend_on_the_order_of_arrival():
    """What no three-way rule can make order-free, and the generators above never make: base holds a conflict of X
    and Y, side A holds X alone and side B holds Y alone, each exactly as base's conflict holds it (stale copies: a
    pick on the site writes a new version), side C changes the field to Z. A and B merged give back base's field,
    so C's change then wins alone; met in another order, A's and B's versions join C's. Order-free would need
    merge(O, merge(O, A, B), C) = merge(O, O, C) = C, and then merge(O, A, merge(O, B, C)) = C, dropping X and Y,
    which A and B hold unlike base: nothing may disappear."""
    x = {"value": "Contoso", "changed": "2026-01-01T00:00:00Z", "by": "Ann"}
    y = {"value": "Fabrikam", "changed": "2026-01-01T00:00:01Z", "by": "Bea"}
    z = {"value": "Northwind", "changed": "2026-01-02T00:00:00Z", "by": "Cy"}

    def named(name: dict) -> dict:
        return FIELD | {"clients": [{"id": "c1", "name": name}]}

    base, a, b, c = named(merge_progress.joined([x, y])), named(x), named(y), named(z)
    assert merged(base, a, b) == base | {"clients": base["clients"]}
    assert merged(base, merged(base, a, b), c)["clients"][0]["name"] == z
    assert merged(base, a, merged(base, b, c))["clients"][0]["name"]["conflict"] == [x, y, z]


def values_at(document: dict) -> dict[tuple, set[str]]:
    """{(client id, path): the value keys of every version there} of a version 5 document."""
    side = merge_progress.read_side(document)
    return {(client_id, path): {merge_progress.value_key(v) for v in merge_progress.versions(f)}
            for client_id, fields in side["clients"].items() for path, f in fields.items()}


def changed_since_base(side: dict, base: dict, client_id: str) -> bool:
    """Whether a side (read) holds a client unlike base: some field its version can hold differs, or base lacks it."""
    fields = side["clients"].get(client_id)
    if fields is None:
        return False
    if client_id not in base["clients"]:
        return True
    base_fields = base["clients"][client_id]
    return any(canonical(fields.get(path)) != canonical(base_fields.get(path))
               for path in set(fields) | set(base_fields) if merge_progress.holds(side["version"], path))


@PROPERTY_SETTINGS
@given(team())
def test_nothing_disappears_without_a_tombstone_or_a_conflict(documents):
    """Every client of base or a side is in the result or under a tombstone there, and removed only when no side
    changed it since base; every value of a field a side changed is in the result, as the field's value or in its
    conflict, unless its client was so removed; a field of a kept client that base holds leaves only when a side
    that can hold it removed it; a tombstone disappears only by an undelete (a version 5 side without base's)."""
    base, ours, theirs = documents
    result = merged(base, ours, theirs)
    kept, written = values_at(result), {client["id"] for client in result["clients"]}
    stones = {tombstone["id"] for tombstone in result.get("deleted", [])}
    base_side, sides = merge_progress.read_side(base), [merge_progress.read_side(side) for side in (ours, theirs)]
    for client_id in set(base_side["clients"]).union(*(side["clients"] for side in sides)) - written:
        assert client_id in stones, f"{client_id} removed without a tombstone"
        assert not any(changed_since_base(side, base_side, client_id) for side in sides), client_id
    for side in sides:
        for client_id, fields in side["clients"].items():
            if client_id not in written:
                continue
            base_fields = base_side["clients"].get(client_id, {})
            for path, side_field in fields.items():
                if canonical(base_fields.get(path)) == canonical(side_field):
                    continue
                for version in merge_progress.versions(side_field):
                    assert merge_progress.value_key(version) in kept.get((client_id, path), set()), (client_id, path)
    for client_id in written & set(base_side["clients"]):
        for path in set(base_side["clients"][client_id]) - {path for (held, path) in kept if held == client_id}:
            assert any(client_id in side["clients"] and path not in side["clients"][client_id]
                       and merge_progress.holds(side["version"], path) for side in sides), (client_id, path)
    for client_id in {stone["id"] for document in documents for stone in document.get("deleted", [])} - stones:
        assert client_id in base_side["deleted"], f"the tombstone of {client_id} disappeared"
        assert any(side["version"] == 5 and client_id not in side["deleted"] for side in sides), client_id


@PROPERTY_SETTINGS
@given(team())
def test_the_conflict_count_is_what_the_result_holds(documents):
    result, conflicts = merge_progress.merge(*documents)
    deleted = {tombstone["id"] for tombstone in result.get("deleted", [])}
    fields = sum("conflict" in f for client in result["clients"]
                 for f in merge_progress.client_fields(client, 5).values())
    assert conflicts == fields + sum(client["id"] in deleted for client in result["clients"])


# ----------------------------------------------------------------------------------------------------------------
# Reading files: one line for anything refused, never a traceback.

def export(clients: list[dict] | None = None, **extra) -> dict:
    return {"format": "sbskb-progress", "version": 5, "exported": "2026-03-01T09:00:00Z",
            "clients": clients if clients is not None else [contoso()], **extra}


def contoso(note: str = "old", changed: str = "2026-03-01T08:00:00Z", by: str = "Ann", **fields) -> dict:
    return {"id": "c1", "name": {"value": "Contoso", "changed": "2026-03-01T08:00:00Z", "by": "Ann"},
            "items": {"x": {"status": {"value": "not-started", "changed": "2026-03-01T08:00:00Z", "by": "Ann"}},
                      "y": {"note": {"value": note, "changed": changed, "by": by}}}, **fields}


def write(path, document) -> str:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(*arguments, cwd=None) -> subprocess.CompletedProcess:
    """The command as a technician (or git) runs it: scripts/merge_progress.py, which runs the downloadable file."""
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, arguments)], capture_output=True, text=True,
                          timeout=60, cwd=cwd)


@pytest.fixture
def three(tmp_path):
    """BASE, OURS and THEIRS files: theirs changed item x's status, ours item y's note."""
    base = write(tmp_path / "base.json", export())
    ours = write(tmp_path / "ours.json", export([contoso("ours's note", "2026-03-02T08:00:00Z", "Bea")]))
    theirs_client = contoso()
    theirs_client["items"]["x"]["status"] = {"value": "done", "changed": "2026-03-02T09:00:00Z", "by": "Cy"}
    theirs = write(tmp_path / "theirs.json", export([theirs_client]))
    return base, ours, theirs


def refusal(result: subprocess.CompletedProcess, path) -> str:
    """The one line of a refused run, which must name the file; OURS untouched is checked by the caller."""
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"merge_progress.py: {path}: "), lines[0]
    return lines[0].removeprefix(f"merge_progress.py: {path}: ")


def test_a_merge_without_conflicts_writes_ours_and_exits_0(three):
    base, ours, theirs = three
    os.chmod(ours, 0o640)
    result = run(base, ours, theirs)
    assert (result.returncode, result.stderr) == (0, "")
    text = open(ours, encoding="utf-8").read()
    document = json.loads(text)
    assert text == json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    assert document["version"] == 5
    items = document["clients"][0]["items"]
    assert items["x"]["status"]["value"] == "done" and items["y"]["note"]["value"] == "ours's note"
    assert os.stat(ours).st_mode & 0o777 == 0o640
    assert sorted(os.listdir(os.path.dirname(ours))) == ["base.json", "ours.json", "theirs.json"]


def test_a_merge_with_a_conflict_keeps_both_notes_and_exits_1(tmp_path):
    base = write(tmp_path / "base.json", export())
    ours = write(tmp_path / "ours.json", export([contoso("Filtering on.", "2026-03-02T08:00:00Z", "Bea")]))
    theirs = write(tmp_path / "theirs.json", export([contoso("Left off.", "2026-03-02T09:00:00Z", "Cy")]))
    result = run(base, ours, theirs)
    assert result.returncode == 1
    assert result.stderr == f"merge_progress.py: {ours}: merged with 1 conflict kept in the file for someone to pick\n"
    note = json.loads(open(ours, encoding="utf-8").read())["clients"][0]["items"]["y"]["note"]
    assert note["conflict"] == [{"value": "Filtering on.", "changed": "2026-03-02T08:00:00Z", "by": "Bea"},
                                {"value": "Left off.", "changed": "2026-03-02T09:00:00Z", "by": "Cy"}]
    assert "<<<<<<<" not in open(ours, encoding="utf-8").read()


def noted(*texts: tuple[str, str, str]) -> dict:
    """Contoso with item y's note in conflict between (text, time, author) versions."""
    client = contoso()
    client["items"]["y"]["note"] = merge_progress.joined([{"value": text, "changed": changed, "by": by}
                                                          for text, changed, by in texts])
    return client


BEA_NOTE = ("Filtering on.", "2026-03-02T08:00:00Z", "Bea")
CY_NOTE = ("Left off.", "2026-03-02T09:00:00Z", "Cy")


def test_conflicts_carried_over_unchanged_from_ours_exit_0(tmp_path):
    """OURS holds a note in conflict and a client kept beside its tombstone; THEIRS changed another item: the file
    keeps both conflicts for someone to pick, but git need not stop on them again."""
    kept = contoso() | {"id": "c2"}
    base = write(tmp_path / "base.json", export([contoso(), kept]))
    ours = write(tmp_path / "ours.json", export([noted(BEA_NOTE, CY_NOTE), kept],
                                                deleted=[{"id": "c2", "changed": "2026-03-02T07:00:00Z"}]))
    theirs_client = contoso()
    theirs_client["items"]["x"]["status"] = {"value": "done", "changed": "2026-03-02T10:00:00Z", "by": "Dee"}
    theirs = write(tmp_path / "theirs.json", export([theirs_client, kept]))
    result = run(base, ours, theirs)
    assert result.returncode == 0
    assert result.stderr == f"merge_progress.py: {ours}: merged with 2 conflicts kept in the file for someone to " \
                            "pick (each carried over unchanged from OURS)\n"
    document = json.loads(open(ours, encoding="utf-8").read())
    assert document["clients"][0]["items"]["y"]["note"] == noted(BEA_NOTE, CY_NOTE)["items"]["y"]["note"]
    assert document["clients"][0]["items"]["x"]["status"]["value"] == "done"
    assert [client["id"] for client in document["clients"]] == ["c1", "c2"] and document["deleted"][0]["id"] == "c2"


def test_a_conflict_theirs_added_a_version_to_exits_1(tmp_path):
    base = write(tmp_path / "base.json", export())
    ours = write(tmp_path / "ours.json", export([noted(BEA_NOTE, CY_NOTE)]))
    theirs = write(tmp_path / "theirs.json", export([noted(("Relay for the copier.", "2026-03-02T10:00:00Z", "Dee"))]))
    result = run(base, ours, theirs)
    assert (result.returncode, result.stderr) == (1, f"merge_progress.py: {ours}: merged with 1 conflict kept in the "
                                                     "file for someone to pick\n")
    note = json.loads(open(ours, encoding="utf-8").read())["clients"][0]["items"]["y"]["note"]
    assert [version["by"] for version in note["conflict"]] == ["Bea", "Cy", "Dee"]


def test_a_new_conflict_beside_a_carried_one_exits_1(tmp_path):
    base = write(tmp_path / "base.json", export())
    ours_client = noted(BEA_NOTE, CY_NOTE)
    ours_client["name"] = {"value": "Contoso Ltd", "changed": "2026-03-02T08:00:00Z", "by": "Bea"}
    ours = write(tmp_path / "ours.json", export([ours_client]))
    theirs_client = contoso()
    theirs_client["name"] = {"value": "Contoso plc", "changed": "2026-03-02T09:00:00Z", "by": "Dee"}
    theirs = write(tmp_path / "theirs.json", export([theirs_client]))
    result = run(base, ours, theirs)
    assert (result.returncode, result.stderr) == (1, f"merge_progress.py: {ours}: merged with 2 conflicts kept in the "
                                                     "file for someone to pick (1 new)\n")


def test_an_empty_base_is_a_file_added_on_both_sides(tmp_path, three):
    _, ours, theirs = three
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert run(empty, ours, theirs).returncode == 1   # the same client added twice, a note differing: a conflict
    assert "conflict" in json.loads(open(ours, encoding="utf-8").read())["clients"][0]["items"]["y"]["note"]


def test_markup_is_merged_as_text(tmp_path):
    markup = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    base = write(tmp_path / "base.json", export())
    ours = write(tmp_path / "ours.json", export([contoso(markup, "2026-03-02T08:00:00Z", "<b>Bea</b>")]))
    result = run(base, ours, base)
    assert result.returncode == 0
    assert json.loads(open(ours, encoding="utf-8").read())["clients"][0]["items"]["y"]["note"] == {
        "value": markup, "changed": "2026-03-02T08:00:00Z", "by": "<b>Bea</b>"}


def test_help():
    result = run("--help")
    assert result.returncode == 0
    assert "%O %A %B" in result.stdout and "Exit status: 0" in result.stdout


def unchanged(path, before: bytes, inode: int) -> bool:
    return open(path, "rb").read() == before and os.stat(path).st_ino == inode


@pytest.mark.parametrize(("name", "content", "why"), [
    ("truncated", b'{"format": "sbskb-progress", "version": 5, "clients": [{"id": "c1"',
     "not a JSON file: Expecting ',' delimiter: line 1 column 67 (char 66)"),
    ("proto", json.dumps(export([contoso() | {"items": {"__proto__": {"polluted": True}}}])).encode(),
     "holds the key \u201c__proto__\u201d, which no export file has"),
    ("constructor", b'{"constructor": {"prototype": 1}}',
     "holds the key \u201cprototype\u201d, which no export file has"),
    ("nan", b'{"format": "sbskb-progress", "version": NaN, "clients": []}', "not a JSON file: NaN is not JSON"),
    ("infinity", b'{"format": "sbskb-progress", "version": 1e999, "clients": []}',
     "not a JSON file: the number 1e999\u2026 is too large"),
    ("twice", b'{"format": "sbskb-progress", "version": 5, "version": 4, "clients": []}',
     "holds the key \u201cversion\u201d twice in one object"),
    ("deep", b'{"format": "sbskb-progress", "version": 5, "clients": [[[[[[[[[[]]]]]]]]]]}',
     "nested deeper than an export file (9 levels)"),
    ("very-deep", b"[" * 100_000 + b"]" * 100_000, "nested deeper than an export file (9 levels)"),
    ("newer", b'{"format": "sbskb-progress", "version": 6, "clients": []}',
     "version: made by a newer release of this site; this site reads version 1, 2, 3, 4 and 5 files"),
    ("format", b'{"format": "other", "version": 5, "clients": []}', "format: expected \u201csbskb-progress\u201d"),
    ("latin-1", '{"format": "sbskb-progress", "version": 5, "clients": [], "exported": "\xe9"}'.encode("latin-1"),
     "not UTF-8 text (byte 72)"),
    ("bad-id", json.dumps(export([contoso() | {"id": "C-1\n<b>"}])).encode(), "clients[0].id: not a client id"),
    ("bad-item", json.dumps(export([contoso() | {"items": {"Bad Item\nnext": {}}}])).encode(),
     "clients[0].items: bad item id \u201cBad Item\\x0anext\u201d"),
    ("bad-by", json.dumps(export([contoso(by=" Ann")])).encode(),
     "clients[0].items.y.note.by: expected a name of 1 to 100 characters, without control characters or blanks at "
     "its ends"),
    ("many", json.dumps(export([{"id": "A"}, {"id": "B"}])).encode(),
     "clients[0].id: not a client id (and 3 more problems)"),
    ("empty", b"", "not a JSON file: Expecting value: line 1 column 1 (char 0)"),
])
def test_a_refused_theirs_gives_one_line_and_leaves_ours_untouched(three, name, content, why):
    base, ours, theirs = three
    open(theirs, "wb").write(content)
    before, inode = open(ours, "rb").read(), os.stat(ours).st_ino
    assert refusal(run(base, ours, theirs), theirs) == why
    assert unchanged(ours, before, inode)


def test_a_merge_past_the_clients_limit_is_refused_and_leaves_ours_untouched(tmp_path):
    """Each side holds 1,000 clients, the most a file may, 999 of them shared and one its own: the merge would hold
    1,001, a file neither the site nor this merge reads again, so it is refused instead of written."""
    def client(number: int) -> dict:
        return contoso(id=f"c{number}")

    base = write(tmp_path / "base.json", export([client(number) for number in range(999)]))
    ours = write(tmp_path / "ours.json", export([client(number) for number in range(1000)]))
    theirs = write(tmp_path / "theirs.json", export([client(number) for number in [*range(999), 1000]]))
    before, inode = open(ours, "rb").read(), os.stat(ours).st_ino
    assert refusal(run(base, ours, theirs), ours) == ("left as it was: the merge would not be a file the site reads: "
                                                      "clients: more than 1000 clients")
    assert unchanged(ours, before, inode)


def test_a_symlink_is_refused_for_any_of_the_three(three, tmp_path):
    base, ours, theirs = three
    link = tmp_path / "link.json"
    link.symlink_to(ours)
    before, inode = open(ours, "rb").read(), os.stat(ours).st_ino
    for arguments in ((link, ours, theirs), (base, link, theirs), (base, ours, link)):
        assert refusal(run(*arguments), link) == "a symbolic link; only a regular file is merged"
    assert unchanged(ours, before, inode)
    assert link.is_symlink()


def test_a_fifo_or_a_folder_is_refused_without_waiting(three, tmp_path):
    base, ours, theirs = three
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    before, inode = open(ours, "rb").read(), os.stat(ours).st_ino
    assert refusal(run(base, ours, fifo), fifo) == "not a regular file"   # run's timeout fails a read that waits
    assert refusal(run(folder, ours, theirs), folder) == "not a regular file"
    assert refusal(run(base, ours, tmp_path / "missing.json"), tmp_path / "missing.json") == \
        "cannot be read: No such file or directory"
    assert unchanged(ours, before, inode)


def test_a_file_over_32_mib_is_refused_unread(three, tmp_path):
    base, ours, _ = three
    big = tmp_path / "big.json"
    with open(big, "wb") as stream:
        stream.truncate(merge_progress.IMPORT_BYTES_MAX + 1)   # sparse: its size is what is refused
    assert refusal(run(base, ours, big), big) == "larger than 32 MiB"


def test_ours_that_cannot_be_written_is_refused_and_kept(three, tmp_path):
    """A disk that fills up half-way (here the file size limit, which holds for root too: Python ignores SIGXFSZ, so
    the write fails with EFBIG): OURS keeps its old content and no temporary file is left behind."""
    base, ours, theirs = three
    before, inode = open(ours, "rb").read(), os.stat(ours).st_ino

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    result = subprocess.run([sys.executable, str(SCRIPT), base, ours, theirs], capture_output=True, text=True,
                            timeout=60, preexec_fn=small_files)
    assert refusal(result, ours) == "cannot be written: File too large"
    assert unchanged(ours, before, inode)
    assert sorted(os.listdir(tmp_path)) == ["base.json", "ours.json", "theirs.json"]


def test_a_lone_surrogate_reads_as_the_replacement_character(tmp_path, three):
    base, ours, theirs = three
    text = open(ours, encoding="utf-8").read().replace("ours's note", "broken \\ud800 note")
    open(ours, "w", encoding="utf-8").write(text)
    assert run(base, ours, theirs).returncode == 0
    assert json.loads(open(ours, encoding="utf-8").read())["clients"][0]["items"]["y"]["note"]["value"] == \
        "broken \ufffd note"


def refused_or_merged(path, data: bytes) -> None:
    """`data` as a file read by the merge: refused in one line naming the file, or a document it merges whole, with
    itself, with nothing and with a valid export."""
    path.write_bytes(data)
    try:
        document = merge_progress.read_export(str(path))
    except merge_progress.Refused as refused:
        message = str(refused)
        assert message.startswith(f"{path}: ") and "\n" not in message and "\r" not in message
        return
    merge_progress.document_text(merged(document, document, document)).encode("utf-8")
    merged(None, document, merge_progress.EMPTY_DOCUMENT)
    merged(export(), document, export())


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["sbskb-progress", "c1", "x", "2026-03-01T08:00:00Z", "done", "Ann", "__proto__"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["format", "version", "clients", "deleted", "exported", "id", "name", "items", "x", "note",
                         "value", "changed", "by", "conflict", "before", "values", "object", "mailLogs", "status",
                         "done", "platform", "evidence", "revertDefault", "smart_host"]) | st.text(max_size=5),
        children, max_size=5),
    max_leaves=30)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_any_bytes_are_refused_in_one_line_or_merged(tmp_path, data):
    refused_or_merged(tmp_path / "any.json", data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(JSON_VALUES)
def test_any_json_is_refused_in_one_line_or_merged(tmp_path, value):
    refused_or_merged(tmp_path / "any.json", json.dumps(value).encode())


@st.composite
def damaged(draw) -> object:
    """A valid document with one part replaced by any JSON value: what the format checks must catch or pass whole."""
    document = copy.deepcopy(draw(team(sides=1))[1])
    places = [(document, key) for key in document]
    pending = [document]
    while pending:
        value = pending.pop()
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, child in children:
            places.append((value, key))
            pending.append(child)
    container, key = draw(st.sampled_from(places))
    container[key] = draw(JSON_VALUES)
    return document


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_document_is_refused_in_one_line_or_merged(tmp_path, document):
    refused_or_merged(tmp_path / "damaged.json", json.dumps(document).encode())


# ----------------------------------------------------------------------------------------------------------------
# Git: two clones of one repository, the driver set up as the KB page says, merging through `git pull`.

def documented_setup() -> tuple[str, list[str]]:
    """The .gitattributes line and the `git config` command of docs/kb/team-merge.md, the driver pointed at this
    repository's scripts/merge_progress.py and this Python."""
    page = KB_PAGE.read_text(encoding="utf-8")
    attributes = re.search(r"^(\*\.json merge=sbskb-progress)$", page, re.MULTILINE).group(1)
    command = shlex.split(re.search(r"^(git config merge\.sbskb-progress\.driver .*)$", page, re.MULTILINE).group(1))
    command[-1] = command[-1].replace("python3", shlex.quote(sys.executable)).replace(
        "/path/to/merge_progress.py", shlex.quote(str(SCRIPT)))
    return attributes, command


def git(cwd, *arguments, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, timeout=60, check=check)


@pytest.fixture
def clones(tmp_path, monkeypatch):
    """A bare repository and two clones, A and B, each with the merge driver configured; A committed progress.json
    (one client) and .gitattributes."""
    if GIT is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("HOME", str(tmp_path))            # no one's own git configuration
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")
    attributes, driver = documented_setup()
    git(tmp_path, "init", "--bare", "--initial-branch=main", "team.git")
    a, b = tmp_path / "a", tmp_path / "b"
    git(tmp_path, "clone", str(tmp_path / "team.git"), str(a))
    for clone, name in ((a, "Bea"), (b, "Cy")):
        if clone == b:
            git(tmp_path, "clone", str(tmp_path / "team.git"), str(b))
        git(clone, "config", "user.name", name)
        git(clone, "config", "user.email", f"{name.lower()}@example.org")
        git(clone, *driver[1:])
        if clone == a:
            (a / ".gitattributes").write_text(attributes + "\n", encoding="utf-8")
            write(a / "progress.json", export())
            git(a, "add", ".gitattributes", "progress.json")
            git(a, "commit", "-m", "Contoso's progress")
            git(a, "push", "origin", "main")
    git(b, "pull", "--no-rebase", "origin", "main")
    return a, b


def edit(clone, change, exported: str) -> None:
    """Change the client's items and the export time: both clones change that same line, so a line merge would stop
    where the driver merges cleanly."""
    path = clone / "progress.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["exported"] = exported
    change(document["clients"][0]["items"])
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    git(clone, "commit", "-am", "progress")


def pulled_after_both_edit(a, b, change_a, change_b, day: str) -> subprocess.CompletedProcess:
    """A changes the items at 08:00 of `day` and pushes, B at 09:00 and pulls: git merges through the driver."""
    edit(a, change_a, f"{day}T08:00:01Z")
    git(a, "push", "origin", "main")
    edit(b, change_b, f"{day}T09:00:01Z")
    return git(b, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)


def merged_cleanly(b, pulled: subprocess.CompletedProcess) -> dict:
    """B's progress file after a pull that git committed without stopping."""
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert "Merge made by" in pulled.stdout
    return json.loads((b / "progress.json").read_text(encoding="utf-8"))


def test_git_merges_two_clones_through_the_driver(clones):
    a, b = clones

    def status_done(items):
        items["x"]["status"] = {"value": "done", "changed": "2026-03-02T08:00:00Z", "by": "Bea"}

    def note_written(items):
        items["y"]["note"] = {"value": "Tested from outside.", "changed": "2026-03-02T09:00:00Z", "by": "Cy"}

    document = merged_cleanly(b, pulled_after_both_edit(a, b, status_done, note_written, "2026-03-02"))
    items = document["clients"][0]["items"]
    assert items["x"]["status"]["value"] == "done" and items["y"]["note"]["value"] == "Tested from outside."
    assert document["exported"] == "2026-03-02T09:00:01Z"
    git(b, "push", "origin", "main")
    git(a, "pull", "--no-rebase", "origin", "main")

    def note_by(text, changed, by):
        def change(items):
            items["y"]["note"] = {"value": text, "changed": changed, "by": by}
        return change

    pulled = pulled_after_both_edit(a, b, note_by("Filtering on since Monday.", "2026-03-03T08:00:00Z", "Bea"),
                                    note_by("Filtering off: the copier relays.", "2026-03-03T09:00:00Z", "Cy"),
                                    "2026-03-03")
    assert pulled.returncode != 0
    assert "CONFLICT (content): Merge conflict in progress.json" in pulled.stdout
    text = (b / "progress.json").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text
    note = json.loads(text)["clients"][0]["items"]["y"]["note"]
    assert note["conflict"] == [
        {"value": "Filtering on since Monday.", "changed": "2026-03-03T08:00:00Z", "by": "Bea"},
        {"value": "Filtering off: the copier relays.", "changed": "2026-03-03T09:00:00Z", "by": "Cy"}]
    assert note["value"] == "Filtering off: the copier relays."
    assert json.loads(text)["clients"][0]["items"]["x"]["status"]["value"] == "done"

    # Committed with the conflict in it, for someone to pick on the site: later merges carry it and git goes on.
    git(b, "commit", "-am", "Merge, the note left in conflict")
    git(b, "push", "origin", "main")
    git(a, "pull", "--no-rebase", "origin", "main")

    def status_deferred(items):
        items["x"]["status"] = {"value": "deferred", "changed": "2026-03-04T08:00:00Z", "by": "Bea"}

    def evidence_added(items):
        items["x"]["evidence"] = {"value": "Outside test by probe.py, pass", "changed": "2026-03-04T09:00:00Z",
                                  "by": "Cy"}

    document = merged_cleanly(b, pulled_after_both_edit(a, b, status_deferred, evidence_added, "2026-03-04"))
    x, y = document["clients"][0]["items"]["x"], document["clients"][0]["items"]["y"]
    assert (x["status"]["value"], x["evidence"]["by"]) == ("deferred", "Cy")
    assert y["note"]["conflict"] == note["conflict"]
