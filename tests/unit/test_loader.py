"""The loader reports every problem as file:line:col with a JSON path; each negative fixture pins its exact lines."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml

from macros.errors import CatalogError
from macros.loader import load_catalog
from support import FIXTURES, ROOT

INVALID = sorted(FIXTURES.glob("invalid/*.yaml"))


@pytest.mark.parametrize("case", INVALID, ids=[case.stem for case in INVALID])
def test_invalid_fixture_reports_exact_lines(case, make_project):
    project = make_project(case)
    with pytest.raises(CatalogError) as raised:
        load_catalog(project)
    expected = case.with_suffix(".expected.txt").read_text(encoding="utf-8")
    assert str(raised.value) + "\n" == expected


def test_every_bad_input_kind_has_a_fixture():
    kinds = {"tabs", "duplicate-key", "unknown-field", "wrong-type", "non-utf8", "python-tag", "alias-bomb", "empty",
             "list", "bulk-change", "settings", "powershell-join", "powershell-get-counter", "powershell-try",
             "powershell-splatting", "setting-values"}
    assert kinds <= {case.stem for case in INVALID}


def test_cross_file_problems_name_both_places(make_project):
    project = make_project(*sorted(FIXTURES.glob("cross-file/*.yaml")))
    with pytest.raises(CatalogError) as raised:
        load_catalog(project)
    assert str(raised.value) + "\n" == (FIXTURES / "cross-file" / "expected.txt").read_text(encoding="utf-8")


def test_valid_fixture_loads(make_project):
    catalog = load_catalog(make_project(FIXTURES / "valid" / "minimal.yaml"))
    assert [checklist.id for checklist in catalog.checklists] == ["minimal"]
    assert catalog.checklists[0].items[0].title == "Read the alert"


def test_repository_checklists_are_valid():
    catalog = load_catalog(ROOT)
    assert "tarpit" in [checklist.id for checklist in catalog.checklists]
    table = yaml.safe_load((ROOT / "checklists" / "platforms" / "platforms.yaml").read_text(encoding="utf-8"))
    assert [platform.id for platform in catalog.platforms] == [entry["id"] for entry in table["platforms"]]


def test_every_problem_in_every_file_is_reported_at_once(make_project):
    project = make_project(FIXTURES / "invalid" / "wrong-type.yaml", FIXTURES / "invalid" / "unknown-field.yaml",
                           FIXTURES / "valid" / "minimal.yaml")
    with pytest.raises(CatalogError) as raised:
        load_catalog(project)
    files = {problem.file for problem in raised.value.problems}
    assert files == {"checklists/wrong-type.yaml", "checklists/unknown-field.yaml"}


def test_a_file_no_page_uses_is_still_validated(make_project):
    # The build validates the whole folder: a broken file fails it even if no page renders that checklist.
    project = make_project(FIXTURES / "valid" / "minimal.yaml", FIXTURES / "invalid" / "tabs.yaml")
    with pytest.raises(CatalogError, match="tabs.yaml:7:1"):
        load_catalog(project)


def test_alias_bomb_is_refused_without_expanding(make_project, tmp_path):
    # 9**30 leaves: expanding it would never finish, so returning at all proves it was refused unexpanded.
    lines = ["schema_version: 1", "id: bomb", 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 31)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="alias"):
        load_catalog(make_project(bomb))


@pytest.mark.parametrize("fixture", INVALID, ids=[case.stem for case in INVALID])
def test_cli_prints_lines_and_exits_1_without_traceback(fixture, make_project):
    project = make_project(fixture)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate_checklists.py"), str(project)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    expected = fixture.with_suffix(".expected.txt").read_text(encoding="utf-8")
    count = len(expected.splitlines())
    assert result.stderr == expected + f"{count} problem{'s' if count != 1 else ''} found.\n"


def test_cli_accepts_the_repository():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate_checklists.py")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "all valid" in result.stdout


def test_an_item_cannot_replace_a_live_item(make_project, tmp_path):
    source = (ROOT / "checklists" / "tarpit.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "tarpit.yaml"
    changed.write_text(source.replace("  - id: set-tarpit-delay\n",
                                      "  - id: set-tarpit-delay\n    replaces: [confirm-recipient-filtering]\n"),
                       encoding="utf-8")
    with pytest.raises(CatalogError, match="replaces 'confirm-recipient-filtering', which is still an item"):
        load_catalog(make_project(changed))


def test_a_directory_link_to_a_page_is_refused_with_its_position(make_project, tmp_path):
    source = (ROOT / "checklists" / "tarpit.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "tarpit.yaml"
    changed.write_text(source.replace("](../kb/tar-pit.md)", "](../../kb/tar-pit/)"), encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        load_catalog(make_project(changed))
    message = str(refused.value)
    index = [item.id for item in load_catalog(ROOT).checklist("tarpit").items].index("set-tarpit-delay")
    assert re.search(r"^checklists/tarpit\.yaml:\d+:\d+: error: link '\.\./\.\./kb/tar-pit/' must name a page's "
                     rf"\.md file .*\(\$\.items\[{index}\]\.why\)$", message, re.MULTILINE), message


def test_the_catalogue_order_names_every_checklist_once(make_project, tmp_path):
    project = make_project(FIXTURES / "valid" / "minimal.yaml")
    (project / "checklists" / "catalog").mkdir()
    shutil.copy(ROOT / "checklists" / "catalog" / "catalog.schema.json", project / "checklists" / "catalog")
    order = project / "checklists" / "catalog" / "catalog.yaml"
    order.write_text("schema_version: 1\nchecklist_order: [triage]\n", encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        load_catalog(project)
    assert str(refused.value) == (
        "checklists/catalog/catalog.yaml:2:18: error: checklists missing from the order: minimal (name every "
        "checklist once) ($.checklist_order)\n"
        "checklists/catalog/catalog.yaml:2:19: error: no checklist 'triage' in checklists/ ($.checklist_order[0])")
    order.write_text("schema_version: 1\nchecklist_order: [minimal]\n", encoding="utf-8")
    assert [checklist.id for checklist in load_catalog(project).checklists] == ["minimal"]


def test_a_broken_checklist_named_in_the_order_is_reported_once(make_project, tmp_path):
    broken = tmp_path / "minimal.yaml"
    broken.write_text((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8") + "id: again\n",
                      encoding="utf-8")
    project = make_project(broken)
    (project / "checklists" / "catalog").mkdir()
    shutil.copy(ROOT / "checklists" / "catalog" / "catalog.schema.json", project / "checklists" / "catalog")
    (project / "checklists" / "catalog" / "catalog.yaml").write_text("schema_version: 1\nchecklist_order: [minimal]\n",
                                                                     encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        load_catalog(project)
    assert len(refused.value.problems) == 1
    assert re.fullmatch(r"checklists/minimal\.yaml:\d+:1: error: duplicate key 'id' .*", str(refused.value))


def test_a_long_value_is_cut_in_the_message_and_the_reason_kept(make_project, tmp_path):
    source = (ROOT / "checklists" / "tarpit.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "tarpit.yaml"
    huge = '"<b>' + "9" * 5000 + '</b>"'
    changed.write_text(source.replace('defaults: {sbs2008: "00:00:05"', "defaults: {sbs2008: " + huge, 1),
                       encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        load_catalog(make_project(changed))
    line = str(refused.value)
    assert "\n" not in line and len(line) < 200, line
    assert re.fullmatch(r"checklists/tarpit\.yaml:\d+:\d+: error: '<b>9+\.\.\. is too long "
                        r"\(\$\.items\[\d+\]\.settings\[\d+\]\.defaults\.sbs2008\)", line), line


def test_the_catalogue_is_read_once_until_a_file_changes(make_project, monkeypatch):
    # Zensical runs define_env once per page that uses macros: the files are parsed once, not once per page.
    from macros import loader

    project = make_project(FIXTURES / "valid" / "minimal.yaml")
    parsed = []
    real_load_yaml = loader.load_yaml
    monkeypatch.setattr(loader, "load_yaml", lambda raw, name: parsed.append(name) or real_load_yaml(raw, name))
    first = loader.load_catalog_once(project)
    files_per_load = len(parsed)
    assert files_per_load == 2    # the platforms table and the one checklist
    for _ in range(10):
        assert loader.load_catalog_once(project) is first
    assert len(parsed) == files_per_load

    source = project / "checklists" / "minimal.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Read the alert", "Read the queue alert"),
                      encoding="utf-8")
    edited = loader.load_catalog_once(project)
    assert edited.checklists[0].items[0].title == "Read the queue alert"
    assert len(parsed) == 2 * files_per_load


def test_a_catalogue_with_problems_is_reported_on_every_call(make_project):
    from macros import loader

    project = make_project(FIXTURES / "valid" / "minimal.yaml", FIXTURES / "invalid" / "tabs.yaml")
    for _ in range(2):
        with pytest.raises(CatalogError, match="tabs.yaml:7:1"):
            loader.load_catalog_once(project)
    (project / "checklists" / "tabs.yaml").unlink()
    assert [checklist.id for checklist in loader.load_catalog_once(project).checklists] == ["minimal"]
