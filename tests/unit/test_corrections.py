"""Corrections found by reading every checklist and page against Microsoft's own documents
(../shared/facts/corrections.md). Each rule fails if the wrong form comes back on any page or in any snippet, and
checks that the right form is on its page with its source."""
from __future__ import annotations

import re

import pytest

from macros import templating
from macros.loader import load_catalog
from support import ROOT, VECTORS

CATALOG = load_catalog(ROOT)
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
        yield from (templating.render(snippet.template, defaults) for snippet in variant.snippets)
    yield from (caveat.title + " " + caveat.text for caveat in item.caveats)
    yield from (parameter.label + " " + parameter.help for parameter in item.parameters)
    yield from (reference.title for reference in item.references)


# Where a text can be read: "docs/<page>" for pages, "<checklist>/<item>" for checklist items.
TEXTS = {f"docs/{name}": text for name, text in PAGES.items()} | {
    f"{checklist.id}/{item.id}": "\n".join(_item_texts(item))
    for checklist in CATALOG.checklists for item in checklist.items}
ALL_TEXT = "\n".join(TEXTS.values())


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# (wrong form as a regular expression over text with its line breaks folded, what is right instead)
WRONG_FORMS = [
    (r"Get-ReceiveConnector \| Set-ReceiveConnector",
     "set TarpitInterval on the one connector named with -Identity (corrections §3)"),
    (r"Format-Table [A-Za-z, ]*TarpitInterval",
     "list connectors with Format-List: Format-Table drops columns that do not fit the console"),
    (r"Directory Based Edge Blocking, on when the accepted domain is Authoritative",
     "EOP: Authoritative only after every valid recipient exists in EOP (corrections §1)"),
    (r"enabled by setting the accepted domain to \*\*Authoritative\*\*",
     "EOP: Authoritative only after every valid recipient exists in EOP (corrections §1)"),
    (r"Exchange 2003 logs event 756",
     "event 756 is Exchange 2000's, and only with diagnostic logging at its maximum (KB 817425)"),
    (r"Nothing was deleted except bounce messages your server had generated itself for the spam",
     "removing queued DSNs removes genuine NDRs and delay notices too (corrections §7)"),
    (r"lists Exchange 2010 and later only|Exchange 2010 and later:\*\* `Set-RemoteDomain -NDREnabled",
     "NDREnabled exists on Exchange 2007's Set-RemoteDomain (corrections §8)"),
    (r"`?RecipientValidationEnabled`? is `?False`? by default",
     "False is Exchange's default; whether SBS setup changes it is unconfirmed: read it (corrections §9)"),
    (r"Windows Server 2003 SMTP (defaults: )?retries at 15",
     "15/30/60/240 minutes are IIS SMTP's defaults; Exchange 2003 shows its own on the Delivery tab (corrections §10)"),
    (r"Back pressure \(Exchange 2016/2019\)|On Exchange 2016/2019 a large enough backlog",
     "back pressure exists from Exchange 2007 on; the quoted thresholds are 2016/2019's (corrections §11)"),
    (r"wait up to 5 minutes|has clients wait 5 minutes",
     "RFC 5321 §4.5.3.2: at least 5 minutes, a minimum (corrections §12)"),
    (r"Warn when a queue holds more than",
     "the 250 of Exchange 2010's guidance is for the _total instance, all queues together (corrections §13)"),
    (r"Whether the PowerShell version on SBS 2008 includes `Get-Counter` was not verified",
     "Get-Counter is PowerShell 2.0; SBS 2008 (PowerShell 1.0) uses typeperf (corrections §5)"),
]


@pytest.mark.parametrize("pattern, right", WRONG_FORMS, ids=[right[:60] for _, right in WRONG_FORMS])
def test_wrong_form_is_on_no_page_and_in_no_snippet(pattern, right):
    found = [where for where, text in TEXTS.items() if re.search(pattern, _one_line(text))]
    assert found == [], f"{found}: {right}"


def test_every_wrong_form_would_be_found_where_it_once_was():
    # The rules above read the texts as they are assembled here: each pattern matches the sentence it forbids.
    once = [
        "Get-ReceiveConnector | Set-ReceiveConnector -TarpitInterval '00:00:05'",
        "Get-ReceiveConnector | Format-Table Identity, Bindings, TarpitInterval -AutoSize",
        "Online Protection that is Directory Based Edge Blocking, on when the accepted domain is Authoritative.",
        "It is enabled by setting the\n      accepted domain to **Authoritative** (Internal relay disables it)",
        "Exchange 2003 logs event 756 for each such NDR",
        "- Nothing was deleted except bounce messages your server had generated itself for the spam.",
        "Microsoft's current page for `Set-RemoteDomain -NDREnabled` lists Exchange\n 2010 and later only.",
        "`RecipientValidationEnabled` is `False` by default.",
        "Windows Server 2003 SMTP defaults: retries at 15, 30 and 60 minutes",
        "## Back pressure (Exchange 2016/2019)",
        "RFC 5321 lets a sending server wait up to 5 minutes for a reply to RCPT",
        "label: Warn when a queue holds more than this many messages",
        "Whether the PowerShell version on SBS 2008 includes `Get-Counter` was not verified",
    ]
    for (pattern, right), text in zip(WRONG_FORMS, once, strict=True):
        assert re.search(pattern, _one_line(text)), right


