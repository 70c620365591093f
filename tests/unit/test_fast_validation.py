"""The compiled schema check (fastjsonschema) lets a document skip jsonschema only when jsonschema would accept it too:
otherwise a broken checklist could reach the semantic checks and the build unreported. Checked on the real files and
on Hypothesis' changes to them, every kind of value at every place."""
from __future__ import annotations

import copy
import json

import fastjsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.loader import _literal_dollars_in_classes, _passes, _validator, literal_dollars_in_class, schema_errors
from macros.yaml_source import load_yaml
from support import ROOT

SCHEMAS = ROOT / "checklists"
CHECKLIST_SCHEMA = SCHEMAS / "checklist.schema.json"
DOCUMENTS = [(CHECKLIST_SCHEMA, load_yaml(path.read_bytes(), path.name).data)
             for path in sorted(SCHEMAS.glob("*.yaml"))]
DOCUMENTS += [(SCHEMAS / "platforms" / "platforms.schema.json",
               load_yaml((SCHEMAS / "platforms" / "platforms.yaml").read_bytes(), "platforms.yaml").data)]

# Values of every JSON type, and texts at the edges of the schema's patterns and lengths.
_TEXTS = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", " ", "a\n", "abc$", "$", "x" * 300, "tarpit", "set-tarpit-delay", "sbs2003", "SBS 2003", "{{ x }}",
     "{{ tarpit_seconds | decimal }}", "HKLM\\X", "dword", "timespan", "check", "https://example.com/a", "KB 123"]))
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from([0.5, 1.0, 1e9]), _TEXTS),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_TEXTS, inner, max_size=3)),
    max_leaves=6)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _agree(schema_path, data) -> None:
    try:
        _passes(schema_path)(data)
    except fastjsonschema.JsonSchemaException:
        return      # refused: jsonschema words the problems (and may accept it after all: then nothing is wrong)
    errors = list(_validator(schema_path).iter_errors(data))
    assert errors == [], f"fastjsonschema accepted what jsonschema refuses: {errors[0].message}"


def test_every_real_file_passes_both():
    for schema_path, data in DOCUMENTS:
        _passes(schema_path)(data)
        assert schema_errors(schema_path, data) == []


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_changed_value_anywhere_is_never_let_through_that_jsonschema_refuses(data):
    schema_path, document = data.draw(st.sampled_from(DOCUMENTS))
    changed = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(changed))))
        parent = changed
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            changed = data.draw(_VALUES)
            break
        if action == "replace" or not isinstance(parent, dict | list):
            parent[path[-1]] = data.draw(_VALUES)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(_TEXTS)] = data.draw(_VALUES)
        else:
            parent.append(data.draw(_VALUES))
    _agree(schema_path, changed)


@settings(max_examples=200, deadline=None)
@given(_VALUES)
def test_any_document_at_all_is_never_let_through_that_jsonschema_refuses(value):
    _agree(CHECKLIST_SCHEMA, value)


def test_a_dollar_inside_a_character_class_is_read_as_the_character():
    schema = json.loads(CHECKLIST_SCHEMA.read_text(encoding="utf-8"))
    assert "[A-Za-z0-9_.:$-]" in json.dumps(schema)     # the choices pattern fastjsonschema cannot compile as written
    check = fastjsonschema.compile(_literal_dollars_in_classes({"type": "string", "pattern": "^[A-Za-z0-9_.:$-]+$"}))
    assert check("a$b.c:d-e") == "a$b.c:d-e"
    assert literal_dollars_in_class(r"^\[a$]") == r"^\[a$]"         # an escaped bracket opens no class
    for refused in ("a b", "", "a$b\n"):
        try:
            check(refused)
        except fastjsonschema.JsonSchemaException:
            continue
        raise AssertionError(f"accepted {refused!r}")


_ATOMS = st.sampled_from(["[", "]", "^", "$", "\\", "\\[", "\\]", "\\$", "a", "b", "-", "+", "*"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_ATOMS, max_size=10).map("".join), st.lists(st.sampled_from(["a", "b", "$", "[", "]", "-", "^", "\\",
                                                                            "\n"]), max_size=6).map("".join))
def test_the_dollar_rewrite_keeps_what_every_pattern_matches(pattern, text):
    import re
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)     # "possible nested set" in generated patterns
        try:
            original = re.compile(pattern)
        except re.error:
            return
        rewritten = re.compile(literal_dollars_in_class(pattern))
    assert bool(original.search(text)) == bool(rewritten.search(text))
