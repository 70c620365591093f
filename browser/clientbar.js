// @ts-check
/* The client bar of a checklist page: switch, new, rename, duplicate (platform and values, not progress) and delete
 * (after a confirmation that says what is lost; the deletion is kept as a tombstone, which export version 5 carries).
 * Works on the Page of checklist-page.js, given to each function. Each change is stamped with when and by whom. */
import { CLIENT_MAPS, VALUE_MAPS, changeStamp, stampBeside } from "./change-stamp.js";
import * as clients from "./clients.js";
import * as dom from "./dom.js";
import { NOT_STARTED } from "./status.js";
import * as store from "./storage.js";
import { TOMBSTONES, storedTombstones } from "./tombstones.js";

/** @typedef {import("./checklist-page.js").Page} Page */
/** @typedef {import("./types.js").Client} Client */
/** @typedef {import("./types.js").ClientState} ClientState */
/** A client about to be added: the list gives it its change times. @typedef {Omit<Client, "changed">} NewClient */

/** Show another client of the list. @param {Page} page @param {string} id */
export function switchClient(page, id) {
  page.clientId = id;
  store.writeKey("current", id);
  page.state = clients.state(id);
  page.showState();
}

/** A duplicate's state to start from: its values; clients.js normalState fills in the rest when it is read.
    @typedef {Pick<ClientState, "values" | "valueChanged" | "items">} StartState */

/** Add a client (with a state to start from, for a duplicate) and show it; false when storing it was refused.
    @param {Page} page @param {NewClient} client @param {StartState} [state] */
function addClient(page, client, state) {
  /** @type {Client} */
  const added = { ...client, changed: {} };
  const stamp = changeStamp();
  for (const field of ["name", "platform"]) stampBeside(added, field, CLIENT_MAPS, stamp);
  const list = clients.list().concat([added]);
  if (!clients.save(list)) return false;
  if (state && !store.writeKey("client." + client.id, state)) return false;
  page.clientId = client.id;
  store.writeKey("current", client.id);
  page.state = clients.state(client.id);
  dom.fillClientSelect(page.select, list, page.clientId);
  page.showNoClient(false);
  page.showState();
  return true;
}

/** Change the selected client's name or platform; false when storing it was refused.
    @param {Page} page @param {{ name?: string, platform?: string }} patch */
export function updateClient(page, patch) {
  const list = clients.list();
  for (const client of list) {
    if (client.id !== page.clientId) continue;
    // Each field keeps its own change time and author, so a merge takes the name or platform field by field.
    for (const field of /** @type {const} */ (["name", "platform"])) {
      const value = patch[field];
      if (value !== undefined) { client[field] = value; stampBeside(client, field, CLIENT_MAPS); }
    }
  }
  if (!clients.save(list)) return false;
  dom.fillClientSelect(page.select, list, page.clientId);
  return true;
}

/** Delete the selected client in one transaction with its tombstone (when and by whom, so that a merge elsewhere
    learns of the deletion) and its Undo, kept until the next Replace or Delete, which takes the tombstone back too.
    @param {Page} page */
function deleteClient(page) {
  const id = page.clientId;
  const name = page.client().name;
  const list = clients.list().filter((client) => client.id !== id);
  const deleted = storedTombstones().filter((stone) => stone.id !== id)
    .concat([{ id: /** @type {string} */ (id), ...changeStamp() }]);
  /** @type {Record<string, string>} */
  const puts = { clients: JSON.stringify(list), [TOMBSTONES]: JSON.stringify(deleted) };
  const removals = ["client." + id];
  puts.undo = clients.undoRecord(`Deleted \u201c${name}\u201d, with ${clients.holdings(page.state)}`,
                                 ["clients", "client." + id, "current", TOMBSTONES], puts, removals);
  store.commit(puts, removals).then((ok) => {
    if (ok) store.say(`Deleted \u201c${name}\u201d.`);
    page.load();
  });
  return true;
}

