// @ts-check
/* Runs the mail-log analysis (browser/maillogs/, the same rules as docs/downloads/mail_logs.py) on files the
 * technician chose: in a Web Worker, streaming; or, where a page cannot start a worker (the offline copy opened from
 * a folder, file://), on the main thread in slices, from the same script loaded as a classic one. Files are read where
 * they are and never uploaded or stored. */

/** @typedef {{ name: string, blob: Blob }} LogFile */
/** What the analyser reports, at most every 100 ms and once each file is done: the file being read (its name and
    place in the list), its bytes read so far and its size. @typedef {{ file: string, index: number, bytes: number,
    total: number }} Progress */
/** @typedef {{ result: Promise<any>, cancel(): void, where: "worker" | "page" }} Run */

// The analyser's script, beside this page's bundle (scripts/build-browser.mjs "maillogs-worker").
const here = /** @type {HTMLScriptElement | null} */ (document.currentScript);
const analyserUrl = here ? here.src.replace(/[^/]*$/, "maillogs-worker.js") : "maillogs-worker.js";

/** @type {Promise<any> | null} */
let onPage = null;

/** The analyser on this page (window.sbskbMailLogs), its script added once. @returns {Promise<any>} */
function analyserOnPage() {
  const loaded = /** @type {any} */ (window).sbskbMailLogs;
  if (loaded) return Promise.resolve(loaded);
  onPage ||= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = analyserUrl;
    script.onload = () => resolve(/** @type {any} */ (window).sbskbMailLogs);
    script.onerror = () => { onPage = null; reject(new Error("the analyser's script did not load")); };
    document.head.appendChild(script);
  });
  return onPage;
}

/** Analyse `files` in a worker, else on this page. @param {LogFile[]} files @param {string[]} domains
    @param {(progress: Progress) => void} onProgress @returns {Run} */
export function analyse(files, domains, onProgress) {
  /** @type {Worker | null} */
  let worker = null;
  // From file:// a page has no origin to start a worker from: Chromium then makes one that never answers, without
  // an error. Elsewhere a worker the browser refuses throws here, or fails before its first word (below).
  if (location.protocol !== "file:") {
    try {
      worker = new Worker(analyserUrl);
    } catch {
      worker = null;
    }
  }
  const controller = new AbortController();
  const onThisPage = () => analyserOnPage()
    .then((analyser) => analyser.analyseFiles(files, domains, onProgress, controller.signal));
  if (!worker) return { result: onThisPage(), cancel: () => controller.abort(), where: "page" };
  const run = /** @type {Run} */ ({ where: "worker" });
  const started = worker;
  let answered = false;
  run.result = new Promise((resolve, reject) => {
    run.cancel = () => { started.terminate(); controller.abort(); reject(new DOMException("Cancelled", "AbortError")); };
    started.onmessage = (event) => {
      answered = true;
      const message = event.data;
      if (message.type === "progress") onProgress(message);
      else if (message.type === "result") { started.terminate(); resolve(message.result); }
      else { started.terminate(); reject(new Error(String(message.message))); }
    };
    // A worker that fails before its first word (a browser that refuses it late) hands over to this page.
    started.onerror = (event) => {
      started.terminate();
      if (answered) reject(new Error(event.message || "the analysis stopped"));
      else { run.where = "page"; onThisPage().then(resolve, reject); }
    };
    started.postMessage({ type: "analyse", files, domains });
  });
  return run;
}
