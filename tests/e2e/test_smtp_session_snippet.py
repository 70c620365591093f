"""The by-hand SMTP session on the outside-test item in Chromium: its lines are a snippet of their own, in the tab
right after the telnet line that opens the session, filled with the client's mail domain and real mailbox."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pages import ChecklistPage

pytestmark = pytest.mark.e2e
ITEM = "test-unknown-recipient"
SESSION = f"{ITEM}/check/smtp"
PLATFORM = "sbs2011"


def open_session(page: Page) -> ChecklistPage:
    """The outside-test checklist for a client, with the SMTP session tab of the item open."""
    outside = ChecklistPage(page, "smtp-test").open_for_client("Contoso", "SBS 2011")
    tabs = outside.item(ITEM).locator(f'[data-variant~="{PLATFORM}"] .sbskb-formats > .tabbed-labels > label')
    expect(tabs).to_have_text(["reg.exe / cmd", "SMTP session (type each line)", "Shell (probe.py)"])
    tabs.nth(1).click()
    expect(outside.snippet(SESSION, PLATFORM)).to_be_visible()
    return outside


def test_the_session_lines_carry_the_clients_mailbox_and_domain(page: Page):
    outside = open_session(page)
    outside.field(ITEM, "mail_domain", PLATFORM).fill("contoso.com")
    outside.field(ITEM, "known_address", PLATFORM).fill("o'brien@contoso.com")
    session = outside.snippet(SESSION, PLATFORM)
    expect(session).to_contain_text("RCPT TO:<no-such-user-4711@contoso.com>")
    expect(session).to_contain_text("RCPT TO:<o'brien@contoso.com>")
    lines = session.text_content().split("\n")
    assert lines == ["EHLO test.example.org", "MAIL FROM:<test@example.org>", "RCPT TO:<o'brien@contoso.com>",
                     "RCPT TO:<no-such-user-4711@contoso.com>", "QUIT"]
    assert not [line for line in lines if line.startswith("RCPT") and "example.com" in line]


def test_a_mailbox_that_is_not_a_dot_string_is_quoted_as_smtp_requires(page: Page):
    outside = open_session(page)
    outside.field(ITEM, "known_address", PLATFORM).fill("a.@contoso.com")
    expect(outside.snippet(SESSION, PLATFORM)).to_contain_text('RCPT TO:<"a."@contoso.com>')
