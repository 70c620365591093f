// @ts-check
/* The Mail logs page ([data-mail-logs]): files dropped or chosen (or a folder) are analysed by maillogs-run.js, with a
 * progress bar (MB and MB/s) and Cancel; then the answer first (maillogs-view.js), the chart (maillogs-chart.js) and
 * the evidence, and the figures as a CSV (maillogs-csv.js). Nothing of the files is kept. */
import { drawChart } from "./maillogs-chart.js";
import { clientPanel } from "./maillogs-client.js";
import { downloadCsv } from "./maillogs-csv.js";
import { analyse } from "./maillogs-run.js";
import { showRates, showVerdict } from "./maillogs-view.js";
import { loadPart } from "./parts.js";

// What is pasted is read as a file of this name; its format (the analyser's) is that of a listing.
const PASTED = "pasted listing";
const LISTING = "exchange-queue-listing";
const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const MB = 1_000_000;

/** @typedef {import("./maillogs-run.js").LogFile} LogFile */
/** @typedef {import("./maillogs-run.js").Run} Run */

/** @param {HTMLElement} root @param {any} data @returns {{ load(): void }} */
export function mountMailLogs(root, data) {
  const find = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
  const status = find("[data-log-status]");
  const progress = find("[data-log-progress]");
  const bar = /** @type {HTMLProgressElement} */ (root.querySelector("[data-log-progress-bar]"));
  const progressText = find("[data-log-progress-text]");
  const result = find("[data-log-result]");
  const domainInput = /** @type {HTMLInputElement} */ (root.querySelector("[data-log-domain]"));
  /** @type {Run | null} */
  let running = null;
  /** The analysis on screen (null while none, or while the kept summary is shown). @type {any} */
  let shown = null;
  /** The client the analysis on screen was kept for, once it is: from then on it is that client's. @type {string | null} */
  let keptFor = null;
  // Another client chosen, or an Undo: a new analysis nobody kept stays on screen, marked with the chosen client's
  // fixes; one kept for a client gives way to the chosen client's kept summary (or to nothing).
  const panel = clientPanel(root, data, (undone) => {
    panel.load();
    if (undone) keptFor = null;   // what it put back replaced the analysis on screen: kept for nobody now
    if (shown && (keptFor === null || keptFor === panel.current())) showAnswer(shown, true);
    else { shown = null; keptFor = null; showKept(); }
  });
  const evidence = find("[data-log-evidence]");
  const actions = /** @type {HTMLElement} */ (find("[data-log-keep]").parentElement);

  /** The answer, the chart with when the fix went in for this client, and (for a new analysis) the evidence.
      @param {any} answer @param {boolean} fresh */
  function showAnswer(answer, fresh) {
    // No log read, no verdict: "quiet" would read as "nothing to fix". The evidence lists each file and why, and
    // what a Get-Queue / Get-Message listing shows is queued now.
    const nothingRead = !logsRead(answer);
    for (const part of [find("[data-log-verdict]"), find("[data-log-chart]"), actions]) part.hidden = nothingRead;
    if (nothingRead) {
      status.textContent = answer.queues_now ? "No mail log was read, so there is no verdict: what the listing " +
        "shows is queued now is below." : "No file could be read as a mail log, so there is no verdict: the " +
        "files and why are below.";
      showEvidence(evidence, answer);
      evidence.hidden = false;
      result.hidden = false;
      return;
    }
    const marks = panel.marks();
    showVerdict(find("[data-log-verdict]"), answer, data.next);
    showRates(find("[data-log-verdict]"), answer, marks);
    drawChart(find("[data-log-chart]"), answer, marks);
    evidence.hidden = !fresh;
    actions.hidden = !fresh;
    if (fresh) showEvidence(evidence, answer);
    result.hidden = false;
  }

  /** The summary kept for the client, while no new analysis is shown. */
  function showKept() {
    panel.load();
    if (shown || running) return;
    const kept = panel.kept();
    result.hidden = !kept;
    status.textContent = kept ? "The summary kept for this client (its figures; the logs themselves are never " +
      "kept). Choose or drop logs to analyse again." : "";
    if (!kept) return;
    try {
      showAnswer(keptAsResult(kept, data.next), false);
    } catch (error) {   // a summary from a file this page cannot draw: said, never a dead page
      result.hidden = true;
      status.textContent = `The summary kept for this client cannot be shown: ${/** @type {Error} */ (error).message}.`;
    }
  }

  /** @param {LogFile[]} files */
  async function start(files) {
    if (!files.length) return;
    const domains = domainInput.value.toLowerCase().split(/[\s,;]+/).filter(Boolean);
    const wrong = domains.find((domain) => !DOMAIN.test(domain));
    if (wrong !== undefined) {
      status.textContent = `"${wrong}" is not a domain name: correct it, or leave the field empty.`;
      return;
    }
    const replaced = running !== null;
    running?.cancel();
    const total = files.reduce((sum, file) => sum + file.blob.size, 0);
    const began = performance.now();
    const pasted = files.some((file) => file.name === PASTED) ? " (with the pasted listing)" : "";
    status.textContent = `${replaced ? "The analysis before was stopped. " : ""}Reading ${files.length} file(s)` +
      `${pasted}, ${(total / MB).toFixed(1)} MB…`;
    progress.hidden = false;
    bar.value = 0;
    progressText.textContent = "";
    /** Bytes read of each file so far, by its place in the list: the analyser reports per file. @type {number[]} */
    const read = [];
    const run = analyse(files, domains, ({ index, bytes: ofFile }) => {
      read[index] = ofFile;
      let bytes = 0;
      read.forEach((count) => { bytes += count; });
      bar.value = total ? bytes / total : 1;
      const seconds = (performance.now() - began) / 1000;
      progressText.textContent = `${(bytes / MB).toFixed(1)} of ${(total / MB).toFixed(1)} MB · ` +
        `${seconds > 0 ? (bytes / MB / seconds).toFixed(1) : "…"} MB/s`;
    });
    running = run;
    try {
      const answer = await run.result;
      await new Promise((resolve) => setTimeout(resolve, 0));   // drawing the answer is a task of its own
      if (running !== run) return;
      shown = answer;
      keptFor = null;
      const seconds = (performance.now() - began) / 1000;
      status.textContent = `Read ${(total / MB).toFixed(1)} MB in ${seconds.toFixed(1)} s ` +
        `(${run.where === "worker" ? "in the background" : "on this page"}): the answer is below. Nothing is kept ` +
        "until you keep it for a client.";
      showAnswer(answer, true);
      if (!logsRead(answer)) shown = null;   // nothing to keep
    } catch (error) {
      if (running !== run) return;
      const cancelled = /** @type {Error} */ (error).name === "AbortError";
      status.textContent = cancelled ? "Cancelled: nothing was kept." : `The logs could not be read: ${/** @type {Error} */ (error).message}.`;
    } finally {
      if (running === run) {
        running = null;
        progress.hidden = true;
      }
    }
  }

  const paste = /** @type {HTMLTextAreaElement} */ (root.querySelector("[data-log-paste]"));
  /** The files chosen, and what is pasted (a listing), read as one more file. @param {FileList | null} list */
  const chosen = (list) => {
    /** @type {LogFile[]} */
    const files = [...(list || [])].map((file) => ({ name: file.webkitRelativePath || file.name, blob: file }));
    if (paste.value.trim()) files.push({ name: PASTED, blob: new Blob([paste.value], { type: "text/plain" }) });
    return files;
  };
  find("[data-log-paste-read]").addEventListener("click", () => {
    if (paste.value.trim()) start(chosen(null));
    else status.textContent = "Paste what Get-Queue or Get-Message printed first, then read it.";
  });
  for (const selector of ["[data-log-files]", "[data-log-folder]"]) {
    const input = /** @type {HTMLInputElement} */ (root.querySelector(selector));
    input.addEventListener("change", () => {
      start(chosen(input.files));
      input.value = "";   // the same file chosen again (after a Cancel) is a change too
    });
  }
  const drop = find("[data-log-drop]");
  // A file dropped anywhere on this page is read here, never opened by the browser in its place (which would leave
  // the page and its analysis); on other pages (after an instant navigation) the browser does as it always does.
  for (const name of ["dragover", "drop"]) {
    document.addEventListener(name, (event) => {
      if (!root.isConnected) return;
      event.preventDefault();
      drop.classList.toggle("sbskb-dragging", name === "dragover");
      if (name === "drop") start(chosen(/** @type {DragEvent} */ (event).dataTransfer?.files || null));
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("sbskb-dragging"));
  find("[data-log-cancel]").addEventListener("click", () => {
    if (!running) return;
    running.cancel();
    running = null;   // whatever the run still answers is dropped (start: running !== run)
    progress.hidden = true;
    status.textContent = "Cancelled: nothing was kept.";
  });
  find("[data-log-csv]").addEventListener("click", () => { if (shown) downloadCsv(shown); });
  const keepButton = /** @type {HTMLButtonElement} */ (find("[data-log-keep]"));
  keepButton.addEventListener("click", async () => {
    if (!shown || keepButton.disabled) return;
    if (keptFor !== null && keptFor === panel.current()) {   // twice: once is enough, and the Undo stays the first's
      status.textContent = "Already kept for this client.";
      return;
    }
    keepButton.disabled = true;
    try {
      status.textContent = await panel.keep(shown);
      if (panel.kept()) keptFor = panel.current();
    } catch (error) {
      status.textContent = `Not kept: ${/** @type {Error} */ (error).message}.`;
    } finally {
      keepButton.disabled = false;
    }
  });
  showKept();
  return { load: showKept };
}

/** The evidence of a new analysis in `box`, by its part (parts/maillogs-evidence.js, loaded with the first answer).
    @param {HTMLElement} box @param {any} answer */
function showEvidence(box, answer) {
  loadPart("maillogs-evidence").then((part) => part.showEvidence(box, answer, logsRead(answer)), () => {
    box.textContent = "The evidence could not be shown: the page's script for it did not load.";
  });
}

/** Whether a mail log (not only a listing of the queues) was read: only then is there a verdict. @param {any} answer */
const logsRead = (answer) => answer.files.some((/** @type {any} */ file) => !file.skipped && file.format !== LISTING);

/** A kept summary (mail-logs-kept.js) in the shape of the analyser's result, for the verdict and the chart.
    @param {any} kept @param {Record<string, { url: string, title: string }>} next @returns {any} */
function keptAsResult(kept, next) {
  return {
    ...kept,
    next_checklist: { path: kept.next, title: next[kept.next]?.title || kept.next },
    domains: { local: kept.domains, how: `as kept on ${kept.analysed.slice(0, 10)}` },
    files: kept.files.map((/** @type {any} */ file) => ({ ...file, rejected_total: file.rejected, rejected: [],
                                                          ...(file.skipped ? { skipped: "not read" } : {}) })),
  };
}
