"""Every copy of a shared list that cannot import macros/vocabulary.py (the published schemas, the CSS, the nav in
mkdocs.yml) is held to it here, so adding a status, a format, a platform or a checklist is one edit plus its tests."""
from __future__ import annotations

import copy
import html
import importlib.util
import json
import re

import yaml

from macros import parameters, templating, vocabulary
from macros.loader import load_catalog
from macros.render import catalog_json, render_checklist, render_checklist_index, render_dashboard, render_report
from macros.site_links import SiteLinks
from support import ROOT

CATALOG = load_catalog(ROOT)
PROGRESS = json.loads((ROOT / "docs" / "schemas" / "progress-v1.schema.json").read_text(encoding="utf-8"))
PROGRESS_V2 = json.loads((ROOT / "docs" / "schemas" / "progress-v2.schema.json").read_text(encoding="utf-8"))
PROGRESS_V3 = json.loads((ROOT / "docs" / "schemas" / "progress-v3.schema.json").read_text(encoding="utf-8"))
PROGRESS_V4 = json.loads((ROOT / "docs" / "schemas" / "progress-v4.schema.json").read_text(encoding="utf-8"))
PROGRESS_V5 = json.loads((ROOT / "docs" / "schemas" / "progress-v5.schema.json").read_text(encoding="utf-8"))
MAIL_LOGS = json.loads((ROOT / "docs" / "schemas" / "mail-logs-v1.schema.json").read_text(encoding="utf-8"))
CHECKLIST = json.loads((ROOT / "checklists" / "checklist.schema.json").read_text(encoding="utf-8"))
CLIENT = PROGRESS["properties"]["clients"]["items"]
ENTRY = CLIENT["properties"]["items"]["additionalProperties"]


def test_progress_schema_statuses_and_platforms_are_the_vocabularys():
    assert ENTRY["properties"]["status"]["enum"] == [status.id for status in vocabulary.STATUSES]
    assert CLIENT["properties"]["platform"]["enum"] == ["", *(platform.id for platform in CATALOG.platforms)]


def test_progress_schema_limits_and_patterns_are_the_vocabularys():
    assert PROGRESS["properties"]["format"]["const"] == vocabulary.EXPORT_FORMAT
    assert PROGRESS["properties"]["version"]["const"] == vocabulary.EXPORT_VERSIONS[0] == 1
    assert PROGRESS["properties"]["clients"]["maxItems"] == vocabulary.CLIENTS_MAX
    assert CLIENT["properties"]["id"]["pattern"] == vocabulary.CLIENT_ID_PATTERN
    assert CLIENT["properties"]["name"]["maxLength"] == vocabulary.CLIENT_NAME_MAX
    values = CLIENT["properties"]["values"]
    assert values["propertyNames"]["pattern"] == vocabulary.VALUE_NAME_PATTERN
    assert values["additionalProperties"]["maxLength"] == vocabulary.VALUE_MAX
    assert CLIENT["properties"]["items"]["propertyNames"]["pattern"] == vocabulary.ITEM_ID_PATTERN
    assert ENTRY["properties"]["note"]["maxLength"] == vocabulary.NOTE_MAX
    assert ENTRY["properties"]["changed"]["pattern"] == vocabulary.CHANGE_TIME_PATTERN
    assert PROGRESS["properties"]["exported"]["pattern"] == vocabulary.CHANGE_TIME_PATTERN
    for names in (values["propertyNames"], CLIENT["properties"]["items"]["propertyNames"]):
        # "__proto__" cannot be forbidden by a schema keyword: JSON Schema tools read it as an ordinary name
        assert set(names["not"]["enum"]) | {"__proto__"} == set(vocabulary.FORBIDDEN_KEYS)
    assert tuple(PROGRESS["properties"]) == vocabulary.FILE_FIELDS
    assert tuple(CLIENT["properties"]) == vocabulary.CLIENT_FIELDS
    assert tuple(ENTRY["properties"]) == vocabulary.ENTRY_FIELDS


