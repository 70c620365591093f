#!/usr/bin/env python3
"""The mail-log analyser: runs docs/downloads/mail_logs.py, the single file the site offers for download (one copy,
so what the tests prove is what technicians run). Usage and exit status: `scripts/mail_logs.py --help`."""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.argv[0] = "mail_logs.py"
    runpy.run_path(str(Path(__file__).resolve().parents[1] / "docs" / "downloads" / "mail_logs.py"),
                   run_name="__main__")
