// @ts-check
/* The shapes the browser code stores, reads from files and gets from the page, as JSDoc types for `tsc --checkJs
 * --strict` (jsconfig.json). Types only: this module exports no code. The schemas in docs/schemas/ and
 * macros/vocabulary.py are where each shape is defined; these follow them. */

/**
 * The page's vocabulary (macros/vocabulary.py `browser_vocabulary`), carried in each page kind's data block.
 * @typedef {{ id: string, label: string, settled: boolean }} StatusDefinition
 * @typedef {{
 *   statuses: StatusDefinition[],
 *   placeholder: string,
 *   limits: { beforeText: number, value: number, clientName: number, note: number, evidence: number,
 *             technician: number, clients: number, importBytes: number },
 *   export: { format: string, version: number, versions: number[] },
 *   before: { prefix: string, absent: string, types: Record<string, string>, boxes: string[] },
 *   evidenceStart: string,
 *   patterns: { clientId: string, itemId: string, valueName: string, changeTime: string, beforeValue: string },
 *   forbiddenKeys: string[],
 *   fields: { file: string[], client: string[], entry: string[], clientV2: string[], timed: string[],
 *             before: string[], entryV2: string[], entryV3: EntryField[] },
 *   problemsShown: number
 * }} Vocabulary
 */

/**
 * A client in the stored list ("clients"): each field that can change keeps when it last changed.
 * @typedef {{ id: string, name: string, platform: string, changed: { name?: string, platform?: string } }} Client
 */

/**
 * A field with the time it last changed (export versions 2 and 3, and every stored item entry since then).
 * @template T
 * @typedef {{ value: T, changed?: string }} Timed
 */

/** @typedef {"status" | "note" | "evidence" | "revertDefault"} EntryField */

/**
 * One item's entry in version 3's shape: each field with its own change time; a field not given is left out.
 * @typedef {{ status?: Timed<string>, note?: Timed<string>, evidence?: Timed<string>,
 *             revertDefault?: Timed<boolean> }} TimedEntry
 */

/**
 * One item's progress as the pages read it (entries.js `itemEntry`), whatever shape it was stored in.
 * @typedef {{ status: string, note: string, evidence: string, revertDefault: boolean,
 *             changed: string | null }} ItemEntry
 */

/**
 * A value recorded before a change (state.before[setting]), as read back (clients.js `beforeEntry`): the value in
 * its canonical form (before.js), the object it was read from (a connector's Identity, or ""), when.
 * @typedef {{ value: string, object: string, changed: string | null }} BeforeValue
 */

/**
 * A client's stored state ("client.<id>") after clients.js `normalState`. Items keep what any release stored (read
 * through `timedEntry`); before-values too (read through `beforeEntry`).
 * @typedef {{
 *   values: Record<string, string>,
 *   valueChanged: Record<string, string>,
 *   items: Record<string, unknown>,
 *   before: Record<string, unknown>
 * }} ClientState
 */

/**
 * The one undo this browser keeps ("undo", undo.js `undoRecord`): the stored text of every key a Replace or Delete
 * touched (null: the key was not there), before and after the change.
 * @typedef {{ what: string, at: string, keys: Record<string, string | null>,
 *             after: Record<string, string | null> }} UndoRecord
 */

/**
 * The record of the first release's move from localStorage ("meta.migration", storage-migration.js): when it was
 * copied, the fingerprint of what was copied ("unverified" when the copy read back different), how many keys, and
 * when the old copy was removed. As read back, each field is checked where it is used.
 * @typedef {{ copied?: unknown, fingerprint?: unknown, count?: unknown, removed?: unknown }} MigrationRecord
 */

/**
 * A setting as before.js reads and restores it: the setting's type decides the canonical form of its value.
 * @typedef {{ id: string, type: string, property?: string, object?: string }} SettingSpec
 */

/**
 * A snippet parameter's rule, as the page's data-* attributes give it (macros/parameters.py `browser_spec`).
 * @typedef {{ type?: string, pattern: string, expect?: string, min?: string | number | null,
 *             max?: string | number | null, default?: string }} ValueSpec
 */

/**
 * Exports (docs/schemas/progress-v1/2/3.schema.json). Version 1 has one change time per item and none per client
 * field; version 2 gives each client field {value, changed}; version 3 also each item field.
 * @typedef {{ status?: string, done?: boolean, note?: string, changed?: string }} EntryV1
 * @typedef {{ id: string, name: string, platform?: string, values?: Record<string, string>,
 *             items?: Record<string, EntryV1> }} ClientV1
 * @typedef {{ format: string, version: 1, exported?: string, clients: ClientV1[] }} ExportV1
 * @typedef {{ value: string, object?: string, changed?: string }} BeforeV2
 * @typedef {{ id: string, name: Timed<string>, platform?: Timed<string>, values?: Record<string, Timed<string>>,
 *             before?: Record<string, BeforeV2>, items?: Record<string, EntryV1 & { evidence?: string }> }} ClientV2
 * @typedef {{ format: string, version: 2, exported?: string, clients: ClientV2[] }} ExportV2
 * @typedef {{ id: string, name: Timed<string>, platform?: Timed<string>, values?: Record<string, Timed<string>>,
 *             before?: Record<string, BeforeV2>, items?: Record<string, TimedEntry> }} ClientV3
 * @typedef {{ format: string, version: 3, exported?: string, clients: ClientV3[] }} ExportV3
 * @typedef {ExportV1 | ExportV2 | ExportV3} ProgressExport
 */

export {};