def test_progress_v2_schema_is_the_vocabularys():
    client = PROGRESS_V2["properties"]["clients"]["items"]
    fields = client["properties"]
    entry = fields["items"]["additionalProperties"]
    before = fields["before"]["additionalProperties"]
    assert PROGRESS_V2["properties"]["version"]["const"] == vocabulary.EXPORT_VERSIONS[1] == 2
    assert PROGRESS_V2["properties"]["format"]["const"] == vocabulary.EXPORT_FORMAT
    assert PROGRESS_V2["properties"]["clients"]["maxItems"] == vocabulary.CLIENTS_MAX
    assert tuple(PROGRESS_V2["properties"]) == vocabulary.FILE_FIELDS
    assert tuple(fields) == vocabulary.CLIENT_FIELDS_V2
    assert tuple(entry["properties"]) == vocabulary.ENTRY_FIELDS_V2
    assert tuple(before["properties"]) == vocabulary.BEFORE_FIELDS
    for timed in (fields["name"], fields["platform"], fields["values"]["additionalProperties"]):
        assert tuple(timed["properties"]) == vocabulary.TIMED_FIELDS
        assert timed["properties"]["changed"]["pattern"] == vocabulary.CHANGE_TIME_PATTERN
    assert fields["id"]["pattern"] == vocabulary.CLIENT_ID_PATTERN
    assert fields["name"]["properties"]["value"]["maxLength"] == vocabulary.CLIENT_NAME_MAX
    assert fields["platform"]["properties"]["value"]["enum"] == ["", *(p.id for p in CATALOG.platforms)]
    assert fields["values"]["propertyNames"]["pattern"] == vocabulary.VALUE_NAME_PATTERN
    assert fields["values"]["additionalProperties"]["properties"]["value"]["maxLength"] == vocabulary.VALUE_MAX
    assert fields["before"]["propertyNames"]["pattern"] == fields["items"]["propertyNames"]["pattern"]
    assert fields["items"]["propertyNames"]["pattern"] == vocabulary.ITEM_ID_PATTERN
    assert before["properties"]["value"]["pattern"] == vocabulary.BEFORE_VALUE_PATTERN
    assert before["properties"]["object"]["maxLength"] == vocabulary.VALUE_MAX
    assert entry["properties"]["status"]["enum"] == [status.id for status in vocabulary.STATUSES]
    assert entry["properties"]["note"]["maxLength"] == vocabulary.NOTE_MAX


def test_progress_v3_schema_is_the_vocabularys():
    """Version 3 is version 2 with an item's fields each timed: everything else is held equal to version 2's."""
    client = PROGRESS_V3["properties"]["clients"]["items"]
    entry = client["properties"]["items"]["additionalProperties"]
    assert PROGRESS_V3["properties"]["version"]["const"] == vocabulary.EXPORT_VERSIONS[2] == 3
    assert tuple(entry["properties"]) == vocabulary.ENTRY_FIELDS_V3
    for field in entry["properties"].values():
        assert tuple(field["properties"]) == vocabulary.TIMED_FIELDS
        assert field["properties"]["changed"]["pattern"] == vocabulary.CHANGE_TIME_PATTERN
    fields = entry["properties"]
    assert fields["status"]["properties"]["value"]["enum"] == [status.id for status in vocabulary.STATUSES]
    assert fields["note"]["properties"]["value"]["maxLength"] == vocabulary.NOTE_MAX
    assert fields["evidence"]["properties"]["value"]["maxLength"] == vocabulary.EVIDENCE_MAX
    assert fields["revertDefault"]["properties"]["value"]["type"] == "boolean"
    v2_client = PROGRESS_V2["properties"]["clients"]["items"]
    assert {k: v for k, v in client["properties"].items() if k != "items"} == \
        {k: v for k, v in v2_client["properties"].items() if k != "items"}
    assert client["properties"]["items"]["propertyNames"] == v2_client["properties"]["items"]["propertyNames"]
    assert {k: v for k, v in PROGRESS_V3["properties"].items() if k not in ("clients", "version")} == \
        {k: v for k, v in PROGRESS_V2["properties"].items() if k not in ("clients", "version")}


