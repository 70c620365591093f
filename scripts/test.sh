#!/usr/bin/env bash
# Set up and run every test: unit, registry and end-to-end in Chromium, the last against both the MkDocs and the
# Zensical build. The same command CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --for-tests
export NO_MKDOCS_2_WARNING=1
# Lint first: Python (ruff, configured in pyproject.toml) and the page scripts (node --check, then ESLint).
.venv/bin/ruff check .
for script in docs/javascripts/sbskb/*.js; do node --check "$script"; done
npx --no-install eslint docs/javascripts/sbskb
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
.venv/bin/python -m pytest
# The same end-to-end suite against the Zensical build of the same sources (docs/contributing.md, "Zensical").
SITE_BUILDER=zensical .venv/bin/python -m pytest tests/e2e
