"""Corrections found by reading every checklist and page against Microsoft's own documents
(../shared/facts/corrections.md). Each rule fails if the wrong form comes back on any page or in any snippet, and
checks that the right form is on its page with its source.

Rules read paragraphs (a table row is a paragraph of its own), so a condition must stand next to the claim it
qualifies, not anywhere on the page. Every rule is also run on a wrong paragraph it must flag, so none is vacuous."""
from __future__ import annotations

import importlib.util
import re

import pytest

from macros.loader import load_catalog
from macros.powershell_versions import find_newer_constructs, version_key
from support import ROOT, VECTORS, recorded_cases

CATALOG = load_catalog(ROOT)
ITEMS = {item.id: item for checklist in CATALOG.checklists for item in checklist.items}
PAGES = {path.relative_to(ROOT / "docs").as_posix(): path.read_text(encoding="utf-8")
         for path in sorted((ROOT / "docs").rglob("*.md"))}


def _item_texts(item):
    """Every text of an item a reader sees: title, why, steps, caveats, parameter labels and help, snippets (filled
    with the defaults) and reference titles."""
    defaults = {p.name: p.default for p in item.parameters}
    yield item.title
    yield item.why
    for variant in item.variants:
        yield variant.steps
        yield from (text for recorded in recorded_cases(item, defaults) for snippet in variant.snippets
                    if (text := item.fill(snippet, variant, defaults, recorded)) is not None)
    yield from (caveat.title + " " + caveat.text for caveat in item.caveats)
    yield from (parameter.label + " " + parameter.help for parameter in item.parameters)
    yield from (reference.title for reference in item.references)


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, with each list item and each table row a block of its own; whitespace folded."""
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        blocks += re.split(r"\n(?=\s*(?:[-*|]|\d+\.)\s)", block)
    return [re.sub(r"\s+", " ", block).strip() for block in blocks if block.strip()]


# Where a text can be read ("docs/<page>", "<checklist>/<item>") and its paragraphs, in order.
PARAGRAPHS = {f"docs/{name}": _paragraphs(text) for name, text in PAGES.items()} | {
    f"{checklist.id}/{item.id}": [p for text in _item_texts(item) for p in _paragraphs(text)]
    for checklist in CATALOG.checklists for item in checklist.items}


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# (wrong form as a regular expression over a paragraph, what is right instead)
WRONG_FORMS = [
    (r"Get-ReceiveConnector \| Set-ReceiveConnector",
     "set TarpitInterval on the one connector named with -Identity (corrections §3)"),
    (r"Format-Table [A-Za-z, ]*TarpitInterval",
     "list connectors with Format-List: Format-Table drops columns that do not fit the console"),
    (r"Nothing was deleted except bounce messages",
     "removing queued DSNs removes genuine NDRs and delay notices too (corrections §7)"),
    (r"lists Exchange 2010 and later only|Exchange 2010 and later:\*\* `Set-RemoteDomain -NDREnabled",
     "NDREnabled exists on Exchange 2007's Set-RemoteDomain (corrections §8)"),
    (r"Back pressure \(Exchange 2016/2019\)|On Exchange 2016/2019 a large enough backlog",
     "back pressure exists from Exchange 2007 on; the quoted thresholds are 2016/2019's (corrections §11)"),
    (r"wait up to 5 minutes|has clients wait 5 minutes|are safe for standards-compliant",
     "RFC 5321 §4.5.3.2: at least 5 minutes, a minimum, not a licence (corrections §12)"),
    (r"Warn when a queue holds more than",
     "the 250 of Exchange 2010's guidance is for the _total instance, all queues together (corrections §13)"),
    (r"Whether the PowerShell version on SBS 2008 includes `Get-Counter` was not verified",
     "Get-Counter is PowerShell 2.0; SBS 2008 (PowerShell 1.0) uses typeperf (corrections §5)"),
]
WRONG_EXAMPLES = [
    "Get-ReceiveConnector | Set-ReceiveConnector -TarpitInterval '00:00:05'",
    "Get-ReceiveConnector | Format-Table Identity, Bindings, TarpitInterval -AutoSize",
    "- Nothing was deleted except bounce messages your server had generated itself for the spam.",
    "Microsoft's current page for `Set-RemoteDomain -NDREnabled` lists Exchange 2010 and later only.",
    "## Back pressure (Exchange 2016/2019)",
    "RFC 5321 lets a sending server wait up to 5 minutes for a reply to RCPT",
    "label: Warn when a queue holds more than this many messages",
    "Whether the PowerShell version on SBS 2008 includes `Get-Counter` was not verified",
]


# Each rule: (paragraph, the paragraph after it) -> whether the paragraph makes the claim without its condition.
def _event_756_without_its_condition(paragraph: str, following: str) -> bool:
    # KB 817425: Exchange 2000, and only with Connection Manager diagnostic logging at its maximum (corrections §6).
    return bool(re.search(r"event (id )?756", paragraph, re.I)) and not re.search(r"maximum", paragraph)


def _retry_schedule_without_where_to_read_it(paragraph: str, following: str) -> bool:
    # 15/30/60/240 minutes are IIS SMTP's defaults; Exchange 2003 shows its own on the Delivery tab (§10).
    return "15, 30 and 60 minutes" in paragraph and "**Delivery** tab" not in paragraph


def _recipient_validation_default_without_hedge(paragraph: str, following: str) -> bool:
    # False is Exchange's default; whether SBS setup changes it is unconfirmed: read it (corrections §9).
    claim = re.search(r"RecipientValidationEnabled", paragraph) and re.search(
        r"(default[^.]*(False|\$false|\boff\b))|((False|\$false|\boff\b)[^.]*by default)", paragraph)
    return bool(claim) and "Set-RecipientFilterConfig" not in paragraph and "not confirmed" not in paragraph


def _authoritative_without_recipients_first(paragraph: str, following: str) -> bool:
    # EOP: Authoritative only after every valid recipient exists there (corrections §1); the warning may follow.
    if not re.search(r"Edge Blocking|DBEB", paragraph) or "Authoritative" not in paragraph:
        return False
    return not re.search(r"(\**every\**|all of your) valid recipients?", paragraph + " " + following)


PARAGRAPH_RULES = [
    (_event_756_without_its_condition, "Exchange 2003 logs event 756 for each such NDR (KB 817425)."),
    (_retry_schedule_without_where_to_read_it, "Exchange 2003 retries at 15, 30 and 60 minutes, then every 240."),
    (_recipient_validation_default_without_hedge, "On SBS, RecipientValidationEnabled is off by default."),
    (_authoritative_without_recipients_first,
     "In EOP that is Directory Based Edge Blocking: turn it on by making the accepted domain Authoritative."),
]


@pytest.mark.parametrize("pattern, right", WRONG_FORMS, ids=[right[:60] for _, right in WRONG_FORMS])
def test_wrong_form_is_on_no_page_and_in_no_snippet(pattern, right):
    found = [where for where, paragraphs in PARAGRAPHS.items() for p in paragraphs if re.search(pattern, p)]
    assert found == [], f"{found}: {right}"


@pytest.mark.parametrize("rule, wrong", PARAGRAPH_RULES, ids=[rule.__name__ for rule, _ in PARAGRAPH_RULES])
def test_claim_comes_with_its_condition_in_the_same_paragraph(rule, wrong):
    assert rule(wrong, ""), "the rule must flag the wrong form it exists for"
    found = [(where, paragraph[:120])
             for where, paragraphs in PARAGRAPHS.items()
             for paragraph, following in zip(paragraphs, [*paragraphs[1:], ""], strict=False)  # unequal only when empty
             if rule(paragraph, following)]
    assert found == []


def test_every_wrong_form_would_be_found_where_it_once_was():
    for (pattern, right), text in zip(WRONG_FORMS, WRONG_EXAMPLES, strict=True):
        assert re.search(pattern, _one_line(text)), right


def _parameters_feeding_tarpit_interval():
    """Every parameter whose value fills a TarpitInterval, however the template spells it."""
    feeding = {}
    for checklist in CATALOG.checklists:
        for item in checklist.items:
            by_name = {parameter.name: parameter for parameter in item.parameters}
            for snippet in item.snippets:
                # A revert's {{ before.<setting> }} restores what the client had: no range applies to it.
                pattern = r"TarpitInterval\s*:?\s*['\"]?\{\{\s*(?!before\.)([a-z_][a-z0-9_]*)"
                for name in re.findall(pattern, snippet.template):
                    feeding[name] = by_name[name]
    return feeding


def test_a_tarpit_interval_over_10_seconds_is_unreachable_through_any_field():
    feeding = _parameters_feeding_tarpit_interval()
    assert set(feeding) == {"tarpit_interval_seconds"}   # and never TarpitTime's own value
    for name, parameter in feeding.items():
        assert parameter.type in ("integer", "duration") and parameter.maximum <= 10, name


def test_the_tarpit_interval_range_says_where_it_comes_from():
    item = ITEMS["set-tarpit-delay"]
    interval = next(p for p in item.parameters if p.name == "tarpit_interval_seconds")
    assert (interval.minimum, interval.maximum, interval.default) == (1, 10, 5)
    assert "more than a few seconds can cause timeouts and mail flow issues" in interval.help
    assert "tar pit page" in interval.help
    assert "5–10 seconds" in PAGES["kb/tar-pit.md"] and "accepts 1 to 10 seconds" in PAGES["kb/tar-pit.md"]


def test_the_exchange_tar_pit_names_one_connector_and_its_revert_sets_that_one_back():
    item = ITEMS["set-tarpit-delay"]
    for variant in item.variants:
        if variant.platforms == ("sbs2003",):
            continue
        by_kind = {snippet.kind: snippet.template for snippet in variant.snippets}
        assert by_kind["check"].startswith("Get-ReceiveConnector | Format-List Identity, ")
        assert "RemoteIPRanges" in by_kind["check"] and "PermissionGroups" in by_kind["check"]
        for kind in ("apply", "revert"):
            assert by_kind[kind].startswith("Set-ReceiveConnector -Identity {{ receive_connector | ps_quote }} ")
        assert "AnonymousUsers" in variant.steps and "0.0.0.0-255.255.255.255" in variant.steps
        assert ("Default Frontend" in variant.steps) == ("exchange2013-se" in variant.platforms)


def test_eop_cites_the_page_that_says_recipients_first():
    dbeb = "https://learn.microsoft.com/exchange/mail-flow-best-practices/use-directory-based-edge-blocking"
    assert dbeb in PAGES["kb/recipient-filtering.md"]
    assert dbeb in {r.url for r in ITEMS["enable-recipient-filtering"].references}


def test_sbs2008_reads_the_queue_counter_with_typeperf_and_sbs2011_with_get_counter():
    page = _one_line(PAGES["kb/queue-alert.md"])
    sbs2008 = page.index("**SBS 2008**")
    sbs2011 = page.index("**SBS 2011**")
    assert sbs2008 < page.index("typeperf \"\\MSExchangeTransport Queues(_total)") < sbs2011
    assert page.index("Get-Counter '\\MSExchangeTransport Queues(_total)") > sbs2011
    assert "Applies To: Windows PowerShell 2.0" in page and "windows-commands/typeperf" in page
    for checklist in CATALOG.checklists:
        for item in checklist.items:
            for variant in item.variants:
                if "sbs2008" in variant.platforms:
                    assert "Get-Counter" not in variant.steps + "".join(s.template for s in variant.snippets)


def test_client_page_says_genuine_notices_may_have_been_deleted():
    page = _one_line(PAGES["c/changes.md"])
    assert "genuine notices" in page and "MessageSourceName" in page


def test_ndr_enabled_cites_the_exchange_2007_page():
    references = ITEMS["disable-internet-ndrs"].references
    assert any(r.url.endswith("aa997857(v=exchg.80)") for r in references)


def test_back_pressure_is_from_exchange_2007_with_2016_2019_thresholds():
    page = _one_line(PAGES["kb/queue-alert.md"])
    assert "## Back pressure (Exchange 2007 and later)" in page
    assert "Microsoft publishes for Exchange 2016 and 2019" in page


def test_rfc_5321_timeout_is_a_minimum_everywhere():
    for where, paragraphs in PARAGRAPHS.items():
        for paragraph in paragraphs:
            for match in re.finditer(r"5 minutes", paragraph):
                nearby = paragraph[max(0, match.start() - 80):match.end() + 40]
                if "RCPT" in nearby or "RFC 5321" in nearby:
                    assert "at least" in nearby, (where, nearby)


def test_the_250_queue_figure_is_for_all_queues_together():
    item = ITEMS["run-queue-threshold-check"]
    assert "_total" in item.why and "all remote delivery queues together" in item.why
    assert "_total" in PAGES["kb/queue-alert.md"]


def test_kb_842851_and_security_advisory_842851_are_two_references():
    references = [r for c in CATALOG.checklists for i in c.items for r in i.references]
    for reference in references:
        if reference.kb == "842851":
            assert "security/advisory" not in reference.url, reference
        if "security/advisory/842851" in reference.url:
            assert not reference.kb and "Clarification Of The SMTP Tar Pit Feature" in reference.title, reference
    assert any("security/advisory/842851" in r.url for r in references)
    for name in ("kb/tar-pit.md", "c/changes.md"):
        assert "Clarification Of The SMTP Tar Pit Feature" in _one_line(PAGES[name]), name


def test_every_mx_host_is_checked_and_the_backup_operator_asked():
    backup = ITEMS["check-backup-mx"]
    text = _one_line("\n".join(_item_texts(backup)))
    assert "every" in text.lower() and "recipient validation" in text and "removing the backup MX record" in text
    urls = {r.url for r in backup.references}
    assert "https://www.postfix.org/postconf.5.html#relay_recipient_maps" in urls
    assert "https://www.postfix.org/STANDARD_CONFIGURATION_README.html#backup" in urls
    outside = _one_line("\n".join(_item_texts(ITEMS["test-unknown-recipient"])))
    assert ("**every** host in the domain's MX records" in outside
            and "recipient-filtering.md#check-backup-mx" in outside)


def test_every_text_parameter_pattern_has_shared_vectors():
    # Python and the browser must read each pattern alike; the shared vectors prove it per pattern.
    patterns = {v["parameter"].get("pattern") for v in VECTORS["validate"]}
    for checklist in CATALOG.checklists:
        for item in checklist.items:
            for parameter in item.parameters:
                if parameter.type == "text":
                    assert parameter.pattern in patterns, parameter.name


# --- Second pass (../shared/facts/corrections-2.md, entries 17-28) ----------------------------------------------------
# One test per entry. Each wrong form is also run on the text it replaced, so none can pass by matching nothing.

_spec = importlib.util.spec_from_file_location("probe", ROOT / "docs" / "downloads" / "probe.py")
probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe)
CLIENT_PAGES = [name for name in PAGES if name.startswith("c/")]


def _found(pattern: str, where: str = "") -> list[str]:
    return [place for place, paragraphs in PARAGRAPHS.items() if place.startswith(where)
            for p in paragraphs if re.search(pattern, p)]


def test_17_one_bound_for_both_tar_pits_and_the_probe_agrees():
    by_name = {p.name: p for p in ITEMS["set-tarpit-delay"].parameters}
    for name in ("tarpit_seconds", "tarpit_interval_seconds"):
        assert (by_name[name].minimum, by_name[name].maximum) == (1, 10), name   # TarpitTime was 1-60
    assert (probe.TARPIT_MIN, probe.TARPIT_MAX) == (1.0, 10.0)
    wrong = r"accepts 1 to 60|60-second maximum|Microsoft publishes no maximum\. This tool"
    assert re.search(wrong, "SBS 2003 (TarpitTime). Microsoft publishes no maximum. This tool accepts 1 to 60")
    assert _found(wrong) == []


def test_18_no_snippet_for_powershell_1_uses_a_powershell_2_construct():
    old = """$where = ($keys | ForEach-Object { "$_='" + $q.$_ + "'" }) -join ' AND '"""
    assert [f.construct.name for f in find_newer_constructs(old, "1.0")] == ["the -join operator"]
    oldest = {platform.id: platform.oldest_powershell for platform in CATALOG.platforms}
    assert oldest["sbs2003"] == oldest["sbs2008"] == "1.0"
    checked = 0
    for checklist in CATALOG.checklists:
        for item in checklist.items:
            for variant in item.variants:
                version = min((oldest[p] for p in variant.platforms), key=version_key)
                for snippet in variant.snippets:
                    if snippet.format in ("ps1", "ems"):
                        checked += version == "1.0"
                        for template in (snippet.template, snippet.absent_template):
                            assert find_newer_constructs(template, version) == [], snippet.hook
    assert checked >= 5
    steps = ITEMS["delete-queued-ndrs"].variants[0].steps
    assert "PowerShell 1.0 or later installed" in _one_line(steps)


def test_19_back_pressure_before_exchange_2016_does_not_watch_queue_length():
    wrong = r"large backlog also counts against \*\*back pressure|large enough backlog can also trigger"
    assert re.search(wrong, "From Exchange 2007 on, a large backlog also counts against **back pressure**, the")
    assert _found(wrong) == []
    page = _one_line(PAGES["kb/queue-alert.md"])
    assert "disk space, version buckets and memory" in page and "bb201658" in page


def test_20_a_5xx_refusal_is_not_retried():
    wrong = r"refuses the NDR, the message stays in the queue and is retried"
    assert re.search(wrong, "Where the forged sender's domain cannot be reached or refuses the NDR, the message stays "
                            "in the queue and is retried until it expires.")
    assert _found(wrong) == []
    retries = next(p for p in PARAGRAPHS["docs/kb/reverse-ndr.md"] if p.startswith("7. **Retries and expiry.**"))
    assert "`4xx`" in retries and "is not retried" in retries and "§4.2.1" in retries


def _postmaster_without_its_platform(paragraph: str) -> bool:
    # KB 909005: postmaster@ is SBS 2003's NDR sender; Exchange 2007 and later send NDRs with an empty sender.
    return "postmaster" in paragraph.lower() and "2003" not in paragraph


def test_21_client_pages_name_the_platform_where_bounces_come_from_postmaster():
    old = ("The way to tell the two apart is to look at who the waiting messages are from. In this attack they are "
           "bounce messages from your server's own \"postmaster\" address.")
    assert _postmaster_without_its_platform(old)
    found = [p[:100] for name in CLIENT_PAGES for p in _paragraphs(PAGES[name].split("## Sources")[0])
             if _postmaster_without_its_platform(p)]
    assert found == []
    assert "empty sender" in _one_line(PAGES["c/backscatter.md"])


def test_22_client_pages_do_not_claim_a_pause_was_added_where_it_was_already_on():
    wrong = r"(?i)we (have )?(also )?added a short pause|your server now waits|server now waits a few"
    for old in ("We have also added a short pause that makes it slow for spammers to guess your real addresses.",
                "To make guessing slow, your server now waits a few seconds before each answer."):
        assert re.search(wrong, old)
    assert _found(wrong, "docs/c/") == []
    changes = _one_line(PAGES["c/changes.md"])
    assert "On newer servers it is on from the start" in changes and "Small Business Server 2003" in changes


def _recipient_order(text: str) -> list[str]:
    return re.findall(r"RCPT TO:<([^>@]+)@", text)


def test_23_the_made_up_recipient_goes_last_everywhere_and_nothing_is_at_once():
    old = "RCPT TO:<no-such-user-4711@example.com>\nRCPT TO:<a-real-user@example.com>"
    assert _recipient_order(old)[0].startswith("no-such-user")
    item = ITEMS["test-unknown-recipient"]
    defaults = {parameter.name: parameter.default for parameter in item.parameters}
    # The by-hand session is a snippet of its own, filled with the client's values (issue 24).
    outside = "\n".join(item.fill(snippet, variant, defaults) for variant in item.variants
                         for snippet in variant.snippets if snippet.format == "smtp")
    assert _recipient_order("\n".join(variant.steps for variant in item.variants)) == []   # no fixed session
    for where, text in (("smtp-test", outside), ("smtp-codes", PAGES["kb/smtp-codes.md"])):
        order = _recipient_order(text)
        assert len(order) == 2 and order[1].startswith("no-such-user"), (where, order)
    wrong = r"second `RCPT TO`, at once|for the real address:\*\* `250 2\.1\.5 Recipient OK`, without delay"
    assert re.search(wrong, "- **`RCPT TO` for the real address:** `250 2.1.5 Recipient OK`, without delay.")
    assert _found(wrong) == []


def test_24_the_published_tarpit_interval_range_is_given():
    wrong = r"maximum value is \*\*not confirmed\*\*"
    assert re.search(wrong, "The maximum value is **not confirmed**: Microsoft's help gives none")
    assert _found(wrong) == []
    interval = next(p for p in ITEMS["set-tarpit-delay"].parameters if p.name == "tarpit_interval_seconds")
    assert "00:00:00 through 00:10:00" in _one_line(PAGES["kb/tar-pit.md"])
    assert "00:00:00 through 00:10:00" in interval.help and "5–10 seconds" in PAGES["kb/tar-pit.md"]


def test_25_recipient_filtering_is_anonymous_only_by_default_on_exchange_2007_and_later():
    wrong = r"On every version it applies to \*\*anonymous\*\*"
    assert re.search(wrong, "On every version it applies to **anonymous** SMTP sessions only: authenticated users")
    assert _found(wrong) == []
    paragraph = next(p for p in PARAGRAPHS["docs/kb/recipient-filtering.md"] if "InternalMailEnabled" in p)
    assert "by default" in paragraph and "$false" in paragraph and "Exchange 2003" in paragraph


def _reply(line: str) -> probe.Reply:
    return probe.Reply(int(line[:3]), [line], 0.1)


def test_26_only_4_3_1_is_back_pressure_and_a_backup_mx_is_not_the_clients_to_clear():
    too_many = probe._later(_reply("452 4.5.3 Too many recipients"), "known-recipient", False)
    assert "back pressure" not in too_many["message"] and "clear-backlog" not in too_many["message"]
    assert "no more recipients" in too_many["message"]
    for line in ("452 4.3.1 Insufficient system resources", "452 Insufficient system resources"):
        own = probe._later(_reply(line), "known-recipient", False)
        assert "back pressure" in own["message"] and "clear-backlog" in own["message"], line
        backup = probe._later(_reply(line), "known-recipient", True)
        assert "clear-backlog" not in backup["message"] and "operator" in backup["message"], line
    page = _one_line(PAGES["kb/smtp-codes.md"])
    assert "`452 4.5.3`" in page and "§4.5.3.1.10" in page


def test_27_the_probe_docstring_puts_vrfy_in_session_2():
    def vrfy_in_session_1(docstring: str) -> bool:
        flat = _one_line(docstring)
        return "VRFY" in flat[flat.index("session 1:"):flat.index("session 2:")]

    assert vrfy_in_session_1("host, session 1: the greeting, EHLO, VRFY of the known address; session 2: RCPT")
    assert not vrfy_in_session_1(probe.__doc__)
    flat = _one_line(probe.__doc__)
    assert "VRFY" in flat[flat.index("session 2:"):]


def test_28_the_clear_backlog_caveat_says_delay_notices_go_too():
    wrong = r"select every queued NDR,"
    assert re.search(wrong, "The filters select every queued NDR, including the few a real sender should receive.")
    assert _found(wrong) == []
    caveat = next(c for c in ITEMS["delete-queued-ndrs"].caveats if c.title == "Genuine NDRs are deleted too")
    assert "delay notices" in caveat.text


def test_16_with_nothing_recorded_no_revert_is_written_anywhere():
    reverts = [(item, variant, snippet) for checklist in CATALOG.checklists for item in checklist.items
               for variant in item.variants for snippet in variant.snippets if snippet.kind == "revert"]
    assert len(reverts) >= 8
    for item, variant, snippet in reverts:
        defaults = {p.name: p.default for p in item.parameters}
        assert item.fill(snippet, variant, defaults, {}) is None, snippet.hook
    page = _one_line(PAGES["kb/tar-pit.md"])
    assert page.index("reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters\" /v TarpitTime") \
        < page.index("reg add \"HKLM")