def test_progress_v4_schema_is_the_vocabularys():
    """Version 4 is version 3 with a client's kept mail-log summary: everything else is held equal to version 3's."""
    client = PROGRESS_V4["properties"]["clients"]["items"]
    v3_client = PROGRESS_V3["properties"]["clients"]["items"]
    assert PROGRESS_V4["properties"]["version"]["const"] == vocabulary.EXPORT_VERSIONS[3] == 4
    assert tuple(client["properties"]) == vocabulary.CLIENT_FIELDS_V4
    assert {k: v for k, v in client["properties"].items() if k != "mailLogs"} == v3_client["properties"]
    assert {k: v for k, v in client.items() if k != "properties"} == {k: v for k, v in v3_client.items()
                                                                       if k != "properties"}
    assert {k: v for k, v in PROGRESS_V4["properties"].items() if k not in ("clients", "version")} == \
        {k: v for k, v in PROGRESS_V3["properties"].items() if k not in ("clients", "version")}
    kept = client["properties"]["mailLogs"]
    assert tuple(kept["properties"]) == vocabulary.TIMED_FIELDS
    assert kept["properties"]["changed"]["pattern"] == vocabulary.CHANGE_TIME_PATTERN
    summary = PROGRESS_V4["$defs"]["mailLogSummary"]
    fields = summary["properties"]
    assert tuple(fields) == tuple(summary["required"]) == vocabulary.MAIL_LOGS_FIELDS
    assert fields["analysed"]["pattern"] == vocabulary.CHANGE_TIME_PATTERN
    file = fields["files"]["items"]
    assert tuple(file["properties"]) == tuple(file["required"]) == vocabulary.MAIL_LOGS_FILE_FIELDS
    assert fields["files"]["maxItems"] == vocabulary.MAIL_LOGS_FILES_MAX
    assert file["properties"]["name"]["maxLength"] == vocabulary.MAIL_LOGS_FILE_NAME_MAX
    assert file["properties"]["format"]["maxLength"] == vocabulary.MAIL_LOGS_FORMAT_MAX
    assert fields["first_hour"]["pattern"] == fields["last_hour"]["pattern"] == vocabulary.HOUR_PATTERN
    assert fields["verdict"]["enum"] == list(vocabulary.MAIL_LOGS_VERDICTS)
    assert fields["rule"]["maxLength"] == vocabulary.MAIL_LOGS_RULE_MAX
    assert (fields["next"]["maxLength"], fields["next"]["pattern"]) == (vocabulary.MAIL_LOGS_NEXT_MAX,
                                                                        vocabulary.SITE_PATH_PATTERN)
    assert fields["domains"]["maxItems"] == vocabulary.MAIL_LOGS_DOMAINS_MAX
    assert fields["domains"]["items"]["maxLength"] == vocabulary.VALUE_MAX
    counts = [file["properties"]["records"], file["properties"]["rejected"],
              *(fields[name] for name in vocabulary.MAIL_LOGS_COUNTS)]
    for name in vocabulary.MAIL_LOGS_PER_HOUR:
        assert fields[name]["maxProperties"] == vocabulary.MAIL_LOGS_HOURS_MAX
        assert fields[name]["propertyNames"]["pattern"] == vocabulary.HOUR_PATTERN
        counts.append(fields[name]["additionalProperties"])
    target = fields["top_ndr_target_domains"]["items"]
    assert fields["top_ndr_target_domains"]["maxItems"] == vocabulary.MAIL_LOGS_TARGETS_MAX
    assert tuple(target["properties"]) == tuple(target["required"]) == vocabulary.MAIL_LOGS_TARGET_FIELDS
    assert target["properties"]["domain"]["maxLength"] == vocabulary.VALUE_MAX
    counts.append(target["properties"]["count"])
    assert {(count["type"], count["maximum"]) for count in counts} == {("integer", vocabulary.COUNT_MAX)}
    assert {count["minimum"] for count in counts} == {0, 1}
    assert fields["tarpit_seconds_median"]["minimum"] == 0


