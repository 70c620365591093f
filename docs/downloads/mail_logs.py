#!/usr/bin/env python3
"""Read a mail server's own logs and say what they show: backscatter, a compromised account, an open relay, a
directory harvest already refused, a backlog still draining, or nothing wrong.

Usage: python3 mail_logs.py FILE... [--domain DOMAIN] [--json]

It reads, recognised by their header lines (the formats and their sources: the site's "Read the mail logs" page):
- Exchange 2003 message tracking logs (`<server>.log\\yyyymmdd.log`, "# Message Tracking Log File");
- Exchange 2007 to Subscription Edition message tracking logs (MSGTRK*.LOG, "#Fields:" naming the columns);
- Exchange 2007+ SMTP Receive protocol logs (RECV*.LOG) and the IIS SMTP service's W3C log of Exchange 2003
  (SMTPSVC1\\ex*.log): refused recipients and the tar pit's delay;
- a Get-MessageTrackingLog export (Export-Csv), written by the command on that page: UTC times, joined recipients.

One file, Python 3.10 or later, standard library only: copy it to the server or to any computer with the logs.
Exit status: 0 when at least one file was read as a log, 2 when none could be.
"""
from __future__ import annotations

import argparse
import codecs
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from itertools import islice

SCHEMA = "mail-logs-v1.schema.json"
MAX_LINE_BYTES = 65536          # a longer line is rejected, not read: no real record is that long
REJECTED_SHOWN = 20             # rejected lines listed per file; the rest are counted
EXAMPLES_KEPT = 3               # example lines kept per finding
SHOWN_CHARS = 240               # an example line is cut here when printed
REMEMBERED_MESSAGES = 100_000   # message ids remembered to count each message once; memory stays bounded, so a
#                                 message whose lines are further apart than this many messages is counted twice

# The verdict's thresholds (the page says why each is set where it is).
RECENT_HOURS = 6                # the verdict judges the last 6 hours the logs cover; the report shows before/after
BACKSCATTER_PER_HOUR = 10       # NDRs generated per hour, on average over the recent hours: a small business makes
#                                 a few a day (typing errors), an attack hundreds
BACKLOG_MIN = 10                # NDRs made earlier, still being sent, deferred or expiring in the recent hours
HARVEST_MIN = 10                # distinct local addresses refused in the recent hours
COMPROMISED_PER_HOUR = 100      # distinct outside addresses one local sender wrote to within one hour
RELAY_MIN = 5                   # messages from outside senders to outside addresses, accepted from outside clients
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

EXCHANGE_2003_FIELDS = ("date", "time", "client-ip", "client-hostname", "partner-name", "server-hostname",
                        "server-ip", "recipient-address", "event-id", "msgid", "priority", "recipient-report-status",
                        "total-bytes", "number-recipients", "origination-time", "encryption", "service-version",
                        "linked-msgid", "message-subject", "sender-address")
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

ISO_UTC = re.compile(r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")
ADDRESS = re.compile(r"<([^<>\s]*)>")
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
        if len(pending) > MAX_LINE_BYTES:
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
        return second.isdigit() and 16 <= int(second) <= 31
    return not ip or ip == "-" or ip.startswith(INTERNAL_NETWORKS)


def hour_2003(date: str, time: str) -> str | None:
    """'2003-8-12', '0:58:14 GMT' -> '2003-08-12T00' (Exchange 2003 does not pad; both are UTC, KB 821905)."""
    try:
        year, month, day = (int(part) for part in date.split("-"))
        hour = int(time.split(":", 1)[0])
    except ValueError:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and 0 <= hour <= 23):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}"


def iso_moment(text: str) -> datetime | None:
    """An ISO 8601 time with its zone (Z or ±hh:mm) as UTC; None for anything else (a local or culture date)."""
    match = ISO_UTC.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                          int(float(fraction) * 1_000_000) if fraction else 0, tzinfo=UTC)
    except ValueError:
        return None
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        moment -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return moment


