#!/usr/bin/env python3
"""Test a client's mail servers from outside, the way a spammer's server talks to them, and say what each does.

Usage: probe.py DOMAIN_OR_HOST --domain CLIENT_DOMAIN --known REAL_ADDRESS [--from ADDRESS] [--port PORT]
                [--timeout S] [--max-time S] [--helo NAME] [--dns SERVER[:PORT]] [--json]
                [--export FILE --client-id ID [--client-name NAME]]    (every option: probe.py --help)

A domain is looked up for its MX hosts (with dnspython installed) and every host is tested, backups included. Per
host, session 1: the greeting, EHLO, STARTTLS when offered, MAIL FROM, RCPT TO the known address (the control), to
postmaster@ and, last, to a made-up address (the tar pit is the delay of that reply over the known one's); session 2:
VRFY of the known address, then RCPT TO an address at an outside domain (an open relay accepts it). DATA is never sent:
no message is ever delivered. Exit status: 1 if any host fails, else 2 if any host could not be tested or the input
is wrong, else 0 (every host passed, some perhaps with warnings). Runs on Python 3.10 or later, standard library
only; dnspython (pip install dnspython) adds MX look-ups. Part of SBS Setup KB: the page "The SMTP probe: prove it
from outside" explains every verdict.
"""
from __future__ import annotations

import argparse
import datetime
import ipaddress
import json
import os
import re
import secrets
import socket
import ssl
import sys
import textwrap
import time

try:   # optional: without it the positional argument is tested as a host
    import dns.exception
    import dns.resolver
except ImportError:   # pragma: no cover - the tests run with dnspython installed
    dns = None

VERSION = "1"
ITEM_ID = "test-unknown-recipient"   # the outside-test item of the smtp-test checklist
EXPORT_FORMAT, EXPORT_VERSION = "sbskb-progress", 3
CLIENT_ID = re.compile(r"[a-z0-9]{1,40}")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DOMAIN = re.compile(rf"(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")
ADDRESS = re.compile(rf"[A-Za-z0-9._%+'-]{{1,64}}@((?:{_LABEL}\.)+[A-Za-z]{{2,63}})")
RELAY_TARGET = "sbskb-relay-test@example.org"   # RFC 2606: a domain that is never the client's
MAX_LINE = 4096           # bytes in one reply line; RFC 5321 §4.5.3.1.5 allows 512
MAX_REPLY_LINES = 100     # lines in one multi-line reply
MAX_HOSTS = 10
EVIDENCE_MAX = 2000      # characters of evidence the progress file gives the item (the site keeps 20,000)
TARPIT_MIN, TARPIT_MAX = 1.0, 10.0   # seconds: under the first no tar pit; over the second, mail flow suffers
VERDICTS = ("pass", "warn", "error", "fail")   # in rising order of what it means for the client
# How a host came to be tested, the JSON's "found": "mx" (the look-up; only such a host has a preference, and the table
# says "MX, preference N" or "backup MX, preference N"), or one of these, with the table's words for it.
FOUND_WORDS = {"given": "host given on the command line", "no-mx": "the domain's own address (no MX record)"}
CHECK_IDS = ("banner", "ehlo", "starttls", "vrfy", "known-recipient", "postmaster", "unknown-recipient", "relay")
CHECKLISTS = {
    "recipient-filtering": "Turn on recipient filtering (checklists/recipient-filtering/)",
    "backup-mx": "Make sure no backup MX accepts mail for unknown recipients "
                 "(checklists/recipient-filtering/#check-backup-mx)",
    "tarpit": "Slow down directory harvest attacks with the SMTP tar pit (checklists/tarpit/)",
    "clear-backlog": "Clear the NDR backlog from the queues (checklists/clear-backlog/)",
    "relay": "Rule out an open or authenticated relay (checklists/triage/#rule-out-relay)",
}


class ProbeError(Exception):
    """Something that stops a session: the message is one line for the technician."""


class InputError(Exception):
    """Wrong input, found before any connection."""


