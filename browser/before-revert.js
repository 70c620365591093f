// @ts-check
/* The revert filled from a client's values before the change, and what it restores, in words: the browser half of
 * macros/before_values.py `restore_for`, `default_offered` and `fill_revert`, rule for rule. */
import { canonical, sameObject } from "./before-parse.js";
import { revertNote as namedRevertNote } from "./rules/revert-note.js";
import { renderParts } from "./templating.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").SettingSpec} SettingSpec */
/**
 * Where a restored value comes from: "recorded" (the client's value), "default" (nothing recorded, and the
 * technician chose Microsoft's confirmed default for this item and client), "unrecorded", "unconfirmed" (nothing
 * recorded, no confirmed default either), "other-object" (recorded for another connector) or "unreadable"
 * (recorded, but not a value of this setting's type).
 * @typedef {"recorded" | "default" | "unrecorded" | "unconfirmed" | "other-object" | "unreadable"} RestoreSource
 * @typedef {{ source: RestoreSource, value: string }} Restore
 * @typedef {{ value: string, object?: string }} Recorded a value recorded before the change (a BeforeValue will do)
 * @typedef {{ text: string | null, parts: string[], restores: Record<string, Restore>, order: string[],
 *   absentBranch: boolean }} Revert a revert for one client: its text (null: none yet) and that text in pieces
 *   (templating.js renderParts; none while there is no text), and per setting id what it restores, in template order
 */

const absentWord = () => /** @type {string} */ (pageVocabulary().before.absent);

/**
 * What a revert restores for one setting, and why. A default never stands in unless chosen. Mirrors
 * before_values.restore_for.
 * @param {SettingSpec} spec @param {string} fallback this tab's default ("unconfirmed" when none is confirmed)
 * @param {Recorded | null} recorded @param {string} identity the connector the commands name
 * @param {boolean} useDefault the technician chose Microsoft's default where nothing is recorded
 * @returns {Restore}
 */
export function restore(spec, fallback, recorded, identity, useDefault) {
  // A record this setting cannot take (a file may bring one) is no record, and no default stands in for it either.
  if (recorded && recorded.value && canonical(spec, String(recorded.value)) !== recorded.value) {
    return { source: "unreadable", value: "" };
  }
  if (recorded && recorded.value) {
    if (spec.object && !sameObject(recorded.object || "", identity)) return { source: "other-object", value: "" };
    return { source: "recorded", value: recorded.value };
  }
  if (fallback === "unconfirmed") return { source: "unconfirmed", value: "" };
  return useDefault ? { source: "default", value: fallback } : { source: "unrecorded", value: "" };
}

/**
 * Whether "restore Microsoft's default instead" is offered: some setting is unrecorded (or already restores its
 * default), and every setting without a usable record has a confirmed default. Mirrors
 * before_values.default_offered.
 * @param {Revert} revert
 */
export function defaultOffered(revert) {
  const missing = revert.order.filter((id) => revert.restores[id].source !== "recorded");
  return missing.length > 0 && missing.every((id) =>
    revert.restores[id].source === "unrecorded" || revert.restores[id].source === "default");
}

/**
 * The revert for one client. Mirrors before_values.fill_revert.
 * @param {string} template @param {string} absentTemplate the branch for a value that was absent ("" if none)
 * @param {Record<string, SettingSpec>} specs setting specs by id
 * @param {Record<string, string>} defaults this tab's defaults by setting id
 * @param {Record<string, string>} values the filled parameter values
 * @param {Record<string, Recorded>} recorded the client's values before the change, by setting id
 * @param {boolean} [useDefault]
 * @returns {Revert}
 */
export function fillRevert(template, absentTemplate, specs, defaults, values, recorded, useDefault) {
  const prefix = pageVocabulary().before.prefix;
  const placeholder = new RegExp(pageVocabulary().placeholder, "g");
  /** @type {Record<string, Restore>} */
  const restores = {};
  /** @type {string[]} */
  const order = [];
  for (const match of template.matchAll(placeholder)) {
    if (!match[1].startsWith(prefix)) continue;
    const id = match[1].slice(prefix.length);
    if (hasOwn(restores, id)) continue;
    const spec = specs[id];
    const identity = spec.object && hasOwn(values, spec.object) ? String(values[spec.object]) : "";
    restores[id] = restore(spec, hasOwn(defaults, id) ? defaults[id] : "unconfirmed",
                           hasOwn(recorded, id) ? recorded[id] : null, identity, !!useDefault);
    order.push(id);
  }
  if (order.some((id) => !restores[id].value)) return { text: null, parts: [], restores, order, absentBranch: false };
  const absentBranch = !!absentTemplate && order.some((id) => restores[id].value === absentWord());
  /** @type {Record<string, string>} */
  const filled = { ...values };
  for (const id of order) filled[prefix + id] = restores[id].value;
  const parts = absentBranch ? renderParts(absentTemplate, values) : renderParts(template, filled);
  return { text: parts.join(""), parts, restores, order, absentBranch };
}

/**
 * What a revert restores, in words (rules/revert-note.js, as macros/render.py `revert_note`).
 * @param {Revert} revert @param {Record<string, string>} names setting id -> the name the page shows
 */
export function revertNote(revert, names) {
  return namedRevertNote(revert.order.map((id) => ({ name: names[id], ...revert.restores[id] })));
}
