"""Real mail and DNS servers on 127.0.0.x that the SMTP probe tests start and stop (stack notes §12).

- `EximServer`: Debian's Exim, a real MTA, accepting every local recipient or rejecting unknown ones (with a tar pit).
- `ScenarioServer`: an Exchange-like server (aiosmtpd) or a broken one (raw asyncio) for one named scenario.
- `DnsServer`: dnsmasq answering MX, A and AAAA records for the probe's DNS look-ups.

Every server listens on a loopback address (127.0.0.0/8) only, and every SMTP server records whether it was ever
sent DATA or BDAT (`received_data`): the probe must never send either. The local domain is `client.example`, whose
known local parts are `anna` and `postmaster`. conftest.py wraps these classes in fixtures that stop them after each
test.
"""
from __future__ import annotations

import asyncio
import ipaddress
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

LOCAL_DOMAIN = "client.example"
KNOWN_LOCAL_PARTS = ("anna", "postmaster")
MX_NAME = "mx.client.example"   # what the servers call themselves (never looked up)
LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")


def find_program(name: str) -> str | None:
    """The path of a program on PATH or in /usr/sbin and /sbin (where Debian puts exim4 and dnsmasq)."""
    return shutil.which(name, path=os.pathsep.join([os.environ.get("PATH", os.defpath), "/usr/sbin", "/sbin"]))


def _loopback(address: str) -> str:
    if ipaddress.IPv4Address(address) not in LOOPBACK:
        raise ValueError(f"test servers listen on 127.0.0.x only, not {address}")
    return address


def free_port(*addresses: str, udp: bool = False) -> int:
    """A TCP port (and UDP too with `udp=True`) free on every one of `addresses` (default 127.0.0.1) at once, so that
    servers on 127.0.0.1 and 127.0.0.2 can share it: the probe takes one --port for all of a domain's MX hosts."""
    addresses = tuple(dict.fromkeys(_loopback(address) for address in addresses)) or ("127.0.0.1",)
    kinds = (socket.SOCK_STREAM, socket.SOCK_DGRAM) if udp else (socket.SOCK_STREAM,)
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as first:
            first.bind((addresses[0], 0))
            port = first.getsockname()[1]
            held = []
            try:
                for address in addresses:
                    for kind in kinds:
                        if address == addresses[0] and kind == socket.SOCK_STREAM:
                            continue
                        probe = socket.socket(socket.AF_INET, kind)
                        held.append(probe)
                        probe.bind((address, port))
            except OSError:
                continue
            finally:
                for probe in held:
                    probe.close()
        return port
    raise RuntimeError(f"no port free on all of {addresses}")


def _smtp_banner(host: str, port: int, timeout: float) -> str:
    """The first reply line of the server at host:port (then the connection is closed without a command, so that it
    adds none to what the server received); raises OSError while none comes."""
    with socket.create_connection((host, port), timeout=timeout) as connection:
        return connection.makefile("rb").readline().decode("ascii", "replace")


def _verb(command: str) -> str:
    return command.split(" ", 1)[0].upper()


# --- Exim -------------------------------------------------------------------------------------------------------------

EXIM_MODES = ("accept-all", "reject-unknown")

EXIM_CONFIG = """\
primary_hostname = {mx_name}
domainlist local_domains = {domain}
local_interfaces = <; {address}
daemon_smtp_ports = {port}
spool_directory = {directory}/spool
log_file_path = {directory}/log/%slog
pid_file_path = {directory}/exim.pid
log_selector = +smtp_connection +smtp_no_mail +smtp_protocol_error +smtp_syntax_error +received_recipients
keep_environment =
tls_advertise_hosts =
host_lookup =
helo_lookup_domains =
rfc1413_hosts =
# Received messages stay in the spool: nothing is ever delivered, so nothing connects anywhere.
queue_only = true
acl_smtp_rcpt = check_rcpt
acl_smtp_vrfy = accept
acl_smtp_predata = check_predata

begin acl

check_rcpt:
  deny    message = 5.7.1 Relaying denied
          !domains = +local_domains
{unknown_rule}
  accept

check_predata:
  warn    logwrite = SBSKB received DATA or BDAT command
  accept

begin routers

known:
  driver = accept
  domains = +local_domains
  local_parts = {known}
  transport = discard

begin transports

discard:
  driver = appendfile
  file = /dev/null
  user = Debian-exim
"""

