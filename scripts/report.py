#!/usr/bin/env python3
"""Turn a progress export (the site's Export button) into a client report, as Markdown or HTML, for a ticket or a
documentation system.

Usage: .venv/bin/python scripts/report.py EXPORT.json [--client NAME_OR_ID] [--format markdown|html] [--output FILE]
                                          [--technician NAME] [--date YYYY-MM-DD]
The report opens with the same summary as the site's report page: client, platform, settled items of all and percent,
the report's date (today unless --date), the time zone and the technician. Times are this computer's local time (set TZ
to choose another zone); the summary names the zone's offset. Without --client, the file must hold exactly one client.
Exit status 1 on a bad file or an unknown client, 2 on a wrong option.
"""
from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.errors import CatalogError  # noqa: E402
from macros.loader import load_catalog  # noqa: E402
from macros.progress_file import ExportFileError, read_export, well_formed  # noqa: E402
from macros.report import to_html, to_markdown  # noqa: E402
from macros.vocabulary import TECHNICIAN_MAX  # noqa: E402


def _report_date(text: str) -> str:
    # Only YYYY-MM-DD: fromisoformat alone also reads week dates such as 2026-W05-3.
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text[:40]!r}")


def _technician(text: str) -> str:
    if len(text) > TECHNICIAN_MAX:
        raise argparse.ArgumentTypeError(f"at most {TECHNICIAN_MAX} characters, as on the report page")
    return well_formed(text)   # bytes that are not UTF-8 arrive as lone surrogates: shown as U+FFFD


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path, help="a JSON file written by the site's Export button")
    parser.add_argument("--client", help="client name or id (needed when the file holds several clients)")
    parser.add_argument("--format", choices=("markdown", "html"), default="markdown")
    parser.add_argument("--output", type=Path, help="write here instead of standard output")
    parser.add_argument("--technician", type=_technician, default="",
                        help=f"the technician's name, for the summary (at most {TECHNICIAN_MAX} characters)")
    parser.add_argument("--date", type=_report_date, default=datetime.date.today().isoformat(),
                        help="the report's date, YYYY-MM-DD (default: today)")
    arguments = parser.parse_args(argv)
    try:
        catalog = load_catalog(ROOT)
        data = read_export(arguments.export, [platform.id for platform in catalog.platforms])
    except (ExportFileError, CatalogError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    clients = data["clients"]
    if arguments.client:
        clients = [c for c in clients if arguments.client in (c["id"], c["name"])]
    if len(clients) != 1:
        names = ", ".join(repr(c["name"]) for c in data["clients"])
        print(f"{arguments.export}: choose one client with --client (the file holds: {names or 'none'})",
              file=sys.stderr)
        return 1
    render = to_html if arguments.format == "html" else to_markdown
    text = render(catalog, clients[0], arguments.date, arguments.technician)
    if arguments.output:
        arguments.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
