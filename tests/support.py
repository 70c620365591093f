"""Paths and data shared by the test modules (conftest.py files cannot import each other by name)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "checklists"
VECTORS = json.loads((ROOT / "tests" / "vectors" / "template-vectors.json").read_text(encoding="utf-8"))
# axe-core's rules for WCAG 2.1 A and AA, the level every page must meet.
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
EXPORT_VECTORS = json.loads((ROOT / "tests" / "vectors" / "export-vectors.json").read_text(encoding="utf-8"))


def export_vectors_at_scale() -> list[dict]:
    """Export vectors too large to write out in export-vectors.json, made here alike for both halves: a kept mail-log
    summary whose per-hour counts hold the most hours (24 * 400, consecutive), and one more; the most tombstones
    (CLIENTS_MAX), and one more."""
    from datetime import datetime, timedelta

    start = datetime(2025, 1, 1)
    hours = [(start + timedelta(hours=n)).strftime("%Y-%m-%dT%H") for n in range(24 * 400 + 1)]
    valid = next(v for v in EXPORT_VECTORS["export"] if v["name"].startswith("version 4: a kept mail-log summary"))
    client = valid["file"]["clients"][0]
    summary = client["mailLogs"]["value"] | {"first_hour": hours[0], "last_hour": hours[-1],
                                              "ndr_per_hour": dict.fromkeys(hours[1:], 1),
                                              "refused_or_unknown_per_hour": dict.fromkeys(hours, 2)}
    file = valid["file"] | {"clients": [client | {"mailLogs": client["mailLogs"] | {"value": summary}}]}
    deleted = [{"id": f"gone{n}", "changed": "2026-12-06T12:00:00Z"} for n in range(1001)]
    return [{"name": "version 4: 9,600 hours in one per-hour count, and 9,601 in the other", "text": json.dumps(file),
             "problems": ["clients[0].mailLogs.value.refused_or_unknown_per_hour: more than 9600 hours"]},
            {"name": "version 5: 1,000 tombstones",
             "text": json.dumps({"format": "sbskb-progress", "version": 5, "clients": [], "deleted": deleted[:1000]}),
             "problems": []},
            {"name": "version 5: 1,001 tombstones", "problems": ["deleted: more than 1000 entries"],
             "text": json.dumps({"format": "sbskb-progress", "version": 5, "clients": [], "deleted": deleted})}]


def total_items() -> int:
    """How many items all checklists hold together: what a client's overall progress counts to."""
    from macros.loader import load_catalog

    return sum(len(checklist.items) for checklist in load_catalog(ROOT).checklists)

# What the end-to-end tests build the site with: "mkdocs" (the default) or "zensical", which builds the same mkdocs.yml
# (docs/contributing.md, "Building with Zensical"). SBSKB_ZENSICAL may name a zensical program to use instead of the
# one installed beside this Python.
SITE_BUILDER = os.environ.get("SITE_BUILDER", "mkdocs")


def build_site(project: Path, site_dir: Path, site_url: str, config: str = "mkdocs.yml", *, check: bool = True,
               **env: str) -> subprocess.CompletedProcess:
    """Build `project` with SITE_BUILDER into `site_dir`, which must lie inside `project` (Zensical refuses any other),
    for serving at `site_url`; `env` adds environment variables (e.g. OFFLINE="true"). With check=False a failed build
    is returned, its output captured, rather than raised."""
    if SITE_BUILDER == "zensical":
        program = os.environ.get("SBSKB_ZENSICAL")
        command = [program] if program else [sys.executable, "-m", "zensical"]
        command += ["build", "--strict", "--clean"]   # --clean: a fresh build, whatever Zensical's .cache/ holds
    elif SITE_BUILDER == "mkdocs":
        # No -q: it drops warnings before --strict counts them, and the build would pass with them.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    else:
        raise ValueError(f"SITE_BUILDER must be mkdocs or zensical, not {SITE_BUILDER!r}")
    env = {**os.environ, "SITE_URL": site_url, "SITE_DIR": str(site_dir), "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run([*command, "-f", str(project / config)], cwd=project, env=env, check=check, timeout=300,
                          capture_output=not check, text=True)


