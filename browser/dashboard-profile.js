// @ts-check
/* The values of one client on the Clients page ([data-profile]): the parameters and the settings' values before the
 * change that the client's platform uses (every platform's, grouped, while it has none), and the SMTP probe's
 * command, validated and recorded as on the checklist pages. */
import * as clients from "./clients.js";
import { groupBoxes, platformGroups, showPlatformLines } from "./dashboard-platform-fields.js";
import { showProbeCommand } from "./dashboard-probe.js";
import {
  clearRefusal, objectIdentity, pastedLines, refuseBefore, setBefore, setValue, showRefusal
} from "./value-editor.js";
import { element } from "./dom.js";
import { boxChoices } from "./rules/box-choices.js";
import * as store from "./storage.js";
import { refusedValue, validateValue } from "./templating.js";
import { hasOwn } from "./vocabulary.js";
import { loadRecord } from "./parts.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {import("./dashboard-catalog.js").ClientsCatalog} ClientsCatalog
 * @typedef {import("./dashboard-catalog.js").CatalogParameter} CatalogParameter
 * @typedef {import("./dashboard-catalog.js").CatalogSetting} CatalogSetting
 * @typedef {import("./value-editor.js").ValueControl} ValueControl
 */

/** A field's wrapper with its label, and the ids its help and error lines take from the field's id. */
class Field {
  /** @param {HTMLElement} parent @param {string} id @param {string} label */
  constructor(parent, id, label) {
    this.id = id;
    this.wrap = element("div", null, parent);
    this.wrap.className = "sbskb-param";
    /** @type {HTMLLabelElement} */ (element("label", label, this.wrap)).htmlFor = id;
  }

  /** A paragraph under the field: its help or its error line.
      @param {string} suffix @param {string} className @param {string} [text] */
  line(suffix, className, text = "") {
    const paragraph = element("p", text, this.wrap);
    paragraph.id = `${this.id}-${suffix}`;
    paragraph.className = className;
    return paragraph;
  }
}

export class ClientProfile {
  /** @param {HTMLElement} root the page's [data-dashboard] @param {ClientsCatalog} catalog */
  constructor(root, catalog) {
    this.box = /** @type {HTMLElement} */ (root.querySelector("[data-profile]"));
    this.fields = /** @type {HTMLElement} */ (this.box.querySelector("[data-profile-fields]"));
    this.catalog = catalog;
    /** @type {Record<string, CatalogParameter>} */
    this.parameters = {};
    for (const spec of catalog.parameters) this.parameters[spec.name] = spec;
    /** The probe command's listener on the fields: the panel is rebuilt for each client, one listener, the current one.
        @type {(() => void) | null} */
    this.probeCommandUpdate = null;
  }

  /** Show `client`'s values, values before the change and probe command, the first field focused. Only its
      platform's: what is stored for another platform's fields is kept as it is, counted and named, not shown.
      @param {Client} client */
  show(client) {
    const fields = this.fields;
    const title = /** @type {HTMLElement} */ (this.box.querySelector("[data-profile-title]"));
    title.textContent = `Values for ${client.name}`;
    fields.textContent = "";
    const state = clients.state(client.id);
    const every = this.catalog.platforms;
    const platform = every.find((known) => known.id === client.platform);
    const id = platform ? platform.id : "";
    const values = platformGroups(this.catalog.parameters, (spec) => spec.platforms, id, every);
    const before = platformGroups(this.catalog.settings, (setting) => Object.keys(setting.defaults), id, every);
    const kept = values.hidden.filter((spec) => hasOwn(state.values, spec.name)).map((spec) => spec.label)
      .concat(before.hidden.filter((setting) => clients.beforeEntry(state, setting.id)?.value)
        .map((setting) => setting.label));
    showPlatformLines(fields, platform ? platform.name : "", kept);
    const boxes = groupBoxes(fields, values.groups, !platform, every);
    values.groups.forEach((group, index) => {
      for (const spec of group.fields) this.showValue(client, spec, state.values, boxes[index]);
    });
    this.showBeforeValues(client, before.groups, !platform);
    if (this.probeCommandUpdate) fields.removeEventListener("input", this.probeCommandUpdate);
    this.probeCommandUpdate = showProbeCommand(fields, client, this.parameters);
    if (this.probeCommandUpdate) {
      this.probeCommandUpdate();
      fields.addEventListener("input", this.probeCommandUpdate);
    }
    this.box.hidden = false;
    /** @type {HTMLInputElement} */ (fields.querySelector("input")).focus();
  }