def _timed_fields(client: dict) -> list[tuple[str, dict]]:
    """Every timed field of a client's schema (version 4 or 5), and `before`'s entries, by name."""
    fields = client["properties"]
    entry = fields["items"]["additionalProperties"]["properties"]
    return [("name", fields["name"]), ("platform", fields["platform"]),
            ("values", fields["values"]["additionalProperties"]), ("before", fields["before"]["additionalProperties"]),
            *((f"items.{name}", field) for name, field in entry.items()), ("mailLogs", fields["mailLogs"])]


def _without_v5(field: dict) -> dict:
    """A version 5 field's schema as version 4 had it: no author, no competing versions, its old change time."""
    old = copy.deepcopy(field)
    for name in ("by", "conflict"):
        del old["properties"][name]
    return old


def test_progress_v5_schema_is_the_vocabularys():
    """Version 5 is version 4 with who made each change, a field's competing versions and tombstones: each timed
    field is version 4's plus `by` and `conflict`, whose versions are the field itself without a conflict."""
    version = PROGRESS_V5["properties"]["version"]["const"]
    assert version == vocabulary.EXPORT_VERSION == vocabulary.EXPORT_VERSIONS[-1] == 5
    assert tuple(PROGRESS_V5["properties"]) == vocabulary.FILE_FIELDS_V5
    assert {k: v for k, v in PROGRESS_V5["properties"].items() if k not in ("clients", "version", "deleted")} == \
        {k: v for k, v in PROGRESS_V4["properties"].items() if k not in ("clients", "version")}
    assert PROGRESS_V5["$defs"] == PROGRESS_V4["$defs"]
    client = PROGRESS_V5["properties"]["clients"]["items"]
    v4_client = PROGRESS_V4["properties"]["clients"]["items"]
    assert tuple(client["properties"]) == vocabulary.CLIENT_FIELDS_V4
    assert {k: v for k, v in client.items() if k != "properties"} == {k: v for k, v in v4_client.items()
                                                                       if k != "properties"}
    old_time = v4_client["properties"]["name"]["properties"]["changed"]
    v4_fields = dict(_timed_fields(v4_client))
    fields = _timed_fields(client)
    assert [name for name, _ in fields] == list(v4_fields)
    for name, field in fields:
        allowed = vocabulary.BEFORE_FIELDS_V5 if name == "before" else vocabulary.TIMED_FIELDS_V5
        assert tuple(field["properties"]) == allowed, name
        old = _without_v5(field)
        assert old["properties"]["changed"]["pattern"] == vocabulary.CHANGE_TIME_PATTERN
        old["properties"]["changed"] = old_time
        assert old == v4_fields[name], name
        by = field["properties"]["by"]
        assert (by["minLength"], by["maxLength"]) == (1, vocabulary.TECHNICIAN_MAX)
        assert by["pattern"] == "^[^" + vocabulary.NAME_CONTROLS_PATTERN[1:-1].replace("\\x", "\\u00") + "]*$"
        conflict = field["properties"]["conflict"]
        assert conflict["minItems"] == vocabulary.CONFLICT_MIN and conflict["uniqueItems"] is True
        version = conflict["items"]
        assert tuple(version["properties"]) == tuple(f for f in allowed if f != "conflict")
        assert {k: v for k, v in version.items() if k != "description"} == \
            {k: v for k, v in field.items() if k != "description"} | {"properties": {
                k: v for k, v in field["properties"].items() if k != "conflict"}}
    both = PROGRESS_V5["properties"]["deleted"]
    tombstone = both["items"]
    assert both["maxItems"] == vocabulary.CLIENTS_MAX
    assert tuple(tombstone["properties"]) == vocabulary.TOMBSTONE_FIELDS
    assert tombstone["required"] == ["id", "changed"] and tombstone["additionalProperties"] is False
    assert tombstone["properties"]["id"]["pattern"] == vocabulary.CLIENT_ID_PATTERN
    assert tombstone["properties"]["changed"]["pattern"] == vocabulary.CHANGE_TIME_PATTERN
    assert {k: v for k, v in tombstone["properties"]["by"].items() if k != "description"} == \
        {k: v for k, v in client["properties"]["name"]["properties"]["by"].items() if k != "description"}


