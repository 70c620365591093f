"""The Mail logs page (docs/mail-logs.md): files dropped or chosen are read in the browser by the same analysis as
docs/downloads/mail_logs.py (browser/maillogs/, in a worker) and never leave it. The page's HTML, and the links from the
analyser's next checklists to this build's pages."""
from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from .model import Catalog
from .render import UNDO_BOX, page_data
from .site_links import SiteLinks

ANALYSER = Path(__file__).resolve().parents[1] / "docs" / "downloads" / "mail_logs.py"
# The checklists whose completion the chart marks, and around whose the NDR rate is compared: recipient filtering stops
# the NDRs, the tar pit slows the harvest that follows.
FIXES = ("recipient-filtering", "tarpit")


@cache
def analyser():
    """docs/downloads/mail_logs.py as a module: its verdicts and next checklists are the page's too."""
    spec = importlib.util.spec_from_file_location("mail_logs", ANALYSER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def next_checklist_links(links: SiteLinks) -> dict[str, dict[str, str]]:
    """Each next checklist the analyser names ("checklists/tarpit/", "checklists/triage/#rule-out-relay") -> its title
    and its URL from this page, right for the served site and the offline copy."""
    links_by_path = {}
    for path, title in analyser().CHECKLISTS.values():
        page, _, fragment = path.partition("#")
        url = links.script_url(page.rstrip("/") + ".md") + (f"#{fragment}" if fragment else "")
        links_by_path[path] = {"url": url, "title": title}
    return links_by_path


def fix_checklists(catalog: Catalog) -> list[dict]:
    """The checklists whose completion the chart marks (FIXES), each item with the ids it replaces (whose progress it
    takes over) and the platforms it applies to: the page data of the Mail logs page and of the report, which draws
    the same chart (browser/fix-marks.js)."""
    return [{"id": c.id, "title": c.short_title or c.title,
             "items": [{"id": item.id, "replaces": list(item.replaces),
                        "platforms": [p for v in item.variants for p in v.platforms]}
                       for item in c.items]}
            for c in catalog.checklists if c.id in FIXES]


def render_mail_logs_page(catalog: Catalog, links: SiteLinks) -> str:
    fixes = fix_checklists(catalog)
    return (
        '<div class="sbskb-maillogs" data-mail-logs>'
        '<div class="sbskb-maillogs-client">'
        '<label for="sbskb-log-client">Client</label> '
        '<select id="sbskb-log-client" data-client-select></select> '
        '<span data-log-kept></span>'
        "</div>"
        + UNDO_BOX +
        '<div class="sbskb-maillogs-drop" data-log-drop>'
        "<p>Drop log files here, or choose files or a whole folder. They are read in this browser: nothing is "
        "uploaded, and only the figures are kept, once you keep them for a client.</p>"
        '<p><label for="sbskb-log-files">Log files</label> '
        '<input id="sbskb-log-files" type="file" multiple data-log-files></p>'
        '<p><label for="sbskb-log-folder">Or a whole folder</label> '
        '<input id="sbskb-log-folder" type="file" multiple webkitdirectory data-log-folder></p>'
        '<p><label for="sbskb-log-paste">Or paste what <code>Get-Queue</code> or <code>Get-Message</code> printed'
        '</label><br><textarea id="sbskb-log-paste" rows="5" spellcheck="false" autocomplete="off" '
        'aria-describedby="sbskb-log-paste-help" data-log-paste></textarea><br>'
        '<span id="sbskb-log-paste-help" class="sbskb-help">What is queued now, read beside the files you choose, '
        'or alone: </span><button type="button" class="md-button" data-log-paste-read>Read the listing</button></p>'
        '<p><label for="sbskb-log-domain">The client\'s mail domain</label> '
        '<input id="sbskb-log-domain" type="text" maxlength="253" autocomplete="off" spellcheck="false" '
        'placeholder="contoso.com" aria-describedby="sbskb-log-domain-help" data-log-domain> '
        '<span id="sbskb-log-domain-help" class="sbskb-help">Optional: without it, the domain is taken from the '
        "logs, and the answer says how.</span></p>"
        "</div>"
        '<div class="sbskb-maillogs-progress" data-log-progress hidden>'
        '<progress max="1" value="0" aria-label="Reading the logs" aria-describedby="sbskb-log-progress-text" '
        'data-log-progress-bar></progress> '
        '<span id="sbskb-log-progress-text" data-log-progress-text></span> '
        '<button type="button" class="md-button" data-log-cancel>Cancel</button>'
        "</div>"
        '<p class="sbskb-storage" data-storage-status role="status" aria-live="polite"></p>'
        '<p class="sbskb-maillogs-status" data-log-status role="status" aria-live="polite"></p>'
        '<section class="sbskb-maillogs-result" data-log-result hidden aria-labelledby="sbskb-log-verdict-title">'
        '<div class="sbskb-maillogs-verdict" data-log-verdict></div>'
        # Focusable: on a narrow screen the chart scrolls sideways, by keyboard too (axe scrollable-region-focusable).
        '<figure class="sbskb-maillogs-chart" tabindex="0" aria-label="Chart of NDRs and refused addresses over time" '
        'data-log-chart></figure>'
        '<div class="sbskb-maillogs-evidence" data-log-evidence></div>'
        '<p><button type="button" class="md-button md-button--primary" data-log-keep>Keep for this client</button> '
        '<button type="button" class="md-button" data-log-csv>Download the figures (CSV)</button></p>'
        "</section>"
        + page_data({"next": next_checklist_links(links), "fixes": fixes}) +
        "</div>"
    )
