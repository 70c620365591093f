"""A setting's value before the change, as a technician records it per client: typed, or the item's check output
pasted in. The one definition of what is accepted, and of which value a revert restores.

Mirrored rule for rule by browser/before.js (and its before-*.js modules); tests/vectors/before-vectors.json holds
both halves to the same values and the same messages, and tests/vectors/rules/ the rules written once per language
(`expectation`, `box_answer`, `box_choices`). Only the parsed value is ever kept: the pasted text never reaches a
snippet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .templating import placeholders, render
from .vocabulary import (
    ABSENT,
    BEFORE_PREFIX,
    BEFORE_TEXT_MAX,
    BOXES,
    DWORD_MAX,
    SETTING_TYPES,
    TIMESPAN_DAYS_MAX,
    UNCONFIRMED,
)

_DWORD_DECIMAL = re.compile(r"0|[1-9][0-9]{0,9}")
_DWORD_HEX = re.compile(r"0[xX]([0-9a-fA-F]{1,8})")
_TIMESPAN = re.compile(r"(?:([0-9]{1,8})\.)?([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,7}))?")
_BOOLEAN = {"true": "True", "$true": "True", "false": "False", "$false": "False"}
# reg.exe's answer when the value (or its key) is not there: Windows says "key or value", Wine's reg.exe (the
# registry client of tests/registry) "value" or "key". Then Get-ItemProperty's.
_REG_MISSING = re.compile(r"unable to find the specified registry (?:key or value|value|key)", re.I | re.A)
_PS_MISSING = re.compile(r"Property ([A-Za-z][A-Za-z0-9]*) does not exist at path")
# A Format-List line: "Name : value" (the value may be empty); a line that starts with blanks continues the value.
_LIST_LINE = re.compile(r"([A-Za-z][A-Za-z0-9]*) *:(?: ([^\n]*))?")
# Blanks and line breaks are named, not \s: Python's and JavaScript's \s, strip() and case rules differ at the edges.
_BLANK_CHARS = " \t\r\n\f\v"
_BLANKS = re.compile(r"[ \t\r\n\f\v]+")
# Every line break JavaScript's ^, $ and . know, made \n before parsing so both languages split lines alike.
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")


@dataclass(frozen=True)
class SettingSpec:
    """What the browser gets for one setting (its data-* attributes): enough to read a recorded value."""

    id: str
    type: str
    property: str = ""     # the name the item's check prints: a registry value or a Format-List property
    object: str = ""       # the parameter naming the one object the setting is on (a connector's Identity)


@dataclass(frozen=True)
class Parsed:
    ok: bool
    value: str = ""        # canonical: decimal DWORD, [d.]hh:mm:ss[.f], True/False, ticked/not ticked, or 'absent'
    message: str = ""


def _refused(message: str) -> Parsed:
    return Parsed(False, message=message)


def same_object(left: str, right: str) -> bool:
    """Two Identity texts name the same object: Exchange compares names without regard to case, and a wrapped
    Format-List line may have lost or gained blanks where it was cut."""
    return _BLANKS.sub("", left).lower() == _BLANKS.sub("", right).lower()


def canonical(spec: SettingSpec, text: str) -> str | None:
    """The canonical form of a value typed alone, or None when it is not one."""
    text = text.strip(_BLANK_CHARS)
    if spec.type == "dword":
        if text.lower() == ABSENT:
            return ABSENT
        if _DWORD_DECIMAL.fullmatch(text) and int(text) <= DWORD_MAX:
            return str(int(text))
        hexadecimal = _DWORD_HEX.fullmatch(text)
        return str(int(hexadecimal.group(1), 16)) if hexadecimal else None
    if spec.type == "timespan":
        match = _TIMESPAN.fullmatch(text)
        if not match:
            return None
        days, hours, minutes, seconds, fraction = match.groups()
        days_number = int(days or "0")
        if days_number > TIMESPAN_DAYS_MAX or int(hours) > 23 or int(minutes) > 59 or int(seconds) > 59:
            return None
        fraction = (fraction or "").rstrip("0")
        clock = f"{int(hours):02d}:{minutes}:{seconds}" + (f".{fraction}" if fraction else "")
        return f"{days_number}.{clock}" if days_number else clock
    if spec.type == "boolean":
        return _BOOLEAN.get(text.lower())
    return box_answer(text)


def box_answer(text: str) -> str | None:
    """A box setting's answer in its recorded form ("ticked" or "not ticked"), or None (browser/rules/box-choices.js
    `boxAnswer`)."""
    answer = text.strip(_BLANK_CHARS).lower()
    return answer if answer in BOXES else None


def box_choices() -> list[list[str]]:
    """The choices a box setting's field offers, [value, label] each: none recorded, then each answer
    (browser/rules/box-choices.js `boxChoices`)."""
    return [["", "Not recorded"], *([answer, answer[0].upper() + answer[1:]] for answer in BOXES)]


def is_value(setting_type: str, text: str) -> bool:
    """Whether `text` is a value of this setting type in its one canonical form: what a checklist's defaults and
    applied values, and a recorded value, must be. `canonical` is the one definition; 'absent' is a DWORD's word."""
    return canonical(SettingSpec("", setting_type), text) == text


