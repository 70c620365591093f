// @ts-check
/* The report's Note column: the technician's note, then what outside tools proved, each kept as written.
 * macros/report.py `note_cell` (tests/vectors/rules/note-cell.json). */

/** @param {{ note: string, evidence: string }} entry @returns {string} */
export const noteCell = (entry) => [entry.note, entry.evidence].filter((text) => text).join("\n\n");
