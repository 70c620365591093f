// @ts-check
/* The part that puts a client's kept mail-log summary in the report, loaded only for a client that has one: the
 * verdict and its rule, the NDR rate a day before and after each fix done for the client, and the chart (the Mail logs
 * page's, maillogs-chart.js), marked where the fixes went in. Printable: the chart is an SVG with its own colours. */
import { ratesAround } from "../fix-marks.js";
import { drawChart } from "../maillogs-chart.js";
import { handOver } from "../part-link.js";

/** @typedef {import("../fix-marks.js").Mark} Mark */

/** @param {HTMLElement} box @param {any} kept the summary (mail-log-summary.js) @param {Mark[]} marks
    @param {(text: string) => string} shownMinute */
function showMailLogs(box, kept, marks, shownMinute) {
  /** @template {keyof HTMLElementTagNameMap} K @param {K} tag @param {string} text */
  const add = (tag, text) => {
    const node = document.createElement(tag);
    node.textContent = text;
    box.appendChild(node);
    return node;
  };
  box.textContent = "";
  add("h3", `Mail logs: ${kept.verdict}`);
  add("p", `Logs from ${kept.first_hour || "?"}:00 to ${kept.last_hour || "?"}:59 UTC, analysed ` +
           `${shownMinute(kept.analysed)}: ${kept.rule}`).dataset.reportMailLogsRule = "";
  for (const mark of marks) {
    const rates = ratesAround(kept, mark.at);
    if (rates) {
      add("p", `NDRs generated: ${Math.round(rates.before).toLocaleString("en")} a day before “${mark.label}” ` +
               `(${shownMinute(mark.at)}) → ${Math.round(rates.after).toLocaleString("en")} a day after.`)
        .dataset.logRates = "";
    }
  }
  // A div, not a figure: Material centres a figure at its content's width, and the chart takes the page's.
  drawChart(/** @type {HTMLElement} */ (box.appendChild(document.createElement("div"))), kept, marks);
}

handOver({ showMailLogs });
