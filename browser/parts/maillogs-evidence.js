// @ts-check
/* The part that shows the evidence of a new mail-log analysis under its chart, loaded with the first answer: what a
 * Get-Queue / Get-Message listing shows is queued now, the figures, the domains the NDRs went to, example lines,
 * each file with its rejected lines, and what rests on an unconfirmed meaning. Text from a log or a listing is set as
 * text, never markup. */
import { handOver } from "../part-link.js";

/** @param {number} value */
const count = (value) => value.toLocaleString("en");

/** A new element with its text (as text), appended to `parent`.
    @template {keyof HTMLElementTagNameMap} K
    @param {K} tag @param {string | null} text @param {HTMLElement} parent @returns {HTMLElementTagNameMap[K]} */
function element(tag, text, parent) {
  const node = document.createElement(tag);
  if (text !== null) node.textContent = text;
  parent.appendChild(node);
  return node;
}

/** A list of example lines: "file:line: text". @param {HTMLElement} parent @param {string} label @param {any[]} lines */
function examples(parent, label, lines) {
  if (!lines || !lines.length) return;
  element("p", label, parent);
  const list = element("ul", null, parent);
  for (const line of lines) element("code", `${line.file}:${line.line}: ${line.text}`, element("li", null, list));
}

/** The evidence under the chart: with no mail log read (a listing alone, or files it could not read), the listing's
    figures and the files only, as mail_logs.py prints them, never a log's figures of zero beside "no verdict".
    @param {HTMLElement} box @param {any} result @param {boolean} logsRead */
function showEvidence(box, result, logsRead) {
  box.textContent = "";
  if (result.queues_now) showQueues(box, result.queues_now);
  element("h3", logsRead ? "Evidence" : "Files", box);
  if (logsRead) showLogFigures(box, result);
  const files = element("ul", null, box);
  for (const file of result.files) {
    const item = element("li", file.skipped ? `${file.name}: skipped: ${file.skipped}`
      : `${file.name}: ${file.format}, ${count(file.records)} records, ${count(file.rejected_total)} rejected`, files);
    if (!file.rejected.length) continue;
    const rejected = element("ul", null, item);
    for (const line of file.rejected) element("li", `line ${line.line}: ${line.why}`, rejected);
    if (file.rejected_total > file.rejected.length) element("li", `and ${count(file.rejected_total - file.rejected.length)} more`, rejected);
  }
  if (result.unconfirmed.length) {
    element("p", "Rests on meanings no primary source confirms:", box);
    const list = element("ul", null, box);
    for (const text of result.unconfirmed) element("li", text, list);
  }
}

/** What the logs read show: the figures, the domains the NDRs went to and example lines.
    @param {HTMLElement} box @param {any} result */
function showLogFigures(box, result) {
  const facts = element("ul", null, box);
  const fact = (/** @type {string} */ text) => element("li", text, facts);
  fact(`NDRs the server generated: ${count(result.ndr_generated)} in ${count(result.messages_total)} messages; ` +
       `${count(result.ndr_generated_recent)} in the last ${result.recent_hours.length} hours` +
       (result.ndr_peak.count ? `; at the peak ${count(result.ndr_peak.count)} in the hour ${result.ndr_peak.hour}.` : "."));
  if (result.outbound_messages) {
    fact(`Of ${count(result.outbound_messages)} messages sent out, ${count(result.outbound_ndrs)} were NDRs ` +
         `(${Math.round((100 * result.outbound_ndrs) / result.outbound_messages)} %); NDRs made earlier and sent, ` +
         `deferred or expired in the last hours: ${count(result.ndrs_sent_or_retried_recent)}.`);
  }
  fact(`Local addresses refused or unknown: ${count(result.refused_or_unknown_recipients_distinct)} distinct.`);
  const tarpit = result.tarpit;
  fact(tarpit.measured ? `Tar pit, measured from RCPT TO to its 550: median ${tarpit.seconds_median} s (from ` +
                         `${tarpit.seconds_min} to ${tarpit.seconds_max} s, ${count(tarpit.refusals)} refusals).`
    : `Tar pit: ${tarpit.why}.`);
  for (const account of result.compromised_accounts) {
    fact(`Compromised account? ${account.sender} wrote to ${count(account.outside_recipients)} outside addresses ` +
         `in the hour ${account.hour} UTC.`);
  }
  if (result.open_relay.messages) fact(`Open relay: ${count(result.open_relay.messages)} messages accepted for outside addresses.`);
  if (result.top_ndr_target_domains.length) {
    element("p", "The domains the NDRs went to:", box);
    const table = element("table", null, box);
    const head = element("tr", null, element("thead", null, table));
    element("th", "Domain", head).scope = "col";
    element("th", "NDRs", head).scope = "col";
    const body = element("tbody", null, table);
    for (const target of result.top_ndr_target_domains) {
      const row = element("tr", null, body);
      element("td", target.domain, row);
      element("td", count(target.count), row);
    }
  }
  examples(box, "NDRs generated, for example:", result.examples.ndr);
  examples(box, "NDRs made earlier, sent or retried, for example:", result.examples["ndr-sent"]);
  examples(box, "Addresses refused or unknown, for example:", result.examples.refused);
  examples(box, "Mail relayed, for example:", result.open_relay.examples);
}

/** What a Get-Queue / Get-Message listing shows is queued now: a snapshot beside the verdict, never part of it.
    @param {HTMLElement} box @param {any} queues */
function showQueues(box, queues) {
  const part = element("div", null, box);
  part.dataset.logQueues = "";
  element("h3", "Queued now (from the listing)", part);
  const facts = element("ul", null, part);
  element("li", `${count(queues.queues)} queue(s) hold ${count(queues.messages)} messages; ` +
          `${count(queues.outside_queues)} queue(s) to outside hosts hold ${count(queues.outside_messages)}, ` +
          `${count(queues.outside_retry_queues)} of them in Retry.`, facts);
  if (queues.largest_outside.length) {
    element("li", "Largest to outside: " + queues.largest_outside.map((/** @type {any} */ q) =>
      `${q.next_hop_domain || "(no next hop)"} ${count(q.messages)} (${q.status || "no status"})`).join(", ") + ".", facts);
  }
  if (queues.messages_listed) {
    element("li", `Messages listed: ${count(queues.messages_listed)}, of which delivery status notifications ` +
            `(DSN: NDRs and delay notices): ${count(queues.dsn_listed)}` + (queues.source_unknown
      ? `; ${count(queues.source_unknown)} listed without their MessageSourceName, so whether they are NDRs the ` +
        "listing does not say." : "."), facts);
  }
  if (queues.dsn_queues.length) {
    element("li", "DSNs by queue: " + queues.dsn_queues.map((/** @type {any} */ q) =>
      `${q.queue}${q.next_hop_domain ? ` (${q.next_hop_domain})` : ""} ${count(q.count)}`).join(", ") + ".", facts);
  }
}

handOver({ showEvidence });
