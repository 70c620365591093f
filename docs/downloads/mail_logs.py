#!/usr/bin/env python3
"""Read a mail server's own logs and say what they show: backscatter, a compromised account, an open relay, a
directory harvest already refused, a backlog still draining, or nothing wrong.

Usage: python3 mail_logs.py FILE... [--domain DOMAIN] [--json]

It reads, recognised by their header lines (the formats and their sources: the site's "Read the mail logs" page):
- Exchange 2003 message tracking logs (`<server>.log\\yyyymmdd.log`, "# Message Tracking Log File");
- Exchange 2007 to Subscription Edition message tracking logs (MSGTRK*.LOG, "#Fields:" naming the columns);
- Exchange 2007+ SMTP Receive protocol logs (RECV*.LOG) and the IIS SMTP service's W3C log of Exchange 2003
  (SMTPSVC1\\ex*.log): refused recipients and the tar pit's delay;
- a Get-MessageTrackingLog export (Export-Csv), written by the command on that page: UTC times, joined recipients;
- a Get-Queue or Get-Message listing as the console shows it (Format-Table or Format-List), saved or pasted: what is
  queued now, a snapshot beside the logs' verdict.

One file, Python 3.10 or later, standard library only: copy it to the server or to any computer with the logs.
Exit status: 0 when at least one file was read as a log or a listing, 2 when none could be.
"""
from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

UTC = timezone.utc   # datetime.UTC is Python 3.11+; this file runs on 3.10 (ruff: per-file-target-version)
SCHEMA = "mail-logs-v1.schema.json"
MAX_LINE_BYTES = 65536          # a longer line is rejected, not read: no real record is that long
REJECTED_SHOWN = 20             # rejected lines listed per file; the rest are counted
EXAMPLES_KEPT = 3               # example lines kept per finding
SHOWN_CHARS = 240               # an example line is cut here when printed
REMEMBERED_MESSAGES = 100_000   # message ids remembered (50,000 to 100,000 of the latest) to count each message once;
#                                 memory stays bounded, so a message whose lines are further apart is counted twice

# The verdict's thresholds (the site's "Read the mail logs" page, "The verdicts", gives each rule).
RECENT_HOURS = 6                # the verdict judges the last 6 hours the logs cover; the report shows before/after
BACKSCATTER_PER_HOUR = 10       # NDRs generated per hour, on average over the recent hours: a small business makes
#                                 a few a day (typing errors), an attack hundreds
BACKLOG_MIN = 10                # NDRs made before the recent hours, sent, deferred or expired to outside in them
HARVEST_MIN = 10                # distinct local addresses refused at RCPT TO (a protocol log's 550), recent hours
COMPROMISED_PER_HOUR = 100      # distinct outside addresses one local sender wrote to within one hour
RELAY_MIN = 5                   # messages to outside addresses accepted from outside, not signed in or from outside
TARPIT_MEASURED_MIN = 1.0       # seconds between RCPT TO and its 550 that count as a tar pit at work

CHECKLISTS = {  # verdict -> the checklist that comes next (site path, title)
    "open-relay": ("checklists/triage/#rule-out-relay", "Triage: rule out an open or authenticated relay"),
    "compromised-account": ("checklists/triage/#rule-out-relay", "Triage: rule out an open or authenticated relay"),
    "backscatter": ("checklists/recipient-filtering/", "Recipient filtering"),
    "queue-backlog": ("checklists/clear-backlog/", "Clear the NDR backlog"),
    "directory-harvest-refused": ("checklists/tarpit/", "SMTP tar pit"),
    "directory-harvest-slowed": ("checklists/monitoring/", "Queue alert and monitoring"),
    "quiet": ("checklists/monitoring/", "Queue alert and monitoring"),
}

# What rests on a meaning no primary source gives (shown with the figures that use it).
UNCONFIRMED = {
    "exchange-2003-ndr-event": (
        "Exchange 2003: event 1030 as 'NDR generated' is documented by third parties only (KB 821905's list stops "
        "below 1000); event 34 'Report generation' is Microsoft's, for the MTA. On 1030 lines the recipient is "
        "read as the address that failed and the sender as the one the NDR goes to."),
    "exchange-2003-outbound-events": (
        "Exchange 2003: events 1020 and 1031 as outbound transfers are documented by third parties only."),
    "dsn-failure-context": (
        "Exchange 2007+: source-context 'Failure' on a DSN event marks an NDR in Microsoft's own script; the "
        "product documentation does not list the values."),
    "iis-time-taken": (
        "Exchange 2003 SMTP log: that a tar pit shows in the time-taken of a refused RCPT is not documented."),
    "csv-local-time": (
        "Get-MessageTrackingLog export: the command's ToUniversalTime() assumes the cmdlet gives local times."),
}

TRACKING_2007 = ("date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,"
                 "event-id,internal-message-id,message-id,recipient-address,recipient-status,total-bytes,"
                 "recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,"
                 "message-info").split(",")
TRACKING_2010 = TRACKING_2007 + ["directionality", "tenant-id", "original-client-ip", "original-server-ip",
                                 "custom-data"]
TRACKING_2013 = TRACKING_2010[:11] + ["network-message-id"] + TRACKING_2010[11:]
TRACKING_2016 = TRACKING_2013 + ["transport-traffic-type", "log-id", "schema-version"]
TRACKING_VERSIONS = {tuple(TRACKING_2007): "exchange-2007-tracking", tuple(TRACKING_2010): "exchange-2010-tracking",
                     tuple(TRACKING_2013): "exchange-2013-tracking", tuple(TRACKING_2016): "exchange-2016-tracking"}
# Get-MessageTrackingLog names a field without its dashes, and three differently (Microsoft's cmdlet reference).
CSV_NAMES = {"timestamp": "date-time", "recipients": "recipient-address", "sender": "sender-address"}
DASHLESS = {name.replace("-", ""): name for name in TRACKING_2016}

ISO_UTC = re.compile(r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)\Z", re.ASCII)
# What Exchange 2007+ writes ('2026-11-02T13:05:01.123Z'), a valid hour of a valid day of 1970-9999, checked in one
# match; anything else goes through iso_moment.
ISO_HOUR_FAST = re.compile(r"(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
                           r"\.\d{3}Z\Z", re.ASCII)
ADDRESS = re.compile(r"<([^<>\s]*)>")
# A Get-Queue / Get-Message listing (Exchange 2007+): what the console prints, Format-Table or Format-List.
LISTING = "exchange-queue-listing"
# The command line pasted with its output: a shell's prompt ('[PS] C:\Windows\system32>', with a command after it
# or none, as a paste often ends), or the command alone.
LISTING_COMMAND = re.compile(r"(\[PS\] *)?(PS +)?[A-Za-z]:\\[^>]*>|get-(queue|message)\b", re.ASCII | re.IGNORECASE)
# What a listing starts with, besides a command line: PowerShell's warning ('WARNING: column "Subject" does not fit
# into the display and was removed.'), or a property a queue or message has (learn.microsoft.com queue-properties,
# message-properties), as a table's first column name or a list's first 'Name :' (RunspaceId in a remote session).
LISTING_PROPERTIES = ("Identity", "RunspaceId", "DeliveryType", "NextHopDomain", "NextHopCategory", "Status",
                      "MessageCount", "LastError", "FromAddress", "Subject", "MessageSourceName", "Queue")
LIST_PROPERTY = re.compile(r"([A-Za-z]+) *: ?(.*)\Z", re.ASCII | re.DOTALL)   # 'Identity     : SBS01\7' (Format-List)
COLUMN_NAMES = re.compile(r"[A-Za-z]+( +[A-Za-z]+)+\Z", re.ASCII)          # a Format-Table header: the names alone
DASHES = re.compile(r"-+( +-+)*\Z", re.ASCII)                               # and the line of dashes under it
# Queues to outside hosts: DeliveryType values (learn.microsoft.com/exchange/mail-flow/queues/queue-properties), or
# NextHopCategory External where the listing has it. A table cuts a long value with '...' ('DnsConnec...').
OUTSIDE_DELIVERY = ("dnsconnectordelivery", "smarthostconnectordelivery")
LISTED_QUEUES_MAX = 10_000      # queues kept from listings; a server has tens
TOP_SHOWN = 5                   # domains and queues listed in a figure
INTERNAL_NETWORKS = ("10.", "127.", "169.254.", "192.168.", "::1", "fe80:", "fc", "fd")  # RFC 1918/3927/4193


