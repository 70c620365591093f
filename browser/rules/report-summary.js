// @ts-check
/* The report's summary, what a client's office manager reads first: whose server, which platform, how far the work
 * is, when, by whom. macros/report.py `summary_rows`, `settled_percent` and `technician_name` are the Python half;
 * tests/vectors/rules/report-summary.json, report-percent.json and technician-name.json hold both halves alike. */
import { pageVocabulary } from "../vocabulary.js";

/** One summary line: [label, the dd's data-summary hook, text]. @typedef {[string, string, string]} SummaryRow */

/**
 * Settled items of all as a whole percent, rounded down: 30 of 31 is 96 %, never a 100 % that is not done.
 * @param {number} settled @param {number} total
 * @returns {number}
 */
export function settledPercent(settled, total) {
  return total ? Math.floor((settled * 100) / total) : 0;
}

/**
 * The technician's name as the summary prints it: runs of spaces, tabs and line breaks made one space, at most the
 * vocabulary's limit. Only ASCII white space is folded: JavaScript's and Python's own notions of it differ.
 * @param {string} text as typed
 * @returns {string}
 */
export function technicianName(text) {
  return text.slice(0, pageVocabulary().limits.technician).split(/[ \t\n\r\f\v]+/).filter(Boolean).join(" ");
}

/**
 * The summary's lines: client, platform, settled items of all with their percent, the report's date, technician.
 * @param {string} client the client's name
 * @param {string} platform the platform's full name, "" when the client has none set
 * @param {number} settled items done or not applicable @param {number} total items of every checklist
 * @param {string} date the report's date, YYYY-MM-DD
 * @param {string} technician the name as typed
 * @returns {SummaryRow[]}
 */
export function summaryRows(client, platform, settled, total, date, technician) {
  return [
    ["Client", "client", client],
    ["Platform", "platform", platform || "not set"],
    ["Progress", "progress", `${settled} of ${total} items settled (${settledPercent(settled, total)} %)`],
    ["Report date", "date", date],
    ["Technician", "technician", technicianName(technician) || "not given"],
  ];
}