REJECT_UNKNOWN = """\
  deny    message = 5.1.1 <$local_part@$domain>: User unknown
          !verify = recipient
{delay}"""

# Exim's log lines that show a DATA or BDAT command: a message received (<=), the predata ACL's line, or a connection
# lost or timed out while the message data was being read. A DATA refused for want of an accepted recipient (503) is
# not logged: Exim's debug output of the commands it received (-d+receive, "SMTP<< DATA") shows that one too.
EXIM_DATA_LOGGED = re.compile(r" <= |SBSKB received DATA|message data|data timeout")
EXIM_COMMAND = re.compile(r"^ *\d+ SMTP<< (.*)$", re.MULTILINE)   # " 1506 SMTP<< ehlo probe.test"


class EximServer:
    """Exim in daemon mode, in its own folder under /tmp (which Debian-exim must be able to reach), on address:port.

    mode "accept-all": every recipient at client.example gets 250 (unknown ones would bounce after DATA).
    mode "reject-unknown": unknown local parts get `550 5.1.1 <...>: User unknown`, after `tarpit` seconds if set
    (whole seconds: Exim's `delay` takes no fractions).
    Both: anna and postmaster get 250, other domains `550 5.7.1 Relaying denied`, VRFY is allowed and answered from
    Exim's routers (known: 250 <...> is deliverable, unknown: 550 <...> Unrouteable address). Nothing received is
    ever delivered (queue_only). Exim runs with the debug output of what it receives (-d-all+receive), from which
    `commands` lists the command lines it was sent, as sent."""

    def __init__(self, mode: str, tarpit: float = 0, address: str = "127.0.0.1", port: int | None = None):
        if mode not in EXIM_MODES:
            raise ValueError(f"Exim mode must be one of {EXIM_MODES}, not {mode!r}")
        if tarpit < 0 or tarpit != int(tarpit):
            raise ValueError(f"Exim's delay takes whole seconds, not {tarpit!r}")
        self.mode, self.tarpit, self.host = mode, tarpit, _loopback(address)
        self.port = port or free_port(address)
        self.directory: Path | None = None
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 15) -> EximServer:
        self.directory = Path(tempfile.mkdtemp(prefix="sbskb-exim-"))
        self.directory.chmod(0o755)   # Exim's user must reach the spool and log folders inside
        exim_user = pwd.getpwnam("Debian-exim")
        for name in ("spool", "log"):
            (self.directory / name).mkdir()
            os.chown(self.directory / name, exim_user.pw_uid, exim_user.pw_gid)
        unknown_rule = ""
        if self.mode == "reject-unknown":
            delay = f"          delay = {int(self.tarpit)}s\n" if self.tarpit else ""
            unknown_rule = REJECT_UNKNOWN.format(delay=delay)
        config = self.directory / "exim.conf"
        config.write_text(EXIM_CONFIG.format(
            mx_name=MX_NAME, domain=LOCAL_DOMAIN, address=self.host, port=self.port, directory=self.directory,
            unknown_rule=unknown_rule.rstrip("\n"), known=" : ".join(KNOWN_LOCAL_PARTS)), encoding="utf-8")
        config.chmod(0o644)   # Exim refuses a -C file that others may write
        self._output = open(self.directory / "output.txt", "wb")   # closed by stop()
        # -bdf: the daemon in the foreground, so this process is the one to stop; a session of its own so that its
        # per-connection children go with it.
        self.process = subprocess.Popen([find_program("exim4") or "exim4", "-C", str(config), "-bdf", "-d-all+receive"],
                                        stdin=subprocess.DEVNULL, stdout=self._output, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"Exim exited with {self.process.returncode}:\n{self.output}\n{self.log}")
            try:
                if _smtp_banner(self.host, self.port, 2).startswith("220 "):
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"Exim sent no 220 banner on {self.host}:{self.port}:\n{self.output}\n{self.log}")
            time.sleep(0.05)

    @property
    def output(self) -> str:
        return self._read("output.txt")

    @property
    def log(self) -> str:
        """Exim's main, reject and panic logs."""
        return "".join(self._read(f"log/{name}log") for name in ("main", "reject", "panic"))

    @property
    def commands(self) -> list[str]:
        """The SMTP command lines Exim received, in the order its processes read them."""
        return EXIM_COMMAND.findall(self.output)

    @property
    def received_data(self) -> bool:
        """True once Exim was sent DATA or BDAT (the probe never may)."""
        return (any(_verb(command) in ("DATA", "BDAT") for command in self.commands)
                or bool(EXIM_DATA_LOGGED.search(self.log)))

    def _read(self, name: str) -> str:
        path = self.directory / name if self.directory else None
        return path.read_text(encoding="utf-8", errors="replace") if path and path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            except ProcessLookupError:
                pass
        if self.process is not None:
            self._output.close()
            self.process = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None