def test_a_kept_mail_log_summary_holds_what_the_analyser_writes():
    """The summary's verdicts and hours are the analyser's (its published schema), and every checklist it names next,
    and every format it names, fits the summary's limits."""
    spec = importlib.util.spec_from_file_location("mail_logs", ROOT / "docs" / "downloads" / "mail_logs.py")
    analyser = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(analyser)
    assert MAIL_LOGS["properties"]["verdict"]["enum"] == list(vocabulary.MAIL_LOGS_VERDICTS)
    assert MAIL_LOGS["properties"]["first_hour"]["pattern"] == vocabulary.HOUR_PATTERN
    assert MAIL_LOGS["properties"]["ndr_per_hour"]["propertyNames"]["pattern"] == vocabulary.HOUR_PATTERN
    assert MAIL_LOGS["properties"]["top_ndr_target_domains"]["maxItems"] == vocabulary.MAIL_LOGS_TARGETS_MAX
    formats = MAIL_LOGS["properties"]["files"]["items"]["properties"]["format"]["enum"]
    assert max(len(name) for name in formats if name) <= vocabulary.MAIL_LOGS_FORMAT_MAX
    for path, _title in analyser.CHECKLISTS.values():
        assert re.search(vocabulary.SITE_PATH_PATTERN, path) and len(path) <= vocabulary.MAIL_LOGS_NEXT_MAX, path


def _patterns(schema, key: str) -> set[str]:
    """Every "pattern" under a property called `key`, anywhere in a schema."""
    found = set()
    if isinstance(schema, dict):
        for name, value in schema.items():
            if name == key and isinstance(value, dict) and "pattern" in value:
                found.add(value["pattern"])
            found |= _patterns(value, key)
    elif isinstance(schema, list):
        for value in schema:
            found |= _patterns(value, key)
    return found


def test_every_id_and_name_pattern_in_the_schemas_is_the_vocabularys():
    platforms = json.loads((ROOT / "checklists" / "platforms" / "platforms.schema.json").read_text(encoding="utf-8"))
    catalogue = json.loads((ROOT / "checklists" / "catalog" / "catalog.schema.json").read_text(encoding="utf-8"))
    item = CHECKLIST["properties"]["items"]["items"]["properties"]
    lists_of_ids = (CHECKLIST["properties"]["platforms"], item["replaces"],
                    item["variants"]["items"]["properties"]["platforms"], catalogue["properties"]["checklist_order"])
    ids = _patterns(CHECKLIST, "id") | _patterns(platforms, "id") | {ids["items"]["pattern"] for ids in lists_of_ids}
    assert ids == {vocabulary.ITEM_ID_PATTERN}
    parameter = CHECKLIST["properties"]["items"]["items"]["properties"]["parameters"]["items"]["properties"]
    assert parameter["name"]["pattern"] == vocabulary.VALUE_NAME_PATTERN
    assert vocabulary.PLACEHOLDER_PATTERN.startswith(r"\{\{ *(" + vocabulary.VALUE_NAME_PATTERN.strip("^$") + "|"
                                                     + re.escape(vocabulary.BEFORE_PREFIX)
                                                     + vocabulary.ITEM_ID_PATTERN.strip("^$").replace("(", "(?:") + ")")


