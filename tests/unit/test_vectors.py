"""The Python half of the template/validation contract in tests/vectors/template-vectors.json."""
from __future__ import annotations

import pytest

from macros import parameters, templating
from support import VECTORS, vector_parameter


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
