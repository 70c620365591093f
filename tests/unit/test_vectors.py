"""The Python half of the template/validation contract in tests/vectors/template-vectors.json."""
from __future__ import annotations

import pytest

from conftest import VECTORS
from macros import parameters, templating


def vector_parameter(spec: dict) -> parameters.Parameter:
    return parameters.Parameter(
        name="p", label="P", type=spec["type"], default="", minimum=spec.get("min"), maximum=spec.get("max"),
        choices=tuple(spec.get("choices", ())), pattern=spec.get("pattern", ""), pattern_hint=spec.get("pattern_hint", ""),
    )


@pytest.mark.parametrize("vector", VECTORS["render"], ids=lambda v: v["template"][:40])
def test_render_vector(vector):
    assert templating.render(vector["template"], vector["values"]) == vector["expected"]


@pytest.mark.parametrize("vector", VECTORS["validate"], ids=lambda v: f"{v['parameter']['type']}:{v['input'][:30]!r}")
def test_validate_vector(vector):
    parameter = vector_parameter(vector["parameter"])
    if vector["valid"]:
        assert parameters.validate(parameter, vector["input"]) == vector["value"]
    else:
        with pytest.raises(parameters.InvalidValue):
            parameters.validate(parameter, vector["input"])
