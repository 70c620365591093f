// @ts-check
/* The mail-log analyser in the browser (browser/maillogs/): the same result as `mail_logs.py --json`.
   As a worker's script: in {type: "analyse", files: [{name, blob}], domains}; out {type: "progress", file, bytes,
   total} (the file being read, its bytes read so far, its size) at most every 100 ms, then {type: "result", result}
   or {type: "error", message}; the page stops it with worker.terminate().
   Loaded as a classic script on a page (where no worker starts, as from file://), it sets window.sbskbMailLogs
   = { newAnalysis, analyseFiles } instead, and never touches onmessage. */
import { analyse, analyseFiles, newAnalysis } from "./maillogs/streaming.js";

const scope = /** @type {any} */ (globalThis);
if (typeof scope.WorkerGlobalScope !== "undefined" && scope instanceof scope.WorkerGlobalScope) {
  /** @param {object} message */
  const post = (message) => scope.postMessage(message);
  scope.onmessage = async (/** @type {MessageEvent} */ event) => {
    const { type, files, domains } = event.data || {};
    if (type !== "analyse") return;
    try {
      const result = await analyse(files, domains || [], (progress) => post({ type: "progress", ...progress }), null);
      post({ type: "result", result });
    } catch (error) {
      post({ type: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
} else {
  scope.sbskbMailLogs = { newAnalysis, analyseFiles };
}
