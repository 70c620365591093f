// @ts-check
/* The printable client report: every item's status, note, last outside test and date (in this browser's time zone,
 * named in the summary), and for items marked done the read-only check filled with the client's values. The browser half of macros/report.py; its rules (summary, before → after,
 * re-checks, retired items) are in browser/rules/, held to the Python half by tests/vectors/rules/.
 * mountReport(root, data) starts it on [data-report]. */
// One name per browser, the person working in it: printed on the report, and exported with each change it makes.
import { TECHNICIAN_KEY } from "./change-stamp.js";
import * as clients from "./clients.js";
import { element, fillClientSelect } from "./dom.js";
import { fixMarks } from "./fix-marks.js";
import { storedMailLogs } from "./mail-log-summary.js";
import { loadPart } from "./parts.js";
import { noteCell } from "./rules/note-cell.js";
import { lastOutsideTest, outsideTestCell } from "./rules/outside-test.js";
import { changeRows } from "./rules/report-changes.js";
import { recheckSelection } from "./rules/rechecks.js";
import { summaryRows } from "./rules/report-summary.js";
import { retiredItemIds } from "./rules/retired.js";
import { DONE } from "./status.js";
import * as store from "./storage.js";
import { filledValues, refusedValues, renderTemplate } from "./templating.js";
import { pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").Client} Client */
/** @typedef {import("./types.js").ClientState} ClientState */
/** @typedef {import("./types.js").ItemEntry} ItemEntry */
/** @typedef {import("./types.js").ValueSpec} ValueSpec */
/** @typedef {import("./rules/report-changes.js").SettingData} SettingData */
/** @typedef {import("./rules/rechecks.js").CheckData} CheckData */
/** @typedef {import("./rules/report-summary.js").SummaryRow} SummaryRow */

/** The kept mail-log summary in `box`, by its part (parts/maillogs-report.js, loaded only for a client with one).
    @param {HTMLElement} box @param {any} kept @param {import("./fix-marks.js").Mark[]} marks */
function showKeptMailLogs(box, kept, marks) {
  loadPart("maillogs-report").then((part) => part.showMailLogs(box, kept, marks, clients.shownMinute), () => {
    box.textContent = "The kept mail-log summary could not be shown.";
  });
}

/**
 * The catalogue the report page carries (macros/render.py `catalog_json` with checks).
 * @typedef {{ id: string, title: string, replaces: string[], parameters: Record<string, ValueSpec>,
 *             checks: CheckData[] }} ReportItem
 * @typedef {{ id: string, title: string, shortTitle: string, items: ReportItem[] }} ReportChecklist
 * @typedef {{ id: string, name: string, fullName: string }} ReportPlatform
 * @typedef {{ platforms: ReportPlatform[], settings: (SettingData & { item: string })[],
 *             checklists: ReportChecklist[], fixes: import("./fix-marks.js").Fix[] }} ReportCatalog
 */
/** Before → after of one setting, with its item's title. @typedef {import("./rules/report-changes.js").ChangeRow
    & { title: string }} Change */
/** A check to run again, filled: the item's title, where it applies and the command.
    @typedef {{ title: string, where: string, text: string }} Recheck */


const technicianMax = () => pageVocabulary().limits.technician;

/** Today as YYYY-MM-DD in the technician's own time zone: the date printed on the report. */
function today() {
  const now = new Date();
  const two = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/**
 * A table's head row of column headers, its body, and a way to add a row: each cell names its column
 * (data-label), which a phone shows before it when the table becomes one card per row.
 * @param {HTMLElement} parent @param {string[]} titles
 * @returns {{ table: HTMLElement, row: (texts: string[]) => HTMLElement }}
 */
function table(parent, titles) {
  const node = element("table", null, parent);
  const head = element("tr", null, element("thead", null, node));
  titles.forEach((title) => { /** @type {HTMLTableCellElement} */ (element("th", title, head)).scope = "col"; });
  const body = element("tbody", null, node);
  return { table: node, row: (texts) => {
    const row = element("tr", null, body);
    texts.forEach((text, at) => { element("td", text, row).dataset.label = titles[at]; });
    return row;
  } };
}

class Report {
  /** @param {HTMLElement} root [data-report] @param {ReportCatalog} catalog the page's data block */
  constructor(root, catalog) {
    this.root = root;
    this.catalog = catalog;
    this.select = /** @type {HTMLSelectElement} */ (root.querySelector("select[data-client-select]"));
    this.technician = /** @type {HTMLInputElement} */ (root.querySelector("input[data-technician]"));
    /** @type {Record<string, SettingData[]>} the settings each item changes, by item id */
    this.settingsOf = {};
    catalog.settings.forEach((setting) => { (this.settingsOf[setting.item] ??= []).push(setting); });
  }

  load() {
    const stored = store.readKey(TECHNICIAN_KEY);
    if (document.activeElement !== this.technician) this.technician.value = typeof stored === "string" ? stored : "";
    const list = clients.list();
    const currentId = list.length ? clients.currentId(list) : null;
    fillClientSelect(this.select, list, currentId);
    this.render(currentId);
  }

  /** @param {string} id a platform id @param {"name" | "fullName"} field */
  platformName(id, field) {
    const platform = this.catalog.platforms.find((p) => p.id === id);
    return platform ? platform[field] : id;
  }

  /** @param {string | null} clientId */
  render(clientId) {
    const body = /** @type {HTMLElement} */ (this.root.querySelector("[data-report-body]"));
    body.textContent = "";
    const client = clients.list().find((c) => c.id === clientId);
    if (!client) {
      element("p", "No clients yet: open a checklist and choose New client.", body);
      return;
    }
    const state = clients.state(client.id);
    element("h2", `Mail server setup report: ${client.name}`, body);
    const summary = element("dl", null, body);
    summary.className = "sbskb-report-summary";
    summary.dataset.reportSummary = "";
    /** @type {Set<number>} the local zone's offsets of the times shown: the summary names them */
    const offsets = new Set();
    this.mailLogs(body, client, state);
    this.catalog.checklists.forEach((checklist) => this.renderChecklist(body, checklist, client, state, offsets));
    if (!offsets.size) offsets.add(clients.localOffset(null));   // none shown: the zone's offset now
    this.summary(client, state, [...offsets]).forEach(([label, hook, text]) => {
      element("dt", label, summary);
      element("dd", text, summary).dataset.summary = hook;
    });
    const retired = retiredItemIds(Object.keys(state.items), this.catalog.checklists);
    if (retired.length) {
      element("h3", "Retired items", body);
      const list = element("ul", null, body);
      retired.forEach((id) => { element("li", clients.retiredLine(id, state.items[id]), list); });
    }
  }

  /** The mail-log summary kept for the client, with its chart (parts/maillogs-report.js, loaded only then).
      @param {HTMLElement} body @param {Client} client @param {ClientState} state */
  mailLogs(body, client, state) {
    const kept = storedMailLogs(state)?.value;
    if (!kept) return;
    const box = element("section", null, body);
    box.dataset.reportMailLogs = "";
    showKeptMailLogs(box, kept, fixMarks(this.catalog.fixes, client.platform, state.items));
  }

  /**
   * One checklist's part: its items, the settings they change, and the checks to run again for those done.
   * @param {HTMLElement} body @param {ReportChecklist} checklist @param {Client} client @param {ClientState} state
   * @param {Set<number>} offsets gets the local zone's offset of each time shown
   */
  renderChecklist(body, checklist, client, state, offsets) {
    /** @param {string | null} text @returns {number} */
    const shownAt = (text) => {
      const offset = clients.localOffset(text);
      if (clients.changeTime(text)) offsets.add(offset);
      return offset;
    };
    element("h3", checklist.title, body);
    const items = table(body, ["Item", "Status", "Note", "Outside test", "Last change"]);
    /** @type {Recheck[]} */
    const rechecks = [];
    /** @type {Change[]} */
    const changes = [];
    checklist.items.forEach((item) => {
      const entry = clients.itemEntry(state, item.id, item.replaces);
      changes.push(...this.changes(item, entry, client, state));
      const test = lastOutsideTest(entry.evidence);
      const outside = test ? outsideTestCell(test, shownAt(test.started)) : "";
      shownAt(entry.changed);
      const row = items.row([item.title, clients.statusLabel(entry.status), noteCell(entry), outside,
                             clients.shownMinute(entry.changed)]);
      /** @type {HTMLElement} */ (row.querySelector('[data-label="Outside test"]')).dataset.outsideTest = "";
      if (entry.status !== DONE) return;
      const values = filledValues(item.parameters, state.values);
      recheckSelection(item.checks, client.platform, this.catalog.platforms).forEach((check) => {
        rechecks.push({ title: item.title, where: `${check.platforms}, ${check.formatName}`,
                        text: renderTemplate(check.template, values) });
      });
    });
    if (changes.length) {
      const changeTable = table(body, ["Item", "Setting", "Before the change", "After"]);
      changeTable.table.dataset.reportChanges = "";   // no class: Material styles tables that have none
      changes.forEach((change) => {
        changeTable.row([change.title, change.name, change.before, change.after]).dataset.reportChange =
          change.setting;
      });
    }
    rechecks.forEach((recheck) => {
      const line = element("p", "Re-check ", body);
      element("em", recheck.title, line);
      line.appendChild(document.createTextNode(` (${recheck.where}):`));
      element("code", recheck.text, element("pre", null, body));
    });
  }

  /**
   * Client, platform, settled of all items with percent, date, time zone, technician (rules/report-summary.js).
   * @param {Client} client @param {ClientState} state @param {number[]} offsets the zone's offsets of the times shown
   * @returns {SummaryRow[]}
   */
  summary(client, state, offsets) {
    const done = clients.progress(state, this.catalog.checklists);
    const platform = client.platform ? this.platformName(client.platform, "fullName") : "";
    return summaryRows(client.name, platform, done.settled, done.total, today(), this.technician.value, offsets);
  }

  /**
   * Before → after for each setting the item changes on the client's platform (rules/report-changes.js).
   * @param {ReportItem} item @param {ItemEntry} entry @param {Client} client @param {ClientState} state
   * @returns {Change[]}
   */
  changes(item, entry, client, state) {
    const settings = this.settingsOf[item.id] ?? [];
    /** @type {Record<string, string>} */
    const recorded = {};
    settings.forEach((setting) => {
      const value = clients.beforeEntry(state, setting.id);
      if (value) recorded[setting.id] = value.value;
    });
    const refused = Object.keys(refusedValues(item.parameters, state.values));
    return changeRows(settings, client.platform, recorded, entry, filledValues(item.parameters, state.values), refused)
      .map((change) => ({ ...change, title: item.title }));
  }

  wire() {
    this.select.addEventListener("change", () => {
      store.writeKey("current", this.select.value);
      this.render(this.select.value);
    });
    const print = /** @type {HTMLElement} */ (this.root.querySelector("[data-report-print]"));
    print.addEventListener("click", () => { window.print(); });
    // The summary follows each keystroke; the name is stored when the typing pauses or the field is left, not on every
    // keystroke (each write makes every other open tab load again).
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let pending;
    const saveName = () => {
      clearTimeout(pending);
      pending = undefined;
      store.writeKey(TECHNICIAN_KEY, this.technician.value.slice(0, technicianMax()));
    };
    this.technician.addEventListener("input", () => {
      this.render(this.select.value);
      clearTimeout(pending);
      pending = setTimeout(saveName, 400);
    });
    this.technician.addEventListener("change", saveName);
  }
}

/**
 * Start the report page on its root ([data-report]).
 * @param {HTMLElement} root @param {ReportCatalog} data the page's data block
 * @returns {Report}
 */
export function mountReport(root, data) {
  const report = new Report(root, data);
  report.wire();
  report.load();
  return report;
}