def vector_parameter(spec: dict):
    """A Parameter from a vector's {"type", "min", "max", "choices", "pattern", "pattern_hint"}."""
    from macros.parameters import Parameter

    return Parameter(
        name="p", label="P", type=spec["type"], default="", minimum=spec.get("min"), maximum=spec.get("max"),
        choices=tuple(spec.get("choices", ())), pattern=spec.get("pattern", ""),
        pattern_hint=spec.get("pattern_hint", ""),
    )


# Valid client values beyond the defaults, by parameter type, for tests that walk every generated snippet.
EXAMPLE_VALUES = {
    "domain": ["contoso.com", "mail-01.example.co.uk"],
    "hostname": ["SBS01", "mail.contoso.com"],
    "ipv4": ["192.0.2.10"],
    "email": ["o'brien@contoso.com"],
    "duration": ["00:00:07"],
    # text parameters each have their own pattern: only the examples a parameter accepts are used for it
    "text": ["EX01\\Default Frontend EX01", "SBS01\\Internet Mail (Smart host) SBS01", "SBS01\\O'Brien's relay"],
}


def client_values(item) -> list[dict]:
    """The defaults, then one parameter at a time changed: integers to their minimum, maximum and a middle value,
    other types to the EXAMPLE_VALUES of their type."""
    defaults = {p.name: p.default for p in item.parameters}
    sets = [defaults]
    for parameter in item.parameters:
        if parameter.type == "integer":
            examples = [parameter.minimum, parameter.maximum, (parameter.minimum + parameter.maximum) // 2 + 1]
        else:
            examples = [value for value in EXAMPLE_VALUES.get(parameter.type, []) if _accepts(parameter, value)]
        sets += [{**defaults, parameter.name: value} for value in examples]
    return sets


def _accepts(parameter, value: str) -> bool:
    from macros.parameters import InvalidValue, validate

    try:
        validate(parameter, value)
    except InvalidValue:
        return False
    return True


def site_search(page, query: str):
    """Type `query` into the site's search as a person would; the result links (a Playwright Locator), once shown.

    Material (MkDocs) searches in an input in the header; Zensical's header has a button that opens a search dialog in
    shadow DOM, which Playwright's locators look into."""
    from playwright.sync_api import expect

    if SITE_BUILDER == "zensical":
        page.locator(".md-search__button").click()
        box = page.get_by_role("combobox", name="Search")
        results = page.get_by_role("listbox", name="Search results").get_by_role("option")
    else:
        box = page.locator("input.md-search__input")
        box.click()
        results = page.locator(".md-search-result__item > a")
    box.press("Control+a")
    box.press("Backspace")
    page.keyboard.type(query)  # fill() does not trigger Material's search
    expect(results.first).to_be_visible()
    if SITE_BUILDER == "zensical":
        # It shows results after every keystroke; those for the whole query carry it in their links (?h=...).
        expect(results.first).to_have_attribute("href", re.compile(r"[?&]h=" + re.escape(quote_plus(query)) + "(#|$)"))
    return results


# A value of each setting type that no default equals, so a revert filled with it shows the recorded value won.
RECORDED_EXAMPLES = {"dword": "3", "timespan": "00:00:07", "boolean": "False", "box": "ticked"}


def recorded_cases(item, values: dict) -> list[dict]:
    """The values before the change a revert is tested with: none recorded (the platform default), one of each
    type recorded, and 'absent' for every registry value. Each as {setting id: {"value", "object"}}."""
    def entry(setting, value):
        return {"value": value, "object": str(values.get(setting.object, ""))}

    cases = [{}, {s.id: entry(s, RECORDED_EXAMPLES[s.type]) for s in item.settings}]
    if any(s.type == "dword" for s in item.settings):
        cases.append({s.id: entry(s, "absent" if s.type == "dword" else RECORDED_EXAMPLES[s.type])
                      for s in item.settings})
    return cases
