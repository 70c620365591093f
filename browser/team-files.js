// @ts-check
/* The files of a team folder, each judged before anything in it is merged (team-folder.js reads them):
 * - "<client id>.json": one shared client, an export file (version 5) holding that client, its tombstone, or both;
 * - a copy a sync client made of such a file when two computers changed it at once: offered for merge. Recognised
 *   first, since its name is not a client id's;
 * - any other file: a sync client's own (desktop.ini, a "*.crswap" the browser writes through) is passed over, and any
 *   other JSON file is skipped, with why.
 * A file is text parsed as JSON and checked whole by the import's checks (import-checks.js): nothing in it ever runs,
 * and a file that fails stays where it is, unread into this browser, and is read again when it changes. */
import { importProblems } from "./import-checks.js";
import { oneLine } from "./rules/one-line.js";
import { pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").ProgressExport} ProgressExport */
/** @typedef {{ name: string, size: number, lastModified: number, text(): Promise<string> }} FolderFile */
/** @typedef {{ id: string, name: string, stamp: string, document: ProgressExport }} ClientFile */
/** @typedef {{ id: string, name: string, from: string, document: ProgressExport }} CopyFile */
/** @typedef {{ name: string, why: string }} Skipped */

// The copies sync clients make of a file two computers changed, in the two shapes issue 28 names:
// "<id> (LAPTOP2's conflicted copy).json" (a date may follow "copy") and "<id>-LAPTOP2.json". A client id holds no
// hyphen, blank or parenthesis, so neither is ever a client's own file.
const COPY_NAMES = [/^([a-z0-9]{1,40}) \((.{1,100}?)'s conflicted copy[^)]{0,60}\)\.json$/,
                    /^([a-z0-9]{1,40})-([^/\\]{1,100})\.json$/];
const CLIENT_NAME = /^([a-z0-9]{1,40})\.json$/;

/** What a file of the folder is, by its name alone.
    @param {string} name @returns {{ kind: "client", id: string } | { kind: "copy", id: string, from: string }
      | { kind: "other" } | { kind: "ignored" }} */
export function fileKind(name) {
  for (const pattern of COPY_NAMES) {
    const copy = pattern.exec(name);
    if (copy) return { kind: "copy", id: copy[1], from: copy[2] };
  }
  const own = CLIENT_NAME.exec(name);
  if (own) return { kind: "client", id: own[1] };
  return name.toLowerCase().endsWith(".json") ? { kind: "other" } : { kind: "ignored" };
}

/** What tells one version of a file from another without reading it: when it was last written, and its size.
    @param {FolderFile} file */
export const stamp = (file) => `${file.lastModified}:${file.size}`;

/** @param {number} bytes */
const megabytes = (bytes) => `${Math.ceil(bytes / 1048576)} MB`;

/**
 * The checked export file `file` holds for client `id`, or why it is skipped. Its size is judged before it is read,
 * so a 50 MB file is never held in memory.
 * @param {FolderFile} file @param {string} id @param {string[]} platformIds
 * @returns {Promise<{ document: ProgressExport } | { why: string }>}
 */
export async function checkedFile(file, id, platformIds) {
  const limit = pageVocabulary().limits.importBytes;
  if (file.size > limit) return { why: `${megabytes(file.size)}, larger than an export file may be (${megabytes(limit)})` };
  /** @type {unknown} */
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch (error) {
    return { why: "not a whole JSON file: it may have been cut off while it was written; it is read again when it " +
                  "changes" };
  }
  const problems = importProblems(data, platformIds);
  if (problems.length) {
    return { why: oneLine(problems[0]) + (problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : "") };
  }
  const document = /** @type {ProgressExport} */ (data);
  const others = document.clients.filter((client) => client.id !== id);
  if (others.length) return { why: `it holds the client “${others[0].id}”, but its name says “${id}”` };
  const deleted = /** @type {{ id: string }[]} */ (/** @type {{ deleted?: unknown }} */ (document).deleted ?? []);
  if (deleted.some((stone) => stone.id !== id)) return { why: `it holds the deletion of another client than “${id}”` };
  if (!document.clients.length && !deleted.length) return { why: `it holds neither the client “${id}” nor its deletion` };
  return { document };
}

/**
 * Every file of the folder, judged: clients' files, copies offered for merge, and files skipped with why. A client's
 * file that `unchanged` says was merged already, as it is, is not read again: only its id is listed.
 * @param {AsyncIterable<FolderFile>} files @param {string[]} platformIds
 * @param {(id: string, file: FolderFile) => boolean} [unchanged]
 * @returns {Promise<{ clients: ClientFile[], copies: CopyFile[], skipped: Skipped[], unchanged: string[] }>}
 */
export async function judgedFiles(files, platformIds, unchanged = () => false) {
  /** @type {ClientFile[]} */
  const clients = [];
  /** @type {CopyFile[]} */
  const copies = [];
  /** @type {Skipped[]} */
  const skipped = [];
  /** @type {string[]} */
  const same = [];
  for await (const file of files) {
    const kind = fileKind(file.name);
    if (kind.kind === "ignored") continue;
    if (kind.kind === "client" && unchanged(kind.id, file)) {
      same.push(kind.id);
      continue;
    }
    if (kind.kind === "other") {
      skipped.push({ name: file.name, why: "not a client's file: its name is not a client id followed by .json" });
      continue;
    }
    const checked = await checkedFile(file, kind.id, platformIds);
    if ("why" in checked) skipped.push({ name: file.name, why: checked.why });
    else if (kind.kind === "copy") copies.push({ id: kind.id, name: file.name, from: kind.from, document: checked.document });
    else clients.push({ id: kind.id, name: file.name, stamp: stamp(file), document: checked.document });
  }
  const byName = (/** @type {{ name: string }} */ x, /** @type {{ name: string }} */ y) =>
    x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
  return { clients: clients.sort(byName), copies: copies.sort(byName), skipped: skipped.sort(byName),
           unchanged: same };
}