class Refused(Exception):
    """A whole file refused, with the reason in one sentence."""


# ----------------------------------------------------------------------------------------------------------------
# Lines: bytes in, (number, text) out. Only LF ends a line (CRLF too, its CR dropped); a lone CR stays in the text.

def byte_chunks(stream, size: int = 1 << 20):
    """The file's bytes in chunks, UTF-16 (with its byte order mark) re-encoded as UTF-8, a UTF-8 mark dropped."""
    head = stream.read(size)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        chunk = head
        while chunk:
            yield decoder.decode(chunk).encode("utf-8")
            chunk = stream.read(size)
        yield decoder.decode(b"", final=True).encode("utf-8")
        return
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    chunk = head
    while chunk:
        yield chunk
        chunk = stream.read(size)


def read_lines(chunks):
    """Yield (line number, text, None) for each line, or (line number, None, why) for one refused.

    A line holding a NUL byte, or longer than MAX_LINE_BYTES, is refused; an over-long one is skipped without
    being held in memory. Bytes that are not UTF-8 read as U+FFFD."""
    number = 0
    pending = b""
    overlong = False
    for chunk in chunks:
        pieces = (pending + chunk).split(b"\n")
        pending = pieces.pop()
        for piece in pieces:
            number += 1
            if overlong:
                overlong = False
                yield number, None, f"longer than {MAX_LINE_BYTES:,} bytes"
                continue
            yield _checked(number, piece)
        if len(pending) > MAX_LINE_BYTES + 1:   # + 1: the CR of a CRLF may wait in it for its LF
            overlong, pending = True, b""
    if overlong:
        yield number + 1, None, f"longer than {MAX_LINE_BYTES:,} bytes"
    elif pending:
        yield _checked(number + 1, pending)


def _checked(number: int, piece: bytes):
    if piece.endswith(b"\r"):
        piece = piece[:-1]
    if len(piece) > MAX_LINE_BYTES:
        return number, None, f"longer than {MAX_LINE_BYTES:,} bytes"
    if b"\0" in piece:
        return number, None, "holds a NUL byte (binary data, or UTF-16 text inside a UTF-8 file)"
    return number, piece.decode("utf-8", "replace"), None


# ----------------------------------------------------------------------------------------------------------------
# Small readers of values.

def domain_of(address: str) -> str:
    at = address.rfind("@")
    return address[at + 1:].strip().strip(">").lower() if at >= 0 else ""


def is_internal(ip: str) -> bool:
    """Whether a client address is inside the client's network (or the server itself): private, loopback, link-local.
    The documentation ranges (192.0.2.0/24, …) are outside here, as the Internet is in the samples."""
    ip = ip.strip().lower()
    if ip.startswith("172."):
        second = ip.split(".")[1] if ip.count(".") == 3 else ""
        # ASCII digits only ('²'.isdigit(), yet int('²') fails); past two digits without its zeros it is over 31, and
        # int() would refuse one of over 4,300 digits
        value = second.lstrip("0")
        return second.isascii() and second.isdigit() and len(value) == 2 and 16 <= int(value) <= 31
    return not ip or ip == "-" or ip.startswith(INTERNAL_NETWORKS)


FIRST_YEAR, LAST_YEAR = 1970, 9999   # a record outside these years is not a date a log can hold


def hour_2003(date: str, time: str) -> str | None:
    """'2003-8-12', '0:58:14 GMT' -> '2003-08-12T00' (Exchange 2003 does not pad; both are UTC, KB 821905)."""
    parts = date.strip().split("-")
    hour = time.strip().split(":", 1)[0]
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in [*parts, hour]):
        return None
    try:
        moment = datetime(int(parts[0]), int(parts[1]), int(parts[2]), int(hour))
    except (ValueError, OverflowError):   # OverflowError: a part past the C int datetime takes
        return None
    return hour_key(moment) if FIRST_YEAR <= moment.year <= LAST_YEAR else None


def iso_moment(text: str) -> datetime | None:
    """An ISO 8601 time with its zone (Z or ±hh:mm) as UTC; None for anything else (a local or culture date)."""
    match = ISO_UTC.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                          int(float(fraction) * 1_000_000) if fraction else 0, tzinfo=UTC)
        if zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            moment -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    except (ValueError, OverflowError):
        return None
    return moment if FIRST_YEAR <= moment.year <= LAST_YEAR else None


def hour_key(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}"


def iso_hour(text: str) -> str | None:
    """The UTC hour of a tracking log's date-time ('2026-11-02T13:05:01.123Z'), fast for the common case."""
    if len(text) == 24 and ISO_HOUR_FAST.match(text):
        return text[:13]
    moment = iso_moment(text)
    return hour_key(moment) if moment else None


def members(field: str) -> list[str]:
    """A collection field's members: ';'-joined, a member holding ';' or "'" wrapped in single quotes."""
    return [member for member in split_fields(field, ";", "'") if member]


def split_fields(line: str, delimiter: str = ",", quote: str = '"') -> list[str]:
    """A CSV line's fields (RFC 4180 quoting), read as leniently as Python's csv module reads them, except that a
    CR is text: a field that opens with the quote runs to the quote that closes it (two quotes inside are one),
    what follows the closing quote up to the delimiter is kept as it stands, and a quote never closed takes the
    rest of the line; a quote inside an unquoted field is text. It never fails. Written out, not the csv module,
    so that the browser's analyser (browser/maillogs/values.js) splits every line the same way."""
    if quote not in line:
        return line.split(delimiter)
    fields = []
    start = 0
    while True:
        if not line.startswith(quote, start):
            stop = line.find(delimiter, start)
            if stop < 0:
                fields.append(line[start:])
                return fields
            fields.append(line[start:stop])
            start = stop + 1
            continue
        parts = []
        at = start + 1
        while True:
            close = line.find(quote, at)
            if close < 0:               # never closed: the rest of the line
                parts.append(line[at:])
                fields.append("".join(parts))
                return fields
            parts.append(line[at:close])
            if not line.startswith(quote, close + 1):
                break
            parts.append(quote)         # a doubled quote is one
            at = close + 2
        stop = line.find(delimiter, close + 1)
        parts.append(line[close + 1:] if stop < 0 else line[close + 1:stop])
        fields.append("".join(parts))
        if stop < 0:
            return fields
        start = stop + 1


def distinct_domains(addresses: list[str]) -> list[str]:
    """The addresses' domains, each once, in the order first seen (never a set's order, which changes from run to
    run: which domain was counted first decides a tie in local_domains), without the empty one."""
    return [domain for domain in dict.fromkeys(map(domain_of, addresses)) if domain]


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """A log line as inert one-line text: control characters (a terminal's escape sequences) written as \\xNN."""
    text = text if len(text) <= limit else text[:limit] + "…"
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                   for c in text)


# ----------------------------------------------------------------------------------------------------------------
# What the logs add up to.

def where_dict(where: tuple) -> dict:
    """An example line for the output: its text made inert (shown) only here, for the few kept."""
    file, line, text = where
    return {"file": file, "line": line, "text": shown(text)}


class Remembered:
    """A bounded map of recent keys to a value: counts each message once, and keeps when an NDR was made, in constant
    memory. Two generations of at most half the size each: when the young one is full it becomes the old one, and the
    old one before it is forgotten whole (no long pass over thousands of keys, which on the page would stall it)."""

    def __init__(self, size: int = REMEMBERED_MESSAGES):
        self.half = size // 2
        self.young: dict[str, str] = {}
        self.old: dict[str, str] = {}

    def add(self, key: str, value: str = "") -> bool:
        """True when the key is new (and now remembered with its value)."""
        if key in self.young or key in self.old:
            return False
        self.young[key] = value
        if len(self.young) >= self.half:
            self.old, self.young = self.young, {}
        return True

    def get(self, key: str) -> str | None:
        value = self.young.get(key)
        return value if value is not None else self.old.get(key)


