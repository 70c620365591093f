"""Load every checklist file: YAML with positions -> JSON Schema -> semantic checks -> model.

Every problem in every file is collected and reported at once (CatalogError), each as `file:line:col` with the JSON
path of the field, so one run tells an author everything to fix.
"""
from __future__ import annotations

import json
import re
import urllib.parse
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema

from . import before_values
from . import parameters as params
from .bulk_changes import find_bulk_changes
from .errors import CatalogError, Problem, json_path
from .model import Catalog, Caveat, Checklist, Item, Platform, Reference, Setting, Snippet, Variant
from .powershell_versions import find_newer_constructs, version_key
from .templating import FILTERS, TemplateSyntaxError, placeholders, render
from .vocabulary import ABSENT, BEFORE_PREFIX, SETTING_TYPES, UNCONFIRMED
from .yaml_source import YamlDocument, YamlProblems, load_yaml

CHECKLIST_DIR = "checklists"
PLATFORMS_FILE = "checklists/platforms/platforms.yaml"
CATALOG_FILE = "checklists/catalog/catalog.yaml"   # optional: without it, checklists come in file-name order
REG_HEADER = "Windows Registry Editor Version 5.00"
CHANGING_KINDS = ("apply", "revert")   # the snippet kinds that change a server; "check" is read-only
POWERSHELL_FORMATS = ("ps1", "ems")
_SAFE_PATTERN_GROUP = re.compile(r"\(\?(?!:)")

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


def _validator(schema_path: Path) -> Draft202012Validator:
    return _validator_of(*_identity(schema_path))


@cache
def _validator_of(schema_path: Path, size: int, mtime_ns: int) -> Draft202012Validator:
    # Imported when a document fails the compiled check: a build of valid files never pays for the import (50 ms).
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")))


def _passes(schema_path: Path):
    """A compiled check (fastjsonschema) that a document passes the schema: about four times faster than jsonschema,
    which is kept for the documents it refuses, to word and place every problem. It only ever skips jsonschema for a
    document it accepts, so it must never accept what jsonschema refuses (tests/unit/test_fast_validation.py, with
    Hypothesis). Our schemas use no Draft 2020-12 keyword whose meaning differs from Draft 7, the newest
    fastjsonschema compiles; its patterns read `$` as the end of the text (`\\Z`), stricter than jsonschema, which
    only sends a few more documents to jsonschema. A `$` inside a character class is written \\x24 for it."""
    return _compiled(*_identity(schema_path))


def _identity(schema_path: Path) -> tuple[Path, int, int]:
    # Both validators are kept per version of the schema file: under `mkdocs serve` an edited schema is compiled again.
    stat = schema_path.stat()
    return schema_path, stat.st_size, stat.st_mtime_ns


@cache
def _compiled(schema_path: Path, size: int, mtime_ns: int):
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    # use_default=False: a check, never a change to the document (fastjsonschema fills in defaults otherwise).
    return fastjsonschema.compile(_literal_dollars_in_classes(schema), use_default=False)


def _literal_dollars_in_classes(node):
    if isinstance(node, dict):
        return {key: (literal_dollars_in_class(value) if key == "pattern" and isinstance(value, str)
                      else _literal_dollars_in_classes(value))
                for key, value in node.items()}
    if isinstance(node, list):
        return [_literal_dollars_in_classes(value) for value in node]
    return node


def literal_dollars_in_class(pattern: str) -> str:
    """`pattern` with every `$` inside a character class written `\\x24` (the same character); escapes, such as `\\[`
    or `\\]`, are read as escapes, not as a class's edges, and a `]` first in a class (after any `^`) is literal."""
    out = []
    in_class = False
    first_in_class = False      # the next character is the class's first: a `]` there is a character, not the end
    index = 0
    while index < len(pattern):
        char = pattern[index]
        step = 2 if char == "\\" else 1
        piece = pattern[index:index + step]
        if not in_class:
            if piece == "[":
                in_class, first_in_class = True, True
                if pattern.startswith("^", index + 1):
                    piece, step = "[^", 2
        else:
            if piece == "]" and not first_in_class:
                in_class = False
            elif piece == "$":
                piece = "\\x24"
            first_in_class = False
        out.append(piece)
        index += step
    return "".join(out)