def _parameters_feeding(setting: str):
    return {placeholder.name: parameter
            for checklist in CATALOG.checklists for item in checklist.items
            for snippet in item.snippets if setting in snippet.template
            for placeholder in templating.placeholders(snippet.template)
            for parameter in item.parameters if parameter.name == placeholder.name}


def test_a_tarpit_interval_over_10_seconds_is_unreachable_through_any_field():
    feeding = _parameters_feeding("-TarpitInterval '{{")
    assert "tarpit_interval_seconds" in feeding
    for name, parameter in feeding.items():
        if parameter.type == "integer":
            assert parameter.maximum <= 10, name
    # and the SBS 2003 TarpitTime value never reaches a TarpitInterval
    assert "tarpit_seconds" not in feeding


def test_the_tarpit_interval_range_says_where_it_comes_from():
    item = CATALOG.checklist("tarpit").items[1]
    interval = next(p for p in item.parameters if p.name == "tarpit_interval_seconds")
    assert (interval.minimum, interval.maximum, interval.default) == (1, 10, 5)
    assert "more than a few seconds can cause timeouts and mail flow issues" in interval.help
    assert "tar pit page" in interval.help
    assert "5–10 seconds" in PAGES["kb/tar-pit.md"] and "accepts 1 to 10 seconds" in PAGES["kb/tar-pit.md"]


def test_the_exchange_tar_pit_names_one_connector_and_its_revert_sets_that_one_back():
    item = CATALOG.checklist("tarpit").items[1]
    for variant in item.variants:
        if variant.platforms == ("sbs2003",):
            continue
        by_kind = {snippet.kind: snippet.template for snippet in variant.snippets}
        assert by_kind["check"].startswith("Get-ReceiveConnector | Format-List Identity, Bindings")
        for kind in ("apply", "revert"):
            assert by_kind[kind].startswith("Set-ReceiveConnector -Identity {{ receive_connector | ps_quote }} ")
        assert "AnonymousUsers" in variant.steps and "Bindings" in variant.steps
        assert ("Default Frontend" in variant.steps) == ("exchange2013-se" in variant.platforms)


def test_eop_says_recipients_first_with_its_source():
    for where, text in TEXTS.items():
        flat = _one_line(text)
        if "Directory Based Edge Blocking" in flat and "Authoritative" in flat:
            assert re.search(r"(every|all of your) valid recipients?", flat), where
            assert "Internal relay" in flat, where
    dbeb = "https://learn.microsoft.com/exchange/mail-flow-best-practices/use-directory-based-edge-blocking"
    assert dbeb in PAGES["kb/recipient-filtering.md"]
    assert dbeb in {r.url for r in CATALOG.checklist("recipient-filtering").items[1].references}


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


def test_event_756_comes_with_its_condition():
    for where, text in TEXTS.items():
        if "event 756" in text.lower() or "event id 756" in text.lower():
            assert "maximum" in text, where


def test_client_page_says_genuine_notices_may_have_been_deleted():
    page = _one_line(PAGES["c/changes.md"])
    assert "genuine notices" in page and "MessageSourceName" in page


def test_ndr_enabled_cites_the_exchange_2007_page():
    references = [r for r in CATALOG.checklist("ndr-settings").items[0].references]
    assert any(r.url.endswith("aa997857(v=exchg.80)") for r in references)


def test_retry_schedule_is_told_where_to_read_on_exchange_2003():
    for where, text in TEXTS.items():
        flat = _one_line(text)
        if re.search(r"15, 30 and 60 minutes", flat):
            assert "**Delivery** tab" in flat, where


def test_back_pressure_is_from_exchange_2007_with_2016_2019_thresholds():
    page = _one_line(PAGES["kb/queue-alert.md"])
    assert "## Back pressure (Exchange 2007 and later)" in page
    assert "Microsoft publishes for Exchange 2016 and 2019" in page


def test_rfc_5321_timeout_is_a_minimum_everywhere():
    for where, text in TEXTS.items():
        flat = _one_line(text)
        for match in re.finditer(r"5 minutes", flat):
            nearby = flat[max(0, match.start() - 80):match.end() + 40]
            if "RCPT" in nearby or "RFC 5321" in nearby:
                assert "at least" in nearby, (where, nearby)


def test_the_250_queue_figure_is_for_all_queues_together():
    item = next(i for c in CATALOG.checklists for i in c.items if i.id == "run-queue-threshold-check")
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
    rf = CATALOG.checklist("recipient-filtering")
    backup = next(i for i in rf.items if i.id == "check-backup-mx")
    text = _one_line("\n".join(_item_texts(backup)))
    assert "every" in text.lower() and "recipient validation" in text and "removing the backup MX record" in text
    urls = {r.url for r in backup.references}
    assert "https://www.postfix.org/postconf.5.html#relay_recipient_maps" in urls
    assert "https://www.postfix.org/STANDARD_CONFIGURATION_README.html#backup" in urls
    outside = _one_line("\n".join(_item_texts(CATALOG.checklist("smtp-test").items[0])))
    assert "**every** host in the domain's MX records" in outside and "recipient-filtering.md#check-backup-mx" in outside


def test_every_text_parameter_pattern_has_shared_vectors():
    # Python and the browser must read each pattern alike; the shared vectors prove it per pattern.
    patterns = {v["parameter"].get("pattern") for v in VECTORS["validate"]}
    for checklist in CATALOG.checklists:
        for item in checklist.items:
            for parameter in item.parameters:
                if parameter.type == "text":
                    assert parameter.pattern in patterns, parameter.name
