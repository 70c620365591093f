"""Paths and data shared by the test modules (conftest.py files cannot import each other by name)."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "checklists"
VECTORS = json.loads((ROOT / "tests" / "vectors" / "template-vectors.json").read_text(encoding="utf-8"))


def vector_parameter(spec: dict):
    """A Parameter from a vector's {"type", "min", "max", "choices", "pattern", "pattern_hint"}."""
    from macros.parameters import Parameter

    return Parameter(
        name="p", label="P", type=spec["type"], default="", minimum=spec.get("min"), maximum=spec.get("max"),
        choices=tuple(spec.get("choices", ())), pattern=spec.get("pattern", ""), pattern_hint=spec.get("pattern_hint", ""),
    )


# Valid client values beyond the defaults, by parameter type, for tests that walk every generated snippet.
EXAMPLE_VALUES = {
    "domain": ["contoso.com", "mail-01.example.co.uk"],
    "hostname": ["SBS01", "mail.contoso.com"],
    "ipv4": ["192.0.2.10"],
    "email": ["o'brien@contoso.com"],
    "duration": ["00:00:07"],
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
            examples = EXAMPLE_VALUES.get(parameter.type, [])
        sets += [{**defaults, parameter.name: value} for value in examples]
    return sets
