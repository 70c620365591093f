// @ts-check
/* The answer of a mail-log analysis, first: the verdict with the rule that chose it and the checklist that comes next;
 * then the evidence (figures, the NDRs' domains, example lines, rejected lines and skipped files). Text from a log is
 * set as text, never markup (dom.js element). */
import { element } from "./dom.js";
import { ratesAround } from "./fix-marks.js";

/** @param {number} value */
const count = (value) => value.toLocaleString("en");

/** The verdict block. @param {HTMLElement} box @param {any} result
    @param {Record<string, { url: string, title: string }>} links */
export function showVerdict(box, result, links) {
  box.textContent = "";
  box.dataset.verdict = result.verdict;
  const title = element("h2", `Verdict: ${result.verdict}`, box);
  title.id = "sbskb-log-verdict-title";
  element("p", result.rule, box).dataset.logRule = "";
  const next = element("p", "Next: ", box);
  const target = links[result.next_checklist.path];
  // A checklist this build does not have (a summary from a newer release's file) is named, not linked.
  if (target) element("a", result.next_checklist.title, next).href = target.url;
  else next.append(result.next_checklist.title);
  const read = result.files.filter((/** @type {any} */ file) => !file.skipped);
  const records = read.reduce((/** @type {number} */ sum, /** @type {any} */ file) => sum + file.records, 0);
  element("p", `${read.length} of ${result.files.length} file(s) read, ${count(records)} records` +
          (result.first_hour ? `, ${result.first_hour}:00 to ${result.last_hour}:59 UTC` : "") +
          `; the client's domain: ${result.domains.local.join(", ") || "unknown"} (${result.domains.how}).`, box);
}

/** A list of example lines: "file:line: text". @param {HTMLElement} parent @param {string} label @param {any[]} lines */
function examples(parent, label, lines) {
  if (!lines || !lines.length) return;
  element("p", label, parent);
  const list = element("ul", null, parent);
  for (const line of lines) element("code", `${line.file}:${line.line}: ${line.text}`, element("li", null, list));
}

/** The evidence under the chart. @param {HTMLElement} box @param {any} result */
export function showEvidence(box, result) {
  box.textContent = "";
  element("h3", "Evidence", box);
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

/** Under the verdict, for each fix done for this client within the logs' hours: the NDR rate before and after it.
    @param {HTMLElement} box @param {any} result @param {import("./fix-marks.js").Mark[]} marks */
export function showRates(box, result, marks) {
  for (const mark of marks) {
    const rates = ratesAround(result, mark.at);
    if (!rates) continue;
    const line = element("p", `NDRs generated: ${count(Math.round(rates.before))} a day before ` +
                         `“${mark.label}” (${mark.at.slice(0, 16).replace("T", " ")} UTC) → ` +
                         `${count(Math.round(rates.after))} a day after.`, box);
    line.dataset.logRates = "";
  }
}
