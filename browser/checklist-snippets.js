// @ts-check
/* A checklist page's commands, filled with the client's values: each snippet, and each revert from the client's
 * values recorded before the change, with the note that says what it restores and the choice of Microsoft's default
 * where nothing is recorded. A command made from a value the client stores but its field refuses is held back. */
import * as before from "./before.js";
import { namesPlatform } from "./checklist-platform.js";
import * as clients from "./clients.js";
import * as dom from "./dom.js";
import { refusedValues, renderParts, templateNames } from "./templating.js";
import { hasOwn } from "./vocabulary.js";

/** @typedef {import("./checklist-page.js").Page} Page */
/** @typedef {import("./types.js").BeforeValue} BeforeValue */
/** @typedef {import("./before-revert.js").Revert} Revert */
/** Per parameter name, a stored value its field refuses and why.
    @typedef {Record<string, { value: string, message: string }>} Refused */

/** A snippet's template (every element the page renders has one: data-template). @param {HTMLElement} element */
const templateOf = (element) => /** @type {string} */ (element.dataset.template);

/** What each command shows now, in pieces (templating.js renderParts), joined: it is redrawn only when they change.
    @type {WeakMap<Element, string>} */
const shown = new WeakMap();

/* A command, each value that differs per client in a <mark> of its own (the applied value, the value before the
   change, the connector), so the technician sees what was filled in; copying takes the text, marks or not. */
/** @param {HTMLElement} element @param {string[]} parts */
function showCode(element, parts) {
  const code = /** @type {HTMLElement} */ (element.querySelector("pre > code"));
  const key = parts.join("\0");
  if (shown.get(code) === key) return;
  shown.set(code, key);
  code.replaceChildren(...parts.flatMap((part, at) =>
    /** @type {(string | Node)[]} */ (!part ? [] : at % 2 ? [dom.element("mark", part)] : [part])));
}

/** Every snippet and revert, filled with the client's values. @param {Page} page */
export function renderSnippets(page) {
  const values = page.values();
  const refused = refusedValues(page.specs, page.state.values);
  for (const element of page.snippets) {
    showCode(element, showRefusal(page, element, refused) ? [] : renderParts(templateOf(element), values));
  }
  renderReverts(page, values, refused);
}

/* A command made from a value this client stores but the field refuses is not shown at all: the default in its
   place would be a value nobody chose, and the stored value is out of its range. Says which value, and why.
   Returns whether the command is held back. */
/** @param {Page} page @param {HTMLElement} element @param {Refused} refused */
function showRefusal(page, element, refused) {
  const name = templateNames(element.dataset.template || "").find((n) => hasOwn(refused, n));
  const line = /** @type {HTMLElement} */ (element.querySelector("[data-snippet-refused]"));
  line.hidden = !name;
  line.textContent = name ? `No command: this client's ${page.labels[name]} is ${refused[name].value}, which is ` +
    `refused (${refused[name].message}). Change it above; the command appears then.` : "";
  /** @type {HTMLElement} */ (element.querySelector("pre")).hidden = !!name;
  return !!name;
}

/* Each revert from the client's recorded values before the change: the recorded value, or 'absent' (its absent
   branch); no command at all while a setting it restores has no usable record, and the note says what to record. */
/** @param {Page} page @param {Record<string, string>} values @param {Refused} refused */
function renderReverts(page, values, refused) {
  /** @type {Record<string, BeforeValue>} */
  const recorded = {};
  page.restoredByDefault = {};
  const platform = page.client().platform || "";
  for (const id of Object.keys(page.settings)) {
    const entry = clients.beforeEntry(page.state, id);
    if (entry && entry.value) recorded[id] = entry;
  }
  for (const element of page.reverts) {
    /** @type {Record<string, string>} */
    const defaults = {};
    for (const pair of (element.dataset.restores || "").split(" ")) {
      const at = pair.indexOf("=");
      if (at > 0) defaults[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const useDefault = page.entryOf(/** @type {HTMLElement} */ (element.closest("[data-item]"))).revertDefault;
    const revert = before.fillRevert(templateOf(element), element.dataset.templateAbsent || "", page.settings,
                                     defaults, values, recorded, useDefault);
    const variant = /** @type {HTMLElement | null} */ (element.closest("[data-variant]"));
    if (platform && variant && namesPlatform(variant.dataset.variant, platform)) {
      for (const id of revert.order) {
        if (revert.restores[id].source === "default") page.restoredByDefault[id] = true;
      }
    }
    const held = showRefusal(page, element, refused);
    /** @type {HTMLElement} */ (element.querySelector("pre")).hidden = held || revert.text === null;
    showCode(element, held ? [] : revert.parts);
    const note = element.querySelector("[data-revert-note]");
    if (note && revert.order.length) note.textContent = before.revertNote(revert, page.settingNames);
    showDefaultChoice(page, element, revert, defaults, useDefault);
  }
}

/* "Restore Microsoft's default instead": offered while a setting this revert restores has no record and every
   such setting has a confirmed default; it names those defaults. The choice is per item and client. */
/** @param {Page} page @param {HTMLElement} element @param {Revert} revert @param {Record<string, string>} defaults
    @param {boolean} chosen */
function showDefaultChoice(page, element, revert, defaults, chosen) {
  const choice = /** @type {HTMLElement | null} */ (element.querySelector("[data-revert-default]"));
  if (!choice) return;
  const offered = before.defaultOffered(revert);
  choice.hidden = !offered;
  if (!offered) return;
  const missing = revert.order.filter((id) => revert.restores[id].source !== "recorded");
  /** @type {HTMLElement} */ (choice.querySelector("[data-revert-default-label]")).textContent =
    before.defaultChoiceLabel(missing.map((id) => page.settingNames[id]), missing.map((id) => defaults[id]));
  /** @type {HTMLInputElement} */ (choice.querySelector("input[data-revert-default-choice]")).checked = chosen;
}
