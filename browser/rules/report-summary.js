// @ts-check
/* The report's summary, what a client's office manager reads first: whose server, which platform, how far the work
 * is, when, by whom, and the time zone its times are in. macros/report.py `summary_rows`, `settled_percent` and `technician_name` are the Python half;
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

/** A zone offset in minutes east of UTC as "UTC+01:00". @param {number} minutes */
function zoneName(minutes) {
  const two = (/** @type {number} */ n) => String(n).padStart(2, "0");
  const whole = Math.abs(minutes);
  return `UTC${minutes < 0 ? "-" : "+"}${two(Math.floor(whole / 60))}:${two(whole % 60)}`;
}

/**
 * The summary's lines: client, platform, settled items of all with their percent, the report's date, the zone its
 * times are in, technician. The report shows each time at its own moment's offset of the local zone, so a zone with
 * summer time can give two: both are named.
 * @param {string} client the client's name
 * @param {string} platform the platform's full name, "" when the client has none set
 * @param {number} settled items done or not applicable @param {number} total items of every checklist
 * @param {string} date the report's date, YYYY-MM-DD
 * @param {string} technician the name as typed
 * @param {number[]} offsets the zone offsets of the times shown, in whole minutes east of UTC
 * @returns {SummaryRow[]}
 */
export function summaryRows(client, platform, settled, total, date, technician, offsets) {
  const zones = [...new Set(offsets)].sort((a, b) => a - b).map(zoneName);
  const times = zones.length > 1 ? ` (${zones.join(" or ")}, by date)` : zones.length ? ` (${zones[0]})` : "";
  return [
    ["Client", "client", client],
    ["Platform", "platform", platform || "not set"],
    ["Progress", "progress", `${settled} of ${total} items settled (${settledPercent(settled, total)} %)`],
    ["Report date", "date", date],
    ["Times", "times", `local time${times}`],
    ["Technician", "technician", technicianName(technician) || "not given"],
  ];
}
