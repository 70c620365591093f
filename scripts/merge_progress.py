#!/usr/bin/env python3
"""The three-way merge of progress export files, also a git merge driver: runs docs/downloads/merge_progress.py, the
single file the site offers for download (one copy, so what the tests prove is what technicians run). Usage and exit
status: `scripts/merge_progress.py --help`."""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.argv[0] = "merge_progress.py"
    runpy.run_path(str(Path(__file__).resolve().parents[1] / "docs" / "downloads" / "merge_progress.py"),
                   run_name="__main__")
