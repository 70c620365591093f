#!/usr/bin/env bash
# Set up and run every test: unit, build and end-to-end in Chromium. The same command CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --for-tests
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
