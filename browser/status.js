// @ts-check
/* The item status ids, the one place the browser code names them (ESLint refuses a status-id string anywhere else:
 * eslint.config.mjs). macros/vocabulary.py STATUSES defines them; the page's vocabulary carries their labels and
 * which are settled, and tests/unit/test_status_ids.py holds this list to STATUSES. */
import { pageVocabulary } from "./vocabulary.js";

export const NOT_STARTED = "not-started";
export const DONE = "done";
export const NOT_APPLICABLE = "not-applicable";
export const DEFERRED = "deferred";

/** Every status id, in the vocabulary's order. */
export const STATUS_IDS = [NOT_STARTED, DONE, NOT_APPLICABLE, DEFERRED];

/** The first release stored an item as {done: true}, without a status: that field reads as DONE (entries.js). */
export const FIRST_RELEASE_DONE_FIELD = "done";

/** The page's status ids, in order (the vocabulary's, which the tests hold to STATUS_IDS). @returns {string[]} */
export function statusIds() {
  return pageVocabulary().statuses.map((status) => status.id);
}

/** Whether an item with this status counts as settled (done, not applicable). @param {string} statusId */
export function isSettled(statusId) {
  return pageVocabulary().statuses.some((status) => status.id === statusId && status.settled);
}

/** The label a technician reads for a status id; the id itself for one the page does not know.
    @param {string} statusId */
export function statusLabel(statusId) {
  return pageVocabulary().statuses.find((status) => status.id === statusId)?.label ?? statusId;
}
