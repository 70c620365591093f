// @ts-check
/* The figures of a mail-log analysis as a CSV to keep or hand on: per hour, the NDRs' domains, the example lines, what
 * is queued now (a pasted listing) and the rejected lines. Every cell through csvCell (csv-cell.js): a log's text
 * never becomes a formula. */
import { download } from "./dom.js";
import { csvText } from "./csv-cell.js";

/** @param {any} result @returns {(string | number)[][]} */
export function csvRows(result) {
  /** @type {(string | number)[][]} */
  const rows = [["section", "key", "value", "more"]];
  rows.push(["verdict", result.verdict, result.rule, result.next_checklist.title]);
  const hours = new Set([...Object.keys(result.ndr_per_hour), ...Object.keys(result.refused_or_unknown_per_hour)]);
  for (const hour of [...hours].sort()) {
    rows.push(["hour (UTC)", hour, result.ndr_per_hour[hour] || 0, result.refused_or_unknown_per_hour[hour] || 0]);
  }
  for (const target of result.top_ndr_target_domains) rows.push(["NDRs to domain", target.domain, target.count, ""]);
  for (const [finding, lines] of Object.entries(result.examples)) {
    for (const line of /** @type {any[]} */ (lines)) rows.push([`example: ${finding}`, `${line.file}:${line.line}`, line.text, ""]);
  }
  const queues = result.queues_now;   // what a pasted Get-Queue / Get-Message listing shows is queued now
  if (queues) {
    rows.push(["queued now", "queues, messages", queues.queues, queues.messages]);
    rows.push(["queued now", "queues to outside hosts, messages", queues.outside_queues, queues.outside_messages]);
    for (const queue of queues.largest_outside) {
      rows.push(["queued to outside", queue.next_hop_domain, queue.messages, queue.status]);
    }
    rows.push(["queued now", "DSNs listed, messages listed", queues.dsn_listed, queues.messages_listed]);
  }
  for (const file of result.files) {
    rows.push(["file", file.name, file.skipped ? `skipped: ${file.skipped}` : file.format, file.records]);
    for (const line of file.rejected) rows.push(["rejected line", `${file.name}:${line.line}`, line.why, ""]);
  }
  return rows;
}

/** Offer the CSV as a download. @param {any} result */
export function downloadCsv(result) {
  download(csvText(csvRows(result)), `mail-logs-${(result.first_hour || "empty").replace(":", "")}.csv`, "text/csv");
}