class Bitmaps:
    """Per hour, which of the numbered addresses were seen: one bit per address and hour, so memory grows with the
    distinct addresses and the hours, not with the lines."""

    def __init__(self):
        self.hours: dict[str, bytearray] = {}

    def mark(self, hour: str, number: int) -> None:
        bits = self.hours.setdefault(hour, bytearray())
        if number >> 3 >= len(bits):
            bits.extend(bytes((number >> 3) - len(bits) + 64))
        bits[number >> 3] |= 1 << (number & 7)

    def distinct(self, hours, mask: int) -> int:
        """How many of the addresses whose bits are set in `mask` were seen in any of `hours`."""
        seen = 0
        for hour in hours:
            if hour in self.hours:
                seen |= int.from_bytes(self.hours[hour], "little")
        return (seen & mask).bit_count()


class Analysis:
    def __init__(self, domains: list[str]):
        self.given_domains = [d.lower() for d in domains]
        self.messages = Remembered()            # message ids seen, to count each message once
        self.ndr_made = Remembered()            # NDRs generated: their id (2003: the id of the mail bounced) -> hour
        self.sends = Remembered()               # (message id, hour) of outbound transfers already counted
        self.messages_total = 0
        self.ndr_per_hour: Counter = Counter()
        self.ndr_targets: Counter = Counter()
        self.address_numbers: dict[str, int] = {}  # addresses refused or unknown, numbered once
        self.unknown = Bitmaps()                # refused or unknown, from any log
        self.refused_at_rcpt = Bitmaps()        # refused at RCPT TO, from a protocol log: a harvest already refused
        self.outbound: Counter = Counter()      # (recipient domains, is NDR) -> messages sent out
        self.backlog: Counter = Counter()       # (hour, hour the NDR was made or "", recipient domains) -> NDRs sent,
        #                                         deferred or expired then
        self.inbound_domains: Counter = Counter()   # recipient domain of mail from outside
        self.relayed: Counter = Counter()       # (sender domain, or "*" when known unauthenticated; recipient domain)
        self.relay_examples: dict[tuple, tuple] = {}
        self.senders: dict[str, list] = {}      # local-looking sender -> [hour, recipients then, best count, its hour]
        self.postmaster_domains: Counter = Counter()
        self.refused_domains: Counter = Counter()   # domains of addresses refused as unknown
        self.tarpit_tenths: Counter = Counter()     # RCPT-to-550 delays in tenths of a second (bounded: a histogram)
        self.tarpit_min = self.tarpit_max = None
        self.tarpit_source: set[str] = set()
        self.examples: dict[str, list] = defaultdict(list)
        self.used_unconfirmed: set[str] = set()
        self.first_hour = self.last_hour = None
        self.protocol_logs_read = False
        # Get-Queue / Get-Message listings: what is queued now, beside the logs (never judged with them)
        self.listings_read = False
        self.queues: dict[str, tuple] = {}      # queue identity (lower case) -> (identity, next hop, messages, status,
        #                                         to outside)
        self.listed_messages = Remembered()     # message identities listed, to count each once
        self.messages_listed = 0
        self.dsn_listed = 0
        self.source_unknown = 0                 # messages listed without their MessageSourceName
        self.dsn_queues: Counter = Counter()    # queue identity (lower case) -> DSNs listed in it
        self.dsn_queue_names: dict[str, str] = {}

    # -- recording -------------------------------------------------------------------------------------------------
    def example(self, finding: str, where: tuple, latest: bool = False) -> None:
        """Keep the first lines of a finding, or with `latest` the last ones (the backlog as it is now)."""
        kept = self.examples[finding]
        if kept and kept[-1][:2] == where[:2]:    # one line, several recipients: one example
            return
        if latest and len(kept) == EXAMPLES_KEPT:
            del kept[0]
        if len(kept) < EXAMPLES_KEPT:
            kept.append(where)

    def seen_hour(self, hour: str) -> None:
        if self.first_hour is None or hour < self.first_hour:
            self.first_hour = hour
        if self.last_hour is None or hour > self.last_hour:
            self.last_hour = hour

    def message(self, message_id: str) -> None:
        if message_id and self.messages.add(message_id):
            self.messages_total += 1

    def ndr_generated(self, key: str, hour: str, targets: list[str], failed: list[str], where: tuple) -> None:
        """An NDR made: counted once per key (the NDR's id; on Exchange 2003 the id of the mail it bounces)."""
        for address in failed:
            self.mark(self.unknown, hour, address)
        if key and not self.ndr_made.add(key, hour):
            return
        self.ndr_per_hour[hour] += 1
        for domain in distinct_domains(targets):
            self.ndr_targets[domain] += 1
        self.example("ndr", where)

    def refused(self, hour: str, address: str, where: tuple, at_rcpt: bool) -> None:
        """A local address refused (a protocol log's 550, at_rcpt) or found unknown after the mail was accepted."""
        number = self.mark(self.unknown, hour, address)
        if at_rcpt:
            self.refused_at_rcpt.mark(hour, number)
        self.refused_domains[domain_of(address)] += 1
        self.example("refused", where)

    def mark(self, bitmaps: Bitmaps, hour: str, address: str) -> int:
        address = address.lower()
        number = self.address_numbers.setdefault(address, len(self.address_numbers))
        bitmaps.mark(hour, number)
        return number

    def sent_out(self, message_id: str, hour: str, recipients: list[str], ndr_made: str | None, where: tuple) -> None:
        """A message sent out (counted once per message and hour). ndr_made: None for ordinary mail; for an NDR the
        hour it was made, or "" when the logs do not say (made before them)."""
        if message_id and not self.sends.add(message_id + "\0" + hour):
            return
        domains = frozenset(domain_of(r) for r in recipients)
        self.outbound[(domains, ndr_made is not None)] += 1
        if ndr_made is not None:
            self.ndr_pending(hour, ndr_made, domains, where)

    def ndr_pending(self, hour: str, ndr_made: str, domains: frozenset, where: tuple) -> None:
        """An NDR sent, deferred or expired in `hour`: the backlog when it was made before the recent hours."""
        self.backlog[(hour, ndr_made, domains)] += 1
        self.example("ndr-sent", where, latest=True)

    def from_outside(self, sender: str, recipients: list[str], where: tuple, unauthenticated: bool) -> None:
        """Mail accepted from a client outside the network. With `unauthenticated` (the log says so) any outside
        recipient makes it relayed; otherwise only an outside sender to an outside recipient does."""
        sender_domain = "*" if unauthenticated else domain_of(sender)
        for domain in distinct_domains(recipients):
            self.inbound_domains[domain] += 1
            if sender_domain:
                self.relayed[(sender_domain, domain)] += 1
                if (sender_domain, domain) not in self.relay_examples:
                    # Kept as it came, cut where shown() cuts it (a line may be 64 KiB): escaped once, on output.
                    self.relay_examples[(sender_domain, domain)] = where[:2] + (where[2][:SHOWN_CHARS + 1],)

    def from_inside(self, sender: str, hour: str, recipients: list[str]) -> None:
        """Mail a sender of the client's own (told at the end) submitted: per sender, only the current hour's
        recipients are held; the best hour so far is kept as a count of recipients outside the sender's domain."""
        sender = sender.strip().lower()
        if "@" not in sender or sender.startswith("postmaster@"):
            return
        state = self.senders.get(sender)
        if state is None:
            state = self.senders[sender] = [hour, set(), 0, hour]
        elif state[0] != hour:
            self.close_hour(sender, state)
            state[0], state[1] = hour, set()
        if len(state[1]) < 10 * COMPROMISED_PER_HOUR:
            state[1].update(r.lower() for r in recipients)

    def queue_listed(self, identity: str, next_hop: str, messages: int, status: str, outside: bool) -> bool:
        """A queue of a Get-Queue listing; listed again (a second listing), the later one counts. False past the
        bound."""
        key = identity.lower()
        if key not in self.queues and len(self.queues) >= LISTED_QUEUES_MAX:
            return False
        self.queues[key] = (identity, next_hop, messages, status, outside)
        return True

    def message_listed(self, identity: str, source_name: str | None, queue: str) -> None:
        """A message of a Get-Message listing: a DSN when its MessageSourceName says so (learn.microsoft.com
        message-properties: 'If the message is a delivery status notification (DSN), the value is DSN')."""
        if not self.listed_messages.add(identity.lower()):
            return
        self.messages_listed += 1
        if source_name is None:
            self.source_unknown += 1
        elif source_name.lower() == "dsn":
            self.dsn_listed += 1
            key = queue.lower()
            if key in self.dsn_queues or len(self.dsn_queues) < LISTED_QUEUES_MAX:
                self.dsn_queues[key] += 1
                self.dsn_queue_names.setdefault(key, queue)

    @staticmethod
    def close_hour(sender: str, state: list) -> None:
        own = domain_of(sender)
        outside = sum(1 for r in state[1] if domain_of(r) not in ("", own))
        if outside > state[2]:
            state[2], state[3] = outside, state[0]

    def tarpit_delay(self, seconds: float, source: str) -> None:
        self.tarpit_tenths[round(seconds * 10)] += 1
        self.tarpit_min = seconds if self.tarpit_min is None else min(self.tarpit_min, seconds)
        self.tarpit_max = seconds if self.tarpit_max is None else max(self.tarpit_max, seconds)
        self.tarpit_source.add(source)

    # -- judging ---------------------------------------------------------------------------------------------------
    def local_domains(self) -> tuple[list[str], str]:
        """The client's domains: as given, else from the postmaster address of its NDRs, else the domain of the
        addresses it refused as unknown, else the domain most mail from outside was for."""
        if self.given_domains:
            return self.given_domains, "given"
        if self.postmaster_domains:
            return [self.postmaster_domains.most_common(1)[0][0]], "inferred from the NDRs' postmaster address"
        if self.refused_domains:
            return [self.refused_domains.most_common(1)[0][0]], "inferred: the domain of the addresses refused"
        if self.inbound_domains:
            return [self.inbound_domains.most_common(1)[0][0]], "inferred: the domain most mail from outside was for"
        return [], "unknown"

    def result(self, files: list[dict]) -> dict:
        local, how = self.local_domains()
        is_local = set(local).__contains__
        recent = self.recent_hours()
        mask = bytearray(len(self.address_numbers) // 8 + 1)
        for address, number in self.address_numbers.items():
            if is_local(domain_of(address)):
                mask[number >> 3] |= 1 << (number & 7)
        local_mask = int.from_bytes(mask, "little")
        unknown_per_hour = {hour: self.unknown.distinct([hour], local_mask) for hour in sorted(self.unknown.hours)}
        unknown_per_hour = {hour: count for hour, count in unknown_per_hour.items() if count}

        def goes_out(domains: frozenset) -> bool:
            return bool(domains - {""}) and not all(is_local(d) for d in domains - {""})

        outbound_total = sum(count for (domains, _), count in self.outbound.items() if goes_out(domains))
        outbound_ndr = sum(count for (domains, is_ndr), count in self.outbound.items() if is_ndr and goes_out(domains))
        backlog_recent = sum(count for (hour, made, domains), count in self.backlog.items()
                             if hour in recent and made not in recent and goes_out(domains))
        relay = [(pair, count) for pair, count in self.relayed.items()
                 if not is_local(pair[1]) and (pair[0] == "*" or not is_local(pair[0]))] if local else []
        relay_messages = sum(count for _, count in relay)
        compromised = {}
        for sender, state in self.senders.items():
            self.close_hour(sender, state)
            if is_local(domain_of(sender)) and state[2] >= COMPROMISED_PER_HOUR:
                compromised[sender] = (state[2], state[3])
        ndr_recent = sum(count for hour, count in self.ndr_per_hour.items() if hour in recent)
        refused_recent = self.refused_at_rcpt.distinct(recent, local_mask)
        tarpit = self.tarpit_summary()
        peak = max(self.ndr_per_hour.items(), key=lambda item: (item[1], item[0]), default=(None, 0))
        verdict, rule, next_key = self.verdict(recent, relay_messages, compromised, ndr_recent, backlog_recent,
                                               refused_recent, tarpit, peak)
        path, title = CHECKLISTS[next_key]
        return {
            "schema": SCHEMA,
            "files": files,
            "verdict": verdict,
            "rule": rule,
            "next_checklist": {"title": title, "path": path},
            "domains": {"local": local, "how": how},
            "first_hour": self.first_hour, "last_hour": self.last_hour,
            "recent_hours": sorted(recent),
            "messages_total": self.messages_total,
            "ndr_generated": sum(self.ndr_per_hour.values()),
            "ndr_generated_recent": ndr_recent,
            "ndr_per_hour": dict(sorted(self.ndr_per_hour.items())),
            "ndr_peak": {"hour": peak[0], "count": peak[1]},
            "outbound_messages": outbound_total,
            "outbound_ndrs": outbound_ndr,
            "ndrs_sent_or_retried_recent": backlog_recent,
            "top_ndr_target_domains": [{"domain": domain, "count": count}
                                       for domain, count in sorted(self.ndr_targets.items(),
                                                                   key=lambda item: (-item[1], item[0]))[:5]],
            "refused_or_unknown_recipients_distinct": local_mask.bit_count(),
            "refused_or_unknown_per_hour": unknown_per_hour,
            "refused_at_rcpt_recent": refused_recent,
            "tarpit": tarpit,
            "compromised_accounts": [{"sender": sender, "outside_recipients": count, "hour": hour}
                                     for sender, (count, hour) in sorted(compromised.items())],
            "open_relay": {"messages": relay_messages,
                           "examples": [where_dict(self.relay_examples[pair])
                                        for pair, _ in sorted(relay, key=lambda p: (-p[1], p[0]))[:EXAMPLES_KEPT]]},
            "examples": {name: [where_dict(where) for where in found] for name, found in sorted(self.examples.items())},
            "unconfirmed": [UNCONFIRMED[key] for key in sorted(self.used_unconfirmed)],
            "queues_now": self.queues_now(),
        }

    def queues_now(self) -> dict | None:
        """What the Get-Queue / Get-Message listings show is queued now; None when none was read."""
        if not self.listings_read:
            return None
        outside = [queue for queue in self.queues.values() if queue[4]]
        largest = sorted(outside, key=lambda queue: (-queue[2], queue[1], queue[0]))[:TOP_SHOWN]
        return {
            "queues": len(self.queues),
            "messages": sum(queue[2] for queue in self.queues.values()),
            "outside_queues": len(outside),
            "outside_messages": sum(queue[2] for queue in outside),
            "outside_retry_queues": sum(1 for queue in outside if queue[3].lower() == "retry"),
            "largest_outside": [{"next_hop_domain": queue[1], "messages": queue[2], "status": queue[3]}
                                for queue in largest],
            "messages_listed": self.messages_listed,
            "dsn_listed": self.dsn_listed,
            "source_unknown": self.source_unknown,
            "dsn_queues": [{"queue": self.dsn_queue_names[key],
                            "next_hop_domain": self.queues[key][1] if key in self.queues else None, "count": count}
                           for key, count in sorted(self.dsn_queues.items(), key=lambda item: (-item[1], item[0]))
                           [:TOP_SHOWN]],
        }

    @staticmethod
    def verdict(recent, relay_messages, compromised, ndr_recent, backlog_recent, refused_recent, tarpit, peak):
        """(verdict, the rule that chose it in one sentence, the key of the checklist that comes next): the first
        rule that holds. A relay or a stolen account counts anywhere in the logs; the rest in the recent hours."""
        window = f"the last {len(recent)} hours of the logs" if len(recent) != 1 else "the last hour of the logs"
        at_peak = f" ({peak[1]} in the hour {peak[0]} at the peak)" if peak[1] else ""
        if relay_messages >= RELAY_MIN:
            return "open-relay", (
                f"{relay_messages} messages to outside addresses were accepted from outside clients that had not "
                f"signed in, or from outside senders (at least {RELAY_MIN} anywhere in the logs make the verdict): "
                f"the server relays for strangers."), "open-relay"
        if compromised:
            sender, (count, hour) = max(compromised.items(), key=lambda item: (item[1][0], item[0]))
            return "compromised-account", (
                f"{sender}, a sender of the client's own, wrote to {count} outside addresses within the hour {hour} "
                f"UTC ({COMPROMISED_PER_HOUR} or more anywhere in the logs make the verdict): its password is likely "
                f"known to a spammer, or the server relays mail that claims to be from it."), "compromised-account"
        if ndr_recent >= BACKSCATTER_PER_HOUR * len(recent) > 0:
            return "backscatter", (
                f"The server generated {ndr_recent} NDRs in {window} ({BACKSCATTER_PER_HOUR} an hour or more make the "
                f"verdict): it accepts mail for addresses that do not exist and bounces it to forged senders."), \
                "backscatter"
        if backlog_recent >= BACKLOG_MIN:
            return "queue-backlog", (
                f"The server generated {ndr_recent} NDRs in {window}{at_peak}, but NDRs made before then were sent, "
                f"deferred or expired {backlog_recent} times ({BACKLOG_MIN} or more make the verdict): the fix holds "
                f"and the backlog is draining."), "queue-backlog"
        if refused_recent >= HARVEST_MIN:
            slowed = tarpit["measured"] and tarpit["seconds_median"] >= TARPIT_MEASURED_MIN
            return "directory-harvest-refused", (
                f"{refused_recent} made-up local addresses were refused at RCPT TO in {window} ({HARVEST_MIN} or more "
                f"make the verdict), so no NDRs were made for them"
                + (f"; the tar pit holds each refusal about {tarpit['seconds_median']:g} s." if slowed else
                   "; slow the harvest down with the tar pit.")), \
                "directory-harvest-slowed" if slowed else "directory-harvest-refused"
        return "quiet", (
            f"In {window} the server generated {ndr_recent} NDRs{at_peak}, sent {backlog_recent} made earlier and "
            f"refused {refused_recent} made-up addresses at RCPT TO: below every rule, nothing to fix."), "quiet"

    def recent_hours(self) -> set[str]:
        if self.last_hour is None:
            return set()
        last = datetime.strptime(self.last_hour, "%Y-%m-%dT%H")
        first = datetime.strptime(self.first_hour, "%Y-%m-%dT%H")
        hours = set()
        for back in range(RECENT_HOURS):
            moment = last - timedelta(hours=back)
            if moment < first:
                break
            hours.add(hour_key(moment))
        return hours

    def tarpit_summary(self) -> dict:
        if not self.tarpit_tenths:
            why = ("no refused RCPT TO in the SMTP protocol logs given" if self.protocol_logs_read else
                   "not measurable from this log: only an SMTP protocol log shows when a refusal was answered")
            return {"measured": False, "why": why}
        count = sum(self.tarpit_tenths.values())
        seen = 0
        for tenths in sorted(self.tarpit_tenths):
            seen += self.tarpit_tenths[tenths]
            if seen * 2 >= count:
                median = tenths / 10
                break
        return {"measured": True, "refusals": count, "seconds_min": round(self.tarpit_min, 3),
                "seconds_median": median, "seconds_max": round(self.tarpit_max, 3),
                "from": sorted(self.tarpit_source)}


# ----------------------------------------------------------------------------------------------------------------
# Formats: each reader gets the header lines' schema and one record's fields.

class FileReader:
    """Reads one file into the analysis: finds its format, keeps its schema (a '#Fields:' line in mid-file switches
    it from there on) and passes each record to the reader of its format."""

    def __init__(self, analysis: Analysis, name: str):
        self.analysis, self.name = analysis, name
        self.format: str | None = None
        self.reader = None
        self.pending_exchange = False
        self.fields: dict[str, int] = {}
        self.at: dict[str, int] = defaultdict(lambda: -1)
        self.width = 0
        self.delimiter = ","
        self.header_date = ""      # the IIS log's '#Date:' day, for a record whose fields leave the date out
        self.records = 0
        self.rejected: list[dict] = []
        self.rejected_total = 0
        self.sessions: dict[str, dict] = {}
        self.csv_checked = False
        self.listing: ListingReader | None = None

    def reject(self, number: int, why: str) -> None:
        self.rejected_total += 1
        if len(self.rejected) < REJECTED_SHOWN:
            self.rejected.append({"line": number, "why": why})

    def summary(self) -> dict:
        return {"name": self.name, "format": self.format, "records": self.records, "rejected": self.rejected,
                "rejected_total": self.rejected_total}

    def set_format(self, name: str) -> None:
        self.format = name
        self.reader = {"exchange-2003-tracking": self.exchange_2003, "iis-smtp-w3c": self.iis_smtp,
                       "exchange-smtp-receive": self.smtp_receive, "exchange-smtp-send": self.smtp_send,
                       "powershell-csv": self.powershell_csv}.get(name, self.tracking)
        if name in ("exchange-smtp-receive", "iis-smtp-w3c"):
            self.analysis.protocol_logs_read = True

    def schema(self, names: list[str]) -> None:
        self.fields = {name: index for index, name in enumerate(names)}
        # A record's fields by name; a name the schema lacks reads the empty field each record gets at its end.
        self.at = defaultdict(lambda: -1, self.fields)
        self.width = len(names)

    def first_line(self, text: str) -> None:
        """Recognise the format from the file's first line, or refuse the file."""
        head = text.strip()
        if head.startswith("# Message Tracking Log File"):
            self.set_format("exchange-2003-tracking")
        elif head.startswith("#Software: Microsoft Exchange"):
            self.pending_exchange = True
        elif head.startswith("#Software: Microsoft Internet Information Services"):
            self.set_format("iis-smtp-w3c")
        elif head.startswith("#TYPE"):
            self.set_format("powershell-csv")
        elif "timestamp" in head.lower() and "eventid" in head.lower():
            self.set_format("powershell-csv")
            self.csv_header(head)
        elif head.startswith("WARNING:") or LISTING_COMMAND.match(head) \
                or re.split("[ :]", head, maxsplit=1)[0] in LISTING_PROPERTIES:
            self.set_format(LISTING)
            self.listing = ListingReader(self)
            self.analysis.listings_read = True
        else:
            raise Refused(f"not a mail log this tool reads (its first line: \"{shown(head, 80)}\")")

    def csv_header(self, text: str) -> None:
        """The export's column row: Get-MessageTrackingLog's names mapped to the tracking log's field names."""
        self.delimiter = ";" if text.count(";") > text.count(",") else ","   # Export-Csv -UseCulture on de-DE
        names = [name.strip().lower() for name in split_fields(text, self.delimiter)]
        self.schema([CSV_NAMES.get(name) or DASHLESS.get(name, name) for name in names])
        if not {"date-time", "event-id"} <= set(self.fields):
            raise Refused("its column row has no Timestamp or no EventId column: not a Get-MessageTrackingLog export")

    def header(self, text: str) -> None:
        """A '#' line: the schema, or the Exchange header that says which log this is."""
        if self.format == "exchange-2003-tracking":
            if text.startswith("# Date"):
                self.schema([name.strip(" #").lower() for name in text.split("\t")])
            return
        if self.pending_exchange and text.lower().startswith("#log-type:"):
            kind = text.split(":", 1)[1].strip().lower()
            name = {"message tracking log": "exchange-tracking", "smtp receive protocol log": "exchange-smtp-receive",
                    "smtp send protocol log": "exchange-smtp-send"}.get(kind)
            if name is None:
                raise Refused(f"an Exchange log this tool does not read (#Log-Type: {shown(kind, 60)})")
            self.set_format(name)
            self.pending_exchange = False
            return
        if text.startswith("#Date:") and self.format == "iis-smtp-w3c":
            self.header_date = text[len("#Date:"):].strip().split(" ")[0]
        if text.startswith("#Fields:"):
            raw = text[len("#Fields:"):].strip()
            names = raw.split() if self.format == "iis-smtp-w3c" else [n.strip() for n in raw.split(",")]
            if self.pending_exchange:   # no #Log-Type line: tell by the fields
                self.set_format("exchange-tracking" if "event-id" in names else "exchange-smtp-receive")
                self.pending_exchange = False
            if self.format == "exchange-tracking":   # named by its first field list (facts: one list per version)
                self.set_format(TRACKING_VERSIONS.get(tuple(names), "exchange-tracking"))
            self.schema([name.lower() for name in names])

    def line(self, number: int, text: str) -> None:
        if self.listing is not None:
            self.listing.line(number, text)
            return
        if self.format is None and not self.pending_exchange:
            if not text.strip():
                return
            self.first_line(text)
            if self.listing is not None:
                self.listing.line(number, text)
                return
            if self.format == "powershell-csv" and self.fields:
                return
        if text.startswith("#"):
            self.header(text)
            return
        if not text.strip():
            return
        if self.format == "powershell-csv" and not self.fields:
            self.csv_header(text)
            return
        if not self.fields or self.reader is None:
            self.reject(number, "a record before the line that names the columns")
            return
        if self.format == "iis-smtp-w3c":
            fields = text.split(" ")
        elif self.format == "exchange-2003-tracking":
            fields = text.split("\t")
        else:
            fields = split_fields(text, self.delimiter)
        if len(fields) < self.width:
            self.reject(number, f"{len(fields)} fields where the column line names {self.width}")
            return
        fields.append("")   # what a field the schema lacks reads (self.at)
        try:
            why = self.reader(fields, (self.name, number, text))
        except (ValueError, IndexError, OverflowError) as error:   # a last guard: a line, not a traceback
            why = f"could not be read ({type(error).__name__})"
        if why:
            self.reject(number, why)
        else:
            self.records += 1

    # -- Exchange 2003 message tracking (KB 821905, KB 246965) -----------------------------------------------------
    def exchange_2003(self, fields: list[str], where: tuple) -> str | None:
        at = self.at
        hour = hour_2003(fields[at["date"]], fields[at["time"]])
        if hour is None:
            return "its Date or Time is not a date and time"
        event = fields[at["event-id"]].strip()
        if not (event.isascii() and event.isdigit()):
            return "its Event-ID is not a number"
        a = self.analysis
        a.seen_hour(hour)
        message_id = fields[at["msgid"]].strip()
        a.message(message_id)
        recipient = fields[at["recipient-address"]].strip()
        sender = fields[at["sender-address"]].strip()
        significant = event.lstrip("0")   # past nine digits none of the events read here (int() refuses 4,300)
        event_id = int(significant or "0") if len(significant) <= 9 else -1
        # 1030 "NDR generated" (third-party); 34 "Report generation" (KB 821905, the MTA), which also covers delivery
        # receipts: an NDR only with Recipient-Report-Status 1, "not delivered" (KB 246965).
        if event_id == 1030 or (event_id == 34 and fields[at["recipient-report-status"]].strip() == "1"):
            a.used_unconfirmed.add("exchange-2003-ndr-event")
            a.ndr_generated(message_id, hour, [sender], [recipient] if "@" in recipient else [], where)
        elif event_id in (1020, 1031):  # outbound transfer (third-party meanings)
            a.used_unconfirmed.add("exchange-2003-outbound-events")
            is_ndr = sender in ("<>", "") or sender.lower().startswith("postmaster@")
            if is_ndr and "@" in sender:
                a.postmaster_domains[domain_of(sender)] += 1
            made = None
            if is_ndr:   # when the NDR was made: its Origination-Time ('2003-8-12 0:58:14 GMT'), else unknown
                origin = fields[at["origination-time"]].strip().split(" ", 1)
                made = (hour_2003(origin[0], origin[1]) if len(origin) == 2 else None) or ""
            a.sent_out(message_id, hour, [recipient], made, where)
        elif event_id == 1019 and not is_internal(fields[at["client-ip"]]) and sender not in ("<>", ""):
            # From an outside client: inbound mail, a relay (outside sender and recipient), or, from a sender of the
            # client's own, a stolen password or a relay of forged mail: Exchange 2003's log cannot tell the two.
            a.from_outside(sender, [recipient], where, unauthenticated=False)
            a.from_inside(sender, hour, [recipient])
        elif event_id == 1027:          # submitted from the Store: a user of the server (KB 821905 FAQ, third-party)
            a.from_inside(sender, hour, [recipient])
        return None

    # -- Exchange 2007+ message tracking (learn.microsoft.com message-tracking; cc539064) --------------------------
    def tracking(self, fields: list[str], where: tuple) -> str | None:
        hour = iso_hour(fields[self.at["date-time"]])
        if hour is None:
            return "its date-time is not a UTC ISO 8601 time"
        return self.tracking_record(fields, hour, where)

    def tracking_record(self, fields: list[str], hour: str, where: tuple) -> str | None:
        at = self.at
        a = self.analysis
        a.seen_hour(hour)
        event = fields[at["event-id"]].strip().upper()
        message_id = fields[at["message-id"]].strip() or fields[at["internal-message-id"]].strip()
        a.message(message_id)
        source = fields[at["source"]].strip().upper()
        return_path = fields[at["return-path"]].strip()
        recipients = members(fields[at["recipient-address"]])
        if event == "DSN":
            if fields[at["source-context"]].strip().lower() == "failure":
                a.used_unconfirmed.add("dsn-failure-context")
                sender = fields[at["sender-address"]].strip()
                if sender.lower().startswith("postmaster@"):
                    a.postmaster_domains[domain_of(sender)] += 1
                a.ndr_generated(message_id, hour, recipients, [], where)
        elif event == "FAIL":
            status = fields[at["recipient-status"]]
            if return_path == "<>":       # an NDR that could not be delivered (QUEUE.Expired: the backlog expiring)
                a.ndr_pending(hour, a.ndr_made.get(message_id) or "", frozenset(map(domain_of, recipients)), where)
            elif "RecipNotFound" in status or "5.1.1" in status:
                for address in recipients:
                    a.refused(hour, address, where, at_rcpt=False)
        elif event == "DEFER" and return_path == "<>":
            a.ndr_pending(hour, a.ndr_made.get(message_id) or "", frozenset(map(domain_of, recipients)), where)
        elif event == "SEND" and source == "SMTP":
            made = (a.ndr_made.get(message_id) or "") if return_path == "<>" else None
            a.sent_out(message_id, hour, recipients, made, where)
        elif event == "RECEIVE" and source != "DSN":
            client = fields[at["original-client-ip"]].strip() or fields[at["client-ip"]].strip()
            direction = fields[at["directionality"]].strip().lower()   # 2010 and later; empty on 2007
            sender = return_path if return_path and return_path != "<>" else fields[at["sender-address"]].strip()
            if source == "STOREDRIVER" or direction == "originating":
                a.from_inside(sender, hour, recipients)
            elif source == "SMTP" and not is_internal(client) and return_path != "<>":
                a.from_outside(sender, recipients, where, unauthenticated=direction == "incoming")
                if not direction:   # 2007: signed in or not, the log does not say
                    a.from_inside(sender, hour, recipients)
        return None

    # -- Get-MessageTrackingLog exports (the site's command: UTC 'u' times, recipients joined with ';') ------------
    def powershell_csv(self, fields: list[str], where: tuple) -> str | None:
        stamp = fields[self.at["date-time"]]
        moment = iso_moment(stamp)
        if not self.csv_checked:
            self.csv_checked = True
            if moment is None:
                raise Refused(f"its Timestamp \"{shown(stamp, 40)}\" is not a UTC ISO time: a local, culture-"
                              "dependent date, where the month and the day cannot be told apart and the time zone "
                              "is unknown; export again with the command on the \"Read the mail logs\" page")
            if "System.String[]" in fields[self.at["recipient-address"]]:
                raise Refused("its Recipients column holds \"System.String[]\": the recipients were not joined; "
                              "export again with the command on the \"Read the mail logs\" page")
            self.analysis.used_unconfirmed.add("csv-local-time")
        if moment is None:
            return "its Timestamp is not a UTC ISO time"
        return self.tracking_record(fields, hour_key(moment), where)

    # -- Exchange 2007+ SMTP Receive protocol log (learn.microsoft.com protocol-logging) ---------------------------
    def smtp_receive(self, fields: list[str], where: tuple) -> str | None:
        """A session's commands ('<') wait in order for their replies ('>'), so pipelined RCPTs pair up too."""
        at = self.at
        moment = iso_moment(fields[at["date-time"]])
        if moment is None:
            return "its date-time is not a UTC ISO 8601 time"
        hour = hour_key(moment)
        a = self.analysis
        a.seen_hour(hour)
        session_id = fields[at["session-id"]]
        event = fields[at["event"]].strip()
        data = fields[at["data"]]
        if event == "-":
            self.sessions.pop(session_id, None)
            return None
        session = self.sessions.setdefault(session_id, {"auth": False, "from": "", "waiting": [], "client": ""})
        if event == "+":
            session["client"] = fields[at["remote-endpoint"]].rsplit(":", 1)[0]
        elif event == "<":
            verb = data[:10].upper()
            found = ADDRESS.search(data)
            if verb.startswith("MAIL FROM:"):
                session["from"] = found.group(1) if found else ""
            if len(session["waiting"]) < 1000:
                session["waiting"].append((verb.split(":")[0].split(" ")[0], found.group(1) if found else "", moment))
        elif event == ">" and data[3:4] != "-" and session["waiting"]:   # a final reply line answers one command
            verb, address, asked = session["waiting"].pop(0)
            if verb == "AUTH" and data.startswith("235"):
                session["auth"] = True
            elif verb == "RCPT" and data.startswith("550") and ("5.1.1" in data or "unknown" in data.lower()):
                a.refused(hour, address, where, at_rcpt=True)
                a.tarpit_delay((moment - asked).total_seconds(), self.name)
            elif verb == "RCPT" and data.startswith("250") and not session["auth"] \
                    and not is_internal(session["client"]):
                a.from_outside(session["from"], [address], where, unauthenticated=True)
        return None

    def smtp_send(self, fields: list[str], where: tuple) -> str | None:
        moment = iso_moment(fields[self.at["date-time"]])
        if moment is None:
            return "its date-time is not a UTC ISO 8601 time"
        self.analysis.seen_hour(hour_key(moment))
        return None

    # -- Exchange 2003: the IIS SMTP service's W3C log (cc786596; fields by '#Fields:') ----------------------------
    def iis_smtp(self, fields: list[str], where: tuple) -> str | None:
        at = self.at
        date = fields[at["date"]] or self.header_date
        moment = iso_moment(f"{date}T{fields[at['time']]}Z")
        if moment is None:
            return "its date and time are not a date and time"
        hour = hour_key(moment)
        a = self.analysis
        a.seen_hour(hour)
        if fields[at["cs-method"]].upper() == "RCPT" and fields[at["sc-status"]] == "550":
            found = ADDRESS.search(fields[at["cs-uri-query"]].replace("+", " "))
            if found:
                a.refused(hour, found.group(1), where, at_rcpt=True)
                taken = fields[at["time-taken"]]
                # At most 15 digits (31,000 years in ms): an exact float in any language, never int()'s limit
                if taken.isascii() and taken.isdigit() and len(taken.lstrip("0")) <= 15:
                    a.used_unconfirmed.add("iis-time-taken")
                    a.tarpit_delay(int(taken.lstrip("0") or "0") / 1000, self.name)
        return None


class ListingReader:
    """A Get-Queue or Get-Message listing as the console prints it, several one after another: Format-Table (a line
    of column names, a line of dashes under it that marks where each column starts, one row per object) or
    Format-List (one 'Name : value' per line, a blank line between objects, a long value wrapped onto indented
    lines). The command line and PowerShell's warnings pasted with it are passed over."""

    def __init__(self, file: FileReader):
        self.file = file
        self.columns: list[tuple[str, int]] = []    # (name in lower case, where it starts)
        self.held: tuple[int, str] | None = None    # column names, if the next line is dashes
        self.record: dict[str, str] | None = None   # the Format-List object being read
        self.record_line = 0
        self.last = ""                              # its property last read, which a wrapped line continues

    def line(self, number: int, text: str) -> None:
        if self.held is not None:
            held_number, held = self.held
            self.held = None
            if DASHES.match(text.strip()):
                starts = [found.start() for found in re.finditer("-+", text)]
                ends = starts[1:] + [None]
                self.columns = [(held[start:end].strip().lower(), start)
                                for start, end in zip(starts, ends, strict=True)]
                return
            self.file.reject(held_number, "column names without the line of dashes under them")
        stripped = text.strip()
        if not stripped or stripped.upper().startswith("WARNING:") or LISTING_COMMAND.match(stripped):
            self.close()
            return
        if text[:1].isspace():
            if self.record is not None and self.last:      # a long value wrapped (Format-List)
                self.record[self.last] += stripped
                return
        else:
            found = LIST_PROPERTY.match(text)
            if found:
                name = found.group(1).lower()
                if self.record is not None and name in self.record:
                    self.close()
                if self.record is None:
                    self.record, self.record_line = {}, number
                self.record[name] = found.group(2).strip()
                self.last = name
                return
            if COLUMN_NAMES.match(stripped):
                self.close()
                self.held = (number, text)
                return
        self.close()
        if not self.columns:
            self.file.reject(number, "not a line of a Get-Queue or Get-Message listing")
            return
        values = {}
        for index, (name, start) in enumerate(self.columns):
            end = self.columns[index + 1][1] if index + 1 < len(self.columns) else None
            values[name] = text[start:end].strip()
        self.read(number, values)

    def close(self) -> None:
        if self.record is not None:
            record, self.record, self.last = self.record, None, ""
            self.read(self.record_line, record)

    def finish(self) -> None:
        if self.held is not None:
            self.file.reject(self.held[0], "column names without the line of dashes under them")
            self.held = None
        self.close()

    def read(self, number: int, values: dict[str, str]) -> None:
        """One queue or message, by the properties it has."""
        a = self.file.analysis
        identity = values.get("identity", "")
        if not identity:
            self.file.reject(number, "a row or object without an Identity (a value wrapped onto a line of its own?)")
            return
        if any(name in values for name in ("deliverytype", "nexthopdomain", "messagecount")):
            count = values.get("messagecount", "")
            if not (count.isascii() and count.isdigit() and len(count) <= 9):
                self.file.reject(number, "its MessageCount is not a number")
                return
            category = values.get("nexthopcategory", "").lower()
            delivery = values.get("deliverytype", "").lower()
            cut = delivery[:-3] if delivery.endswith("...") else ""   # a table cut the value: 'dnsconnec...'
            outside = category == "external" if category else (
                delivery in OUTSIDE_DELIVERY or (len(cut) >= 3 and any(t.startswith(cut) for t in OUTSIDE_DELIVERY)))
            if not a.queue_listed(identity, values.get("nexthopdomain", ""), int(count), values.get("status", ""),
                                  outside):
                self.file.reject(number, f"more than {LISTED_QUEUES_MAX:,} queues listed: this one is not counted")
                return
        elif any(name in values for name in ("fromaddress", "messagesourcename", "subject", "queue")):
            a.message_listed(identity, values.get("messagesourcename"), values.get("queue", ""))
        else:
            self.file.reject(number, "neither a queue (no DeliveryType, NextHopDomain or MessageCount) nor a message "
                                     "(no FromAddress, MessageSourceName, Subject or Queue)")
            return
        self.file.records += 1


def read_file(analysis: Analysis, path: str) -> dict:
    """One file into the analysis; its summary, with 'skipped' when it could not be read as a log."""
    reader = FileReader(analysis, path)
    try:
        with open(path, "rb") as stream:
            for number, text, why in read_lines(byte_chunks(stream)):
                if why:
                    reader.reject(number, why)
                else:
                    reader.line(number, text)
        if reader.listing is not None:
            reader.listing.finish()
    except Refused as refusal:
        return reader.summary() | {"format": reader.format, "records": 0, "skipped": str(refusal)}
    except OSError as error:
        return reader.summary() | {"skipped": f"cannot be read ({error.strerror or error})"}
    if reader.format is None:
        return reader.summary() | {"skipped": "empty, or only header lines"}
    return reader.summary()


def analyse(paths: list[str], domains: list[str]) -> dict:
    analysis = Analysis(domains)
    files = [read_file(analysis, path) for path in paths]
    return analysis.result(files)


# ----------------------------------------------------------------------------------------------------------------
# Output.

def report(result: dict) -> str:
    out = []
    read = [f for f in result["files"] if "skipped" not in f and f["format"] != LISTING]
    if not read:   # no verdict from nothing read: "quiet" would read as "nothing to fix"
        if result["queues_now"] is None:
            out.append("No file could be read as a mail log, so there is no verdict:")
            out.extend(f"  {f['name']}: skipped: {f['skipped']}" for f in result["files"])
            return "\n".join(shown(line, limit=len(line)) for line in out)
        out.append("No mail log was read, so there is no verdict; the listing shows what is queued now.")
        out.append("")
        out.extend(queues_now(result["queues_now"]))
        out.extend(files_read(result))
        return "\n".join(shown(line, limit=len(line)) for line in out)
    local = ", ".join(result["domains"]["local"]) or "unknown (give --domain)"
    span = (f"{result['first_hour']}:00 to {result['last_hour']}:59 UTC" if result["first_hour"] else "no records")
    out.append(f"Mail logs: {len(read)} file(s) read, {sum(f['records'] for f in read):,} records, {span}; "
               f"the client's domain: {local} ({result['domains']['how']})")
    out.append("")
    out.append(f"Verdict: {result['verdict']}")
    out.append(f"  Why: {result['rule']}")
    out.append(f"  Next: {result['next_checklist']['title']} ({result['next_checklist']['path']})")
    out.append("")
    ndr = result["ndr_generated"]
    out.append(f"NDRs this server generated: {ndr:,} in {result['messages_total']:,} messages; in the last hours "
               f"({len(result['recent_hours'])}): {result['ndr_generated_recent']:,}")
    if ndr:
        out.append(f"  Peak: {result['ndr_peak']['count']} in the hour {result['ndr_peak']['hour']} UTC")
        out.append("  Per hour (UTC): " + ", ".join(f"{hour[5:]}h {count}" for hour, count
                                                    in result["ndr_per_hour"].items()))
        out.append("  Went to: " + ", ".join(f"{d['domain']} {d['count']}" for d in result["top_ndr_target_domains"]))
    if result["outbound_messages"]:
        share = result["outbound_ndrs"] / result["outbound_messages"]
        out.append(f"  Of {result['outbound_messages']:,} messages sent out, {result['outbound_ndrs']:,} were NDRs "
                   f"({share:.0%}); NDRs made before the last hours and sent, deferred or expired in them: "
                   f"{result['ndrs_sent_or_retried_recent']:,} (sending an old NDR is not making a new one)")
    out.extend(examples(result, "ndr", "NDR generated"))
    out.extend(examples(result, "ndr-sent", "NDR sent or retried"))
    out.append(f"Local addresses refused or unknown: {result['refused_or_unknown_recipients_distinct']:,} distinct")
    if result["refused_or_unknown_per_hour"]:
        out.append("  Per hour (UTC): " + ", ".join(f"{hour[5:]}h {count}" for hour, count
                                                    in result["refused_or_unknown_per_hour"].items()))
    out.extend(examples(result, "refused", "refused or unknown"))
    tarpit = result["tarpit"]
    if tarpit["measured"]:
        out.append(f"Tar pit, measured from RCPT TO to its 550: median {tarpit['seconds_median']:g} s (from "
                   f"{tarpit['seconds_min']:g} to {tarpit['seconds_max']:g} s, {tarpit['refusals']:,} refusals)")
    else:
        out.append(f"Tar pit: {tarpit['why']}")
    if result["compromised_accounts"]:
        for account in result["compromised_accounts"]:
            out.append(f"Compromised account? {account['sender']} wrote to {account['outside_recipients']} outside "
                       f"addresses in the hour {account['hour']} UTC")
    else:
        out.append(f"Compromised account: none (no local sender wrote to {COMPROMISED_PER_HOUR} or more outside "
                   f"addresses in an hour)")
    relay = result["open_relay"]
    out.append(f"Open relay: {relay['messages']} messages to outside addresses accepted from outside clients not "
               f"signed in, or from outside senders" if relay["messages"] else
               "Open relay: none seen (no mail to outside addresses was accepted from outside)")
    for example in relay["examples"]:
        out.append(f"    e.g. {shown(example['file'])}:{example['line']}: {example['text']}")
    if result["queues_now"] is not None:
        out.append("")
        out.extend(queues_now(result["queues_now"]))
    if result["unconfirmed"]:
        out.append("")
        out.append("Rests on meanings no primary source confirms:")
        out.extend(f"  - {text}" for text in result["unconfirmed"])
    out.extend(files_read(result))
    # Whatever came from a log (a domain, a sender, a file name) is inert text here: no terminal escape survives.
    return "\n".join(shown(line, limit=len(line)) for line in out)


def queues_now(queues: dict) -> list[str]:
    """The Get-Queue / Get-Message listings: a snapshot of what is queued, beside (never part of) the verdict."""
    out = [f"Queued now (from the listing): {queues['queues']:,} queue(s) hold {queues['messages']:,} messages; "
           f"{queues['outside_queues']:,} queue(s) to outside hosts hold {queues['outside_messages']:,}, "
           f"{queues['outside_retry_queues']:,} of them in Retry"]
    if queues["largest_outside"]:
        out.append("  Largest to outside: " + ", ".join(f"{q['next_hop_domain'] or '(no next hop)'} {q['messages']:,} "
                                                        f"({q['status'] or 'no status'})"
                                                        for q in queues["largest_outside"]))
    if queues["messages_listed"]:
        line = (f"  Messages listed: {queues['messages_listed']:,}, of which delivery status notifications (DSN: "
                f"NDRs and delay notices): {queues['dsn_listed']:,}")
        if queues["source_unknown"]:
            line += (f"; {queues['source_unknown']:,} listed without their MessageSourceName, so whether they are "
                     "NDRs the listing does not say")
        out.append(line)
    if queues["dsn_queues"]:
        out.append("  DSNs by queue: " + ", ".join(f"{q['queue']}" + (f" ({q['next_hop_domain']})"
                                                                      if q["next_hop_domain"] else "")
                                                   + f" {q['count']:,}" for q in queues["dsn_queues"]))
    return out


def files_read(result: dict) -> list[str]:
    out = ["", "Files:"]
    for f in result["files"]:
        if "skipped" in f:
            out.append(f"  {shown(f['name'])}: skipped: {f['skipped']}")
            continue
        out.append(f"  {shown(f['name'])}: {f['format']}, {f['records']:,} records, {f['rejected_total']:,} rejected")
        for rejected in f["rejected"]:
            out.append(f"    line {rejected['line']}: {rejected['why']}")
        if f["rejected_total"] > len(f["rejected"]):
            out.append(f"    and {f['rejected_total'] - len(f['rejected']):,} more")
    return out


def examples(result: dict, name: str, label: str) -> list[str]:
    return [f"    e.g. {label}: {shown(e['file'])}:{e['line']}: {e['text']}" for e in result["examples"].get(name, [])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mail_logs.py", description=__doc__.splitlines()[0] + " " + __doc__.splitlines()[1],
        epilog="Exit status: 0 when at least one file was read as a log, 2 when none could be.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="log files, any mix of the formats it reads")
    parser.add_argument("--domain", action="append", default=[], metavar="DOMAIN",
                        help="the client's mail domain (repeat for several); without it, taken from the logs")
    parser.add_argument("--json", action="store_true", help=f"one JSON object ({SCHEMA}) instead of the report")
    arguments = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):   # a console or file in a legacy code page: never an encoding traceback
        sys.stdout.reconfigure(errors="backslashreplace")
    result = analyse(arguments.files, arguments.domain)
    if arguments.json:
        print(json.dumps(result, indent=2, ensure_ascii=True))
    else:
        print(report(result))
    if all("skipped" in f for f in result["files"]):
        print("mail_logs.py: no file could be read as a mail log", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
