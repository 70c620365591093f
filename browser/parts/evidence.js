// @ts-check
/* The part that shows what tools proved for the client on a checklist page, loaded the first time there is any: an
 * item's outside-test evidence (when the last probe run was and of which domain, its verdict per host, then, filled
 * by checklist-items.js, the whole imported record), and the mail-log summary kept on the Mail logs page, on the item
 * it belongs to (macros/render.py MAIL_LOGS_ITEM). Both are text from files: they reach the page through textContent
 * only. */
import { shownMinute } from "../entries.js";
import { handOver } from "../part-link.js";
import { lastOutsideTest } from "../rules/outside-test.js";

/**
 * The last run's summary in an item's [data-evidence] block; hidden when no paragraph is a probe run.
 * @param {HTMLElement} block @param {string} evidence
 */
function showEvidence(block, evidence) {
  const when = /** @type {HTMLElement} */ (block.querySelector("[data-evidence-when]"));
  const hosts = /** @type {HTMLElement} */ (block.querySelector("[data-evidence-hosts]"));
  const test = lastOutsideTest(evidence);
  when.hidden = hosts.hidden = !test;
  when.textContent = test ? `Last run ${shownMinute(test.started)}, of ${test.domain}, per host:` : "";
  hosts.replaceChildren(...(test ? test.hosts : []).map((host) => {
    const line = document.createElement("li");
    line.dataset.verdict = host.verdict;
    const verdict = document.createElement("strong");
    verdict.textContent = host.verdict.toUpperCase();
    line.append(verdict, ` ${host.host} (${host.address})`);
    return line;
  }));
}

/** The kept mail-log summary: its verdict, when the logs were analysed and what they covered, and the rule that
    chose the verdict; hidden while none is kept. @param {HTMLElement} block [data-mail-logs-kept]
    @param {any} stored the client state's "mailLogs": {value, changed}, its value a summary (checked when it was kept
    or imported: mail-log-summary.js) or null */
function showMailLogs(block, stored) {
  const kept = stored?.value ?? null;
  block.hidden = !kept;
  /** @type {HTMLElement} */ (block.querySelector("[data-mail-logs-kept-text]")).textContent = kept
    ? `${kept.verdict}, analysed ${shownMinute(kept.analysed)} (` +
      (kept.first_hour ? `logs from ${kept.first_hour}:00 to ${kept.last_hour}:59 UTC, ` : "no dated lines, ") +
      `${kept.ndr_generated} NDRs generated): ${kept.rule}`
    : "";
}

handOver({ showEvidence, showMailLogs });