# --- Scenario servers -------------------------------------------------------------------------------------------------

# Exchange-like servers that speak SMTP (aiosmtpd) and broken ones (a raw asyncio server).
SMTP_SCENARIOS = (
    "exchange-tarpit", "reject-at-once", "eop", "accept-all", "open-relay", "refuse-everything", "known-refused",
    "greylist", "back-pressure", "postmaster-refused", "vrfy-leak", "421-at-rcpt", "drop-after-ehlo",
    "starttls-fails", "starttls-ok", "back-pressure-at-mail", "too-many-recipients",
)
RAW_SCENARIOS = ("banner-421", "silent", "garbage", "endless-reply", "huge-line")
SCENARIOS = SMTP_SCENARIOS + RAW_SCENARIOS
TARPIT_SCENARIOS = ("exchange-tarpit", "starttls-fails", "starttls-ok")   # unknown recipients wait `tarpit` s

HUGE_LINE_BYTES = 5 * 1024 * 1024
ENDLESS_LIMIT_SECONDS = 60   # an endless reply still ends, when no client reads it
ENDLESS_LIMIT_BYTES = 256 * 1024 * 1024


class ScenarioServer:
    """One scenario's server on address:port. `commands` lists the command lines it received (decoded, without CRLF;
    aiosmtpd scenarios give the verb in capitals), in order, over all connections; `received_data` tells whether any
    was DATA or BDAT."""

    def __init__(self, name: str, address: str = "127.0.0.1", port: int | None = None, tarpit: float = 5.0):
        if name not in SCENARIOS:
            raise ValueError(f"unknown scenario {name!r}; there are: {', '.join(SCENARIOS)}")
        self.name, self.tarpit, self.host = name, tarpit, _loopback(address)
        self.port = port or free_port(address)
        self._commands: list[str] = []
        self._lock = threading.Lock()

    @property
    def commands(self) -> list[str]:
        with self._lock:
            return list(self._commands)

    @property
    def received_data(self) -> bool:
        return any(_verb(command) in ("DATA", "BDAT") for command in self.commands)

    def record(self, command: str) -> None:
        with self._lock:
            self._commands.append(command)

    def start(self) -> ScenarioServer:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


def make_scenario(name: str, address: str = "127.0.0.1", port: int | None = None, tarpit: float = 5.0,
                  certificate_folder: Path | None = None) -> ScenarioServer:
    """The server of scenario `name` (see SCENARIOS), not started yet; starttls-ok needs a folder for its
    certificate."""
    if name in RAW_SCENARIOS:
        return RawScenario(name, address, port, tarpit)
    return SmtpScenario(name, address, port, tarpit, certificate_folder)


