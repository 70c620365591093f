// @ts-check
/* The part that shows an item's outside-test evidence on a checklist page, loaded the first time an item has any:
 * when the last probe run was and of which domain, its verdict per host, then (filled by checklist-items.js) the
 * whole imported record. Evidence is text from a file: it reaches the page through textContent only. */
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

handOver({ showEvidence });
