#!/usr/bin/env bash
# Set up and build the offline copy: a folder that works opened from disk or a USB stick (file://), with search,
# client workspaces and copy buttons. Usage: scripts/offline.sh [FOLDER]   (default: offline-site/)
# SITE_URL, when set, is the public address of the served site: "Copy link" buttons then give clients that address.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
folder="${1:-offline-site}"
export NO_MKDOCS_2_WARNING=1  # Material's end-of-life banner; see docs/contributing.md
OFFLINE=true SITE_DIR="$folder" SITE_URL="${SITE_URL:-}" .venv/bin/mkdocs build --strict -f mkdocs.offline.yml   # not --quiet: it drops warnings before --strict counts them
echo "Offline copy built: open $(cd "$folder" && pwd)/index.html in a browser, or copy the folder to a USB stick."