class ExchangeHandler:
    """aiosmtpd hooks answering as Exchange (or its relatives) does in each SMTP-speaking scenario."""

    def __init__(self, server: SmtpScenario):
        self.server = server
        self.name = server.name
        known = set(KNOWN_LOCAL_PARTS)
        if self.name == "postmaster-refused":
            known.discard("postmaster")
        self.known = known

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        features = [line[4:] for line in responses[1:] if not line[4:].startswith(("AUTH", "HELP", "STARTTLS"))]
        features += ["PIPELINING", "ENHANCEDSTATUSCODES"]
        if self.name in ("starttls-fails", "starttls-ok") and not session.ssl:
            features.append("STARTTLS")
        lines = [f"{MX_NAME} Hello [{session.peer[0]}]", *features]
        return [f"250-{line}" for line in lines[:-1]] + [f"250 {lines[-1]}"]

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.name == "refuse-everything":
            return "550 5.7.1 Service unavailable; client host blocked"
        if self.name == "back-pressure-at-mail":   # Exchange under back pressure refuses the sender already
            return "452 4.3.1 Insufficient system resources"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Sender OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        name = self.name
        if name == "greylist":
            return "451 4.7.1 Greylisted, try again later"
        if name == "back-pressure":
            return "452 4.3.1 Insufficient system resources"
        if name == "too-many-recipients":   # RFC 5321 §4.5.3.1.10: a 452 that is not back pressure
            return "452 4.5.3 Too many recipients"
        if name == "known-refused":
            return "550 5.7.1 Message rejected: sender or client IP address is on a block list"
        local_part, _, domain = address.rpartition("@")
        if domain.lower() != LOCAL_DOMAIN:
            if name != "open-relay":
                return "550 5.7.1 Unable to relay"
        elif local_part.lower() not in self.known and name not in ("accept-all", "open-relay"):
            if name == "eop":
                return "550 5.4.1 Recipient address rejected: Access denied"
            if name in TARPIT_SCENARIOS:
                await asyncio.sleep(self.server.tarpit)
            return "550 5.1.1 User unknown"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Recipient OK"

    async def handle_VRFY(self, server, session, envelope, address):
        local_part, _, domain = address.rpartition("@")
        if self.name == "vrfy-leak":
            if domain.lower() == LOCAL_DOMAIN and local_part.lower() in self.known:
                return f"250 {local_part.capitalize()} Example <{address}>"
            return "550 5.1.1 User unknown"
        return "252 2.1.5 Cannot VRFY user"

    async def handle_DATA(self, server, session, envelope):
        return "250 2.6.0 Queued mail for delivery"

    async def handle_QUIT(self, server, session, envelope):
        return "221 2.0.0 Service closing transmission channel"


class _RecordingMethods(dict):
    """aiosmtpd's table of command methods, recording every command it dispatches (unknown ones too)."""

    def __init__(self, smtp: ScenarioSMTP, methods: dict):
        super().__init__(methods)
        self.smtp = smtp

    def get(self, command, default=None):
        method = super().get(command, default)
        smtp = self.smtp

        async def recorded(arg):
            smtp.scenario.record(command if arg is None else f"{command} {arg}")
            if await smtp.before_command(command):
                return
            if method is None:
                await smtp.push(f'500 5.3.3 Unrecognized command "{command}"')
            else:
                await method(arg)

        for attribute in ("__smtp_syntax__", "__smtp_syntax_extended__", "__smtp_syntax_when__"):
            if hasattr(method, attribute):
                setattr(recorded, attribute, getattr(method, attribute))
        return recorded


class ScenarioSMTP(SMTP):
    """aiosmtpd's SMTP session with the scenario's misbehaviour: drop after EHLO, 421 at RCPT, a failing STARTTLS."""

    def __init__(self, handler: ExchangeHandler, **kwargs):
        super().__init__(handler, **kwargs)
        self.scenario = handler.server
        self._smtp_methods = _RecordingMethods(self, self._smtp_methods)
        self._greeted = False

    async def before_command(self, command: str) -> bool:
        """True when the command was dealt with here (the connection closed)."""
        name = self.scenario.name
        if self.transport is None or self.transport.is_closing():
            return True   # a command that came before the close
        if name == "drop-after-ehlo" and self._greeted:
            self.transport.close()
            return True
        if command in ("EHLO", "HELO"):
            self._greeted = True
        if name == "421-at-rcpt" and command == "RCPT":
            await self.push("421 4.4.2 Connection dropped")
            self.transport.close()
            return True
        if name == "starttls-fails" and command == "STARTTLS":
            await self.push("220 2.0.0 SMTP server ready")
            self._writer.write(b"this is not a TLS handshake\r\n")
            await self._writer.drain()
            self.transport.close()
            return True
        return False


