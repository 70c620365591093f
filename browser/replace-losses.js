// @ts-check
/* What a Replace removes or overwrites, for the confirmation the Clients page asks before it. */
import * as clients from "./clients.js";
import { importedClient } from "./imported-client.js";
import { storedMailLogs } from "./mail-log-summary.js";

/** @typedef {import("./types.js").Client} Client */
/** @typedef {import("./types.js").ProgressExport} ProgressExport */

/** What a client holds, in words (clients.js `holdings`), with its kept mail-log summary if it has one.
    @param {import("./types.js").ClientState} state */
const held = (state) => clients.holdings(state) + (storedMailLogs(state)?.value ? ", a mail-log summary" : "");

/**
 * One line per client here: its name, what it holds, and what becomes of it.
 * @param {ProgressExport} data a checked file
 * @returns {string[]}
 */
export function replaceLosses(data) {
  const inFile = new Map(data.clients.map((c) => [c.id, c]));
  return clients.list().map((/** @type {Client} */ c) => {
    const here = held(clients.state(c.id));
    const theirs = inFile.get(c.id);
    if (!theirs) return `\u201c${c.name}\u201d is removed: ${here}.`;
    const copy = importedClient(theirs, data.version);
    return `\u201c${c.name}\u201d is overwritten by the file's copy: ${here} here; the file's copy has ` +
      `${held(clients.normalState(copy.state))}.`;
  });
}
