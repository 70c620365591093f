// @ts-check
/* A checklist page: its fields and commands as the markup gives them (macros/render.py), the selected client and
 * that client's stored state, and how the page shows it all. Each part of the showing and handling is a module of
 * its own that is given the page: checklist-items.js, checklist-platform.js, checklist-parameters.js,
 * checklist-snippets.js and checklist-before-fields.js. */
import { showBefores } from "./checklist-before-fields.js";
import { replacedIds, showItem, showProgress } from "./checklist-items.js";
import { showParameters } from "./checklist-parameters.js";
import { showPlatform } from "./checklist-platform.js";
import { renderSnippets } from "./checklist-snippets.js";
import * as clients from "./clients.js";
import * as dom from "./dom.js";
import { loadPart, loadedPart } from "./parts.js";
import * as store from "./storage.js";
import { filledValues, refusedValue } from "./templating.js";
import { hasOwn } from "./vocabulary.js";
import { objectIdentity } from "./value-editor.js";

/** @typedef {import("./types.js").ClientState} ClientState */
/** @typedef {import("./types.js").ItemEntry} ItemEntry */
/** @typedef {import("./types.js").ValueSpec} ValueSpec */
/**
 * A setting with a "Before the change" field, as its data-* attributes give it: what before.js needs to read a
 * recorded value, and the apply's template (whose value a recorded one should not equal).
 * @typedef {{ id: string, type: string, property: string, object: string, applied: string }} PageSetting
 */
/** A paste kept while its connector has no name: the text, and why it waits.
    @typedef {{ text: string, message: string }} PendingPaste */
/** A "Before the change" field: a text field, or a select for a box.
    @typedef {HTMLInputElement | HTMLSelectElement} BeforeField */
/** The selected client as the page shows it; no id while there is no client.
    @typedef {{ id: string | null, name: string, platform: string }} PageClient */

/** A parameter field's rule, from its data-* attributes. @param {HTMLInputElement} input @returns {ValueSpec} */
function specOf(input) {
  const d = input.dataset;
  // macros/render.py writes every parameter's pattern and default; min and max only where the parameter has them.
  return { type: d.type, pattern: /** @type {string} */ (d.pattern), expect: d.expect, min: d.min, max: d.max,
           default: d.default };
}

