// @ts-check
/* Which of the catalogue's fields the Values view shows a client (dashboard-profile.js): with its platform set, the
 * fields that platform's commands use, and what is stored for the others is counted, kept and not shown; with none,
 * every field, grouped by the platforms that use them. */
import { element } from "./dom.js";

/** @typedef {import("./dashboard-catalog.js").CatalogPlatform} CatalogPlatform */

/** @template T @typedef {{ platforms: string[], fields: T[] }} FieldGroup */

/**
 * The groups of `fields` shown for `platform`, and those left out. With a platform, one group: the fields it uses.
 * With none (""), every field, one group per set of platforms, every platform's first, then by the first platform
 * that uses them (SBS 2003's before SBS 2008's). A field that names no platform is every platform's.
 * @template T
 * @param {T[]} fields @param {(field: T) => string[]} platformsOf @param {string} platform
 * @param {CatalogPlatform[]} every the platform table, in its order
 * @returns {{ groups: FieldGroup<T>[], hidden: T[] }}
 */
export function platformGroups(fields, platformsOf, platform, every) {
  const ids = every.map((known) => known.id);
  /** @param {T} field */
  const usedOn = (field) => {
    const named = platformsOf(field);
    return named.length ? ids.filter((id) => named.includes(id)) : ids;
  };
  if (platform) {
    const shown = fields.filter((field) => usedOn(field).includes(platform));
    return { groups: [{ platforms: [platform], fields: shown }], hidden: fields.filter((f) => !shown.includes(f)) };
  }
  /** @type {Map<string, FieldGroup<T>>} */
  const groups = new Map();
  for (const field of fields) {
    const platforms = usedOn(field);
    const key = platforms.join(" ");
    const group = groups.get(key) ?? { platforms, fields: [] };
    groups.set(key, group);
    group.fields.push(field);
  }
  /** @param {FieldGroup<T>} group */
  const rank = (group) => group.platforms.length === ids.length ? -1 : ids.indexOf(group.platforms[0]);
  return { groups: [...groups.values()].sort((a, b) => rank(a) - rank(b)), hidden: [] };
}

/**
 * Where each group's fields go in `parent`: `parent` itself for a client's own platform, else a fieldset per group
 * whose legend names its platforms. @param {HTMLElement} parent @param {FieldGroup<unknown>[]} groups
 * @param {boolean} grouped @param {CatalogPlatform[]} every @returns {HTMLElement[]}
 */
export function groupBoxes(parent, groups, grouped, every) {
  if (!grouped) return groups.map(() => parent);
  return groups.map((group) => {
    const box = element("fieldset", null, parent);
    box.className = "sbskb-params";
    const names = every.filter((known) => group.platforms.includes(known.id)).map((known) => known.name);
    element("legend", names.length === every.length ? "Every platform" : `Used on ${names.join(", ")}`, box);
    return box;
  });
}

/**
 * The line that says whose fields are shown ([data-profile-platform]), and the one that counts and names the values
 * kept for other platforms ([data-profile-kept], hidden when there are none).
 * @param {HTMLElement} parent @param {string} platformName "" when the client has no platform
 * @param {string[]} kept the labels of the fields not shown that hold a stored value
 */
export function showPlatformLines(parent, platformName, kept) {
  const line = element("p", platformName ? `This client's platform is ${platformName}: the fields its commands use.`
    : "No platform is set for this client, so every platform's fields are shown, grouped by the platforms that use " +
      "them. Choose its platform in the client bar of a checklist page to see only its own.", parent);
  line.dataset.profilePlatform = "";
  const keptLine = element("p", kept.length === 0 ? "" : `${kept.length} ${kept.length === 1 ? "value" : "values"} ` +
    `kept for other platforms (${platformName} does not use them): ${kept.join("; ")}. They stay stored and ` +
    "exported, and show again if the platform changes to one that uses them.", parent);
  keptLine.dataset.profileKept = "";
  keptLine.hidden = kept.length === 0;
}
