"""Self-tests of the test servers (conftest.py, servers.py): every Exim mode, scenario and the DNS server answers as
the probe tests rely on, and `received_data` stays False without DATA and turns True with it. Only smtplib and plain
sockets talk to them here, on 127.0.0.x; tar pits are 1 s to keep this quick."""
from __future__ import annotations

import smtplib
import socket
import ssl
import time

import pytest
from dns.resolver import NXDOMAIN, NoAnswer

from servers import HUGE_LINE_BYTES, RAW_SCENARIOS, SCENARIOS, SMTP_SCENARIOS, free_port

pytestmark = pytest.mark.smtp

TARPIT = 1.0
KNOWN = "anna@client.example"
POSTMASTER = "postmaster@client.example"
UNKNOWN = "zz-nobody-4711@client.example"
OUTSIDE = "someone@outside.example"
SENDER = "probe@sender.example"
PROBE_NAME = "probe.test"   # always given: smtplib would otherwise look up this machine's name


def connect(server, timeout: float = 5) -> smtplib.SMTP:
    return smtplib.SMTP(server.host, server.port, local_hostname=PROBE_NAME, timeout=timeout)


def reply(code_and_text: tuple[int, bytes]) -> str:
    code, text = code_and_text
    return f"{code} {text.decode()}"


def timed_rcpt(client: smtplib.SMTP, address: str) -> tuple[str, float]:
    started = time.monotonic()
    answer = reply(client.rcpt(address))
    return answer, time.monotonic() - started


def transcript(server, starttls: bool = False) -> dict:
    """EHLO, MAIL, RCPT of a known, the postmaster, an unknown and an outside address (each timed), VRFY of a known
    and an unknown address, QUIT; never DATA."""
    client = connect(server)
    try:
        result = {"ehlo": reply(client.ehlo())}
        if starttls:
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            result["starttls"] = reply(client.starttls(context=context))
            result["tls"] = client.sock.version()
            result["ehlo"] = reply(client.ehlo())
        result["mail"] = reply(client.mail(SENDER))
        for name, address in (("known", KNOWN), ("postmaster", POSTMASTER), ("unknown", UNKNOWN),
                              ("outside", OUTSIDE)):
            result[name], result[f"{name} seconds"] = timed_rcpt(client, address)
        result["vrfy known"] = reply(client.verify(KNOWN))
        result["vrfy unknown"] = reply(client.verify(UNKNOWN))
        client.quit()
    finally:
        client.close()
    return result


# --- free_port --------------------------------------------------------------------------------------------------------

def test_free_port_is_free_on_every_address_given():
    port = free_port("127.0.0.1", "127.0.0.2")
    with socket.socket() as one, socket.socket() as two:
        one.bind(("127.0.0.1", port))
        two.bind(("127.0.0.2", port))
    port = free_port(udp=True)
    with socket.socket() as tcp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", port))
        udp.bind(("127.0.0.1", port))


def test_servers_listen_on_loopback_addresses_only(scenario):
    with pytest.raises(ValueError, match="127.0.0.x only"):
        free_port("192.0.2.1")
    with pytest.raises(ValueError, match="127.0.0.x only"):
        scenario("accept-all", address="0.0.0.0")


# --- Exim -------------------------------------------------------------------------------------------------------------

def test_exim_reject_unknown_rejects_unknown_users_after_its_tar_pit(exim):
    server = exim("reject-unknown", tarpit=TARPIT)
    result = transcript(server)
    assert result["ehlo"].startswith("250 mx.client.example Hello probe.test [127.0.0.1]")
    assert result["mail"].startswith("250")
    assert result["known"].startswith("250") and result["known seconds"] < 0.5
    assert result["postmaster"].startswith("250") and result["postmaster seconds"] < 0.5
    assert result["unknown"] == f"550 5.1.1 <{UNKNOWN}>: User unknown"
    assert TARPIT - 0.05 <= result["unknown seconds"] < TARPIT + 1
    assert result["outside"] == "550 5.7.1 Relaying denied" and result["outside seconds"] < 0.5
    assert result["vrfy known"] == f"250 <{KNOWN}> is deliverable"
    assert result["vrfy unknown"].startswith("550")
    assert [command.split()[0].upper() for command in server.commands] == [
        "EHLO", "MAIL", "RCPT", "RCPT", "RCPT", "RCPT", "VRFY", "VRFY", "QUIT"]
    assert f"rejected RCPT <{UNKNOWN}>" in server.log
    assert not server.received_data


