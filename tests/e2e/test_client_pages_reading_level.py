"""Client pages a client can read: each page under docs/c/ scores Flesch-Kincaid grade 7.5 or lower on its body
text, as the built page shows it: the article without its headings, its Sources section, code or controls.

Measured with textstat 0.7.8, pinned: later releases download a pronouncing dictionary at run time."""
from __future__ import annotations

import pytest
import textstat
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e
GRADE_MAX = 7.5
CLIENT_PAGES = ["/c/backscatter/", "/c/changes/", "/c/harvest/"]

# The article's body text, one block a line: headings, code, buttons and everything from the "Sources" heading on
# are left out (a client reads the explanation; the sources are for whoever checks it).
BODY_TEXT = """() => {
  const article = document.querySelector("article").cloneNode(true);
  const sources = [...article.querySelectorAll("h2")].find(h => h.textContent.trim().startsWith("Sources"));
  if (sources) {
    while (sources.nextSibling) sources.nextSibling.remove();
    sources.remove();
  }
  article.querySelectorAll("h1, h2, h3, h4, h5, h6, pre, code, button, [role=status], .headerlink")
    .forEach(node => node.remove());
  const blocks = [...article.querySelectorAll("p, li, td")].filter(node => !node.querySelector("p, li, td"));
  return blocks.map(node => node.textContent.replace(/\\s+/g, " ").trim()).filter(Boolean).join("\\n");
}"""


def body_text(page: Page, path: str) -> str:
    page.goto(path)
    return page.evaluate(BODY_TEXT)


@pytest.mark.parametrize("path", CLIENT_PAGES)
def test_a_client_page_reads_at_grade_7_5_or_lower(page: Page, path: str):
    text = body_text(page, path)
    assert len(text.split()) > 200, "too little text measured: the extraction missed the article"
    assert "Sources" not in text.splitlines()[-1] and "rfc-editor.org" not in text
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= GRADE_MAX, f"{path} reads at grade {grade:.1f}"


def test_the_measure_tells_hard_text_from_plain_text():
    hard = ("Administrators occasionally misinterpret comprehensive configuration documentation, consequently "
            "implementing inappropriate modifications affecting organisational communication infrastructure.")
    plain = "The spam came to your server. It sent a bounce back. We fixed that. Now it says no at once."
    assert textstat.flesch_kincaid_grade(hard) > GRADE_MAX >= textstat.flesch_kincaid_grade(plain)