class Reply:
    def __init__(self, code: int, lines: list[str], seconds: float):
        self.code, self.lines, self.seconds = code, lines, seconds

    @property
    def text(self) -> str:
        return " ".join(self.lines)[:300]

    @property
    def enhanced(self) -> str:
        """The enhanced status code (RFC 3463) of the reply's first line, such as 5.1.1, or ''."""
        match = re.match(r"[245]\.\d{1,3}\.\d{1,3}\b", self.lines[0][4:] if self.lines else "")
        return match.group(0) if match else ""


class Session:
    """One SMTP connection with bounded reads: every reply within `timeout` seconds, lines and replies of bounded
    length, and a deadline for the whole run."""

    def __init__(self, address: str, port: int, timeout: float, deadline: float):
        self.timeout, self.deadline = timeout, deadline
        self.buffer = b""
        try:
            self.sock = socket.create_connection((address, port), timeout=self._wait())
        except TimeoutError:
            raise ProbeError(f"no connection to port {port} within {timeout:g} s: the server is down, or outbound "
                             f"port {port} is blocked where this probe runs (many ISPs block port 25)") from None
        except ConnectionRefusedError:
            raise ProbeError(f"port {port} is closed (connection refused)") from None
        except OSError as error:
            raise ProbeError(f"cannot connect to port {port}: {error.strerror or error}") from None

    def _wait(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ProbeError("the probe's time limit for the whole run is used up")
        return min(self.timeout, left)

    def read_reply(self, started: float | None = None) -> Reply:
        started = time.monotonic() if started is None else started
        lines: list[str] = []
        while True:
            line = self._read_line(started)
            if not re.fullmatch(r"[2-5][0-9][0-9]([ -].*)?", line):
                shown = line[:60] + ("…" if len(line) > 60 else "")
                raise ProbeError(f"the server does not speak SMTP: it sent {shown!r}")
            if lines and line[:3] != lines[0][:3]:
                raise ProbeError("the server sent a reply whose lines have different codes")
            lines.append(line)
            if len(lines) > MAX_REPLY_LINES:
                raise ProbeError(f"the server sent a reply of more than {MAX_REPLY_LINES} lines")
            if len(line) == 3 or line[3] == " ":
                return Reply(int(line[:3]), lines, time.monotonic() - started)

    def _read_line(self, started: float) -> str:
        while b"\n" not in self.buffer:
            if len(self.buffer) > MAX_LINE:
                raise ProbeError(f"the server sent a reply line longer than {MAX_LINE} bytes")
            waited = time.monotonic() - started
            self.sock.settimeout(max(0.01, min(self._wait(), self.timeout - waited)))
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                raise ProbeError(f"no reply within {self.timeout:g} s") from None
            except (ssl.SSLError, OSError) as error:
                raise ProbeError(f"the connection failed: {error.strerror or error}") from None
            if not chunk:
                raise ProbeError("the server closed the connection")
            self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\n")
        if len(raw) > MAX_LINE:
            raise ProbeError(f"the server sent a reply line longer than {MAX_LINE} bytes")
        return raw.rstrip(b"\r").decode("utf-8", errors="replace")

    def command(self, line: str) -> Reply:
        started = time.monotonic()
        try:
            self.sock.sendall(line.encode("ascii") + b"\r\n")
        except OSError as error:
            raise ProbeError(f"the connection failed: {error.strerror or error}") from None
        return self.read_reply(started)

    def start_tls(self, host: str) -> None:
        # Any certificate: SBS servers often have self-signed ones, and this is a test of recipients, not of TLS.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            self.sock.settimeout(self._wait())
            self.sock = context.wrap_socket(self.sock, server_hostname=host)
        except (ssl.SSLError, OSError) as error:
            raise ProbeError(f"the TLS handshake failed: {getattr(error, 'reason', None) or error}") from None
        self.buffer = b""

    def close(self) -> None:
        try:
            self.sock.settimeout(2)
            self.sock.sendall(b"QUIT\r\n")
        except OSError:
            pass
        finally:
            self.sock.close()


class Check(dict):
    """One check's result, as the JSON prints it."""

    def __init__(self, check_id: str, verdict: str, message: str, reply: Reply | None = None):
        super().__init__(id=check_id, verdict=verdict, code=reply.code if reply else None,
                         reply=reply.text if reply else "", seconds=round(reply.seconds, 2) if reply else None,
                         message=message)


def _later(reply: Reply, what: str, backup: bool) -> Check:
    """The verdict for a reply that is not an answer about the recipient: deferred, back pressure, closing.

    Back pressure is `4.3.1` or Exchange's "Insufficient system resources" (452 4.3.1), not every 452: `452 4.5.3` is
    "too many recipients" (RFC 5321 §4.5.3.1.10, RFC 3463). Clearing the queues helps only on the client's own server:
    a backup MX is usually someone else's (the ISP's)."""
    if reply.enhanced == "4.3.1" or "insufficient system resources" in reply.text.lower():
        if backup:
            return Check(what, "error", "this backup MX is out of resources (4.3.1), so it cannot say what it does "
                         "with recipients now. It is not the client's server: its operator (often the ISP) has to "
                         "free it; test again later", reply)
        return Check(what, "error", "the server is under back pressure (452 4.3.1: out of resources), so it "
                     f"cannot say what it does with recipients now: clear the queues first, see "
                     f"{CHECKLISTS['clear-backlog']}, then test again", reply)
    if reply.enhanced == "4.5.3":
        return Check(what, "error", f"deferred ({reply.code} 4.5.3): the server takes no more recipients in this "
                     "message for now, which says nothing about the address; test again later", reply)
    if reply.code == 421:
        return Check(what, "error", "the server closed the session (421): test again later", reply)
    return Check(what, "error", f"deferred ({reply.code}): the server asks to try again later, which greylisting "
                 "does; test again in a few minutes. A deferral says nothing about the recipient", reply)


def test_host(host: str, address: str, port: int, options, backup: bool, deadline: float) -> list[Check]:
    """Both sessions against one host; every check it got to, in order."""
    checks: list[Check] = []
    domain, known = options.domain, options.known
    session = _open(address, port, options, deadline, checks, first=True)
    if session is None:
        return checks
    step = "ehlo"   # the check a broken connection is reported under
    try:
        tls = _ehlo_and_tls(session, host, address, port, options, deadline, checks)
        if tls is None:
            return checks
        session = tls
        step = "known-recipient"
        mail = session.command(f"MAIL FROM:<{options.sender}>")
        if 400 <= mail.code < 500:   # back pressure, greylisting or 421 already at the sender
            checks.append(_later(mail, "known-recipient", backup))
            return checks
        if mail.code != 250:
            checks.append(Check("known-recipient", "error", "the server refuses this probe: it refused the sender "
                                f"<{options.sender}> ({mail.code}); try another --from, or a computer whose address "
                                "is not on a blocklist", mail))
            return checks
        step = "known-recipient"
        known_reply = session.command(f"RCPT TO:<{known}>")
        control = known_reply.code in (250, 251)
        if control:
            checks.append(Check("known-recipient", "pass", "the real address is accepted, as it must be", known_reply))
        elif 400 <= known_reply.code < 500:
            checks.append(_later(known_reply, "known-recipient", backup))
        else:
            checks.append(Check("known-recipient", "error", f"the server refuses this probe: it refused the real "
                                f"address <{known}> ({known_reply.code}). Is the address right? Otherwise the "
                                "address the probe runs from is refused (a blocklist): test from another one",
                                known_reply))
        step = "postmaster"
        post = session.command(f"RCPT TO:<postmaster@{domain}>")
        if not control:
            checks.append(Check("postmaster", "error", "not judged: the control address was not accepted", post))
        elif post.code in (250, 251):
            checks.append(Check("postmaster", "pass", "postmaster@ accepts mail, as RFC 5321 §4.5.1 requires", post))
        elif 400 <= post.code < 500:
            checks.append(_later(post, "postmaster", backup))
        else:
            checks.append(Check("postmaster", "warn", "postmaster@ is refused: RFC 5321 §4.5.1 requires every mail "
                                "domain to accept it; create the address or an alias", post))
        unknown_address = f"no-such-user-{secrets.token_hex(5)}@{domain}"
        step = "unknown-recipient"
        unknown = session.command(f"RCPT TO:<{unknown_address}>")
        checks.append(_unknown_verdict(unknown, known_reply, control, backup, options))
    except ProbeError as error:
        checks.append(Check(step, "error", str(error)))
        return checks
    finally:
        session.close()
    checks += _second_session(address, port, host, options, deadline, backup)
    return checks


def _open(address: str, port: int, options, deadline: float, checks: list[Check], first: bool) -> Session | None:
    session = None
    try:
        session = Session(address, port, options.timeout, deadline)
        banner = session.read_reply()
    except ProbeError as error:
        if session is not None:
            session.sock.close()
        message = str(error)
        if message == f"no reply within {options.timeout:g} s":
            message = f"connected, but the server sent no greeting within {options.timeout:g} s"
        if first:
            checks.append(Check("banner", "error", message))
        else:
            raise
        return None
    if banner.code != 220:
        session.close()
        if first:
            checks.append(Check("banner", "error", f"the server does not take mail now ({banner.code}): test again "
                                "later", banner))
            return None
        raise ProbeError(f"the server does not take mail now ({banner.code})")
    if first:
        checks.append(Check("banner", "pass", "the server greets with 220", banner))
    return session


def _ehlo_and_tls(session: Session, host: str, address: str, port: int, options, deadline: float,
                  checks: list[Check]) -> Session | None:
    ehlo = session.command(f"EHLO {options.helo}")
    if ehlo.code != 250:
        checks.append(Check("ehlo", "error", f"the server refused EHLO ({ehlo.code})", ehlo))
        session.close()
        return None
    offers_tls = any(line[4:].strip().upper().startswith("STARTTLS") for line in ehlo.lines[1:])
    checks.append(Check("ehlo", "pass", "EHLO accepted" + ("; STARTTLS offered" if offers_tls else ""), ehlo))
    if not offers_tls:
        # Reported, not held against the host: the outside test is about recipients, and SBS 2003 offers no TLS.
        checks.append(Check("starttls", "pass", "STARTTLS is not offered: mail to this server travels unencrypted"))
        return session
    try:
        reply = session.command("STARTTLS")
        if reply.code != 220:
            raise ProbeError(f"STARTTLS was refused ({reply.code})")
        session.start_tls(host)
        again = session.command(f"EHLO {options.helo}")
        if again.code != 250:
            raise ProbeError(f"EHLO after STARTTLS was refused ({again.code})")
        checks.append(Check("starttls", "pass", "STARTTLS works (the certificate was not checked)", reply))
        return session
    except ProbeError as error:
        checks.append(Check("starttls", "warn", f"STARTTLS is offered but fails: {error}; the checks go on in plain "
                            "text over a new connection"))
        session.sock.close()
    plain = _open(address, port, options, deadline, checks, first=False)
    try:
        ehlo = plain.command(f"EHLO {options.helo}")
        if ehlo.code != 250:
            raise ProbeError(f"the server refused EHLO on the plain connection ({ehlo.code})")
    except ProbeError:
        plain.close()
        raise
    return plain


def _unknown_verdict(unknown: Reply, known: Reply, control: bool, backup: bool, options) -> Check:
    tarpit = max(0.0, unknown.seconds - known.seconds)
    which = "This backup MX" if backup else "The server"
    if not control:
        return Check("unknown-recipient", "error", "not judged: the control address was not accepted, so this "
                     "reply proves nothing", unknown)
    if unknown.code in (250, 251):
        advice = (f"{which} accepted mail for a made-up address. It cannot be seen from outside what happens next: "
                  "it bounces it later (backscatter, the attack this site fixes), keeps it in a catch-all mailbox, "
                  "or a filtering service rejects it after the message is sent, which this probe never does. Turn "
                  "on recipient validation wherever this MX points: ")
        if backup:
            advice += ("ask the backup MX's operator (often the ISP) to check recipients against the client's list "
                       "of addresses, or to remove the backup MX record; see " + CHECKLISTS["backup-mx"])
        else:
            advice += CHECKLISTS["recipient-filtering"]
        return Check("unknown-recipient", "fail", advice, unknown)
    if 400 <= unknown.code < 500:
        return _later(unknown, "unknown-recipient", backup)
    if unknown.enhanced == "5.4.1":
        return Check("unknown-recipient", "pass", "refused by Exchange Online Protection's edge block (550 5.4.1); "
                     "a tar pit does not apply there", unknown)
    check = Check("unknown-recipient", "pass", f"refused after a tar pit of {tarpit:.1f} s", unknown)
    if tarpit < TARPIT_MIN:
        check.update(verdict="warn", message=f"refused at once ({tarpit:.1f} s): the tar pit is not set, so a "
                     f"harvester learns the addresses fast; see {CHECKLISTS['tarpit']}")
    elif tarpit > TARPIT_MAX:
        check.update(verdict="warn", message=f"refused after {tarpit:.1f} s: a tar pit over {TARPIT_MAX:g} s delays "
                     f"real senders who mistype too, and risks timeouts; see {CHECKLISTS['tarpit']}")
    check["tarpit"] = round(tarpit, 2)
    return check


def _second_session(address: str, port: int, host: str, options, deadline: float, backup: bool) -> list[Check]:
    """Session 2: VRFY of the known address, then would the server take mail for a domain that is not the client's?
    VRFY is here, not before the recipients of session 1: Exchange 2007 usually delays the replies after a refusal
    (a Microsoft TechNet blog post, stuartp), and a refused VRFY could then slow the known recipient's reply and hide
    the tar pit."""
    try:
        session = _open(address, port, options, deadline, [], first=False)
    except ProbeError as error:
        return [Check("relay", "error", f"the second session failed: {error}")]
    found: list[Check] = []
    try:
        if session.command(f"EHLO {options.helo}").code != 250:
            return [Check("relay", "error", "the server refused EHLO in the second session")]
        mail = session.command(f"MAIL FROM:<{options.sender}>")
        if mail.code != 250:
            return [Check("relay", "error", f"the server refused the sender in the second session ({mail.code})",
                          mail)]
        vrfy = session.command(f"VRFY {options.known}")
        if vrfy.code in (250, 251) and "@" in vrfy.text:
            found.append(Check("vrfy", "warn", "VRFY confirms the mailbox: a harvester can list real addresses "
                               "without sending mail; turn VRFY off", vrfy))
        else:
            found.append(Check("vrfy", "pass", "VRFY does not confirm mailboxes", vrfy))
        reply = session.command(f"RCPT TO:<{RELAY_TARGET}>")
    except ProbeError as error:
        return [*found, Check("relay", "error", str(error))]
    finally:
        session.close()
    if reply.code in (250, 251):
        return [*found, Check("relay", "fail", "OPEN RELAY: the server accepted mail for a domain that is not the "
                              f"client's, from anyone; spammers send through it. Close it at once: see "
                              f"{CHECKLISTS['relay']}", reply)]
    if 400 <= reply.code < 500:
        return [*found, _later(reply, "relay", backup)]
    return [*found, Check("relay", "pass", "mail for other domains is refused (no open relay)", reply)]


def host_verdict(checks: list[Check]) -> str:
    return max((check["verdict"] for check in checks), key=VERDICTS.index, default="error")


# --- name look-ups ---------------------------------------------------------------------------------------------------

def _resolver(options):
    resolver = dns.resolver.Resolver(configure=options.dns is None)
    if options.dns is not None:
        resolver.nameservers, resolver.port = [options.dns[0]], options.dns[1]
    resolver.lifetime = resolver.timeout = min(options.timeout, 15)
    return resolver


def mx_hosts(target: str, options, warnings: list[str]) -> list[tuple[str, int | None, str]]:
    """[(host, MX preference or None, how it was found: "mx" or a key of FOUND_WORDS)] in the order a sending server
    tries them; raises InputError for a name with no mail."""
    try:
        ipaddress.ip_address(target)
        return [(target, None, "given")]
    except ValueError:
        pass
    if dns is None:
        warnings.append(f"dnspython is not installed, so {target} is tested as a host, not looked up for its MX "
                        "hosts: test every MX host in turn, or install dnspython (pip install dnspython)")
        return [(target, None, "given")]
    resolver = _resolver(options)
    try:
        answer = resolver.resolve(target, "MX")
        found = sorted(((str(r.exchange).rstrip("."), r.preference, "mx") for r in answer),
                       key=lambda h: (h[1], h[0]))
    except dns.resolver.NXDOMAIN:
        raise InputError(f"{target}: no such domain (NXDOMAIN)") from None
    except dns.resolver.NoAnswer:
        warnings.append(f"{target} has no MX record: senders fall back to its own address (RFC 5321 §5.1), which is "
                        "what is tested; publish an MX record")
        return [(target, None, "no-mx")]
    except dns.exception.DNSException as error:
        raise InputError(f"{target}: the MX look-up failed ({error.__class__.__name__}): check --dns") from None
    if len(found) == 1 and found[0][0] in ("", "."):
        raise InputError(f"{target} publishes a null MX (RFC 7505): it takes no mail at all")
    if len(found) > MAX_HOSTS:
        warnings.append(f"{target} lists {len(found)} MX hosts; the first {MAX_HOSTS} are tested")
    return found[:MAX_HOSTS]


def ipv4_of(host: str, options) -> str:
    """The host's first IPv4 address; ProbeError for none (an IPv6-only host is said so)."""
    try:
        ipaddress.ip_address(host)
        if ":" in host:
            raise ProbeError("an IPv6 address: this probe connects over IPv4 only; test it with telnet from a "
                             "computer with IPv6")
        return host
    except ValueError:
        pass
    if dns is not None:
        resolver = _resolver(options)
        try:
            return str(resolver.resolve(host, "A")[0])
        except dns.resolver.NXDOMAIN:
            raise ProbeError(f"the name {host} does not resolve (NXDOMAIN)") from None
        except dns.resolver.NoAnswer:
            try:
                resolver.resolve(host, "AAAA")
            except dns.exception.DNSException:
                raise ProbeError(f"the name {host} has no address") from None
            raise ProbeError(f"{host} has only an IPv6 address: this probe connects over IPv4 only; test it with "
                             "telnet from a computer with IPv6") from None
        except dns.exception.DNSException as error:
            raise ProbeError(f"the look-up of {host} failed ({error.__class__.__name__})") from None
    try:
        return socket.getaddrinfo(host, None, socket.AF_INET, socket.SOCK_STREAM)[0][4][0]
    except socket.gaierror:
        raise ProbeError(f"the name {host} does not resolve to an IPv4 address") from None


# --- the run, its output and the progress file ------------------------------------------------------------------------

def run(options) -> dict:
    started = datetime.datetime.now(datetime.timezone.utc)  # noqa: UP017 - datetime.UTC is 3.11+; this runs on 3.10
    deadline = time.monotonic() + options.max_time
    warnings: list[str] = []
    results = [{"host": host, "address": "", "preference": preference, "found": found}
               for host, preference, found in mx_hosts(options.target, options, warnings)]
    for entry in results:
        host = entry["host"]
        try:
            entry["address"] = ipv4_of(host, options)
            checks = test_host(host, entry["address"], options.port, options, is_backup(entry, results), deadline)
        except ProbeError as error:
            checks = [Check("banner", "error", str(error))]
        entry["verdict"] = host_verdict(checks)
        entry["checks"] = checks
    return {"domain": options.domain, "target": options.target, "started": started.isoformat(timespec="seconds"),
            "probe": VERSION, "warnings": warnings, "hosts": results}


def is_backup(host: dict, hosts: list[dict]) -> bool:
    """An MX host with more than the lowest preference of the run's hosts: senders try it only when those fail."""
    if host["preference"] is None:
        return False
    return host["preference"] > min(h["preference"] for h in hosts if h["preference"] is not None)


def how_found(host: dict, hosts: list[dict]) -> str:
    """The table's words for how the host came to be tested."""
    if host["found"] != "mx":
        return FOUND_WORDS[host["found"]]
    return f"{'backup MX' if is_backup(host, hosts) else 'MX'}, preference {host['preference']}"


def exit_status(report: dict) -> int:
    verdicts = [host["verdict"] for host in report["hosts"]]
    return 1 if "fail" in verdicts else 2 if "error" in verdicts else 0


def table(report: dict) -> str:
    out = [f"Outside test of {report['domain']} ({report['target']}), {report['started']}"]
    out += [f"Warning: {warning}" for warning in report["warnings"]]
    for host in report["hosts"]:
        out += ["", f"{host['host']} ({host['address'] or 'no address'}, {how_found(host, report['hosts'])}): "
                    f"{host['verdict'].upper()}"]
        for check in host["checks"]:
            code = str(check["code"]) if check["code"] is not None else "---"
            seconds = f"{check['seconds']:.2f} s" if check["seconds"] is not None else ""
            out.append(f"  {check['id']:<18} {check['verdict']:<5} {code:>3} {seconds:>8}  {check['message']}")
    return "\n".join(out) + "\n"


def evidence(report: dict) -> str:
    """The evidence the progress file gives the item, above its note: date, every host, codes and measured
    delays, within EVIDENCE_MAX characters. Past it, each host's facts are shortened first, never its verdict: the
    site reads the run's verdict per host from these lines (a host line cut off would read as a better run)."""
    heading = f"Outside test by probe.py, {report['started']}, of {report['domain']}:"
    verdicts, details = [], []
    for host in report["hosts"]:
        facts = []
        for check in host["checks"]:
            if check["id"] in ("known-recipient", "postmaster", "unknown-recipient", "relay"):
                fact = f"{check['id']} {check['code'] if check['code'] is not None else '---'}"
                if "tarpit" in check:
                    fact += f" after {check['tarpit']:.1f} s"
                facts.append(fact)
        verdicts.append(f"- {host['host']} ({host['address'] or 'no address'}): {host['verdict'].upper()}")
        details.append(f"; {', '.join(facts)}" if facts else f"; {host['checks'][-1]['message']}")
    room = EVIDENCE_MAX - len(heading) - sum(len(line) + 1 for line in verdicts)
    share = max(room // max(len(details), 1), 0)

    def shortened(detail: str) -> str:
        if len(detail) <= share:
            return detail
        return detail[:share - 1] + "\u2026" if share > 1 else ""

    lines = [line + shortened(detail) for line, detail in zip(verdicts, details, strict=True)]
    return "\n".join([heading, *lines])[:EVIDENCE_MAX]


def progress_file(report: dict, client_id: str, client_name: str) -> dict:
    """A progress file (the site's export format, version 3) for one existing client: the outside-test item with the
    evidence in its own field, above the item's note, never in it; done only when every host passed."""
    now = datetime.datetime.now(datetime.timezone.utc)  # noqa: UP017 - datetime.UTC is 3.11+; this runs on 3.10
    now = now.isoformat(timespec="seconds").replace("+00:00", "Z")
    entry = {"evidence": {"value": evidence(report), "changed": now}}
    verdicts = [host["verdict"] for host in report["hosts"]]
    if verdicts and all(verdict == "pass" for verdict in verdicts):
        entry["status"] = {"value": "done", "changed": now}
    elif "fail" in verdicts:
        # proven not fixed: an item settled before must not stay settled
        entry["status"] = {"value": "not-started", "changed": now}
    # Only errors and warnings: nothing proven either way, so the stored status stays; the evidence says why.
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported": now,
            "clients": [{"id": client_id, "name": {"value": client_name or client_id}, "items": {ITEM_ID: entry}}]}


class _Parser(argparse.ArgumentParser):
    def error(self, message):   # one line, exit 2
        raise InputError(message)


# As exit_status() decides them; --help lists them.
EXIT_STATUSES = """exit status:
  0  every host passed (some perhaps with warnings: read the table)
  1  a host fails: it accepts mail for a made-up address, or relays
  2  no host fails, but one could not be tested; or the input is wrong

SBS Setup KB's page "The SMTP probe: prove it from outside" explains every check."""


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = _Parser(prog="probe.py", description=textwrap.fill(__doc__.split("\n\n")[0], 79),
                     epilog=EXIT_STATUSES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", metavar="DOMAIN_OR_HOST", help="the client's mail domain, or one host or address")
    parser.add_argument("--domain", required=True, metavar="DOMAIN",
                        help="the client's mail domain (the recipients' domain)")
    parser.add_argument("--known", required=True, metavar="ADDRESS", help="a real mailbox at that domain (the control)")
    parser.add_argument("--from", dest="sender", default="", metavar="ADDRESS",
                        help="the sender to give (default: <>, as bounces do)")
    parser.add_argument("--port", type=int, default=25, help="the port to connect to on every host (default 25)")
    parser.add_argument("--timeout", type=float, default=90.0, metavar="S",
                        help="seconds to wait for each reply (default 90)")
    parser.add_argument("--max-time", type=float, default=900.0, metavar="S",
                        help="seconds for the whole run (default 900)")
    parser.add_argument("--helo", default="", metavar="NAME",
                        help="the name to give in EHLO (default: this computer's name)")
    parser.add_argument("--dns", metavar="SERVER[:PORT]",
                        help="the DNS server to ask, by IPv4 address (default: the system's)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--export", metavar="FILE", help="write a progress file for the site's Clients page")
    parser.add_argument("--client-id", metavar="ID",
                        help="the client's id, as the Clients page shows it (with --export)")
    parser.add_argument("--client-name", default="", metavar="NAME",
                        help="the client's name (with --export; default: its id)")
    options = parser.parse_args(argv)
    _check(options)
    return options


def _check(options) -> None:
    """Refuse wrong input before any connection."""
    if not DOMAIN.fullmatch(options.domain):
        raise InputError(f"--domain {options.domain!r} is not a domain name such as contoso.com")
    match = ADDRESS.fullmatch(options.known)
    if not match:
        raise InputError(f"--known {options.known!r} is not an e-mail address such as anna@contoso.com")
    if match.group(1).lower() != options.domain.lower():
        raise InputError(f"--known {options.known} is not an address at --domain {options.domain}")
    if options.sender and not ADDRESS.fullmatch(options.sender):
        raise InputError(f"--from {options.sender!r} is not an e-mail address (leave it out to send <>)")
    target = options.target
    try:
        ipaddress.ip_address(target)
    except ValueError:
        if not re.fullmatch(rf"{_LABEL}(?:\.{_LABEL})*", target):
            raise InputError(f"{target!r} is not a domain, host name or IP address") from None
    if not 1 <= options.port <= 65535:
        raise InputError("--port must be from 1 to 65535")
    if not 1 <= options.timeout <= 600 or not 1 <= options.max_time <= 7200:
        raise InputError("--timeout must be from 1 to 600 seconds and --max-time from 1 to 7200")
    if options.dns is not None:
        host, _, port = options.dns.rpartition(":") if options.dns.count(":") == 1 else (options.dns, "", "53")
        try:
            ipaddress.IPv4Address(host or options.dns)
            number = int(port or "53")
            assert 1 <= number <= 65535
        except (ValueError, AssertionError):
            raise InputError(f"--dns {options.dns!r} is not SERVER or SERVER:PORT with an IPv4 address") from None
        if dns is None:
            raise InputError("--dns needs dnspython (pip install dnspython)")
        options.dns = (host or options.dns, number)
    if (options.export is None) != (options.client_id is None):
        raise InputError("--export and --client-id go together")
    if options.client_id is not None and not CLIENT_ID.fullmatch(options.client_id):
        raise InputError(f"--client-id {options.client_id!r} is not a client id (the Clients page shows it)")
    if len(options.client_name) > 100:
        raise InputError("--client-name is longer than 100 characters")
    if not options.helo:
        name = socket.gethostname()   # not getfqdn(): its reverse look-up can hang where DNS is closed
        options.helo = name if DOMAIN.fullmatch(name) else "probe.invalid"
    elif not re.fullmatch(rf"{_LABEL}(?:\.{_LABEL})*", options.helo):
        raise InputError(f"--helo {options.helo!r} is not a host name")


def main(argv: list[str] | None = None) -> int:
    try:
        options = parse_arguments(sys.argv[1:] if argv is None else argv)
        report = run(options)
    except InputError as error:
        print(f"probe.py: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("probe.py: interrupted", file=sys.stderr)
        return 2
    if options.export:   # first: a console that cannot print a character must not cost the evidence
        try:
            with open(options.export, "w", encoding="utf-8") as handle:
                json.dump(progress_file(report, options.client_id, options.client_name), handle, indent=1)
                handle.write("\n")
        except OSError as error:
            print(f"probe.py: cannot write {options.export}: {error.strerror}", file=sys.stderr)
            return 2
    # A server's reply may hold any character; a Windows console or pipe (cp1252) cannot print every one.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if options.json:
        print(json.dumps(report, indent=2))
    else:
        sys.stdout.write(table(report))
    if options.export:   # last, where the technician reads on
        print(f"probe.py: wrote {os.path.abspath(options.export)} for client {options.client_id}: import it on the "
              "site's Clients page (Import clients from a file) to add this test to the client's outside-test item",
              file=sys.stderr)
    return exit_status(report)


if __name__ == "__main__":
    sys.exit(main())