def schema_errors(schema_path: Path, data) -> list[ValidationError]:
    """Every way `data` breaks the schema at `schema_path` (jsonschema's errors), none when it passes."""
    try:
        _passes(schema_path)(data)
        return []
    except fastjsonschema.JsonSchemaException:
        return list(_validator(schema_path).iter_errors(data))


_LOADED: dict[Path, tuple[tuple, Catalog]] = {}


def load_catalog_once(root: Path | str) -> Catalog:
    """load_catalog, read and validated once for as long as no file under checklists/ changes.

    Zensical's macros shim runs define_env once per page that uses macros, not once per build: without this every
    checklist file was parsed and validated again for each such page (11 times per build of this site, 1,000 times
    for a catalogue of 1,000 checklists). Under `mkdocs serve` an edited file changes the fingerprint and is read
    again. A catalogue with problems is never kept, so each call reports them."""
    root = Path(root).resolve()
    fingerprint = _fingerprint(root / CHECKLIST_DIR)
    kept = _LOADED.get(root)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    catalog = load_catalog(root)
    _LOADED[root] = (fingerprint, catalog)
    return catalog


def _fingerprint(folder: Path) -> tuple:
    """Every YAML and JSON file's path, size and modification time under `folder` (the checklists, the platforms, the
    order, the schemas), as MkDocs' own file watcher tells an edit. Not the bytes: Zensical asks once per page, and
    hashing every file for each of 1,000 pages read 4 GB (the 1,000-checklist build took 75 s instead of about 50 s)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".yaml", ".json"):
            continue    # an editor's backup or swap file is no input, and may vanish while we look
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def load_catalog(root: Path | str) -> Catalog:
    """Load checklists/platforms/platforms.yaml, every checklists/*.yaml and the order in
    checklists/catalog/catalog.yaml under `root`; raise CatalogError. The checklists come in that order."""
    root = Path(root)
    problems: list[Problem] = []
    platforms = _load_platforms(root, problems)
    checklists = []
    seen = _SeenAcrossFiles()
    paths = sorted((root / CHECKLIST_DIR).glob("*.yaml"))
    oldest_powershell = {platform.id: platform.oldest_powershell for platform in platforms}
    for path in paths:
        checklist = _load_checklist(root, path, oldest_powershell, problems, seen)
        if checklist is not None:
            checklists.append(checklist)
    live = {item.id for checklist in checklists for item in checklist.items}
    for checklist in checklists:
        for item in checklist.items:
            problems += [Problem(checklist.source, 1, 1, f"item '{item.id}' replaces '{old}', which is still an item",
                                 f"$.items[{checklist.items.index(item)}].replaces")
                         for old in item.replaces if old in live]
    # Against the files, not the checklists that loaded: a broken file reports its own problem, and the order
    # naming it is not a second one (a checklist's id is its file name).
    order = _load_order(root, {path.stem for path in paths}, problems)
    if problems:
        raise CatalogError(problems)
    if order:
        checklists.sort(key=lambda checklist: order.index(checklist.id))
    return Catalog(tuple(platforms), tuple(checklists))


def _load_order(root: Path, checklist_ids: set[str], problems: list[Problem]) -> list[str]:
    """The workflow order of checklists/catalog/catalog.yaml, which must name every checklist once."""
    path = root / CATALOG_FILE
    if not path.is_file():
        return []
    document = _read_and_validate(root, path, "catalog.schema.json", problems)
    if document is None:
        return []
    order = document.data["checklist_order"]
    for index, checklist_id in enumerate(order):
        if checklist_id not in checklist_ids:
            problems.append(_problem(document, path, root, ("checklist_order", index),
                                     f"no checklist '{checklist_id}' in checklists/"))
    missing = sorted(checklist_ids - set(order))
    if missing:
        problems.append(_problem(document, path, root, ("checklist_order",),
                                 f"checklists missing from the order: {', '.join(missing)} "
                                 "(name every checklist once)"))
    return order


def _read_and_validate(root: Path, path: Path, schema_name: str, problems: list[Problem]) -> YamlDocument | None:
    display = path.relative_to(root).as_posix()
    try:
        document = load_yaml(path.read_bytes(), display)
    except YamlProblems as error:
        problems += error.problems
        return None
    if isinstance(document.data, list):
        problems.append(Problem(display, 1, 1, "the file is a list; expected a mapping of fields starting with "
                                               "schema_version"))
        return None
    schema_problems = [_schema_problem(error, document, display)
                       for error in schema_errors(path.parent / schema_name, document.data)]
    if isinstance(document.data, dict) and document.data and next(iter(document.data)) != "schema_version":
        line, column = document.position((next(iter(document.data)),), key=True)
        schema_problems.append(Problem(display, line, column, "schema_version must be the first field of the file"))
    problems += schema_problems
    return None if schema_problems else document


def _schema_problem(error: ValidationError, document: YamlDocument, display: str) -> Problem:
    path = tuple(error.absolute_path)
    message = error.message
    if error.validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        unknown = sorted(key for key in error.instance if key not in allowed)
        path = path + (unknown[0],)
        line, column = document.position(path, key=True)
        known = ", ".join(allowed)
        return Problem(display, line, column, f"unknown field '{unknown[0]}' (allowed here: {known})", json_path(path))
    if error.validator == "anyOf" and all(set(branch) == {"required"} for branch in error.validator_value):
        message = "give at least one of: " + ", ".join(branch["required"][0] for branch in error.validator_value)
    elif error.validator == "not":
        fields = [branch["required"][0] for branch in error.validator_value.get("anyOf", [])]
        message = f"fields {', '.join(fields)} are not allowed for type '{error.instance.get('type')}'"
    elif error.validator == "const":
        message = f"must be {error.validator_value!r}, found {error.instance!r}"
    elif len(message) > 160:
        # jsonschema quotes the whole value ("'…' is too long", "'…' does not match …"): cut the value, not the reason.
        shown = repr(error.instance)
        if len(shown) > 60 and shown in message:
            message = message.replace(shown, shown[:57] + "...", 1)
        if len(message) > 160:
            message = message[:157] + "..."
    line, column = document.position(path)
    return Problem(display, line, column, message, json_path(path))


def _load_platforms(root: Path, problems: list[Problem]) -> list[Platform]:
    path = root / PLATFORMS_FILE
    document = _read_and_validate(root, path, "platforms.schema.json", problems)
    if document is None:
        return []
    def report(where: tuple, message: str) -> None:
        problems.append(_problem(document, path, root, where, message))

    seen: set[str] = set()
    platforms = []
    for index, entry in enumerate(document.data["platforms"]):
        if entry["id"] in seen:
            report(("platforms", index, "id"), f"duplicate platform id '{entry['id']}'")
        seen.add(entry["id"])
        refs = _references(entry["references"], ("platforms", index), report)
        platforms.append(Platform(entry["id"], entry["name"], entry["short_name"], entry["windows"],
                                  entry["exchange"], entry["powershell"], refs, entry["oldest_powershell"]))
    return platforms


def _problem(document: YamlDocument, path: Path, root: Path, where: tuple, message: str) -> Problem:
    line, column = document.position(where)
    return Problem(path.relative_to(root).as_posix(), line, column, message, json_path(where))


class _SeenAcrossFiles:
    """Item ids are unique across all checklists, and a parameter name means one thing everywhere."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}
        self.replaced: dict[str, str] = {}
        self.parameters: dict[str, tuple[params.Parameter, str]] = {}
        self.settings: dict[str, str] = {}


def _load_checklist(root: Path, path: Path, oldest_powershell: dict[str, str], problems: list[Problem],
                    seen: _SeenAcrossFiles) -> Checklist | None:
    """One checklist file; `oldest_powershell` maps each platform id to the oldest PowerShell its snippets assume."""
    platform_ids = set(oldest_powershell)
    document = _read_and_validate(root, path, "checklist.schema.json", problems)
    if document is None:
        return None
    data = document.data
    found: list[Problem] = []

    def report(where: tuple, message: str, offset: int | None = None) -> None:
        """A problem at the field `where`; `offset` points at a character inside that field's text."""
        if offset is None:
            found.append(_problem(document, path, root, where, message))
        else:
            line, column = document.text_position(where, offset)
            found.append(Problem(path.relative_to(root).as_posix(), line, column, message, json_path(where)))

    if data["id"] != path.stem:
        report(("id",), f"checklist id '{data['id']}' must equal the file name '{path.stem}'")
    for index, platform in enumerate(data["platforms"]):
        if platform not in platform_ids:
            report(("platforms", index), f"unknown platform '{platform}' (known: {', '.join(sorted(platform_ids))})")
    items = []
    source = path.relative_to(root).as_posix()
    for index, raw_item in enumerate(data["items"]):
        where = ("items", index)
        for r_index, replaced in enumerate(raw_item.get("replaces", [])):
            claim = f"{source}:{document.position(where + ('replaces', r_index))[0]}"
            first_claim = seen.replaced.setdefault(replaced, claim)
            if first_claim != claim:
                report(where + ("replaces", r_index), f"'{replaced}' is already replaced at {first_claim}")
        here = f"{source}:{document.position(where + ('id',))[0]}"
        first_use = seen.items.setdefault(raw_item["id"], here)
        if first_use != here:
            report(where + ("id",), f"duplicate item id '{raw_item['id']}' (first used at {first_use}); item ids are "
                                    "unique across all checklists")
        for p_index, raw_parameter in enumerate(raw_item.get("parameters", [])):
            parameter = _parameter(raw_parameter)
            first, first_source = seen.parameters.setdefault(parameter.name, (parameter, source))
            if _comparable(first) != _comparable(parameter):
                report(where + ("parameters", p_index), f"parameter '{parameter.name}' differs from its definition "
                       f"in {first_source}: a client has one value per name, so every definition must match")
        for s_index, raw_setting in enumerate(raw_item.get("settings", [])):
            here = f"{source}:{document.position(where + ('settings', s_index, 'id'))[0]}"
            first_use = seen.settings.setdefault(raw_setting["id"], here)
            if not first_use.startswith(f"{source}:"):   # within one file, _settings reports it
                report(where + ("settings", s_index, "id"),
                       f"setting id '{raw_setting['id']}' is already declared at {first_use}; a client has one value "
                       "before the change per setting id")
        items.append(_item(raw_item, where, set(data["platforms"]), report,
                           {p: oldest_powershell[p] for p in data["platforms"] if p in oldest_powershell}))
    for where, text in _markdown_fields(data):
        _check_page_links(text, where, report)
    problems += found
    if found:
        return None
    return Checklist(data["id"], data["title"], data["summary"].strip(), tuple(data["platforms"]), tuple(items), source,
                     data.get("short_title", data["title"]))


def _item(raw: dict, where: tuple, checklist_platforms: set[str], report, oldest_powershell: dict[str, str]) -> Item:
    declared: dict[str, params.Parameter] = {}
    for index, raw_parameter in enumerate(raw.get("parameters", [])):
        at = where + ("parameters", index)
        parameter = _parameter(raw_parameter)
        if parameter.name in declared:
            report(at + ("name",), f"duplicate parameter '{parameter.name}'")
        declared[parameter.name] = parameter
        _check_parameter(parameter, raw_parameter, at, report)
    used: set[str] = set()
    variants = []
    platform_seen: set[str] = {p for raw_variant in raw["variants"] for p in raw_variant["platforms"]}
    settings = _settings(raw, where, platform_seen, declared, report)
    settings_by_id = {setting.id: setting for setting in settings}
    platform_seen = set()
    for index, raw_variant in enumerate(raw["variants"]):
        at = where + ("variants", index)
        for platform_index, platform in enumerate(raw_variant["platforms"]):
            if platform not in checklist_platforms:
                report(at + ("platforms", platform_index),
                       f"platform '{platform}' is not in this checklist's platforms")
            if platform in platform_seen:
                report(at + ("platforms", platform_index), f"platform '{platform}' already has a variant in this item")
            platform_seen.add(platform)
        snippets = []
        raw_snippets = raw_variant.get("snippets", {})
        if ("apply" in raw_snippets or "revert" in raw_snippets) and "check" not in raw_snippets:
            report(at + ("snippets",), "a variant that changes the server needs a read-only 'check' snippet")
        if "apply" in raw_snippets and "revert" not in raw_snippets and not raw.get("irreversible"):
            report(at + ("snippets",), "a variant that changes the server needs a 'revert' snippet, or the item says "
                                       "why the change cannot be undone (irreversible)")
        for kind, templates in raw_snippets.items():
            for fmt, written in templates.items():
                t_at = at + ("snippets", kind, fmt)
                branches = written if isinstance(written, dict) else {"value": written}
                for branch, template in branches.items():
                    b_at = t_at + (branch,) if isinstance(written, dict) else t_at
                    used |= _check_template(template, fmt, declared, b_at, report,
                                            settings_by_id if kind == "revert" else None)
                    if kind in CHANGING_KINDS and fmt in POWERSHELL_FORMATS:
                        for bulk in find_bulk_changes(template):
                            report(b_at, bulk.message(), bulk.offset)
                    if fmt in POWERSHELL_FORMATS:
                        _check_powershell_version(template, raw_variant["platforms"], oldest_powershell, b_at, report)
                snippet = Snippet(raw["id"], kind, fmt, branches["value"].rstrip("\n"),
                                  branches.get("absent", "").rstrip("\n"))
                if kind == "revert":
                    _check_revert(snippet, raw_variant["platforms"], settings_by_id, t_at, report)
                snippets.append(snippet)
        variants.append(Variant(tuple(raw_variant["platforms"]), raw_variant["steps"].strip(), tuple(snippets)))
    for index, raw_parameter in enumerate(raw.get("parameters", [])):
        if raw_parameter["name"] not in used:
            report(where + ("parameters", index, "name"),
                   f"parameter '{raw_parameter['name']}' is declared but no snippet of this item uses it")
    references = _references(raw["references"], where, report)
    caveats = tuple(Caveat(c["title"], c["text"].strip()) for c in raw.get("caveats", []))
    _check_changes_are_declared(raw, where, settings, report)
    return Item(raw["id"], raw["title"], raw["why"].strip(), tuple(declared.values()), tuple(variants), caveats,
                references, tuple(raw.get("replaces", ())), settings, raw.get("irreversible", "").strip())


def _check_powershell_version(template: str, platforms: list[str], oldest_powershell: dict[str, str], at: tuple,
                              report) -> None:
    """A PowerShell snippet runs on every platform of its tab: it may use only what the oldest of their PowerShell
    versions has (powershell_versions.py)."""
    known = [platform for platform in platforms if platform in oldest_powershell]
    if not known:
        return   # an unknown platform is reported on its own
    oldest = min((oldest_powershell[platform] for platform in known), key=version_key)
    lowest = ", ".join(platform for platform in known if oldest_powershell[platform] == oldest)
    for newer in find_newer_constructs(template, oldest):
        report(at, newer.message(lowest, oldest), newer.offset)


def _settings(raw: dict, where: tuple, item_platforms: set[str], declared: dict, report) -> tuple[Setting, ...]:
    """The settings the item declares: ids unique, platforms the item has a tab for, defaults of their type, the
    applied value of their type, and one default per tab (a tab's revert is the same text for all its platforms)."""
    settings = []
    seen: set[str] = set()
    for index, raw_setting in enumerate(raw.get("settings", [])):
        at = where + ("settings", index)
        if raw_setting["id"] in seen:
            report(at + ("id",), f"duplicate setting id '{raw_setting['id']}'")
        seen.add(raw_setting["id"])
        kind = raw_setting["type"]
        words = {UNCONFIRMED, ABSENT} if kind == "dword" else {UNCONFIRMED}   # only a registry value can be absent
        for platform, default in raw_setting["defaults"].items():
            d_at = at + ("defaults", platform)
            if platform not in item_platforms:
                report(d_at, f"platform '{platform}' has no tab in this item")
            elif default not in words and (default == ABSENT or not before_values.is_value(kind, default)):
                allowed = " or ".join(f"'{word}'" for word in sorted(words))
                report(d_at, f"default {default!r} must be {_value_form(kind, default)}, or {allowed}")
        for v_index, raw_variant in enumerate(raw["variants"]):
            tab = {raw_setting["defaults"][p] for p in raw_variant["platforms"] if p in raw_setting["defaults"]}
            if len(tab) > 1:
                report(at + ("defaults",), f"the platforms of tab {v_index + 1} have different defaults "
                                           f"({', '.join(sorted(tab))}): give that tab's platforms one default, or "
                                           "split the tab")
        if raw_setting.get("object") and raw_setting["object"] not in declared:
            report(at + ("object",), f"object '{raw_setting['object']}' is not a declared parameter of this item")
        setting = Setting(raw_setting["id"], raw_setting["label"], kind, tuple(raw_setting["defaults"].items()),
                          raw_setting.get("property", ""), raw_setting["applied"], raw_setting.get("object", ""))
        _check_applied(setting, declared, at + ("applied",), report)
        settings.append(setting)
    return tuple(settings)


def _check_applied(setting: Setting, declared: dict, at: tuple, report) -> None:
    """The value the apply sets, filled with the parameters' defaults, must be a value of the setting's type."""
    try:
        names = [placeholder.name for placeholder in placeholders(setting.applied)]
    except TemplateSyntaxError as error:
        report(at, f"{error} (at character {error.offset + 1})")
        return
    missing = [name for name in names if name not in declared]
    if missing:
        report(at, f"placeholder '{missing[0]}' is not a declared parameter of this item")
        return
    _check_template(setting.applied, "", declared, at, report)
    text = render(setting.applied, {name: declared[name].default for name in names})
    if text == ABSENT or not before_values.is_value(setting.type, text):
        report(at, f"applied value {text!r} must be {_value_form(setting.type, text)}")


def _value_form(kind: str, text: str) -> str:
    """What a value of this type must be, for a problem line: its canonical form where `text` has one (the value a
    client records is compared with it), else the type."""
    written = before_values.canonical(before_values.SettingSpec("", kind), text)
    if written not in (None, ABSENT):
        return f"written {written!r}, as the server prints it and a client records it"
    return SETTING_TYPES[kind]


def _check_revert(snippet: Snippet, platforms: list[str], settings: dict[str, Setting], at: tuple, report) -> None:
    """A revert restores every non-box setting its tab changes, from the client's recorded value; one that restores
    a registry value (which may have been absent) has an 'absent' branch that does not name it."""
    try:
        named = {p.name[len(BEFORE_PREFIX):] for p in placeholders(snippet.template)
                 if p.name.startswith(BEFORE_PREFIX)}
        in_absent = {p.name[len(BEFORE_PREFIX):] for p in placeholders(snippet.absent_template)
                     if p.name.startswith(BEFORE_PREFIX)}
    except TemplateSyntaxError:
        return   # reported by _check_template
    for setting in settings.values():
        if setting.type != "box" and any(setting.default_for(p) for p in platforms) and setting.id not in named:
            report(at, f"this revert does not restore setting '{setting.id}': name its value before the change as "
                       f"{{{{ {BEFORE_PREFIX}{setting.id} | filter }}}}")
    dwords = [name for name in named if name in settings and settings[name].type == "dword"]
    if len(dwords) > 1:
        report(at, f"one revert restores at most one registry value ({', '.join(sorted(dwords))}): its 'absent' branch "
                   "can only undo one")
    if dwords and not snippet.absent_template:
        report(at, f"setting '{dwords[0]}' may have been absent before the change: write this revert as "
                   "{value: …, absent: …}, the absent branch removing what the apply created")
    if snippet.absent_template and not dwords:
        report(at, "an 'absent' branch needs a value branch that restores a registry value (a dword setting)")
    if in_absent & set(dwords):
        report(at, f"the 'absent' branch cannot name the value it removes ({', '.join(sorted(in_absent))})")


def _check_changes_are_declared(raw: dict, where: tuple, settings: tuple[Setting, ...], report) -> None:
    """A tab whose snippets change the server names what they change (a setting for its platform), or the item says
    why the change cannot be undone: a revert can only put back what is declared."""
    if raw.get("irreversible"):
        return
    covered = {platform for setting in settings for platform, _ in setting.defaults}
    for index, raw_variant in enumerate(raw["variants"]):
        snippets = raw_variant.get("snippets", {})
        missing = [p for p in raw_variant["platforms"] if p not in covered]
        if ("apply" in snippets or "revert" in snippets) and missing:
            report(where + ("variants", index, "snippets"),
                   f"this tab changes the server on {', '.join(missing)}: declare the settings it changes there "
                   "(settings) or why it cannot be undone (irreversible)")


def _parameter(raw: dict) -> params.Parameter:
    return params.Parameter(
        name=raw["name"], label=raw["label"], type=raw["type"], default=raw["default"], help=raw.get("help", ""),
        minimum=raw.get("min"), maximum=raw.get("max"), choices=tuple(raw.get("choices", ())),
        pattern=raw.get("pattern", ""), pattern_hint=raw.get("pattern_hint", ""),
    )


def _check_parameter(parameter: params.Parameter, raw: dict, at: tuple, report) -> None:
    if parameter.minimum is not None and parameter.maximum is not None and parameter.minimum > parameter.maximum:
        report(at + ("min",), f"min {parameter.minimum} is greater than max {parameter.maximum}")
        return
    if parameter.type == "text":
        if _SAFE_PATTERN_GROUP.search(parameter.pattern):
            report(at + ("pattern",), "only (?:...) groups are allowed: the browser must read the pattern the same way")
            return
        try:
            re.compile(parameter.pattern)
        except re.error as error:
            report(at + ("pattern",), f"pattern does not compile: {error}")
            return
    try:
        params.validate(parameter, str(raw["default"]))
    except params.InvalidValue as error:
        report(at + ("default",), f"default {raw['default']!r} is not valid: {error}")


def _check_template(template: str, fmt: str, declared: dict, at: tuple, report,
                    settings: dict[str, Setting] | None = None) -> set[str]:
    """Check one template's placeholders; `settings` are the item's settings when it is a revert, the only kind that
    may name a value before the change. Returns the parameter names it uses."""
    if fmt == "reg" and template.split("\n", 1)[0] != REG_HEADER:
        report(at, f"a .reg snippet must start with the line '{REG_HEADER}'")
    try:
        found = placeholders(template)
    except TemplateSyntaxError as error:
        report(at, f"{error} (at character {error.offset + 1} of the template)")
        return set()
    for placeholder in found:
        template_filter = FILTERS.get(placeholder.filter)
        if placeholder.name.startswith(BEFORE_PREFIX):
            setting = (settings or {}).get(placeholder.name[len(BEFORE_PREFIX):])
            if settings is None:
                report(at, f"'{placeholder.name}' is a value before the change: only a revert may name one")
            elif setting is None:
                report(at, f"placeholder '{placeholder.name}' names no setting of this item")
            elif template_filter is None:
                report(at, f"unknown filter '{placeholder.filter}' (known: {', '.join(FILTERS)})")
            elif setting.type not in template_filter.applies_to_settings:
                report(at, f"filter '{placeholder.filter}' cannot write a {setting.type} setting ('{setting.id}')")
            continue
        parameter = declared.get(placeholder.name)
        if parameter is None:
            report(at, f"placeholder '{placeholder.name}' is not a declared parameter of this item")
            continue
        if template_filter is None:
            report(at, f"unknown filter '{placeholder.filter}' (known: {', '.join(FILTERS)})")
        elif parameter.type not in template_filter.applies_to:
            report(at, f"filter '{placeholder.filter}' cannot take a {parameter.type} parameter ('{parameter.name}')")
        elif template_filter.integer_range and parameter.type == "integer":
            low, high = template_filter.integer_range
            if parameter.minimum < low or parameter.maximum > high:
                report(at, f"filter '{placeholder.filter}' holds {low}..{high}; parameter '{parameter.name}' allows "
                           f"{parameter.minimum}..{parameter.maximum}")
    return {placeholder.name for placeholder in found if not placeholder.name.startswith(BEFORE_PREFIX)}


# A Markdown link's target: [text](target) or [text](<target>).
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


def _markdown_fields(data: dict):
    """(where, text) of every field rendered as Markdown."""
    yield ("summary",), data["summary"]
    for index, item in enumerate(data["items"]):
        yield ("items", index, "why"), item["why"]
        for v_index, variant in enumerate(item["variants"]):
            yield ("items", index, "variants", v_index, "steps"), variant["steps"]
        for c_index, caveat in enumerate(item.get("caveats", [])):
            yield ("items", index, "caveats", c_index, "text"), caveat["text"]


def _check_page_links(text: str, where: tuple, report) -> None:
    """Links within the site name a page's Markdown file, as written in docs/checklists/<id>.md: the build turns them
    into the right URL for the served site and for the offline folder, which a directory link ("../kb/x/") is not.
    That the page exists is checked against the real docs/ by tests/unit/test_catalog_rules.py."""
    for target in _MARKDOWN_LINK.findall(text):
        if target.lower().startswith(("http://", "https://", "#")):
            continue
        path = target.partition("#")[0]
        if not path.endswith(".md"):
            report(where, f"link '{target}' must name a page's .md file as seen from docs/checklists/ "
                          "(e.g. '../kb/tar-pit.md' or 'tarpit.md#set-tarpit-delay')")


def _references(raw_refs: list, where: tuple, report) -> tuple[Reference, ...]:
    references = []
    for index, raw in enumerate(raw_refs):
        if "url" in raw:
            parsed = urllib.parse.urlsplit(raw["url"])
            if parsed.scheme not in ("http", "https") or not parsed.hostname or "." not in parsed.hostname:
                report(where + ("references", index, "url"), f"'{raw['url']}' is not a web address")
        references.append(Reference(raw["title"], raw["publisher"], raw.get("kb", ""), raw.get("rfc"),
                                    str(raw.get("section", "")), raw.get("url", "")))
    return tuple(references)


def _comparable(parameter: params.Parameter) -> params.Parameter:
    return params.Parameter(parameter.name, "", parameter.type, parameter.default, "", parameter.minimum,
                            parameter.maximum, parameter.choices, parameter.pattern, parameter.pattern_hint)
