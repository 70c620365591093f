#!/usr/bin/env python3
"""Validate every checklist file and print each problem as `file:line:col: error: message ($.json.path)`.

Usage: .venv/bin/python scripts/validate_checklists.py [PROJECT_DIR]
Exit status: 0 when every file is valid, 1 when any problem was found.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from macros.errors import CatalogError  # noqa: E402
from macros.loader import load_catalog  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_dir", nargs="?", default=Path(__file__).resolve().parents[1], type=Path,
                        help="folder holding checklists/ (default: this repository)")
    arguments = parser.parse_args(argv)
    try:
        catalog = load_catalog(arguments.project_dir)
    except CatalogError as error:
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    items = sum(len(checklist.items) for checklist in catalog.checklists)
    print(f"{len(catalog.checklists)} checklists, {items} items, {len(catalog.platforms)} platforms: all valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
