from __future__ import annotations

import pytest

from macros.yaml_source import YamlProblems, load_yaml


def test_positions_are_one_based_for_values_and_keys():
    document = load_yaml(b"a: 1\nitems:\n  - id: x\n    n: 5\n", "f.yaml")
    assert document.data == {"a": 1, "items": [{"id": "x", "n": 5}]}
    assert document.position(("items", 0, "n")) == (4, 8)
    assert document.position(("items", 0, "n"), key=True) == (4, 5)


def test_dates_stay_text():
    assert load_yaml(b"when: 2024-05-01\n", "f.yaml").data == {"when": "2024-05-01"}


def test_byte_order_mark_is_accepted():
    assert load_yaml("\ufeffa: 1\n".encode(), "f.yaml").data == {"a": 1}


@pytest.mark.parametrize("source, message", [
    (b"a: 1\nb: [1,\n", "YAML syntax"),
    (b"? [1, 2]\n: x\n", "must be text"),
    (b"a: !custom x\n", "YAML tag '!custom'"),
])
def test_refusals_are_problems_not_tracebacks(source, message):
    with pytest.raises(YamlProblems) as raised:
        load_yaml(source, "f.yaml")
    assert message in str(raised.value)


def test_text_position_points_inside_plain_and_literal_values():
    source = b"a: one two three\nb: |\n  first line\n    indented line\n"
    document = load_yaml(source, "f.yaml")
    assert document.text_position(("a",), 4) == (1, 8)          # "two"
    assert document.text_position(("b",), 0) == (3, 3)          # "first"
    offset = document.data["b"].index("indented")
    assert document.text_position(("b",), offset) == (4, 5)


def test_text_position_falls_back_to_the_value_for_other_styles():
    document = load_yaml(b'a: >\n  folded\n  text\nb: "quoted\\n text"\n', "f.yaml")
    assert document.text_position(("a",), 8) == document.position(("a",))
    assert document.text_position(("b",), 8) == document.position(("b",))
