"""Every .reg and reg.exe snippet against a real registry client: Wine's regedit and reg.exe (stack notes §9).

For each registry item: apply, then read the value back with `reg query`, then its check, then its revert, with the
defaults and several valid client values. Wine's regedit skips a value line it cannot parse and still exits 0, so
every value is read back, and the .reg text is also held to the strict format (8 hex digits for a dword).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from macros import templating
from macros.loader import load_catalog
from registry_syntax import REG_HEADER, parse_cmd, parse_reg
from support import ROOT, client_values

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


class Wine:
    def __init__(self, prefix: Path):
        self.prefix = prefix
        self.env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all"}

    def run(self, *arguments: str) -> subprocess.CompletedProcess:
        # Output goes to a file, not a pipe: Wine's background processes inherit the pipe and would hold it open.
        with tempfile.TemporaryFile() as output:
            result = subprocess.run(["wine", *arguments], env=self.env, stdout=output, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, timeout=120)
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


@pytest.fixture(scope="module")
def wine(tmp_path_factory):
    if not shutil.which("wine"):
        pytest.skip("Wine is not installed: scripts/test.sh installs Debian's wine64 when run as root")
    prefix = tmp_path_factory.mktemp("wineprefix")
    box = Wine(prefix)
    result = box.run("wineboot", "-i")
    assert result.returncode == 0, result.stdout
    yield box
    subprocess.run(["wineserver", "-k"], env=box.env, timeout=60, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_there_are_registry_snippets_to_test():
    assert REGISTRY_ITEMS, "no .reg or reg.exe snippets found"


@pytest.mark.parametrize("item, variant", REG_FILE_VARIANTS,
                         ids=[f"{i.id}-{'+'.join(v.platforms)}" for i, v in REG_FILE_VARIANTS])
def test_reg_file_apply_check_revert(wine, item, variant):
    snippets = {(s.kind, s.format): s.template for s in variant.snippets}
    for values in client_values(item):
        applied = parse_reg(templating.render(snippets[("apply", "reg")], values))
        wine.regedit(templating.render(snippets[("apply", "reg")], values))
        for key, name, data in applied:
            assert wine.query(key, name) == data, (values, key, name)
        if ("check", "cmd") in snippets:
            check = wine.batch(templating.render(snippets[("check", "cmd")], values))
            assert check.returncode == 0 and all(name in check.stdout for _, name, _ in applied), check.stdout
        if ("revert", "reg") in snippets:
            wine.regedit(templating.render(snippets[("revert", "reg")], values))
            for key, name, _ in parse_reg(templating.render(snippets[("revert", "reg")], values)):
                assert wine.query(key, name) is None, (values, key, name)


@pytest.mark.parametrize("item, variant", REG_EXE_VARIANTS,
                         ids=[f"{i.id}-{'+'.join(v.platforms)}" for i, v in REG_EXE_VARIANTS])
def test_reg_exe_apply_check_revert(wine, item, variant):
    snippets = {(s.kind, s.format): s.template for s in variant.snippets}
    for values in client_values(item):
        apply_text = templating.render(snippets[("apply", "cmd")], values)
        result = wine.batch(apply_text)
        assert result.returncode == 0, result.stdout + result.stderr
        for verb, key, name, data in parse_cmd(apply_text):
            assert verb == "add" and wine.query(key, name) == data, (values, key, name)
        check_text = templating.render(snippets[("check", "cmd")], values)   # the loader requires a check
        assert all(verb == "query" for verb, *_ in parse_cmd(check_text))
        check = wine.batch(check_text)
        assert check.returncode == 0, check.stdout
        if ("revert", "cmd") not in snippets:
            continue
        revert_text = templating.render(snippets[("revert", "cmd")], values)
        assert wine.batch(revert_text).returncode == 0
        for verb, key, name, _ in parse_cmd(revert_text):
            assert verb == "delete" and wine.query(key, name) is None, (values, key, name)


def test_reg_parser_refuses_what_lenient_regedit_accepts():
    with pytest.raises(AssertionError):
        parse_reg(f"{REG_HEADER}\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n\"V\"=dword:5")
    with pytest.raises(AssertionError):
        parse_cmd('reg add "HKLM\\SOFTWARE\\X /v V /t REG_DWORD /d 5 /f')
