#!/usr/bin/env bash
# Set up and serve the site at http://127.0.0.1:8000 (rebuilds on changes to docs/, checklists/ and macros/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export NO_MKDOCS_2_WARNING=1  # Material's end-of-life banner; see docs/contributing.md
exec .venv/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8000 "$@"
