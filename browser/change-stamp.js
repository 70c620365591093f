// @ts-check
/* When and by whom a change is made. Every change this browser makes to a client is stamped with the time and the
 * technician's name, set once per browser (key "technician": on the report page, or asked by the Clients page before
 * the first export), which export version 5 carries as "by" beside each change time. No name set: no "by". */
import * as store from "./storage.js";
import { pageVocabulary } from "./vocabulary.js";

/** The key the technician's name is stored under: one name per browser, the person working in it. */
export const TECHNICIAN_KEY = "technician";

/** `text` as the name of who made a change, as an export may carry it: control characters as blanks, each run of
    blanks one space, none at its ends, within the limit (never half a character); "" when nothing is left.
    @param {string} text */
export function technicianName(text) {
  const vocabulary = pageVocabulary();
  const name = text.replace(new RegExp(vocabulary.patterns.nameControls, "g"), " ").split(/\s+/).filter(Boolean)
    .join(" ").slice(0, vocabulary.limits.technician);
  return name.replace(/[\ud800-\udbff]$/, "").trimEnd();
}

/** The technician's name as stored here, cleaned; "" when none is set. */
export function technician() {
  const stored = store.readKey(TECHNICIAN_KEY);
  return typeof stored === "string" ? technicianName(stored) : "";
}

/** A change made now: {changed, by}, `by` left out while no name is set. @returns {{ changed: string, by?: string }} */
export function changeStamp() {
  const by = technician();
  return by ? { changed: new Date().toISOString(), by } : { changed: new Date().toISOString() };
}

/**
 * A change of the field `key` made now, kept in maps beside the field, as a client's name and platform and a
 * client's values keep theirs: the time in holder[times][key], who made it in holder[authors][key] (none while no
 * name is set), and the field's competing versions in holder[conflicts][key] gone: a change made here picks.
 * @param {Record<string, any>} holder @param {string} key @param {[string, string, string]} maps
 * @param {{ changed: string, by?: string }} [stamp] one for several fields changed at once
 */
export function stampBeside(holder, key, [times, authors, conflicts], stamp = changeStamp()) {
  (holder[times] ||= {})[key] = stamp.changed;
  if (stamp.by) (holder[authors] ||= {})[key] = stamp.by;
  else if (holder[authors]) delete holder[authors][key];
  if (holder[conflicts]) delete holder[conflicts][key];
}

/** The maps a client in the list keeps beside its name and platform. @type {[string, string, string]} */
export const CLIENT_MAPS = ["changed", "by", "conflict"];

/** The maps a client's state keeps beside its values. @type {[string, string, string]} */
export const VALUE_MAPS = ["valueChanged", "valueBy", "valueConflict"];
