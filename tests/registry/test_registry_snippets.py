"""Every .reg and reg.exe snippet against a real registry client: Wine's regedit and reg.exe (stack notes §9).

For each registry item: apply, then read the value back with `reg query`, then its check, then its revert, with the
defaults and several valid client values, and each value before the change a technician may have recorded
(`recorded_cases`): the revert must put back exactly that value, or delete the value when it was absent. Wine's
regedit skips a value line it cannot parse and still exits 0, so every value is read back, and the .reg text is also
held to the strict format (8 hex digits for a dword).

For every registry setting (a dword) the whole round trip is also run as a technician does it: record the value
before the change from the check's real `reg query` output (read with `before_values.parse`), apply, check, revert.
"""
from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from macros.before_values import Parsed, Restore, parse
from macros.loader import load_catalog
from macros.vocabulary import ABSENT
from registry_syntax import REG_HEADER, parse_cmd, parse_reg
from support import RECORDED_EXAMPLES, ROOT, client_values, recorded_cases

pytestmark = pytest.mark.registry
CATALOG = load_catalog(ROOT)


def _variants_applying(fmt: str) -> list[tuple]:
    """(item, variant) for every variant whose apply snippet is in `fmt` and writes the registry."""
    return [(item, variant) for checklist in CATALOG.checklists for item in checklist.items for variant in item.variants
            if any(s.kind == "apply" and s.format == fmt and (fmt == "reg" or s.template.startswith("reg "))
                   for s in variant.snippets)]


REG_FILE_VARIANTS = _variants_applying("reg")
REG_EXE_VARIANTS = _variants_applying("cmd")
REGISTRY_ITEMS = REG_FILE_VARIANTS + REG_EXE_VARIANTS
# (format, item, variant, setting) for every registry setting (a dword) of a tab that applies it in that format.
REGISTRY_SETTINGS = [(fmt, item, variant, setting)
                     for fmt, found in (("reg", REG_FILE_VARIANTS), ("cmd", REG_EXE_VARIANTS))
                     for item, variant in found for setting in item.settings if setting.type == "dword"]
# How the value stood before the change: set and recorded, absent and recorded, at the default and not recorded, and
# not recorded with "restore Microsoft's default instead" chosen for the item.
BEFORE_CASES = ("recorded-value", "recorded-absent", "unrecorded", "unrecorded-default")


class Wine:
    def __init__(self, prefix: Path):
        self.prefix = prefix
        # No Mono or Gecko: without them wineboot would offer to install them, which needs a display and a download.
        # Wine's own error lines stay on (err+all): if a command fails, its output says why.
        self.env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all,err+all",
                    "WINEDLLOVERRIDES": "mscoree,mshtml="}

    def run(self, *arguments: str) -> subprocess.CompletedProcess:
        # Without address space randomisation (setarch -R). Debian's wine64 has no preloader, the part of Wine that
        # reserves the addresses Windows programs expect before Linux maps anything there; with randomisation on, a
        # library now and then lands on the shared user data page and that command dies at start: "wine: failed to
        # map the shared user data: c0000018" (STATUS_CONFLICTING_ADDRESSES), which WINEDEBUG=-all showed only as
        # "ShellExecuteEx failed: Internal error". It failed CI at random, on any command, mid-module.
        # Output goes to a file, not a pipe: Wine's background processes inherit the pipe and would hold it open.
        with tempfile.TemporaryFile() as output:
            result = subprocess.run(["setarch", platform.machine(), "-R", "wine", *arguments], env=self.env,
                                    stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=120)
            output.seek(0)
            text = output.read().decode("utf-8", errors="replace")
        return subprocess.CompletedProcess(result.args, result.returncode, text, "")

    def write(self, name: str, text: str) -> str:
        # As saved on Windows: CRLF line ends.
        path = self.prefix / "drive_c" / name
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8") + b"\r\n")
        return "C:\\" + name

    def regedit(self, text: str) -> None:
        result = self.run("regedit", "/S", self.write("snippet.reg", text))
        assert result.returncode == 0, result.stdout

    def batch(self, text: str) -> subprocess.CompletedProcess:
        return self.run("cmd", "/c", self.write("snippet.bat", "@echo off\n" + text))

    def query(self, key: str, name: str) -> int | str | None:
        result = self.run("reg", "query", key, "/v", name)
        if result.returncode != 0:
            return None
        match = re.search(rf"^\s+{re.escape(name)}\s+(REG_\w+)\s+(.*?)\s*$", result.stdout, re.M)
        assert match, result.stdout
        kind, data = match.groups()
        return int(data, 16) if kind == "REG_DWORD" else data

    def put_dword(self, key: str, name: str, value: str) -> None:
        """The registry as it stood before the change: `value` a decimal DWORD, or 'absent' (deleted)."""
        if value == ABSENT:
            # The key stays, as on a server with the service installed: only the value is not there.
            assert self.run("reg", "add", key, "/f").returncode == 0, key
            self.run("reg", "delete", key, "/v", name, "/f")   # exits 1 when it is already absent
            assert self.query(key, name) is None, (key, name)
        else:
            result = self.run("reg", "add", key, "/v", name, "/t", "REG_DWORD", "/d", value, "/f")
            assert result.returncode == 0, result.stdout
            assert self.query(key, name) == int(value), (key, name, value)