/** What deleting the selected client loses, as its confirmation asks. @param {Page} page */
function lossSummary(page) {
  const items = Object.keys(page.state.items)
    .filter((itemId) => clients.itemEntry(page.state, itemId).status !== NOT_STARTED).length;
  const values = Object.keys(page.state.values).length;
  return `Delete \u201c${page.client().name}\u201d? This removes, from this browser, its ${items} item ` +
    `status${items === 1 ? "" : "es"} (${clients.holdings(page.state)}) and ${values} ` +
    `value${values === 1 ? "" : "s"}. Undo puts it back until the next Delete or Replace.`;
}

/** The client bar's buttons and forms: one panel open at a time. @param {Page} page */
export function wire(page) {
  const root = page.root;
  /** @param {string} selector */
  const button = (selector) => /** @type {HTMLButtonElement} */ (root.querySelector(selector));
  const add = button("[data-client-new]");
  const form = /** @type {HTMLFormElement} */ (root.querySelector("[data-client-form]"));
  const rename = button("[data-client-rename]");
  const renameForm = /** @type {HTMLFormElement} */ (root.querySelector("[data-client-rename-form]"));
  const del = button("[data-client-delete]");
  const confirm = /** @type {HTMLElement} */ (root.querySelector("[data-client-delete-confirm]"));
  const confirmNo = /** @type {HTMLButtonElement} */ (confirm.querySelector("[data-client-delete-no]"));
  /** @param {ParentNode} parent */
  const textField = (parent) => /** @type {HTMLInputElement} */ (parent.querySelector("input"));
  /** @type {[HTMLElement, HTMLElement][]} */
  const panels = [[add, form], [rename, renameForm], [del, confirm]];
  /** Open `panel` (closing the others), or close it if open; whether it is open now.
      @param {HTMLElement} opener @param {HTMLElement} panel */
  function only(opener, panel) {
    const open = panel.hidden;
    for (const [otherOpener, other] of panels) dom.togglePanel(otherOpener, other, false);
    dom.togglePanel(opener, panel, open);
    return open;
  }
  add.addEventListener("click", () => {
    if (only(add, form)) textField(form).focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = dom.cleanName(textField(form).value);
    if (!name) return;
    const platform = /** @type {HTMLSelectElement} */ (form.querySelector("select")).value;
    if (addClient(page, { id: clients.newId(), name, platform })) {
      form.reset();
      dom.togglePanel(add, form, false);
      page.select.focus();
    }
  });
  rename.addEventListener("click", () => {
    if (!only(rename, renameForm)) return;
    const field = textField(renameForm);
    field.value = page.client().name;
    field.focus();
  });
  renameForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = dom.cleanName(textField(renameForm).value);
    if (name && updateClient(page, { name })) {
      dom.togglePanel(rename, renameForm, false);
      page.select.focus();
    }
  });
  button("[data-client-duplicate]").addEventListener("click", () => {
    const source = page.client();
    // Values are copied; values before a change are not: they belong to the other client's server.
    /** @type {StartState} */
    const copy = { values: { ...page.state.values }, valueChanged: {}, items: {} };
    const stamp = changeStamp();
    for (const name of Object.keys(copy.values)) stampBeside(copy, name, VALUE_MAPS, stamp);
    const name = dom.cleanName(`${source.name} (copy)`);
    addClient(page, { id: clients.newId(), name, platform: source.platform || "" }, copy);
  });
  del.addEventListener("click", () => {
    if (!only(del, confirm)) return;
    /** @type {HTMLElement} */ (confirm.querySelector("[data-client-delete-text]")).textContent = lossSummary(page);
    confirmNo.focus();
  });
  button("[data-client-delete-yes]").addEventListener("click", () => {
    if (deleteClient(page)) {
      dom.togglePanel(del, confirm, false);
      page.select.focus();
    }
  });
  confirmNo.addEventListener("click", () => {
    dom.togglePanel(del, confirm, false);
    del.focus();
  });
}