def test_exim_reject_unknown_without_tar_pit_answers_at_once(exim):
    result = transcript(exim("reject-unknown"))
    assert result["unknown"] == f"550 5.1.1 <{UNKNOWN}>: User unknown" and result["unknown seconds"] < 0.5


def test_exim_accept_all_accepts_every_local_recipient_and_detects_a_message(exim):
    server = exim("accept-all")
    result = transcript(server)
    for name in ("known", "postmaster", "unknown"):
        assert result[name].startswith("250"), result
    assert result["outside"] == "550 5.7.1 Relaying denied"
    assert not server.received_data
    # A deliberate message: the detector must see it (and Exim keeps it in its spool, delivering nothing).
    with connect(server) as client:
        client.sendmail(SENDER, [KNOWN], b"Subject: test\r\n\r\nhello\r\n")
    assert server.received_data
    assert " <= probe@sender.example" in server.log


def test_exim_data_refused_for_want_of_a_recipient_still_counts(exim):
    """A DATA that Exim refuses (503: no recipient accepted) leaves no log line; its debug output still shows it."""
    server = exim("reject-unknown")
    with connect(server) as client:
        client.ehlo()
        client.mail(SENDER)
        assert client.rcpt(UNKNOWN)[0] == 550
        assert client.docmd("DATA")[0] == 503
    assert server.received_data


# --- Scenarios that speak SMTP (aiosmtpd) -----------------------------------------------------------------------------

EXCHANGE = {
    "known": "250 2.1.5 Recipient OK", "postmaster": "250 2.1.5 Recipient OK",
    "unknown": "550 5.1.1 User unknown", "outside": "550 5.7.1 Unable to relay",
    "vrfy known": "252 2.1.5 Cannot VRFY user", "vrfy unknown": "252 2.1.5 Cannot VRFY user",
}
EXPECTED = {   # scenario: (the replies that differ from Exchange's, whether unknown users wait for the tar pit)
    "exchange-tarpit": ({}, True),
    "reject-at-once": ({}, False),
    "eop": ({"unknown": "550 5.4.1 Recipient address rejected: Access denied"}, False),
    "accept-all": ({"unknown": "250 2.1.5 Recipient OK"}, False),
    "open-relay": ({"unknown": "250 2.1.5 Recipient OK", "outside": "250 2.1.5 Recipient OK"}, False),
    "known-refused": ({name: "550 5.7.1 Message rejected: sender or client IP address is on a block list"
                       for name in ("known", "postmaster", "unknown", "outside")}, False),
    "greylist": ({name: "451 4.7.1 Greylisted, try again later"
                  for name in ("known", "postmaster", "unknown", "outside")}, False),
    "back-pressure": ({name: "452 4.3.1 Insufficient system resources"
                       for name in ("known", "postmaster", "unknown", "outside")}, False),
    "too-many-recipients": ({name: "452 4.5.3 Too many recipients"
                             for name in ("known", "postmaster", "unknown", "outside")}, False),
    "postmaster-refused": ({"postmaster": "550 5.1.1 User unknown"}, False),
    "vrfy-leak": ({"vrfy known": f"250 Anna Example <{KNOWN}>", "vrfy unknown": "550 5.1.1 User unknown"}, False),
    "starttls-ok": ({}, True),
}


@pytest.mark.parametrize("name", EXPECTED)
def test_smtp_scenario_replies(scenario, name):
    server = scenario(name, tarpit=TARPIT)
    result = transcript(server, starttls=name == "starttls-ok")
    differences, tarpit = EXPECTED[name]
    assert result["ehlo"].startswith("250 mx.client.example Hello [127.0.0.1]")
    assert "STARTTLS" not in result["ehlo"] and "AUTH" not in result["ehlo"]
    assert result["mail"] == "250 2.1.0 Sender OK"
    assert {key: result[key] for key in EXCHANGE} == {**EXCHANGE, **differences}
    for key in ("known", "postmaster", "outside"):
        assert result[f"{key} seconds"] < 0.5
    if tarpit:
        assert TARPIT - 0.05 <= result["unknown seconds"] < TARPIT + 1
    else:
        assert result["unknown seconds"] < 0.5
    if name == "starttls-ok":
        assert result["starttls"] == "220 Ready to start TLS" and result["tls"].startswith("TLS")
        assert server.commands[:3] == ["EHLO probe.test", "STARTTLS", "EHLO probe.test"]
    assert "RCPT TO:<zz-nobody-4711@client.example>" in server.commands
    assert server.commands[-1] == "QUIT"
    assert not server.received_data


