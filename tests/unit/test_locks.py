"""The lock files (requirements/README.md): exact pins with hashes, for the ranges in pyproject.toml, and the serving
set inside the test set at the same versions (scripts/bootstrap.sh relies on it)."""
from __future__ import annotations

import re

from support import ROOT


def pins(name: str) -> dict[str, set[str]]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for requirement in re.findall(r"^([A-Za-z0-9_.-]+==[^ ;\\]+)", text, re.MULTILINE):
        package, version = requirement.split("==")
        found.setdefault(package.lower(), set()).add(version)
    return found


def test_every_pin_has_hashes():
    for name in ("serve.lock", "test.lock"):
        blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", (ROOT / "requirements" / name).read_text(encoding="utf-8"))
        assert len(blocks) > 20
        for block in blocks:
            if re.match(r"[A-Za-z0-9_.-]+==", block):
                assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_serving_set_is_inside_the_test_set_at_the_same_versions():
    serve, test = pins("serve.lock"), pins("test.lock")
    assert serve and all(test.get(package) == versions for package, versions in serve.items())


def test_every_direct_dependency_is_locked():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    direct = {name.lower() for name in re.findall(r'^\s+"([A-Za-z0-9_.-]+)[<>=!]', pyproject, re.MULTILINE)}
    assert {"mkdocs", "pytest", "zensical"} <= direct
    assert direct <= set(pins("test.lock"))