export class Page {
  /** @param {HTMLElement} root the page's [data-checklist] */
  constructor(root) {
    this.root = root;
    this.select = /** @type {HTMLSelectElement} */ (root.querySelector("select[data-client-select]"));
    this.platformSelect = /** @type {HTMLSelectElement} */ (root.querySelector("select[data-client-platform]"));
    this.items = /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll("[data-item]"));
    this.inputs = /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll("input[data-param]"));
    this.snippets = /** @type {NodeListOf<HTMLElement>} */ (
      root.querySelectorAll("[data-template]:not(.sbskb-snippet--revert)"));
    this.reverts = /** @type {NodeListOf<HTMLElement>} */ (
      root.querySelectorAll(".sbskb-snippet--revert[data-template]"));
    this.befores = /** @type {NodeListOf<BeforeField>} */ (root.querySelectorAll("[data-before]"));
    this.progress = /** @type {HTMLElement} */ (root.querySelector("[data-progress]"));
    /** Per parameter name: its rule and its field's label. @type {Record<string, ValueSpec>} */
    this.specs = {};
    /** @type {Record<string, string>} */
    this.labels = {};
    for (const input of this.inputs) {
      const name = /** @type {string} */ (input.dataset.param);
      this.specs[name] = specOf(input);
      this.labels[name] = /** @type {NodeListOf<HTMLLabelElement>} */ (input.labels)[0].textContent ?? "";
    }
    // Per setting id: what before.js needs to read a recorded value, and the name a revert note gives it.
    /** @type {Record<string, PageSetting>} */
    this.settings = {};
    /** @type {Record<string, string>} */
    this.settingNames = {};
    for (const field of this.befores) {
      const d = field.dataset;
      const id = /** @type {string} */ (d.before);
      this.settings[id] = { id, type: /** @type {string} */ (d.type), property: d.property || "",
                            object: d.object || "", applied: /** @type {string} */ (d.applied) };
      const row = /** @type {HTMLElement} */ (field.closest("[data-setting]"));
      this.settingNames[id] = d.property || (row.querySelector("strong")?.textContent ?? "");
    }
    /** The selected client's id; null while there is no client (load). @type {string | null} */
    this.clientId = null;
    /** @type {ClientState} */
    this.state = clients.normalState(null);
    /** Per setting id: a paste kept until its connector is named (checklist-before-fields.js).
        @type {Record<string, PendingPaste>} */
    this.pendingPastes = {};
    /** Per setting id: whether the revert on the client's platform restores Microsoft's default, as chosen
        (checklist-snippets.js). @type {Record<string, boolean>} */
    this.restoredByDefault = {};
  }

  /** Show the stored client (the current one, or the first) and its state; also what another tab stored. */
  load() {
    const list = clients.list();
    this.clientId = clients.currentId(list);   // null: no client yet
    this.state = this.clientId ? clients.state(this.clientId) : clients.normalState(null);
    dom.fillClientSelect(this.select, list, this.clientId);
    this.showNoClient(!this.clientId);
    this.showState();
    dom.showUndo(/** @type {HTMLElement | null} */ (this.root.querySelector("[data-undo]")), () => this.load());
  }

  /* Without a client there is nowhere to keep a value, a status or a note: those controls are disabled and each item
     says to create a client first, with the button to do it; the commands show the defaults. */
  /** @param {boolean} none */
  showNoClient(none) {
    const controls = /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>} */ (
      this.root.querySelectorAll(
        "input[data-param], [data-before], input[data-done], select[data-status-select], [data-note], " +
        "select[data-client-select], select[data-client-platform], input[data-revert-default-choice], " +
        "[data-client-rename], [data-client-duplicate], [data-client-delete]"));
    for (const control of controls) control.disabled = none;
    const hints = /** @type {NodeListOf<HTMLElement>} */ (
      this.root.querySelectorAll("[data-no-client], [data-no-client-hint]"));
    for (const hint of hints) hint.hidden = !none;
  }

  /** The selected client; a nameless one without platform while there is none. @returns {PageClient} */
  client() {
    if (!this.clientId) return { id: null, name: "", platform: "" };
    return clients.list().find((client) => client.id === this.clientId) ??
      { id: this.clientId, name: "", platform: "" };
  }

  /** The values snippets use: the client's own valid value, else the default. @returns {Record<string, string>} */
  values() {
    return filledValues(this.specs, this.state.values);
  }

  /** The value this client stores for a parameter, valid or not; undefined while it stores none.
      @param {string} name @returns {string | undefined} */
  ownValue(name) {
    return hasOwn(this.state.values, name) ? this.state.values[name] : undefined;
  }

  /** Whether the value this client stores for a parameter is one its field refuses (kept, used by no command).
      @param {string} name */
  storedRefused(name) {
    return hasOwn(this.specs, name) && refusedValue(this.specs[name], this.state.values, name) !== null;
  }

  /** The identity a setting's object parameter names for this client, or "" while the client has none of its own.
      @param {PageSetting} spec */
  identityOf(spec) {
    return objectIdentity(spec, this.state.values, this.specs);
  }

  /** One item's progress, from its own entry or that of an id it replaces. @param {HTMLElement} itemElement
      @returns {ItemEntry} */
  entryOf(itemElement) {
    return clients.itemEntry(this.state, /** @type {string} */ (itemElement.dataset.item), replacedIds(itemElement));
  }

  /** Everything shown from the client's state. */
  showState() {
    for (const item of this.items) showItem(this, item);
    // The mail-log summary kept for the client, on the item that shows it (the evidence part's: loaded once there is
    // a summary or any evidence, it then shows or hides it for each client).
    const kept = this.root.querySelector("[data-mail-logs-kept]");
    if (kept && (this.state.mailLogs || loadedPart("evidence"))) {
      loadPart("evidence").then((part) => part.showMailLogs(kept, this.state.mailLogs), () => {});   // as it is then
    }
    showParameters(this);
    const platform = this.client().platform || "";
    this.platformSelect.value = platform;
    showPlatform(this.root, platform);
    this.showCommands();
    showProgress(this);
  }

  /** The commands filled with the client's values, then each "Before the change" field, whose line says what the
      reverts restore. */
  showCommands() {
    renderSnippets(this);
    showBefores(this);
  }

  /* Read-modify-write: this client's state as stored now, keeping what another tab saved meanwhile (no client: the
     page's empty state stays). */
  reloadState() {
    if (this.clientId) this.state = clients.state(this.clientId);
  }

  /** Store the client's state; a write the browser refuses is said and put back by storage.js (hooks.onRefused). */
  save() {
    if (!this.clientId) return false;   // the controls are disabled without a client; nothing is kept for nobody
    return store.writeKey("client." + this.clientId, this.state);
  }
}
