"""Fixtures that start real mail and DNS servers on 127.0.0.x for the SMTP probe tests and stop them after each test.

Each fixture is a factory: call it (several times if need be) to start a server; every server it started is stopped
at teardown. See servers.py for what each server does.

    exim(mode, tarpit=0, address="127.0.0.1", port=None) -> EximServer     (.host .port .log .received_data)
    scenario(name, address="127.0.0.1", port=None, tarpit=5.0) -> ScenarioServer  (.host .port .commands
                                                                                   .received_data)
    dns(mx=[(domain, host, preference)], a={name: ipv4}, aaaa={name: ipv6}) -> DnsServer  (.host .port .resolver())

A domain's MX hosts share one port (the probe takes one --port): `port = free_port("127.0.0.1", "127.0.0.2")`, then
start one server on each address with that port.
"""
from __future__ import annotations

import os

import pytest

from servers import DnsServer, EximServer, find_program, make_scenario


def _need(program: str, package: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"the SMTP tests start {program} as root (its own configuration, its own user), and this is not "
                    "root")
    if find_program(program) is None:
        pytest.skip(f"{program} is not installed (scripts/bootstrap.sh --for-tests installs Debian's {package} "
                    "when run as root)")


class _Started:
    def __init__(self):
        self.servers = []

    def add(self, server):
        self.servers.append(server)   # before it starts: one that fails half-way is stopped too
        return server

    def stop_all(self):
        for server in reversed(self.servers):
            server.stop()


@pytest.fixture
def exim():
    """exim(mode, tarpit=0, address="127.0.0.1", port=None): a started EximServer; mode "accept-all" or
    "reject-unknown" (unknown local parts get 550 5.1.1 after `tarpit` seconds)."""
    _need("exim4", "exim4-daemon-light")
    started = _Started()

    def start(mode: str, tarpit: float = 0, address: str = "127.0.0.1", port: int | None = None) -> EximServer:
        return started.add(EximServer(mode, tarpit=tarpit, address=address, port=port)).start()

    yield start
    started.stop_all()


@pytest.fixture
def scenario(tmp_path):
    """scenario(name, address="127.0.0.1", port=None, tarpit=5.0): a started ScenarioServer (servers.SCENARIOS)."""
    started = _Started()

    def start(name: str, address: str = "127.0.0.1", port: int | None = None, tarpit: float = 5.0):
        folder = None
        if name == "starttls-ok":
            if find_program("openssl") is None:
                pytest.skip("starttls-ok makes its certificate with openssl, which is not installed")
            folder = tmp_path / f"certificate-{len(started.servers)}"
            folder.mkdir()
        return started.add(make_scenario(name, address, port, tarpit, certificate_folder=folder)).start()

    yield start
    started.stop_all()


@pytest.fixture
def dns():
    """dns(mx=[(domain, host, preference), ...], a={name: ipv4}, aaaa={name: ipv6}, address="127.0.0.1",
    port=None): a started DnsServer (dnsmasq); unknown names under .example, .test and .invalid are NXDOMAIN."""
    _need("dnsmasq", "dnsmasq-base")
    started = _Started()

    def start(mx=(), a=None, aaaa=None, address: str = "127.0.0.1", port: int | None = None) -> DnsServer:
        return started.add(DnsServer(mx=mx, a=a, aaaa=aaaa, address=address, port=port)).start()

    yield start
    started.stop_all()
