#!/usr/bin/env bash
# Set up and run every test: unit, registry and end-to-end in Chromium, the last against both the MkDocs and the
# Zensical build. The same command CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --for-tests
export NO_MKDOCS_2_WARNING=1
# Lint first: Python (ruff, configured in pyproject.toml); the browser code: the committed bundles are what
# browser/ builds to (else: run `npm run build`), no module over 300 lines and no import cycle (esbuild's metafile),
# its JSDoc types (tsc --checkJs --strict, jsconfig.json) and ESLint (eslint.config.mjs).
.venv/bin/ruff check .
node scripts/build-browser.mjs --check
npx --no-install tsc -p jsconfig.json
npx --no-install eslint browser scripts/build-browser.mjs
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
.venv/bin/python -m pytest
# The same end-to-end suite against the Zensical build of the same sources (docs/contributing.md, "Zensical").
SITE_BUILDER=zensical .venv/bin/python -m pytest tests/e2e