def timespan_seconds(value: str) -> float:
    days, hours, minutes, seconds, fraction = _TIMESPAN.fullmatch(value).groups()
    return (int(days or "0") * 86400 + int(hours) * 3600 + int(minutes) * 60 + int(seconds)
            + float("0." + (fraction or "0")))


def same_value(spec: SettingSpec, left: str, right: str) -> bool:
    if spec.type == "timespan" and left != ABSENT and right != ABSENT:
        return timespan_seconds(left) == timespan_seconds(right)
    return left == right


def expectation(setting_type: str) -> str:
    """What a field for a setting of this type takes, for the "expected ..." refusal (browser/rules/setting-types.js
    `expectation`)."""
    words = "'absent', " if setting_type == "dword" else ""
    return f"{SETTING_TYPES[setting_type]}, {words}or the check's output pasted in"


def parse(spec: SettingSpec, text: str, identity: str = "") -> Parsed:
    """Read a recorded value from what the technician typed or pasted. `identity` is the current value of the
    parameter that names the setting's object (its receive connector), when the setting has one."""
    # Counted in UTF-16 code units, as JavaScript's String.length counts: both halves refuse the same pastes.
    if len(text.encode("utf-16-le", "surrogatepass")) // 2 > BEFORE_TEXT_MAX:
        return _refused(f"too long: paste at most {BEFORE_TEXT_MAX} characters of the check's output")
    if "\x00" in text:
        return _refused("the text holds a NUL character: paste the check's output as text")
    alone = canonical(spec, text)
    if alone is not None:
        return Parsed(True, alone)
    if spec.type == "dword" and spec.property:
        found = _from_registry_output(spec, text)
    elif spec.type in ("timespan", "boolean") and spec.property:
        found = _from_format_list(spec, text, identity)
    else:
        found = None
    return found or _refused(f"expected {expectation(spec.type)}")


def _from_registry_output(spec: SettingSpec, text: str) -> Parsed | None:
    name = re.escape(spec.property)
    text = _LINE_BREAKS.sub("\n", text)
    line = re.search(rf"(?aim)^[ \t]*{name}[ \t]+(REG_[A-Za-z_]+)[ \t]+([^ \t\n][^\n]*?)[ \t]*$", text)
    if line:
        kind, data = line.groups()
        if kind.upper() != "REG_DWORD":
            return _refused(f"{spec.property} is a {kind.upper()} on this server, not a REG_DWORD: the revert cannot "
                            "restore that, so write it in the note and restore it by hand")
        value = canonical(spec, data)
        return Parsed(True, value) if value not in (None, ABSENT) else None
    listed = re.search(rf"(?aim)^[ \t]*{name}[ \t]*:[ \t]*([0-9]+)[ \t]*$", text)
    if listed:
        value = canonical(spec, listed.group(1))
        return Parsed(True, value) if value is not None else None
    missing = _PS_MISSING.search(text)
    if _REG_MISSING.search(text) or (missing and missing.group(1).lower() == spec.property.lower()):
        return Parsed(True, ABSENT)
    return None


def format_list_records(text: str) -> list[dict[str, str]]:
    """Format-List output as one {property: value} per object. Objects are separated by blank lines (or a property
    seen twice); a long value wrapped onto lines that start with blanks is joined back."""
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = ""
    for line in _LINE_BREAKS.sub("\n", text).split("\n"):
        if not line.strip(_BLANK_CHARS):
            if current:
                records.append(current)
            current, last = {}, ""
            continue
        match = _LIST_LINE.fullmatch(line.rstrip(_BLANK_CHARS))
        starts_blank = line[0] in _BLANK_CHARS
        if match and not starts_blank:
            key = match.group(1)
            if key in current:
                records.append(current)
                current = {}
            current[key] = match.group(2) or ""
            last = key
        elif last and starts_blank:
            current[last] += ("" if current[last].endswith(" ") else " ") + line.strip(_BLANK_CHARS)
    if current:
        records.append(current)
    return [{key: value.strip(_BLANK_CHARS) for key, value in record.items()} for record in records]