def test_banner_is_exchange_like(scenario):
    server = scenario("exchange-tarpit")
    with socket.create_connection((server.host, server.port), timeout=5) as connection:
        assert connection.makefile("rb").readline() == b"220 mx.client.example Microsoft ESMTP MAIL Service ready\r\n"


def test_refuse_everything_refuses_the_sender(scenario):
    server = scenario("refuse-everything")
    with connect(server) as client:
        client.ehlo()
        assert reply(client.mail(SENDER)) == "550 5.7.1 Service unavailable; client host blocked"
        assert client.rcpt(KNOWN)[0] == 503   # no sender accepted: no recipient either
    assert not server.received_data


def test_back_pressure_at_mail_refuses_the_sender_for_now(scenario):
    server = scenario("back-pressure-at-mail")
    with connect(server) as client:
        client.ehlo()
        assert reply(client.mail(SENDER)) == "452 4.3.1 Insufficient system resources"
    assert not server.received_data


def test_421_at_rcpt_drops_the_connection(scenario):
    server = scenario("421-at-rcpt")
    client = connect(server)
    client.ehlo()
    assert client.mail(SENDER)[0] == 250
    assert reply(client.rcpt(KNOWN)) == "421 4.4.2 Connection dropped"
    with pytest.raises(smtplib.SMTPServerDisconnected):
        client.noop()
    client.close()
    assert server.commands[-1] == f"RCPT TO:<{KNOWN}>"


def test_drop_after_ehlo_closes_without_a_reply(scenario):
    server = scenario("drop-after-ehlo")
    client = connect(server)
    assert client.ehlo()[0] == 250
    with pytest.raises(smtplib.SMTPServerDisconnected):
        client.mail(SENDER)
    client.close()
    assert server.commands == ["EHLO probe.test", f"MAIL FROM:<{SENDER}>"]


def test_starttls_fails_then_a_plain_connection_works_with_the_tar_pit(scenario):
    server = scenario("starttls-fails", tarpit=TARPIT)
    client = connect(server)
    assert "STARTTLS" in reply(client.ehlo())
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with pytest.raises(OSError):   # ssl.SSLError, or the connection closed (smtplib's errors are OSErrors too)
        client.starttls(context=context)
    client.close()
    result = transcript(server)   # a new plain connection, without STARTTLS
    assert "STARTTLS" in result["ehlo"]
    assert result["known"] == "250 2.1.5 Recipient OK"
    assert result["unknown"] == "550 5.1.1 User unknown" and TARPIT - 0.05 <= result["unknown seconds"] < TARPIT + 1
    assert result["outside"] == "550 5.7.1 Unable to relay"
    assert server.commands[:2] == ["EHLO probe.test", "STARTTLS"]
    assert not server.received_data


def test_a_message_to_an_aiosmtpd_scenario_is_detected(scenario):
    server = scenario("accept-all")
    transcript(server)
    assert not server.received_data
    with connect(server) as client:
        client.sendmail(SENDER, [KNOWN], b"Subject: test\r\n\r\nhello\r\n")
    assert server.received_data
    assert "DATA" in server.commands


def test_bdat_counts_as_data(scenario):
    server = scenario("reject-at-once")
    with connect(server) as client:
        client.ehlo()
        assert client.docmd("BDAT", "5 LAST")[0] == 500   # aiosmtpd does not know BDAT: still recorded
    assert server.commands[-2:] == ["BDAT 5 LAST", "QUIT"]
    assert server.received_data


# --- Broken servers (raw) ---------------------------------------------------------------------------------------------

def raw_connection(server, timeout: float = 5) -> socket.socket:
    return socket.create_connection((server.host, server.port), timeout=timeout)


def read_all(connection: socket.socket) -> bytes:
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    return data


def test_banner_421_closes(scenario):
    server = scenario("banner-421")
    with raw_connection(server) as connection:
        assert read_all(connection) == b"421 4.3.2 Service not available\r\n"
    assert not server.received_data


def test_garbage_instead_of_a_banner(scenario):
    server = scenario("garbage")
    with raw_connection(server) as connection:
        assert read_all(connection).startswith(b"HTTP/1.1 400 Bad Request\r\n")
    with pytest.raises(smtplib.SMTPException):
        connect(server)


