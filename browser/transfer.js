// @ts-check
/* Export and import of clients (docs/schemas/progress-v5.schema.json; version 1 to 4 files still import). An import
 * is checked whole first (import-checks.js) and applied all or nothing (merge.js): a refused or failed import changes
 * nothing stored. This module is the one name the pages import them by; each concern is a module of its own. */
export { exportClients, legacyExport } from "./export.js";
export { importProblems } from "./import-checks.js";
export { applyImport, evidenceDropped, evidenceOnly, mergePlan } from "./merge.js";
export { replaceLosses } from "./replace-losses.js";
export { storedTombstones } from "./tombstones.js";