def _from_format_list(spec: SettingSpec, text: str, identity: str) -> Parsed | None:
    records = [record for record in format_list_records(text)
               if any(key.lower() == spec.property.lower() for key in record)]
    if not records:
        return None
    if spec.object:
        named = [record for record in records
                 if any(key.lower() == "identity" and same_object(value, identity) for key, value in record.items())]
        if not named:
            return _refused(f"the pasted output lists no object with the Identity {identity}: enter the connector's "
                            "Identity first, then paste the check's output that lists it")
        records = named
    if len(records) > 1:
        return _refused(f"the pasted output lists {spec.property} for {len(records)} objects: paste the one this item "
                        "changes")
    value = next(value for key, value in records[0].items() if key.lower() == spec.property.lower())
    found = canonical(spec, value)
    if found is None or found == ABSENT:
        return _refused(f"{spec.property} shows \u201c{value}\u201d, not {SETTING_TYPES[spec.type]}")
    return Parsed(True, found)


@dataclass(frozen=True)
class Restore:
    """What a revert puts back for one setting, and why."""

    # "recorded" (the client's value), "default" (nothing recorded, and the technician chose Microsoft's confirmed
    # default for this item and client instead), "unrecorded" (nothing recorded: no revert), "unconfirmed" (nothing
    # recorded and no confirmed default either: no revert, and no default to choose) or "other-object" (recorded for
    # another connector than the one the commands name: no revert until the technician says whose it is) or
    # "unreadable" (a recorded value that is not of the setting's type, as a file may bring: no revert, no default)
    source: str
    value: str = ""


def restore(default: str, recorded: dict | None, identity: str = "", has_object: bool = False,
            use_default: bool = False) -> Restore:
    """The value a revert restores: the client's recorded value, or nothing. A default never stands in on its own:
    it would overwrite whatever this client's server had (corrections-2 §16). Only where the technician chose it for
    this item and client (`use_default`) does a confirmed default stand in for a value nobody recorded. A value
    recorded for another object (connector) is not used until the technician says so."""
    if recorded and recorded.get("value"):
        if has_object and not same_object(recorded.get("object", ""), identity):
            return Restore("other-object")
        return Restore("recorded", recorded["value"])
    if default == UNCONFIRMED:
        return Restore("unconfirmed")
    return Restore("default", default) if use_default else Restore("unrecorded")


def default_offered(restores: dict[str, Restore]) -> bool:
    """Whether "restore Microsoft's default instead" is offered: some setting is unrecorded (or already restores its
    default), and every setting without a usable record has a confirmed default. Never for an unconfirmed default or
    a value recorded for another connector."""
    missing = [r.source for r in restores.values() if r.source != "recorded"]
    return bool(missing) and all(source in ("unrecorded", "default") for source in missing)


@dataclass(frozen=True)
class RevertText:
    """A revert filled for one client: its text (None when no revert can be written yet) and per setting what it
    restores."""

    text: str | None
    restores: dict[str, Restore]
    absent_branch: bool = False


def restore_for(spec: SettingSpec, default: str, recorded: dict | None, identity: str = "",
                use_default: bool = False) -> Restore:
    """`restore`, after checking that the recorded value is one of this setting's type (a file may hold anything)."""
    if recorded and recorded.get("value") and canonical(spec, str(recorded["value"])) != recorded["value"]:
        return Restore("unreadable")   # no record, and no default stands in for one that cannot be read either
    return restore(default, recorded, identity, bool(spec.object), use_default)


def fill_revert(template: str, absent_template: str, specs: dict[str, SettingSpec], defaults: dict[str, str],
                values: dict, recorded: dict[str, dict], identities: dict[str, str] | None = None,
                use_default: bool = False) -> RevertText:
    """The revert for one client. `defaults` are the tab's platform defaults per setting id, `values` the filled
    parameter values, `recorded` the client's values before the change; `use_default`, the technician's choice to
    restore Microsoft's default where nothing is recorded. Mirrors `fillRevert` in browser/before-revert.js."""
    identities = identities or {}
    named = [p.name[len(BEFORE_PREFIX):] for p in placeholders(template) if p.name.startswith(BEFORE_PREFIX)]
    restores = {}
    for setting_id in named:
        spec = specs[setting_id]
        restores[setting_id] = restore_for(spec, defaults.get(setting_id, UNCONFIRMED), recorded.get(setting_id),
                                           identities.get(spec.object, ""), use_default)
    if any(not r.value for r in restores.values()):
        return RevertText(None, restores)
    if absent_template and any(r.value == ABSENT for r in restores.values()):
        return RevertText(render(absent_template, values), restores, True)
    before = {BEFORE_PREFIX + setting_id: r.value for setting_id, r in restores.items()}
    return RevertText(render(template, {**values, **before}), restores)