@pytest.fixture(scope="module")
def wine(tmp_path_factory):
    if not shutil.which("wine"):
        pytest.skip("Wine is not installed: scripts/test.sh installs Debian's wine64 when run as root")
    assert shutil.which("setarch"), "setarch (util-linux) is needed to run Wine without address randomisation"
    prefix = tmp_path_factory.mktemp("wineprefix")
    box = Wine(prefix)
    result = box.run("wineboot", "-i")
    assert result.returncode == 0, result.stdout
    # wineboot returns before the new prefix has settled: the processes it started (services, the first-run setup
    # that writes system32 and the registry) go on, and a command started meanwhile can find no cmd.exe yet and fail
    # ("ShellExecuteEx failed: Internal error", seen on a new machine). Wait until every process of this prefix has
    # ended, then make sure the prefix holds what the tests run.
    subprocess.run(["wineserver", "-w"], env=box.env, timeout=300, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    for program in ("cmd.exe", "reg.exe", "regedit.exe"):
        folder = "windows" if program == "regedit.exe" else "windows/system32"
        assert (prefix / "drive_c" / folder / program).is_file(), f"the new Wine prefix has no {program}"
    yield box
    subprocess.run(["wineserver", "-k"], env=box.env, timeout=60, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _writes(fmt: str, text: str) -> list[tuple[str, str, int | None]]:
    """(key, value name, data) a .reg file or reg.exe lines write; data None means "delete". Strict format."""
    if fmt == "reg":
        return parse_reg(text)
    return [(key, name, data) for verb, key, name, data in parse_cmd(text) if verb in ("add", "delete")]


def _run(wine: Wine, fmt: str, text: str) -> None:
    """Import a .reg file with regedit, or run reg.exe lines in cmd; either must succeed."""
    if fmt == "reg":
        wine.regedit(text)
    else:
        result = wine.batch(text)
        assert result.returncode == 0, result.stdout


def _restored(item, variant, recorded: dict) -> dict[str, str]:
    """Per dword setting, the value the server had before the change: the recorded one, else the tab's default (a
    server nobody changed). Worked out here from the case, not taken from the code under test."""
    defaults = item.tab_defaults(variant)
    return {s.id: (recorded.get(s.id) or {}).get("value") or defaults.get(s.id, "")
            for s in item.settings if s.type == "dword"}


def _expected(value: str) -> int | None:
    return None if value == ABSENT else int(value)


def _registry_names(item) -> dict[str, str]:
    """Registry value name -> setting id, for the item's dword settings."""
    return {s.check_name: s.id for s in item.settings if s.type == "dword"}


def test_there_are_registry_snippets_to_test():
    assert REGISTRY_ITEMS, "no .reg or reg.exe snippets found"
    assert REGISTRY_SETTINGS, "no registry (dword) settings found"
    assert {fmt for fmt, *_ in REGISTRY_SETTINGS} == {"reg", "cmd"}


@pytest.mark.parametrize("item, variant", REG_FILE_VARIANTS,
                         ids=[f"{i.id}-{'+'.join(v.platforms)}" for i, v in REG_FILE_VARIANTS])
def test_reg_file_apply_check_revert(wine, item, variant):
    _apply_check_revert(wine, "reg", item, variant)


@pytest.mark.parametrize("item, variant", REG_EXE_VARIANTS,
                         ids=[f"{i.id}-{'+'.join(v.platforms)}" for i, v in REG_EXE_VARIANTS])
def test_reg_exe_apply_check_revert(wine, item, variant):
    _apply_check_revert(wine, "cmd", item, variant)


def _apply_check_revert(wine: Wine, fmt: str, item, variant) -> None:
    """Apply, read back, check and revert with every client value set and every recorded case; before the apply the
    registry holds what that case recorded, so the revert's result shows it put back that value."""
    snippets = {(s.kind, s.format): s for s in variant.snippets}
    names = _registry_names(item)
    assert fmt == "reg" or ("check", "cmd") in snippets, f"{item.id}: a reg.exe apply needs its reg query check"
    for values in client_values(item):
        apply_text = item.fill(snippets[("apply", fmt)], variant, values)
        applied = _writes(fmt, apply_text)
        if fmt == "cmd":
            assert all(verb == "add" for verb, *_ in parse_cmd(apply_text)), apply_text
        check_text = item.fill(snippets[("check", "cmd")], variant, values) if ("check", "cmd") in snippets else None
        if check_text is not None:
            assert all(verb == "query" for verb, *_ in parse_cmd(check_text))
        for recorded in recorded_cases(item, values):
            restored = _restored(item, variant, recorded)
            case = (values, recorded)
            for key, name, _ in applied:
                if name in names and restored[names[name]]:
                    wine.put_dword(key, name, restored[names[name]])
            _run(wine, fmt, apply_text)
            for key, name, data in applied:
                assert wine.query(key, name) == data, (case, key, name)
            if check_text is not None:
                check = wine.batch(check_text)
                assert check.returncode == 0 and all(name in check.stdout for _, name, _ in applied), check.stdout
            if ("revert", fmt) not in snippets:
                continue
            revert_text = item.fill(snippets[("revert", fmt)], variant, values, recorded)
            if revert_text is None:   # nothing recorded: the page offers no revert, never a default in its place
                assert not recorded, case
                continue
            _run(wine, fmt, revert_text)
            written = _writes(fmt, revert_text)
            assert written, revert_text
            for key, name, data in written:
                assert name in names, f"the revert writes {name}, which is not one of the item's settings"
                expected = _expected(restored[names[name]])
                assert wine.query(key, name) == expected, (case, key, name, revert_text)
                assert data == expected, (case, revert_text)


def _setting_ids(cases):
    return [f"{fmt}-{item.id}-{'+'.join(variant.platforms)}-{setting.id}" for fmt, item, variant, setting in cases]


@pytest.mark.parametrize("case", BEFORE_CASES)
@pytest.mark.parametrize("fmt, item, variant, setting", REGISTRY_SETTINGS, ids=_setting_ids(REGISTRY_SETTINGS))
def test_revert_restores_the_value_before_the_change(wine, fmt, item, variant, setting, case):
    """As a technician does it, per registry setting: record the value before the change (the check's real output
    read by before_values.parse, or nothing), apply, check, revert; the registry then holds exactly what it held."""
    snippets = {(s.kind, s.format): s for s in variant.snippets}
    assert ("check", "cmd") in snippets, f"{item.id}: a registry setting needs a reg query check to record it from"
    assert ("revert", fmt) in snippets, f"{item.id}: the {fmt} apply has no {fmt} revert"
    default = item.tab_defaults(variant).get(setting.id)
    assert default, f"{setting.id}: no default on {'+'.join(variant.platforms)}"
    spec = setting.spec
    # Each distinct apply once: client values that only change other parameters give the same registry text.
    by_apply: dict[str, dict] = {}
    for values in client_values(item):
        by_apply.setdefault(item.fill(snippets[("apply", fmt)], variant, values), values)
    assert by_apply
    for apply_text, values in by_apply.items():
        written = [(key, data) for key, name, data in _writes(fmt, apply_text) if name == setting.check_name]
        assert len(written) == 1, f"the apply does not write {setting.check_name} once: {apply_text}"
        key, applied = written[0]
        prior = {"recorded-value": RECORDED_EXAMPLES["dword"], "recorded-absent": ABSENT, "unrecorded": default,
                 "unrecorded-default": default}[case]
        assert prior == ABSENT or int(prior) != applied, "the value before must differ from the applied one"
        wine.put_dword(key, setting.check_name, prior)
        check_text = item.fill(snippets[("check", "cmd")], variant, values)
        obj = str(values.get(setting.object, ""))

        # Before the change: the check's output, as reg.exe prints it, is what the technician records.
        before = wine.batch(check_text)
        if prior == ABSENT:
            assert before.returncode != 0, before.stdout   # reg query exits 1 when the value is not there
        else:
            assert before.returncode == 0, before.stdout
        if case.startswith("unrecorded"):
            recorded = {}
        else:
            parsed = parse(spec, before.stdout, obj)
            assert parsed == Parsed(True, prior), (before.stdout, parsed)
            recorded = {setting.id: {"value": parsed.value, "object": obj}}

        _run(wine, fmt, apply_text)
        assert wine.query(key, setting.check_name) == applied, values
        after = wine.batch(check_text)
        assert after.returncode == 0, after.stdout
        assert parse(spec, after.stdout, obj) == Parsed(True, str(applied)), after.stdout

        chosen = case == "unrecorded-default"
        revert = item.revert(snippets[("revert", fmt)], variant, values, recorded, use_default=chosen)
        revert_text = item.fill(snippets[("revert", fmt)], variant, values, recorded, use_default=chosen)
        assert revert_text == revert.text
        if case == "unrecorded":
            # Nothing recorded: no revert to run, not even the platform default, which would overwrite whatever this
            # server had (corrections-2 §16). The change stays until someone records or restores by hand.
            assert revert.restores[setting.id] == Restore("unrecorded") and revert_text is None, revert.restores
            assert wine.query(key, setting.check_name) == applied
            continue
        # The technician's choice restores the platform's default, which this server had: the same end state.
        assert revert.restores[setting.id] == Restore("default" if chosen else "recorded", prior), revert.restores
        assert revert_text is not None
        _run(wine, fmt, revert_text)
        assert wine.query(key, setting.check_name) == _expected(prior), (case, values, revert_text)
        assert [data for _, name, data in _writes(fmt, revert_text) if name == setting.check_name] == [_expected(prior)]
        # And the check now shows what it showed before the change.
        again = wine.batch(check_text)
        assert parse(spec, again.stdout, obj) == Parsed(True, prior), again.stdout


def test_reg_parser_refuses_what_lenient_regedit_accepts():
    with pytest.raises(AssertionError):
        parse_reg(f"{REG_HEADER}\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n\"V\"=dword:5")
    with pytest.raises(AssertionError):
        parse_cmd('reg add "HKLM\\SOFTWARE\\X /v V /t REG_DWORD /d 5 /f')
