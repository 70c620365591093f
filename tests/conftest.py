"""Shared test helpers: repository paths, the snapshot switch, and a throwaway project folder for loader tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import ROOT


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite tests/snapshots/ from the current renderer (review the diff like code)")


@pytest.fixture
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")


@pytest.fixture
def make_project(tmp_path):
    """A project folder with the real schemas and platform table and the given checklist files."""

    def make(*files: Path) -> Path:
        checklists = tmp_path / "checklists"
        (checklists / "platforms").mkdir(parents=True)
        shutil.copy(ROOT / "checklists" / "checklist.schema.json", checklists)
        for path in (ROOT / "checklists" / "platforms").iterdir():
            shutil.copy(path, checklists / "platforms")
        for path in files:
            shutil.copy(path, checklists / path.name)
        return tmp_path

    return make