  /** One parameter's field in `parent`, saved as it is typed when valid.
      @param {Client} client @param {CatalogParameter} spec @param {Record<string, string>} values
      @param {HTMLElement} parent */
  showValue(client, spec, values, parent) {
    const field = new Field(parent, `profile-${spec.name}`, spec.label);
    const input = /** @type {HTMLInputElement} */ (element("input", null, field.wrap));
    input.id = field.id;
    input.type = "text";
    input.dataset.param = spec.name;
    input.setAttribute("aria-describedby", `${field.id}-help ${field.id}-error`);
    input.value = hasOwn(values, spec.name) ? values[spec.name] : spec.default;
    field.line("help", "sbskb-help", spec.help);
    const error = field.line("error", "sbskb-error");
    const stored = refusedValue(spec, values, spec.name);
    if (stored) {   // e.g. a value from an older, wider range: kept as it is, used by no command
      showRefusal(input, error, `Not used: ${stored.message}. This client's stored value is kept, but no command ` +
        "is made from it until you enter a valid value.");
    }
    input.addEventListener("input", () => {
      const result = validateValue(spec, input.value);
      if (!result.ok) {
        showRefusal(input, error, `Not saved: ${result.message}.`);
        return;
      }
      clearRefusal(input, error);
      const latest = clients.state(client.id);   // read-modify-write: another tab may have changed other fields
      setValue(latest, spec.name, String(result.value));
      store.writeKey(`client.${client.id}`, latest);
    });
  }

  /** The settings' values before the change for `client`, read and recorded as on the checklist pages: `groups` as
      platformGroups gives them, each in a fieldset naming its platforms when `grouped`.
      @param {Client} client @param {{ platforms: string[], fields: CatalogSetting[] }[]} groups
      @param {boolean} grouped */
  showBeforeValues(client, groups, grouped) {
    const fields = this.fields;
    element("h3", "Values before the change", fields).id = "client-before-values";
    element("p", "What each setting was on this client's server before you changed it; every revert restores it. " +
            "Type the value or paste the check's output.", fields);
    const boxes = groupBoxes(fields, groups, grouped, this.catalog.platforms);
    groups.forEach((group, index) => {
      for (const setting of group.fields) this.showBefore(client, setting, boxes[index]);
    });
  }

  /** One setting's field in `parent`: a choice for a box, else text to type or paste.
      @param {Client} client @param {CatalogSetting} setting @param {HTMLElement} parent */
  showBefore(client, setting, parent) {
    const field = new Field(parent, `profile-before-${setting.id}`, setting.label);
    /** @type {ValueControl} */
    let control;
    if (setting.type === "box") {
      const select = /** @type {HTMLSelectElement} */ (element("select", null, field.wrap));
      for (const [value, label] of boxChoices()) {
        /** @type {HTMLOptionElement} */ (element("option", label, select)).value = value;
      }
      control = select;
    } else {
      const input = /** @type {HTMLInputElement} */ (element("input", null, field.wrap));
      input.type = "text";
      input.placeholder = "not recorded";
      control = input;
    }
    control.id = field.id;
    control.dataset.beforeProfile = setting.id;
    control.setAttribute("aria-describedby", `${field.id}-error`);
    const entry = clients.beforeEntry(clients.state(client.id), setting.id);
    control.value = entry ? entry.value : "";
    const error = field.line("error", "sbskb-error");
    /** @param {string} text */
    const record = async (text) => {
      let reading;
      try {
        reading = await loadRecord();
      } catch (failure) {
        refuseBefore(control, error, failure instanceof Error ? failure.message : "the reading could not load", text);
        return;
      }
      const latest = clients.state(client.id);
      const identity = objectIdentity(setting, latest.values, this.parameters);
      const result = setBefore(latest, setting, text, identity, reading);
      if (!result.ok) {
        refuseBefore(control, error, result.message, text);
        return;
      }
      store.writeKey(`client.${client.id}`, latest);
      control.value = result.value;
      clearRefusal(control, error);
    };
    control.addEventListener("change", () => record(control.value));
    control.addEventListener("paste", (event) => {
      const text = pastedLines(/** @type {ClipboardEvent} */ (event));
      if (text === null) return;
      event.preventDefault();
      record(text);
    });
  }
}
