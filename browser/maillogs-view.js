// @ts-check
/* The answer of a mail-log analysis, first: the verdict with the rule that chose it and the checklist that comes next,
 * and the NDR rate around each fix. (The evidence under the chart is parts/maillogs-evidence.js.) Text from a log is
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
