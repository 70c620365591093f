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
 *             technician: number, clients: number, importBytes: number, conflictVersions: number },
 *   export: { format: string, version: number, versions: number[] },
 *   before: { prefix: string, absent: string, types: Record<string, string>, boxes: string[] },
 *   evidenceStart: string,
 *   patterns: { clientId: string, itemId: string, valueName: string, changeTime: string, beforeValue: string,
 *               nameControls: string },
 *   forbiddenKeys: string[],
 *   fields: { file: string[], client: string[], entry: string[], clientV2: string[], timed: string[],
 *             before: string[], entryV2: string[], entryV3: EntryField[], clientV4: string[], timedV5: string[],
 *             beforeV5: string[], fileV5: string[], tombstone: string[] },
 *   mailLogs: MailLogsVocabulary,
 *   problemsShown: number
 * }} Vocabulary
 */

/**
 * What a kept mail-log summary may hold (macros/vocabulary.py MAIL_LOGS_*): its fields, its files' and NDR targets'
 * fields, the verdicts, which fields are counts and which per-hour counts, their limits and patterns.
 * @typedef {{
 *   fields: string[], fileFields: string[], targetFields: string[], verdicts: string[], counts: string[],
 *   perHour: string[],
 *   limits: { files: number, fileName: number, format: number, rule: number, next: number, domains: number,
 *             domain: number, targets: number, hours: number, count: number },
 *   patterns: { hour: string, next: string }
 * }} MailLogsVocabulary
 */

/**
 * A client's kept mail-log summary (export version 4's "mailLogs" value, docs/schemas/progress-v4.schema.json): the
 * figures of one analysis of a server's mail logs, never a line of them. Hours are UTC, "YYYY-MM-DDTHH".
 * @typedef {{ name: string, format: string | null, records: number, rejected: number, skipped: boolean }} MailLogFile
 * @typedef {{
 *   analysed: string, files: MailLogFile[], first_hour: string | null, last_hour: string | null, verdict: string,
 *   rule: string, next: string, domains: string[], messages_total: number, ndr_generated: number,
 *   ndr_generated_recent: number, outbound_messages: number, outbound_ndrs: number,
 *   ndrs_sent_or_retried_recent: number, refused_or_unknown_recipients_distinct: number,
 *   ndr_per_hour: Record<string, number>, refused_or_unknown_per_hour: Record<string, number>,
 *   top_ndr_target_domains: { domain: string, count: number }[], tarpit_seconds_median: number | null
 * }} MailLogSummary
 */

/**
 * A client in the stored list ("clients"): each field that can change keeps when it last changed, who changed it
 * (export version 5's "by", when a name was set) and the competing versions two people left (its "conflict").
 * @typedef {{ id: string, name: string, platform: string, changed: { name?: string, platform?: string },
 *             by?: { name?: string, platform?: string },
 *             conflict?: { name?: Version<string>[], platform?: Version<string>[] } }} Client
 */

/**
 * One version of a field: its value, when and by whom it was changed (export version 5; a conflict lists several).
 * @template T
 * @typedef {{ value: T, changed?: string, by?: string }} Version
 */

/**
 * A field with the time it last changed (export versions 2 and 3, and every stored item entry since then); since
 * version 5 also who changed it, and the competing versions when two people changed it to different values (the
 * field itself being the latest of them).
 * @template T
 * @typedef {Version<T> & { conflict?: Version<T>[] }} Timed
 */

/**
 * A deleted client's tombstone (export version 5's "deleted", stored under "deleted"): its id, when and by whom.
 * @typedef {{ id: string, changed: string, by?: string }} Tombstone
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
 * through `timedEntry`); before-values too (read through `beforeEntry`); the kept mail-log summary, {value, changed},
 * is read through mail-log-summary.js `storedMailLogs`. Who changed a value and its competing versions (export
 * version 5) are kept beside its change time, in maps of their own that only a value changed or merged since has.
 * @typedef {{
 *   values: Record<string, string>,
 *   valueChanged: Record<string, string>,
 *   valueBy?: Record<string, string>,
 *   valueConflict?: Record<string, Version<string>[]>,
 *   items: Record<string, unknown>,
 *   before: Record<string, unknown>,
 *   mailLogs?: unknown
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
 * Exports (docs/schemas/progress-v1 to v5.schema.json). Version 1 has one change time per item and none per client
 * field; version 2 gives each client field {value, changed}; version 3 also each item field; version 4 adds the
 * client's kept mail-log summary; version 5 who made each change, a field's competing versions, and tombstones.
 * @typedef {{ status?: string, done?: boolean, note?: string, changed?: string }} EntryV1
 * @typedef {{ id: string, name: string, platform?: string, values?: Record<string, string>,
 *             items?: Record<string, EntryV1> }} ClientV1
 * @typedef {{ format: string, version: 1, exported?: string, clients: ClientV1[] }} ExportV1
 * @typedef {{ value: string, object?: string, changed?: string, by?: string,
 *             conflict?: { value: string, object?: string, changed?: string, by?: string }[] }} BeforeV2
 * @typedef {{ id: string, name: Timed<string>, platform?: Timed<string>, values?: Record<string, Timed<string>>,
 *             before?: Record<string, BeforeV2>, items?: Record<string, EntryV1 & { evidence?: string }> }} ClientV2
 * @typedef {{ format: string, version: 2, exported?: string, clients: ClientV2[] }} ExportV2
 * @typedef {{ id: string, name: Timed<string>, platform?: Timed<string>, values?: Record<string, Timed<string>>,
 *             before?: Record<string, BeforeV2>, items?: Record<string, TimedEntry> }} ClientV3
 * @typedef {{ format: string, version: 3, exported?: string, clients: ClientV3[] }} ExportV3
 * @typedef {ClientV3 & { mailLogs?: Timed<MailLogSummary | null> }} ClientV4
 * @typedef {{ format: string, version: 4, exported?: string, clients: ClientV4[] }} ExportV4
 * @typedef {{ format: string, version: 5, exported?: string, clients: ClientV4[], deleted?: Tombstone[] }} ExportV5
 * @typedef {ExportV1 | ExportV2 | ExportV3 | ExportV4 | ExportV5} ProgressExport
 */

export {};
