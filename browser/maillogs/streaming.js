// @ts-check
/* The analyser's streaming API: files opened one after another, their bytes pushed in chunks of any size, and the
   result, deep-equal to `mail_logs.py --json` on the same files. And the reading of Blobs into it, streamed. */
import { Analysis } from "./analysis.js";
import { FileReader } from "./formats.js";
import { result } from "./judging.js";
import { lineReader } from "./lines.js";

/** @typedef {import("./formats.js").FileSummary} FileSummary */
/** @typedef {{ push(bytes: Uint8Array): boolean, close(): void, fail(why: string): void }} OpenFile */
/** @typedef {{ openFile(name: string): OpenFile, result(): object }} StreamingAnalysis */
/** @typedef {{ file: string, index: number, bytes: number, total: number }} Progress */

/** An analysis to push files into. `push` returns false once the file is refused (the rest would not be read);
 * `fail` ends a file that could not be read. @param {string[]} domains @returns {StreamingAnalysis} */
export function newAnalysis(domains) {
  const analysis = new Analysis(domains);
  /** @type {FileSummary[]} */
  const files = [];
  return {
    openFile(name) {
      const reader = new FileReader(analysis, name);
      const lines = lineReader(reader);
      const index = files.push(reader.summary()) - 1;
      return {
        push(bytes) {
          if (reader.refusal === null) lines.push(bytes);
          return reader.refusal === null;
        },
        close() {
          if (reader.refusal === null) lines.close();
          reader.finish();
          files[index] = reader.summary();
        },
        fail(why) {
          files[index] = { ...reader.summary(), skipped: `cannot be read (${why})` };
        },
      };
    },
    result: () => result(analysis, files.slice()),
  };
}

// On the main thread, the bytes read between two yields to the event loop: 128 KB take a few milliseconds, so no
// task comes near 50 ms even when a garbage collection falls into one (benchmark: 53 ms once with 256 KB).
const SLICE = 128 * 1024;

/** Files read one after another, each streamed (never whole), into a new analysis. `pause`, when given, runs after
 * every slice of at most 128 KB (the main thread's yield, which throws to stop). Progress is reported at most every
 * 100 ms, and once each file is done: the file being read (its name and place in the list), its bytes read so far
 * and its size.
 * @param {{ name: string, blob: Blob }[]} files @param {string[]} domains
 * @param {(progress: Progress) => void} onProgress
 * @param {(() => Promise<void>) | null} pause */
export async function analyse(files, domains, onProgress, pause) {
  const analysis = newAnalysis(domains);
  let reported = 0;
  for (const [index, { name, blob }] of files.entries()) {
    const file = analysis.openFile(name);
    const reader = blob.stream().getReader();
    let bytes = 0;
    let reading = true;
    while (reading) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {   // only the reading: an error of the analysis is a bug, never a file that cannot be read
        file.fail(error instanceof Error ? error.message : String(error));
        break;
      }
      if (chunk.done) {
        file.close();
        break;
      }
      const step = pause ? SLICE : chunk.value.length || 1;
      for (let at = 0; reading && at < chunk.value.length; at += step) {
        const piece = chunk.value.subarray(at, at + step);
        reading = file.push(piece);
        bytes += piece.length;
        const now = Date.now();
        if (now - reported >= 100) {
          reported = now;
          onProgress({ file: name, index, bytes, total: blob.size });
        }
        if (pause) {
          try {
            await pause();
          } catch (error) {
            reader.cancel().catch(() => {});
            throw error;
          }
        }
      }
      if (!reading) {   // refused: the rest is not read
        reader.cancel().catch(() => {});
        file.close();
      }
    }
    onProgress({ file: name, index, bytes: blob.size, total: blob.size });   // done with it, read or not
  }
  return analysis.result();
}

/** The same analysis on the main thread (where no worker starts, as from file://): it yields to the event loop after
 * every slice of at most 128 KB and stops, rejecting with an AbortError, once `signal` is aborted.
 * @param {{ name: string, blob: Blob }[]} files @param {string[]} domains
 * @param {(progress: Progress) => void} onProgress
 * @param {AbortSignal} [signal] */
export function analyseFiles(files, domains, onProgress, signal) {
  const stop = () => {
    if (signal && signal.aborted) throw new DOMException("The analysis was stopped.", "AbortError");
  };
  // A yield through a message, not setTimeout: nested timeouts wait at least 4 ms each, thousands of times.
  const channel = new MessageChannel();
  /** @type {() => void} */
  let resume = () => {};
  channel.port1.onmessage = () => resume();
  const yieldNow = () => new Promise((resolve) => {
    resume = () => resolve(undefined);
    channel.port2.postMessage(null);
  });
  return Promise.resolve().then(() => {
    stop();
    return analyse(files, domains, onProgress || (() => {}), async () => {
      stop();
      await yieldNow();
      stop();
    });
  }).finally(() => channel.port1.close());
}