def test_silent_never_answers(scenario):
    server = scenario("silent")
    with raw_connection(server, timeout=1) as connection:
        connection.sendall(b"EHLO probe.test\r\n")
        with pytest.raises(TimeoutError):
            connection.recv(1)
    deadline = time.monotonic() + 2
    while not server.commands and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.commands == ["EHLO probe.test"]
    assert not server.received_data


def test_endless_reply_never_ends_its_ehlo_reply(scenario):
    server = scenario("endless-reply")
    with raw_connection(server) as connection:
        reader = connection.makefile("rb")
        assert reader.readline().startswith(b"220 ")
        connection.sendall(b"EHLO probe.test\r\n")
        lines = [reader.readline() for _ in range(50_000)]   # ~2 MB of reply, and still no last line
        assert all(line.startswith(b"250-") and line.endswith(b"\r\n") for line in lines)
    # The client went away: the server stops writing and still takes new connections.
    with raw_connection(server) as connection:
        assert connection.makefile("rb").readline().startswith(b"220 ")


def test_huge_line_sends_5_mb_in_one_reply_line(scenario):
    server = scenario("huge-line")
    with raw_connection(server) as connection:
        reader = connection.makefile("rb")
        assert reader.readline().startswith(b"220 ")
        connection.sendall(b"EHLO probe.test\r\n")
        line = reader.readline()
        assert line.startswith(b"250 xxx") and line.endswith(b"\r\n") and len(line) == HUGE_LINE_BYTES + 6
        connection.sendall(b"QUIT\r\n")
        assert reader.readline().startswith(b"221 ")
    assert server.commands == ["EHLO probe.test", "QUIT"]


def test_every_scenario_is_tested():
    tested = set(EXPECTED) | {"refuse-everything", "421-at-rcpt", "drop-after-ehlo", "starttls-fails",
                              "back-pressure-at-mail"}
    assert tested == set(SMTP_SCENARIOS)
    assert set(SCENARIOS) == set(SMTP_SCENARIOS) | set(RAW_SCENARIOS)


# --- Two MX hosts on one port -----------------------------------------------------------------------------------------

def test_two_mx_hosts_share_one_port(exim, scenario):
    port = free_port("127.0.0.1", "127.0.0.2")
    first = exim("reject-unknown", address="127.0.0.1", port=port)
    second = scenario("exchange-tarpit", address="127.0.0.2", port=port)
    assert (first.port, second.port) == (port, port)
    with raw_connection(first) as one, raw_connection(second) as two:
        assert b"Exim" in one.makefile("rb").readline()
        assert b"Microsoft ESMTP" in two.makefile("rb").readline()


# --- DNS --------------------------------------------------------------------------------------------------------------

def test_dns_answers_mx_a_and_aaaa(dns):
    server = dns(mx=[("client.example", "mx1.client.example", 10), ("client.example", "mx2.client.example", 20)],
                 a={"mx1.client.example": "127.0.0.1", "mx2.client.example": "127.0.0.2"},
                 aaaa={"mx1.client.example": "::1"})
    resolver = server.resolver()
    mx = sorted((record.preference, record.exchange.to_text()) for record in resolver.resolve("client.example", "MX"))
    assert mx == [(10, "mx1.client.example."), (20, "mx2.client.example.")]
    assert [record.to_text() for record in resolver.resolve("mx2.client.example", "A")] == ["127.0.0.2"]
    assert [record.to_text() for record in resolver.resolve("mx1.client.example", "AAAA")] == ["::1"]


def test_dns_a_record_without_mx_and_unknown_names(dns):
    """RFC 5321 §5.1: a domain without MX but with an address is its own mail host; the MX query must say NODATA
    (the name exists), not NXDOMAIN. An unknown name is NXDOMAIN."""
    server = dns(a={"nomx.example": "127.0.0.1"})
    resolver = server.resolver()
    with pytest.raises(NoAnswer):
        resolver.resolve("nomx.example", "MX")
    assert [record.to_text() for record in resolver.resolve("nomx.example", "A")] == ["127.0.0.1"]
    for name in ("unknown.example", "client.test", "mx.client.invalid"):
        with pytest.raises(NXDOMAIN):
            resolver.resolve(name, "MX")
        with pytest.raises(NXDOMAIN):
            resolver.resolve(name, "A")
