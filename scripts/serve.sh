#!/usr/bin/env bash
# Set up and serve the site at http://127.0.0.1:8000 (rebuilds on changes to docs/, checklists/ and macros/).
# Usage: scripts/serve.sh [MKDOCS_SERVE_OPTION...], e.g. --dev-addr 127.0.0.1:8001 to serve on another port.
set -euo pipefail
cd "$(dirname "$0")/.."

# The address mkdocs serve will listen on: ours, or the last -a/--dev-addr among the arguments (click takes the last).
address=127.0.0.1:8000
previous=
for argument in "$@"; do
  case "$previous" in -a|--dev-addr) address=$argument ;; esac
  case "$argument" in --dev-addr=*) address=${argument#--dev-addr=} ;; -a?*) address=${argument#-a} ;; esac
  previous=$argument
done
# A busy port is said in one line, before any set-up (mkdocs serve would build the site, then end in a traceback).
# Binding as its server does (SO_REUSEADDR) tells the same; an address that is not one is left to mkdocs to say.
if command -v "${SBSKB_PYTHON:-python3}" >/dev/null 2>&1; then
  "${SBSKB_PYTHON:-python3}" - "$address" <<'EOF' || exit 1
import errno, socket, sys
host, _, port = sys.argv[1].rpartition(":")
host = host.strip("[]")
try:
    family, kind, protocol, _, where = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0]
except (ValueError, OSError):
    sys.exit(0)
with socket.socket(family, kind, protocol) as trial:
    trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        trial.bind(where)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            sys.exit(f"scripts/serve.sh: port {port} on {host} is busy: another program is using it; pick another "
                     f"with: scripts/serve.sh --dev-addr {host}:{int(port) + 1 if int(port) < 65535 else 8001}")
        sys.exit(f"scripts/serve.sh: cannot serve on {host}:{port} ({error.strerror}); pick another address with: "
                 "scripts/serve.sh --dev-addr 127.0.0.1:8001")
EOF
fi
bash scripts/bootstrap.sh
export NO_MKDOCS_2_WARNING=1  # Material's end-of-life banner; see docs/contributing.md
exec .venv/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8000 "$@"
