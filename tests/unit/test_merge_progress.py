"""The three-way merge of progress export files (docs/downloads/merge_progress.py, the file the site offers;
scripts/merge_progress.py runs it): its vectors and the properties the spec of issue 27 asks for. The command line on
real files and git running it as a merge driver are in test_merge_progress_cli.py."""
from __future__ import annotations

import copy
import importlib.util
import itertools
import json
import shutil
import subprocess

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


def edited(draw, fields: dict, remove: bool = True) -> dict:
    """`fields` with each path left as it is, changed to a new version, or (with `remove`) missing, as in a file made
    before it; never the name, which every client has (the format's checks refuse a client without one)."""
    fields = dict(fields)
    for path in PATHS:
        change = draw(st.sampled_from(["same", "same", "new"] if path == ("name",) or not remove
                                      else ["same", "same", "new", "remove"]))
        if change == "new":
            fields[path] = draw(version(path, SIDE_TIMES))
        elif change == "remove":
            fields.pop(path, None)
    return fields


@st.composite
def side_document(draw, base: dict, versions: tuple = VERSIONS, opinions: bool = False) -> dict:
    """A copy of base after one browser's work, in a version drawn from `versions`. With `opinions` the side says
    something of every client and every field: none missing without a tombstone of its own, as version 5 browsers
    write."""
    held = merge_progress.read_side(base)
    clients, deleted = [], []
    for client_id in CLIENT_IDS:
        fields, stone = held["clients"].get(client_id), held["deleted"].get(client_id)
        actions = NEW_CLIENT_ACTIONS if fields is None else CLIENT_ACTIONS
        action = draw(st.sampled_from([action for action in actions if not (opinions and action == "drop")]))
        if action in ("keep", "edit", "add"):
            if action == "add":
                fields = {("name",): draw(version(("name",), SIDE_TIMES))}
            clients.append(client_from(client_id, fields if action == "keep"
                                       else edited(draw, fields, remove=not opinions)))
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


def test_a_field_missing_from_one_side_stays_in_every_order():
    """Once order-dependent, then a removal counted as a change: side B lacks a note (a file made before it), A
    deletes the client, C renames it. B has no opinion on the note, and C changed the client since base: in every
    order the client stays renamed, with its note, beside the tombstone."""
    note = {"value": "old", "changed": "2026-01-01T09:00:00Z"}
    base = FIELD | {"clients": [{"id": "c1", "name": NAME, "items": {"x": {"note": note}}}]}
    deleting = FIELD | {"clients": [], "deleted": [DELETION]}
    lacking = copy.deepcopy(base)
    del lacking["clients"][0]["items"]
    renaming = copy.deepcopy(base)
    renaming["clients"][0]["name"] = {"value": "Contoso Ltd", "changed": "2026-01-01T13:00:00Z"}
    result = one_result(base, deleting, lacking, renaming)
    assert result["clients"] == [{"id": "c1", "name": renaming["clients"][0]["name"], "items": {"x": {"note": note}}}]
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


def test_sides_that_hold_a_conflict_of_base_in_pieces_agree_in_every_order():
    """Once what no three-way rule could make order-free: base holds a conflict of X and Y, side A holds X alone and
    side B holds Y alone, each exactly as base's conflict holds it, side C changes the field to Z. A's and B's versions
    are base's own or earlier (stale copies: a pick on the site writes a new version), so they are no change, and in
    every order C's change is the field."""
    x = {"value": "Contoso", "changed": "2026-01-01T00:00:00Z", "by": "Ann"}
    y = {"value": "Fabrikam", "changed": "2026-01-01T00:00:01Z", "by": "Bea"}
    z = {"value": "Northwind", "changed": "2026-01-02T00:00:00Z", "by": "Cy"}

    def named(name: dict) -> dict:
        return FIELD | {"clients": [{"id": "c1", "name": name}]}

    base, a, b, c = named(merge_progress.joined([x, y])), named(x), named(y), named(z)
    assert merged(base, a, b)["clients"] == base["clients"]
    assert one_result(base, a, b, c)["clients"][0]["name"] == z


def values_at(document: dict) -> dict[tuple, set[str]]:
    """{(client id, path): the value keys of every version there} of a version 5 document."""
    side = merge_progress.read_side(document)
    return {(client_id, path): {merge_progress.value_key(v) for v in merge_progress.versions(f)}
            for client_id, fields in side["clients"].items() for path, f in fields.items()}


def changed_since_base(side: dict, base: dict, client_id: str) -> bool:
    """Whether a side (read) changed a client since base: base lacks it, or some field holds a later version than
    base's (or an undated one of a value base lacks)."""
    fields = side["clients"].get(client_id)
    if fields is None:
        return False
    if client_id not in base["clients"]:
        return True
    base_fields = base["clients"][client_id]
    return any(merge_progress.changed_since(base_fields.get(path), field) for path, field in fields.items())


@PROPERTY_SETTINGS
@given(team())
def test_nothing_disappears_without_a_tombstone_or_a_conflict(documents):
    """Every client of base or a side is in the result or under a tombstone there, and removed only when no side
    changed it since base; every value of a field a side changed since base is in the result, as the field's value
    or in its conflict, unless its client was so removed; a field of a kept client that base holds never leaves; a
    tombstone disappears only by an undelete (a version 5 side without base's)."""
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
                if not merge_progress.changed_since(base_fields.get(path), side_field):
                    continue
                for version in merge_progress.versions(side_field):
                    assert merge_progress.value_key(version) in kept.get((client_id, path), set()), (client_id, path)
    for client_id in written & set(base_side["clients"]):
        for path in base_side["clients"][client_id]:
            assert (client_id, path) in kept, (client_id, path)
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
