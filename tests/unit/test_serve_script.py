"""scripts/serve.sh on a busy port says so in one line, with how to pick another, before it sets anything up; on a
free port given as the README says, it serves there."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time

import pytest

from support import ROOT

SERVE = ROOT / "scripts" / "serve.sh"


@pytest.fixture
def busy_port():
    """A port on 127.0.0.1 another program is listening on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize("form", ["--dev-addr {}", "--dev-addr={}", "-a {}", "--watch-theme -a {}"])
def test_a_busy_port_is_said_in_one_line_with_how_to_pick_another(busy_port, form):
    arguments = form.format(f"127.0.0.1:{busy_port}").split()
    started = time.monotonic()
    result = subprocess.run(["bash", str(SERVE), *arguments], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (f"scripts/serve.sh: port {busy_port} on 127.0.0.1 is busy: another program is using it; "
                             f"pick another with: scripts/serve.sh --dev-addr 127.0.0.1:{busy_port + 1}\n")
    # Before the set-up: scripts/bootstrap.sh and mkdocs never ran.
    assert result.stdout == "" and time.monotonic() - started < 5


def test_the_last_address_given_is_the_one_checked(busy_port):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        free_port = free.getsockname()[1]
    result = subprocess.run(["bash", str(SERVE), "-a", f"127.0.0.1:{free_port}", "--dev-addr",
                             f"127.0.0.1:{busy_port}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and f"port {busy_port} on 127.0.0.1 is busy" in result.stderr


def test_a_free_port_given_on_the_command_line_is_served():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    # scripts/bootstrap.sh finds .venv/ set up for the tests, which also serves: it installs nothing.
    server = subprocess.Popen(["bash", str(SERVE), "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def stop():   # the script and the mkdocs it became, in their own process group
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    watchdog = threading.Timer(120, stop)   # a server that hangs silently ends its output: the test fails, not hangs
    watchdog.start()
    lines = []
    try:
        for line in server.stdout:
            lines.append(line)
            if "Serving on" in line:
                break
    finally:
        watchdog.cancel()
        stop()
        server.wait(timeout=30)
    assert any(f"Serving on http://127.0.0.1:{port}/" in line for line in lines), "".join(lines)
    assert not any("Installing" in line for line in lines), "".join(lines)
