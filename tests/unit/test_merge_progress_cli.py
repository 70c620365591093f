"""The three-way merge's command line (scripts/merge_progress.py, which runs docs/downloads/merge_progress.py) on real
files: one line for anything refused and OURS untouched, any bytes or JSON never a traceback, and git running it as
a merge driver between two clones as docs/kb/team-merge.md sets it up. The merge's own rules and properties are in
test_merge_progress.py."""
from __future__ import annotations

import copy
import json
import os
import re
import resource
import shlex
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_merge_progress import GIT, KB_PAGE, SCRIPT, merge_progress, merged, team  # the merge and its teams

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
