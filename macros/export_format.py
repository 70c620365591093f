"""The export file's format, held once in docs/downloads/merge_progress.py: its fields, ids, limits and checks, and
the reading of change times and item entries.

That file is also the team's git merge driver, which a technician downloads alone, so it imports nothing of the
site's; the site imports from it instead, through this module, which loads it once. `from .export_format import
EXPORT_VERSION` reads the name from there (a module `__getattr__`, PEP 562), so every name keeps its one definition.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

MERGE_PROGRESS_PATH = Path(__file__).resolve().parents[1] / "docs" / "downloads" / "merge_progress.py"
_MODULE_NAME = "sbskb_merge_progress"


def _loaded():
    if _MODULE_NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(_MODULE_NAME, MERGE_PROGRESS_PATH)
        module = importlib.util.module_from_spec(spec)
        sys.modules[_MODULE_NAME] = module   # before running it: a dataclass or a pickle looks itself up there
        spec.loader.exec_module(module)
    return sys.modules[_MODULE_NAME]


merge_progress = _loaded()


def __getattr__(name: str):
    try:
        return getattr(merge_progress, name)
    except AttributeError:
        raise AttributeError(f"{MERGE_PROGRESS_PATH.name} has no {name}") from None