def hour_key(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H")


def iso_hour(text: str) -> str | None:
    """The UTC hour of a tracking log's date-time ('2026-11-02T13:05:01.123Z'), fast for the common case."""
    if len(text) >= 20 and text[-1] == "Z" and text[10] == "T" and text[4] == "-":
        return text[:13]
    moment = iso_moment(text)
    return hour_key(moment) if moment else None


def members(field: str) -> list[str]:
    """A collection field's members: ';'-joined, a member holding ';' or "'" wrapped in single quotes."""
    if "'" not in field:
        return [member for member in field.split(";") if member]
    return [member.replace("''", "'") for member in next(csv.reader([field], delimiter=";", quotechar="'")) if member]


def csv_fields(line: str, delimiter: str = ",") -> list[str]:
    if '"' not in line:
        return line.split(delimiter)
    return next(csv.reader([line], delimiter=delimiter))


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
    """A bounded set: the most recent `size` keys (insertion order), for counting each message once."""

    def __init__(self, size: int = REMEMBERED_MESSAGES):
        self.size, self.keys = size, {}

    def add(self, key: str) -> bool:
        """True when the key is new."""
        if key in self.keys:
            return False
        self.keys[key] = None
        if len(self.keys) > self.size:
            for old in list(islice(self.keys, self.size // 2)):
                del self.keys[old]
        return True


class Analysis:
    def __init__(self, domains: list[str]):
        self.given_domains = [d.lower() for d in domains]
        self.messages = Remembered()
        self.ndr_messages = Remembered()
        self.outbound_messages = Remembered()
        self.messages_total = 0
        self.ndr_per_hour: Counter = Counter()
        self.ndr_targets: Counter = Counter()
        # Addresses refused or unknown, numbered once; per hour a bitmap of those numbers (1 bit per address and
        # hour: memory grows with the distinct addresses, not with the lines).
        self.address_numbers: dict[str, int] = {}
        self.unknown: dict[str, bytearray] = {}
        self.outbound: Counter = Counter()                        # (hour, recipient domains, is NDR) -> messages
        self.backlog_hours: Counter = Counter()                   # hour -> NDRs sent, deferred or expired then
        self.inbound_domains: Counter = Counter()                 # recipient domain of mail from outside
        self.relayed: Counter = Counter()                         # (sender domain, recipient domain) -> messages
        self.relay_examples: dict[tuple, tuple] = {}
        self.internal_senders: dict[tuple, set] = defaultdict(set)  # (sender, hour) -> recipients
        self.postmaster_domains: Counter = Counter()
        self.refused_domains: Counter = Counter()                 # domains of addresses refused as unknown
        self.tarpit: list[float] = []                              # seconds, at most 10,000 kept (min/median/max)
        self.tarpit_count = 0
        self.tarpit_source: set[str] = set()
        self.examples: dict[str, list] = defaultdict(list)
        self.used_unconfirmed: set[str] = set()
        self.first_hour = self.last_hour = None
        self.protocol_logs_read = False

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

    def ndr_generated(self, key: str, hour: str, target: str, failed: list[str], where: tuple) -> None:
        for address in failed:
            self.mark_unknown(hour, address)
        if key and not self.ndr_messages.add(key):
            return
        self.ndr_per_hour[hour] += 1
        for domain in {domain_of(address) for address in target.split(";") if domain_of(address)}:
            self.ndr_targets[domain] += 1
        self.example("ndr", where)

    def refused(self, hour: str, address: str, where: tuple) -> None:
        self.mark_unknown(hour, address)
        self.refused_domains[domain_of(address)] += 1
        self.example("refused", where)

    def mark_unknown(self, hour: str, address: str) -> None:
        address = address.lower()
        number = self.address_numbers.setdefault(address, len(self.address_numbers))
        bits = self.unknown.setdefault(hour, bytearray())
        if number >> 3 >= len(bits):
            bits.extend(bytes((number >> 3) - len(bits) + 64))
        bits[number >> 3] |= 1 << (number & 7)

    def distinct(self, hours, mask: int) -> int:
        """How many of the addresses numbered in `mask` were refused or unknown in any of `hours`."""
        seen = 0
        for hour in hours:
            if hour in self.unknown:
                seen |= int.from_bytes(self.unknown[hour], "little")
        return (seen & mask).bit_count()

    def sent_out(self, key: str, hour: str, recipients: list[str], is_ndr: bool, where: tuple) -> None:
        if key and not self.outbound_messages.add(key):
            return
        self.outbound[(hour, frozenset(domain_of(r) for r in recipients), is_ndr)] += 1
        if is_ndr:
            self.backlog_hours[hour] += 1
            self.example("ndr-sent", where, latest=True)

    def from_outside(self, sender: str, recipients: list[str], where: tuple) -> None:
        sender_domain = domain_of(sender)
        for domain in {domain_of(r) for r in recipients}:
            self.inbound_domains[domain] += 1
            if sender_domain and domain:
                self.relayed[(sender_domain, domain)] += 1
                if (sender_domain, domain) not in self.relay_examples:
                    self.relay_examples[(sender_domain, domain)] = where

    def from_inside(self, sender: str, hour: str, recipients: list[str], where: tuple) -> None:
        sender = sender.lower()
        if not sender or sender == "<>" or sender.startswith("postmaster@"):
            return
        kept = self.internal_senders[(sender, hour)]
        if len(kept) < 10 * COMPROMISED_PER_HOUR:
            kept.update(r.lower() for r in recipients)

    def tarpit_delay(self, seconds: float, source: str) -> None:
        self.tarpit_count += 1
        self.tarpit_source.add(source)
        if len(self.tarpit) < 10_000:
            self.tarpit.append(seconds)

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
        unknown_per_hour = {hour: self.distinct([hour], local_mask) for hour in sorted(self.unknown)}
        unknown_per_hour = {hour: count for hour, count in unknown_per_hour.items() if count}
        outbound_total = outbound_ndr = 0
        backlog_recent = 0
        for (_hour, domains, is_ndr), count in self.outbound.items():
            if domains and not all(is_local(d) for d in domains):
                outbound_total += count
                outbound_ndr += count if is_ndr else 0
        for hour, count in self.backlog_hours.items():
            if hour in recent:
                backlog_recent += count
        relay = [(pair, count) for pair, count in self.relayed.items()
                 if not is_local(pair[0]) and not is_local(pair[1])] if local else []
        relay_messages = sum(count for _, count in relay)
        compromised = {}
        for (sender, hour), recipients in self.internal_senders.items():
            if not local or not is_local(domain_of(sender)):
                continue
            outside = sum(1 for r in recipients if domain_of(r) and not is_local(domain_of(r)))
            if outside >= COMPROMISED_PER_HOUR and outside > compromised.get(sender, (0, ""))[0]:
                compromised[sender] = (outside, hour)
        ndr_recent = sum(count for hour, count in self.ndr_per_hour.items() if hour in recent)
        refused_recent = self.distinct(recent, local_mask)
        tarpit = self.tarpit_summary()
        peak = max(self.ndr_per_hour.items(), key=lambda item: (item[1], item[0]), default=(None, 0))
        ndr_total = sum(self.ndr_per_hour.values())
        next_key = None   # the checklist after the verdict, where it is not the verdict's own
        window = f"the last {len(recent)} hours of the logs" if len(recent) != 1 else "the last hour of the logs"
        if relay_messages >= RELAY_MIN:
            verdict = "open-relay"
            rule = (f"{relay_messages} messages from outside senders to outside addresses were accepted from "
                    f"outside clients (at least {RELAY_MIN} make the verdict): the server relays for strangers.")
        elif compromised:
            sender, (count, hour) = max(compromised.items(), key=lambda item: item[1][0])
            verdict = "compromised-account"
            rule = (f"{sender}, a sender of the client's own, wrote to {count} outside addresses within the hour "
                    f"{hour} UTC ({COMPROMISED_PER_HOUR} or more make the verdict): its password is likely known to "
                    f"a spammer.")
        elif ndr_recent >= BACKSCATTER_PER_HOUR * len(recent) > 0:
            verdict = "backscatter"
            rule = (f"The server generated {ndr_recent} NDRs in {window} ({BACKSCATTER_PER_HOUR} an hour or more "
                    f"make the verdict): it accepts mail for addresses that do not exist and bounces it to forged "
                    f"senders.")
        elif backlog_recent >= BACKLOG_MIN:
            verdict = "queue-backlog"
            rule = (f"The server generated {ndr_recent} NDRs in {window}"
                    + (f" ({peak[1]} in the hour {peak[0]} at the peak)" if peak[1] else "")
                    + f", but NDRs made earlier were still being sent or retried {backlog_recent} times: the fix "
                    f"holds and the backlog is draining.")
        elif refused_recent >= HARVEST_MIN:
            slowed = tarpit["measured"] and tarpit["seconds_median"] >= TARPIT_MEASURED_MIN
            verdict = "directory-harvest-refused"
            rule = (f"{refused_recent} made-up local addresses were refused in {window} and no NDRs made for them"
                    + (f"; the tar pit holds each refusal about {tarpit['seconds_median']:g} s."
                       if slowed else "; slow the harvest down with the tar pit."))
            next_key = "directory-harvest-slowed" if slowed else verdict
        else:
            verdict = "quiet"
            rule = (f"In {window} the server generated {ndr_recent} NDRs, refused {refused_recent} made-up "
                    f"addresses and sent out no backlog" + (f"; at the peak it generated {peak[1]} NDRs in the hour "
                                                           f"{peak[0]}" if peak[1] else "") + ": nothing to fix.")
        path, title = CHECKLISTS[next_key or verdict]
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
            "ndr_generated": ndr_total,
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
            "tarpit": tarpit,
            "compromised_accounts": [{"sender": sender, "outside_recipients": count, "hour": hour}
                                     for sender, (count, hour) in sorted(compromised.items())],
            "open_relay": {"messages": relay_messages,
                           "examples": [where_dict(self.relay_examples[pair])
                                        for pair, _ in sorted(relay, key=lambda p: (-p[1], p[0]))[:EXAMPLES_KEPT]]},
            "examples": {name: [where_dict(where) for where in found] for name, found in sorted(self.examples.items())},
            "unconfirmed": [UNCONFIRMED[key] for key in sorted(self.used_unconfirmed)],
        }

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
            hours.add(moment.strftime("%Y-%m-%dT%H"))
        return hours

    def tarpit_summary(self) -> dict:
        if not self.tarpit:
            why = ("no refused RCPT TO in the SMTP protocol logs given" if self.protocol_logs_read else
                   "not measurable from this log: only an SMTP protocol log shows when a refusal was answered")
            return {"measured": False, "why": why}
        ordered = sorted(self.tarpit)
        return {"measured": True, "refusals": self.tarpit_count, "seconds_min": round(ordered[0], 3),
                "seconds_median": round(ordered[len(ordered) // 2], 3), "seconds_max": round(ordered[-1], 3),
                "from": sorted(self.tarpit_source)}


# ----------------------------------------------------------------------------------------------------------------
# Formats: each reader gets the header lines' schema and one record's fields.

class FileReader:
    """Reads one file into the analysis: finds its format, keeps its schema (a '#Fields:' line in mid-file switches
    it from there on) and passes each record to the reader of its format."""

    def __init__(self, analysis: Analysis, name: str):
        self.analysis, self.name = analysis, name
        self.format: str | None = None
        self.pending_exchange = False
        self.fields: dict[str, int] = {}
        self.at: dict[str, int] = defaultdict(lambda: -1)
        self.width = 0
        self.delimiter = ","
        self.records = 0
        self.rejected: list[dict] = []
        self.rejected_total = 0
        self.sessions: dict[str, dict] = {}
        self.csv_checked = False

    def reject(self, number: int, why: str) -> None:
        self.rejected_total += 1
        if len(self.rejected) < REJECTED_SHOWN:
            self.rejected.append({"line": number, "why": why})

    def summary(self) -> dict:
        return {"name": self.name, "format": self.format, "records": self.records, "rejected": self.rejected,
                "rejected_total": self.rejected_total}

    def schema(self, names: list[str]) -> None:
        self.fields = {name: index for index, name in enumerate(names)}
        # A record's fields by name; a name the schema lacks reads the empty field each record gets at its end.
        self.at = defaultdict(lambda: -1, self.fields)
        self.width = len(names)

    def first_line(self, text: str) -> None:
        """Recognise the format from the file's first line, or refuse the file."""
        head = text.strip()
        if head.startswith("# Message Tracking Log File"):
            self.format = "exchange-2003-tracking"
        elif head.startswith("#Software: Microsoft Exchange"):
            self.pending_exchange = True
        elif head.startswith("#Software: Microsoft Internet Information Services"):
            self.format = "iis-smtp-w3c"
        elif head.startswith("#TYPE"):
            self.format = "powershell-csv"
        elif "timestamp" in head.lower() and "eventid" in head.lower():
            self.format = "powershell-csv"
            self.csv_header(head)
        else:
            raise Refused(f"not a mail log this tool reads (its first line: \"{shown(head, 80)}\")")

    def csv_header(self, text: str) -> None:
        """The export's column row: Get-MessageTrackingLog's names mapped to the tracking log's field names."""
        self.delimiter = ";" if text.count(";") > text.count(",") else ","   # Export-Csv -UseCulture on de-DE
        names = [name.strip().lower() for name in csv_fields(text, self.delimiter)]
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
            self.format = ("exchange-tracking" if kind == "message tracking log" else
                           "exchange-smtp-receive" if kind == "smtp receive protocol log" else
                           "exchange-smtp-send" if kind == "smtp send protocol log" else None)
            if self.format is None:
                raise Refused(f"an Exchange log this tool does not read (#Log-Type: {shown(kind, 60)})")
            self.pending_exchange = False
            return
        if text.startswith("#Fields:"):
            raw = text[len("#Fields:"):].strip()
            names = raw.split() if self.format == "iis-smtp-w3c" else [n.strip() for n in raw.split(",")]
            if self.pending_exchange:   # no #Log-Type line: tell by the fields
                self.format = "exchange-tracking" if "event-id" in names else "exchange-smtp-receive"
                self.pending_exchange = False
            if self.format == "exchange-tracking":   # named by its first field list (facts: one list per version)
                self.format = TRACKING_VERSIONS.get(tuple(names), "exchange-tracking")
            self.schema([name.lower() for name in names])
        if self.format in ("exchange-smtp-receive", "exchange-smtp-send", "iis-smtp-w3c"):
            self.analysis.protocol_logs_read = True

    def line(self, number: int, text: str) -> None:
        if self.format is None and not self.pending_exchange:
            if not text.strip():
                return
            self.first_line(text)
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
        if not self.fields:
            self.reject(number, "a record before the line that names the columns")
            return
        if self.format == "iis-smtp-w3c":
            fields = text.split(" ")
        elif self.format == "exchange-2003-tracking":
            fields = text.split("\t")
        else:
            try:
                fields = csv_fields(text, self.delimiter)
            except csv.Error as error:
                self.reject(number, f"not a CSV record ({error})")
                return
        if len(fields) < self.width:
            self.reject(number, f"{len(fields)} fields where the column line names {self.width}")
            return
        fields.append("")   # what a field the schema lacks reads (self.at)
        where = (self.name, number, text)
        reader = {"exchange-2003-tracking": self.exchange_2003, "iis-smtp-w3c": self.iis_smtp,
                  "exchange-smtp-receive": self.smtp_receive, "exchange-smtp-send": self.smtp_send,
                  "powershell-csv": self.powershell_csv}.get(self.format, self.tracking)
        why = reader(fields, where)
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
        if not event.isdigit():
            return "its Event-ID is not a number"
        a = self.analysis
        a.seen_hour(hour)
        message_id = fields[at["msgid"]].strip()
        a.message(message_id)
        recipient = fields[at["recipient-address"]].strip()
        sender = fields[at["sender-address"]].strip()
        event_id = int(event)
        if event_id in (1030, 34):      # NDR generated (1030 third-party; 34 KB 821905, MTA)
            a.used_unconfirmed.add("exchange-2003-ndr-event")
            a.ndr_generated(message_id, hour, sender, [recipient] if "@" in recipient else [], where)
        elif event_id in (1020, 1031):  # outbound transfer (third-party meanings)
            a.used_unconfirmed.add("exchange-2003-outbound-events")
            is_ndr = sender in ("<>", "") or sender.lower().startswith("postmaster@")
            if is_ndr and "@" in sender:
                a.postmaster_domains[domain_of(sender)] += 1
            a.sent_out(message_id, hour, [recipient], is_ndr, where)
        elif event_id == 1019 and not is_internal(fields[at["client-ip"]]) and sender not in ("<>", ""):
            # From an outside client: inbound mail, a relay (outside sender and recipient), or, from a sender of the
            # client's own, an authenticated relay (a stolen password). Which is told once the domains are known.
            a.from_outside(sender, [recipient], where)
            a.from_inside(sender, hour, [recipient], where)
        elif event_id == 1027:          # submitted from the Store: a user of the server (KB 821905 FAQ, third-party)
            a.from_inside(sender, hour, [recipient], where)
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
                a.ndr_generated("", hour, ";".join(recipients), [], where)
        elif event == "FAIL":
            status = fields[at["recipient-status"]]
            if "RecipNotFound" in status or "5.1.1" in status:
                for address in recipients:
                    a.refused(hour, address, where)
            if return_path == "<>":
                a.backlog_hours[hour] += 1
                a.example("ndr-sent", where, latest=True)
        elif event == "DEFER" and return_path == "<>":
            a.backlog_hours[hour] += 1
        elif event == "SEND" and source == "SMTP":
            a.sent_out(message_id + "\0" + hour, hour, recipients, return_path == "<>", where)
        elif event == "RECEIVE" and source != "DSN":
            client = fields[at["original-client-ip"]].strip() or fields[at["client-ip"]].strip()
            originating = fields[at["directionality"]].strip().lower() == "originating"
            sender = return_path if return_path and return_path != "<>" else fields[at["sender-address"]].strip()
            if source == "STOREDRIVER" or originating:
                a.from_inside(sender, hour, recipients, where)
            elif source == "SMTP" and not is_internal(client) and return_path != "<>":
                a.from_outside(sender, recipients, where)
        return None

    # -- Get-MessageTrackingLog exports (the site's command: UTC 'u' times, recipients joined with ';') ------------
    def powershell_csv(self, fields: list[str], where: tuple) -> str | None:
        stamp = fields[self.at["date-time"]]
        moment = iso_moment(stamp)
        if not self.csv_checked:
            self.csv_checked = True
            if moment is None:
                raise Refused(f"its Timestamp \"{shown(stamp, 40)}\" is a local, culture-dependent date: the month "
                              "and the day cannot be told apart and the time zone is unknown; export again with the "
                              "command on the \"Read the mail logs\" page, which writes UTC ISO times")
            if "System.String[]" in fields[self.at["recipient-address"]]:
                raise Refused("its Recipients column holds \"System.String[]\": the recipients were not joined; "
                              "export again with the command on the \"Read the mail logs\" page")
            self.analysis.used_unconfirmed.add("csv-local-time")
        if moment is None:
            return "its Timestamp is not a UTC ISO time"
        return self.tracking_record(fields, hour_key(moment), where)

    # -- Exchange 2007+ SMTP Receive protocol log (learn.microsoft.com protocol-logging) ---------------------------
    def smtp_receive(self, fields: list[str], where: tuple) -> str | None:
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
        session = self.sessions.setdefault(session_id, {"auth": False, "from": "", "rcpt": None, "client": ""})
        if event == "+":
            session["client"] = fields[at["remote-endpoint"]].rsplit(":", 1)[0]
        elif event == "<":
            verb = data[:10].upper()
            if verb.startswith("RCPT TO:"):
                found = ADDRESS.search(data)
                session["rcpt"] = (found.group(1) if found else data[8:].strip(), moment)
            elif verb.startswith("MAIL FROM:"):
                found = ADDRESS.search(data)
                session["from"] = found.group(1) if found else ""
            elif verb.startswith("AUTH"):
                session["auth_asked"] = True
        elif event == ">":
            if data.startswith("235") and session.get("auth_asked"):
                session["auth"] = True
            elif session["rcpt"] and data[:3] in ("550", "250"):
                address, asked = session["rcpt"]
                session["rcpt"] = None
                if data.startswith("550") and ("5.1.1" in data or "unknown" in data.lower()):
                    a.refused(hour, address, where)
                    a.tarpit_delay((moment - asked).total_seconds(), self.name)
                elif data.startswith("250") and not session["auth"] and not is_internal(session["client"]) \
                        and session["from"]:
                    a.from_outside(session["from"], [address], where)
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
        date, time = fields[at["date"]], fields[at["time"]]
        moment = iso_moment(f"{date}T{time}Z")
        if moment is None:
            return "its date and time are not a date and time"
        hour = hour_key(moment)
        a = self.analysis
        a.seen_hour(hour)
        if fields[at["cs-method"]].upper() == "RCPT" and fields[at["sc-status"]] == "550":
            found = ADDRESS.search(fields[at["cs-uri-query"]].replace("+", " "))
            if found:
                a.refused(hour, found.group(1), where)
                taken = fields[at["time-taken"]]
                if taken.isdigit():
                    a.used_unconfirmed.add("iis-time-taken")
                    a.tarpit_delay(int(taken) / 1000, self.name)
        return None


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
    read = [f for f in result["files"] if "skipped" not in f]
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
                   f"({share:.0%}); NDRs sent, retried or expiring in the last hours: "
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
    out.append(f"Open relay: {relay['messages']} messages from outside to outside accepted from outside clients"
               if relay["messages"] else "Open relay: none seen (no mail from outside to outside was accepted)")
    for example in relay["examples"]:
        out.append(f"    e.g. {shown(example['file'])}:{example['line']}: {example['text']}")
    if result["unconfirmed"]:
        out.append("")
        out.append("Rests on meanings no primary source confirms:")
        out.extend(f"  - {text}" for text in result["unconfirmed"])
    out.append("")
    out.append("Files:")
    for f in result["files"]:
        if "skipped" in f:
            out.append(f"  {shown(f['name'])}: skipped: {f['skipped']}")
            continue
        out.append(f"  {shown(f['name'])}: {f['format']}, {f['records']:,} records, {f['rejected_total']:,} rejected")
        for rejected in f["rejected"]:
            out.append(f"    line {rejected['line']}: {rejected['why']}")
        if f["rejected_total"] > len(f["rejected"]):
            out.append(f"    and {f['rejected_total'] - len(f['rejected']):,} more")
    return "\n".join(out)


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
