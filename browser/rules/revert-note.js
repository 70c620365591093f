// @ts-check
/* What a revert restores, in words, or why it shows no command yet: macros/render.py `revert_note_text` (and its
 * `no_revert_note`), sentence for sentence, held to it by tests/vectors/rules/revert-note.json. */
import { pageVocabulary } from "../vocabulary.js";

/**
 * One setting a revert restores: its name on the page, where its value comes from (before-revert.js `restore`:
 * "recorded", "default", "unrecorded", "unconfirmed", "other-object" or "unreadable") and the value ("" for none).
 * @typedef {{ name: string, source: string, value: string }} NamedRestore
 */

/** How a revert's words show a value that was absent (a registry value the revert deletes); also the default
    choice's words (default-choice.js). */
export const ABSENT_SHOWN = "absent (the revert deletes it)";

/**
 * The revert note for the settings a revert restores, in the revert's order.
 * @param {NamedRestore[]} restores
 * @returns {string}
 */
export function revertNote(restores) {
  const missing = restores.filter((restore) => !restore.value);
  if (missing.length) {
    return noRevertNote(missing.map((restore) => restore.name), missing.map((restore) => restore.source));
  }
  const absent = pageVocabulary().before.absent;
  const parts = restores.map(({ name, source, value }) => {
    const shown = value === absent ? ABSENT_SHOWN : value;
    const whose = source === "default"
      ? "Microsoft's default, as you chose below: not this client's own value" : "as recorded for this client";
    return `${name}: ${shown}, ${whose}`;
  });
  return `Restores ${parts.join("; ")}.`;
}

/**
 * Why a revert shows no command yet, for the settings `names` that have no usable record.
 * @param {string[]} names
 * @param {string[]} sources
 * @returns {string}
 */
function noRevertNote(names, sources) {
  const listed = names.join(", ");
  if (sources.includes("other-object")) {
    return `No revert yet: the value recorded above for ${listed} was read from another connector than the one ` +
      "the commands name. Keep it for this connector, or record this connector's value.";
  }
  if (sources.includes("unreadable")) {
    return `No revert yet: the value recorded above for ${listed} is not one this setting takes. Record it again ` +
      "from the check's output.";
  }
  if (sources.includes("unconfirmed")) {
    return `No revert yet: record ${listed} above before you apply. Its value on a server nobody has changed is ` +
      "not confirmed, so no default can stand in for this client's value.";
  }
  return `No revert yet: record ${listed} above before you apply; the check prints ` +
    `${names.length === 1 ? "it" : "them"}. Without a recorded value there is nothing safe to run: a default ` +
    "would overwrite whatever this server had.";
}