class _ScenarioController(Controller):
    def __init__(self, scenario: SmtpScenario, handler: ExchangeHandler, **kwargs):
        super().__init__(handler, **kwargs)
        self.scenario = scenario

    def factory(self):
        return ScenarioSMTP(self.handler, **self.SMTP_kwargs)


def self_signed_context(folder: Path) -> ssl.SSLContext:
    """A server TLS context with a certificate for mx.client.example made now by Debian's openssl."""
    key, certificate = folder / "key.pem", folder / "certificate.pem"
    subprocess.run([find_program("openssl") or "openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", f"/CN={MX_NAME}", "-addext", f"subjectAltName=DNS:{MX_NAME}",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True, timeout=30)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    return context


class SmtpScenario(ScenarioServer):
    def __init__(self, name, address="127.0.0.1", port=None, tarpit=5.0, certificate_folder: Path | None = None):
        super().__init__(name, address, port, tarpit)
        self.certificate_folder = certificate_folder
        self.controller: _ScenarioController | None = None

    def start(self) -> SmtpScenario:
        tls_context = None
        if self.name == "starttls-ok":
            if self.certificate_folder is None:
                raise ValueError("starttls-ok needs a certificate_folder")
            tls_context = self_signed_context(self.certificate_folder)
        self.controller = _ScenarioController(
            self, ExchangeHandler(self), hostname=self.host, port=self.port, server_hostname=MX_NAME,
            ident="Microsoft ESMTP MAIL Service ready", tls_context=tls_context, require_starttls=False)
        self.controller.start()   # returns once a connection got the 220 banner
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop(no_assert=True)
            self.controller = None


class RawScenario(ScenarioServer):
    """A server that does not (quite) speak SMTP, on an asyncio loop in a thread of its own."""

    def __init__(self, name, address="127.0.0.1", port=None, tarpit=5.0):
        super().__init__(name, address, port, tarpit)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread: threading.Thread | None = None
        self.server: asyncio.AbstractServer | None = None
        self.connections: set[asyncio.Task] = set()

    def start(self) -> RawScenario:
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        failure: list[BaseException] = []

        def run():
            asyncio.set_event_loop(self.loop)
            try:
                self.server = self.loop.run_until_complete(
                    asyncio.start_server(self._connection, self.host, self.port, limit=64 * 1024))
            except BaseException as error:   # handed to the starting thread
                failure.append(error)
                self.loop.close()
                ready.set()
                return
            ready.set()
            self.loop.run_forever()
            self.server.close()
            for task in self.connections:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*self.connections, return_exceptions=True))
            self.loop.run_until_complete(self.server.wait_closed())
            self.loop.close()

        self.thread = threading.Thread(target=run, name=f"scenario {self.name}", daemon=True)
        self.thread.start()
        if not ready.wait(10):
            raise TimeoutError(f"scenario {self.name} did not start listening on {self.host}:{self.port}")
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self.thread is not None:
            if self.thread.is_alive():
                self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.thread = None

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections.add(asyncio.current_task())
        try:
            await self._serve(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            writer.close()
            self.connections.discard(asyncio.current_task())

    async def _lines(self, reader: asyncio.StreamReader):
        while line := await reader.readline():
            command = line.decode("utf-8", "replace").rstrip("\r\n")
            self.record(command)
            yield command

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        name = self.name
        if name == "garbage":
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            return
        if name == "banner-421":
            writer.write(b"421 4.3.2 Service not available\r\n")
            await writer.drain()
            return
        if name == "silent":
            async for _ in self._lines(reader):
                pass
            return
        writer.write(f"220 {MX_NAME} Microsoft ESMTP MAIL Service ready\r\n".encode())
        await writer.drain()
        async for command in self._lines(reader):
            verb = _verb(command)
            if verb in ("EHLO", "HELO") and name == "endless-reply":
                await self._endless(writer)
                return
            if verb in ("EHLO", "HELO") and name == "huge-line":
                writer.write(b"250 " + b"x" * HUGE_LINE_BYTES + b"\r\n")
            elif verb == "QUIT":
                writer.write(b"221 2.0.0 Service closing transmission channel\r\n")
                await writer.drain()
                return
            else:
                writer.write(b"500 5.3.3 Unrecognized command\r\n")
            await writer.drain()

    async def _endless(self, writer: asyncio.StreamWriter) -> None:
        writer.write(f"250-{MX_NAME} Hello\r\n".encode())
        deadline, sent, number = time.monotonic() + ENDLESS_LIMIT_SECONDS, 0, 0
        while time.monotonic() < deadline and sent < ENDLESS_LIMIT_BYTES:
            number += 1
            line = f"250-X-ENDLESS-{number} and the reply goes on\r\n".encode()
            writer.write(line)
            sent += len(line)
            if number % 64 == 0:
                await writer.drain()   # blocks while the client does not read; raises once it is gone


# --- DNS --------------------------------------------------------------------------------------------------------------

class DnsServer:
    """dnsmasq answering only what it is given: MX records [(domain, host, preference)], A {name: ipv4} and AAAA
    {name: ipv6}; every other name under .example, .test or .invalid is NXDOMAIN (nothing is ever forwarded)."""

    LOCAL_ZONES = ("example", "test", "invalid")

    def __init__(self, mx=(), a=None, aaaa=None, address: str = "127.0.0.1", port: int | None = None):
        self.mx = [(domain, host, int(preference)) for domain, host, preference in mx]
        self.a, self.aaaa = dict(a or {}), dict(aaaa or {})
        self.host = _loopback(address)
        self.port = port or free_port(address, udp=True)
        self.process: subprocess.Popen | None = None
        self._output = None

    def command(self) -> list[str]:
        command = [find_program("dnsmasq") or "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
                   f"--port={self.port}", f"--listen-address={self.host}", "--bind-interfaces",
                   "--no-resolv", "--no-hosts", "--pid-file=", "--log-facility=-", "--log-queries"]
        command += [f"--local=/{zone}/" for zone in self.LOCAL_ZONES]
        command += [f"--mx-host={domain},{host},{preference}" for domain, host, preference in self.mx]
        for name in dict.fromkeys([*self.a, *self.aaaa]):
            addresses = [address for address in (self.a.get(name), self.aaaa.get(name)) if address]
            command.append(f"--host-record={name},{','.join(addresses)}")
        return command

    def start(self, timeout: float = 10) -> DnsServer:
        import dns.exception
        import dns.message
        import dns.query

        self._output = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=self._output,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"dnsmasq exited with {self.process.returncode}:\n{self.log}")
            try:
                # TCP first: refused at once while dnsmasq is not listening yet (a UDP query would time out).
                query = dns.message.make_query("ready.invalid.", "A")
                dns.query.tcp(query, self.host, port=self.port, timeout=1)
                dns.query.udp(query, self.host, port=self.port, timeout=1)
                return self
            except (dns.exception.Timeout, OSError, EOFError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"dnsmasq did not answer on {self.host}:{self.port}:\n{self.log}")
            time.sleep(0.05)

    def resolver(self):
        """A dnspython resolver that asks this server only."""
        import dns.resolver

        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [self.host]
        resolver.port = self.port
        resolver.lifetime = 5
        return resolver

    @property
    def log(self) -> str:
        if self._output is None:
            return ""
        self._output.seek(0)
        return self._output.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=5)
            self.process = None
        if self._output is not None:
            self._output.close()
            self._output = None
