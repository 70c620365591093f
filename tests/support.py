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
