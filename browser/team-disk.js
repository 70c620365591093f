// @ts-check
/* The team folder's files through the File System Access API: listing them, reading one, writing one whole, and what
 * an error of the API means for the technician (team-folder.js uses them). */

/** How many files are asked for at once: each is a round trip to the browser's file system. */
const FILES_AT_ONCE = 64;

/** Why the folder cannot be used now, in words, from the error the File System Access API threw. @param {unknown} error */
export function folderTrouble(error) {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotFoundError") return "is gone (moved, renamed or deleted)";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "NoModificationAllowedError") {
    return "may not be written from this browser (read-only, or permission refused)";
  }
  return `cannot be used (${error instanceof Error ? error.message : String(error)})`;
}

/** The folder's files, each a File. @param {FileSystemDirectoryHandle} folder @returns {AsyncGenerator<File>} */
export async function* folderFiles(folder) {
  /** @type {FileSystemFileHandle[]} */
  const handles = [];
  for await (const entry of /** @type {any} */ (folder).values()) if (entry.kind === "file") handles.push(entry);
  for (let start = 0; start < handles.length; start += FILES_AT_ONCE) {
    yield* await Promise.all(handles.slice(start, start + FILES_AT_ONCE).map((handle) => handle.getFile()));
  }
}

/** Client `id`'s file in the folder, or null when there is none; NotFoundError when the folder itself is gone.
    @param {FileSystemDirectoryHandle} folder @param {string} id @returns {Promise<File | null>} */
export async function clientFile(folder, id) {
  try {
    return await (await folder.getFileHandle(`${id}.json`)).getFile();
  } catch (error) {
    if (error instanceof DOMException && error.name === "NotFoundError" && await isThere(folder)) return null;
    throw error;
  }
}

/** Whether the folder is still there (a missing file and a missing folder both throw NotFoundError).
    @param {FileSystemDirectoryHandle} folder */
async function isThere(folder) {
  try {
    await /** @type {any} */ (folder).keys().next();
    return true;
  } catch (error) {
    return false;
  }
}

/** Write a file of the folder whole: the browser writes beside it and replaces it on close, so no reader meets half
    of it. Resolves the file as written. @param {FileSystemDirectoryHandle} folder @param {string} name
    @param {string} text @returns {Promise<File>} */
export async function writeFile(folder, name, text) {
  const started = performance.now();
  const file = await folder.getFileHandle(name, { create: true });
  const writable = await file.createWritable();
  await writable.write(text);
  await writable.close();
  measure("sbskb-team-write", started);   // one file written, from the call to the close
  return file.getFile();   // as written: its time and size tell it from a later one
}

/** For the benchmark (scripts/benchmark.py) and anyone profiling: `name` (a file written, a read of the folder, a
    pass over what changed here) from `started` to now. @param {string} name @param {number} started */
export function measure(name, started) {
  try {
    performance.measure(name, { start: started, end: performance.now() });
  } catch (error) { /* no User Timing Level 3: done, not measured */ }
}
