"""Strict syntax of generated .reg files and reg.exe lines (Wine's regedit is more lenient than the format)."""
from __future__ import annotations

import re

REG_HEADER = "Windows Registry Editor Version 5.00"
REG_KEY = re.compile(r"^\[(-?)(HKEY_(?:LOCAL_MACHINE|CURRENT_USER|CLASSES_ROOT|USERS|CURRENT_CONFIG)"
                     r"(?:\\[^\\\]]+)+)\]$")
REG_VALUE = re.compile(r'^"([^"\\]+)"=(?:dword:([0-9a-f]{8})|(-)|"((?:[^"\\]|\\.)*)")$')
REG_ADD = re.compile(r'^reg add "([^"]+)" /v (\S+) /t (REG_DWORD|REG_SZ) /d (\S+) /f$')
REG_DELETE = re.compile(r'^reg delete "([^"]+)" /v (\S+) /f$')
REG_QUERY = re.compile(r'^reg query "([^"]+)" /v (\S+)$')


def parse_reg(text: str) -> list[tuple[str, str, str | int | None]]:
    """(key, value name, data) for each value line of a .reg file; data None means "delete". Strict format."""
    lines = text.split("\n")
    assert lines[0] == REG_HEADER and lines[1] == ""
    settings, key = [], None
    for line in lines[2:]:
        if not line:
            continue
        if match := REG_KEY.match(line):
            assert match.group(1) == "", "key deletion is not used by any snippet yet"
            key = match.group(2)
            continue
        match = REG_VALUE.match(line)
        assert match and key, f"not a valid .reg line: {line!r}"
        name, dword, delete, string = match.groups()
        settings.append((key, name, None if delete else int(dword, 16) if dword else string))
    return settings


def parse_cmd(text: str) -> list[tuple[str, str, str, str | int | None]]:
    """(verb, key, value name, data) for each reg.exe line; balanced quotes and a known type."""
    found = []
    for line in text.split("\n"):
        assert line.count('"') % 2 == 0, f"unbalanced quotes: {line!r}"
        if match := REG_ADD.match(line):
            key, name, kind, data = match.groups()
            found.append(("add", key, name, int(data) if kind == "REG_DWORD" else data))
        elif match := REG_DELETE.match(line):
            found.append(("delete", *match.groups(), None))
        elif match := REG_QUERY.match(line):
            found.append(("query", *match.groups(), None))
        else:
            raise AssertionError(f"not a reg.exe line this test knows: {line!r}")
    return found
