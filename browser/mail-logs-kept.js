// @ts-check
/* A client's kept mail-log summary, for the Mail logs page: keep the summary of an analysis for a client, remove it,
 * read it. `summaryOf` turns the analyser's result (docs/schemas/mail-logs-v1.schema.json) into the summary export
 * version 4 carries ("mailLogs", docs/schemas/progress-v4.schema.json): the figures only, never a line of the logs.
 * It is kept in the client's state ("client.<id>") as {value, changed, by}, so the newer change wins a merge, a removal
 * (value null) too; a summary replaced or removed can be put back with the Undo of a Replace or Delete (undo.js). */
import { changeStamp } from "./change-stamp.js";
import * as clients from "./clients.js";
import { storedMailLogs, summaryProblems } from "./mail-log-summary.js";
import * as store from "./storage.js";

export { summaryOf } from "./mail-log-summary.js";

/** @typedef {import("./types.js").Client} Client */
/** @typedef {import("./types.js").MailLogSummary} MailLogSummary */

/** The summary kept for a client, or null when none is. @param {string | Client} client its id, or the client as
    clients.js `list` gives it @returns {MailLogSummary | null} */
export function keptMailLogs(client) {
  return storedMailLogs(clients.state(typeof client === "string" ? client : client.id))?.value ?? null;
}

/** Store `value` (a summary, or null) as the client's kept one, changed now, with an Undo when it replaces or
    removes one. Resolves false when the client is not stored here or the browser refused the write (the status line
    says why), true once stored. @param {string} clientId @param {MailLogSummary | null} value */
async function write(clientId, value) {
  const client = clients.list().find((c) => c.id === clientId);
  if (!client) return false;
  const key = `client.${clientId}`;
  const state = clients.state(clientId);
  const before = storedMailLogs(state)?.value ?? null;
  if (value === null && before === null) return true;   // nothing kept: nothing to remove
  state.mailLogs = { value, ...changeStamp() };
  /** @type {Record<string, string>} */
  const puts = { [key]: JSON.stringify(state) };
  if (before !== null) {
    puts.undo = clients.undoRecord(`${value === null ? "Removed" : "Replaced"} the mail-log summary of ` +
                                   `\u201c${client.name}\u201d (analysed ${before.analysed})`, [key], puts, []);
  }
  return store.commit(puts, []);
}

/** Keep `summary` (summaryOf's) as the client's mail-log summary, in place of any kept before. A summary an import
    would refuse is a bug of the caller: it is never stored, and the promise rejects naming its problems.
    @param {string} clientId @param {MailLogSummary} summary @returns {Promise<boolean>} */
export async function keepMailLogs(clientId, summary) {
  /** @type {string[]} */
  const problems = [];
  /** @param {string} where @param {string} what */
  const problem = (where, what) => { problems.push(`${where}: ${what}`); };
  summaryProblems(summary, "summary", problem, (object, allowed, where) => {
    for (const key of Object.keys(object)) if (!allowed.includes(key)) problem(where, `unexpected field \u201c${key}\u201d`);
  });
  if (summary === null || problems.length) {
    throw new Error(`sbskb: not a mail-log summary (${problems.join("; ") || "null"})`);
  }
  return write(clientId, summary);
}

/** Remove the client's kept summary (kept as a removal, value null, so that a merge elsewhere removes it too).
    @param {string} clientId @returns {Promise<boolean>} */
export const forgetMailLogs = (clientId) => write(clientId, null);