def test_checklist_schema_kinds_formats_and_types_are_the_vocabularys():
    variant = CHECKLIST["properties"]["items"]["items"]["properties"]["variants"]["items"]
    assert set(variant["properties"]["snippets"]["properties"]) == set(vocabulary.SNIPPET_KINDS)
    assert set(CHECKLIST["$defs"]["snippetTemplates"]["properties"]) == set(vocabulary.SNIPPET_FORMATS)
    parameter = CHECKLIST["properties"]["items"]["items"]["properties"]["parameters"]["items"]
    assert parameter["properties"]["type"]["enum"] == list(parameters.PARAMETER_TYPES)


def test_filters_take_only_parameter_types_that_exist():
    for template_filter in templating.FILTERS.values():
        assert set(template_filter.applies_to) <= set(parameters.PARAMETER_TYPES), template_filter.name


def test_css_styles_only_statuses_that_exist():
    css = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "browser" / "styles").glob("*.css"))
    styled = set(re.findall(r"\[data-status=([a-z-]+)\]", css))
    assert styled and styled <= {status.id for status in vocabulary.STATUSES}


def test_the_nav_lists_the_checklists_in_the_catalogues_order():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    section = next(entry["Checklists"] for entry in config["nav"] if isinstance(entry, dict) and "Checklists" in entry)
    pages = [next(iter(entry.values())) for entry in section if isinstance(entry, dict)]
    assert pages == [checklist.page for checklist in CATALOG.checklists]
    labels = [next(iter(entry)) for entry in section if isinstance(entry, dict)]
    assert [label.split(".")[0] for label in labels] == [str(n) for n in range(1, len(labels) + 1)]


def test_the_index_page_and_the_dashboard_follow_the_catalogues_order():
    order = [checklist.id for checklist in CATALOG.checklists]
    index = render_checklist_index(CATALOG, SiteLinks("checklists/index.md", directory_urls=True))
    assert re.findall(r'href="([a-z-]+)/"', index) == order
    assert [c["id"] for c in catalog_json(CATALOG)["checklists"]] == order
    catalogue = yaml.safe_load((ROOT / "checklists" / "catalog" / "catalog.yaml").read_text(encoding="utf-8"))
    assert catalogue["checklist_order"] == order


def test_every_interactive_page_carries_the_vocabulary():
    links = SiteLinks("checklists/tarpit.md", directory_urls=True)
    for page in (render_checklist(CATALOG, CATALOG.checklist("tarpit"), links), render_dashboard(CATALOG, links),
                 render_report(CATALOG)):
        block = re.search(r'<div hidden data-catalog="([^"]*)"></div>', page)
        assert json.loads(html.unescape(block.group(1)))["vocabulary"] == vocabulary.browser_vocabulary()


def test_the_contributing_page_names_every_filter_and_parameter_type_and_no_other():
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    filters = set(re.findall(r"^\| `([a-z_]+)` \|", page, re.MULTILINE))
    assert filters == set(templating.FILTERS)
    sentence = re.search(r"Parameter types: (.*?)\.\s", page, re.DOTALL).group(1)
    named = re.findall(r"`([a-z0-9]+)`", re.sub(r"\(with\s[^)]*\)", "", sentence))
    assert set(named) == set(parameters.PARAMETER_TYPES)


def test_the_contributing_page_names_every_setting_type():
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    listed = re.search(r"its `type` \(([^)]*)\)", page).group(1)
    assert re.findall(r"`([a-z]+)`", listed) == list(vocabulary.SETTING_TYPES)
    schema_item = CHECKLIST["properties"]["items"]["items"]["properties"]
    assert schema_item["settings"]["items"]["properties"]["type"]["enum"] == list(vocabulary.SETTING_TYPES)
