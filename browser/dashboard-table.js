// @ts-check
/* The table of clients on the Clients page ([data-dashboard-table]): one row per client with platform, progress
 * overall and per checklist, last change with the export reminder, last outside test, next open item and actions;
 * filtered by name, sorted, and shown a page at a time. */
import * as clients from "./clients.js";
import { element } from "./dom.js";
import { storedMailLogs } from "./mail-log-summary.js";
import { lastOutsideTest } from "./rules/outside-test.js";
import * as store from "./storage.js";
import { hasOwn } from "./vocabulary.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {import("./types.js").ClientState} ClientState
 * @typedef {import("./dashboard-catalog.js").ClientsCatalog} ClientsCatalog
 * @typedef {import("./dashboard-catalog.js").CatalogChecklist} CatalogChecklist
 * @typedef {import("./dashboard-catalog.js").CatalogItem} CatalogItem
 * @typedef {import("./rules/outside-test.js").OutsideTest} OutsideTest
 */

/**
 * Everything the table shows of one client, computed once per render so that sorting and filtering are cheap.
 * @typedef {{
 *   client: Client, state: ClientState,
 *   settled: number, total: number, percent: number,
 *   checklists: { checklist: CatalogChecklist, settled: number }[],
 *   next: { checklist: CatalogChecklist, item: CatalogItem } | null,
 *   platformOrder: number, latest: string | null, key: string, remind: boolean, outside?: OutsideTest | null
 * }} ClientSummary
 */

/**
 * What a row's buttons do: show the client's values, export the client; and what else a row offers (the team
 * folder's share control, once one is connected).
 * @typedef {{ showValues(client: Client): void, exportClient(client: Client): void,
 *             rowExtras?(cell: HTMLElement, client: Client): void }} RowActions
 */

/** @typedef {(a: ClientSummary, b: ClientSummary) => number} SummaryOrder */

/** The outside test sort's order: known problems first, then clients not tested, then those that passed. */
const OUTSIDE_ORDER = ["fail", "error", "warn", "", "pass"];
/** @param {ClientSummary} summary */
const outsideRank = (summary) => {
  const test = outsideTest(summary);
  return OUTSIDE_ORDER.indexOf(test ? test.verdict : "");
};

const PAGE_SIZE = 50;   // rows shown at once: the table of 1,000 clients renders in milliseconds, not seconds
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
/** Sort orders, by the sort select's values; ties fall back to the name. @type {Record<string, SummaryOrder>} */
const SORTS = {
  name: () => 0,
  platform: (a, b) => a.platformOrder - b.platformOrder,
  progress: (a, b) => a.settled / a.total - b.settled / b.total,
  // Change times are ISO text in UTC (clients.latestChange compares them the same way); never changed: last.
  changed: (a, b) => {
    const x = a.latest || "", y = b.latest || "";
    return x < y ? 1 : x > y ? -1 : 0;
  },
  outside: (a, b) => outsideRank(a) - outsideRank(b)
};

/**
 * The newest probe run in any of a client's items' evidence: the probe's export fills the outside-test item's, and
 * an item that replaced it keeps what it held under its old id. @param {ClientState} state
 * @returns {OutsideTest | null}
 */
function newestOutsideTest(state) {
  /** @type {OutsideTest | null} */
  let newest = null;
  let newestAt = -Infinity;
  for (const id of Object.keys(state.items)) {
    const test = lastOutsideTest(clients.itemEntry(state, id).evidence);
    const at = test ? clients.moment(test.started) : -Infinity;
    if (test && (!newest || at > newestAt)) {
      newest = test;
      newestAt = at;
    }
  }
  return newest;
}

/**
 * A summary's last outside test, read the first time it is asked for: only the rows shown and the outside test sort
 * need it, and reading every item of 1,000 clients for it would slow the first render by a third.
 * @param {ClientSummary} summary @returns {OutsideTest | null}
 */
function outsideTest(summary) {
  if (summary.outside === undefined) summary.outside = newestOutsideTest(summary.state);
  return summary.outside;
}

/** @param {number} count */
const clientsText = (count) => `${count} ${count === 1 ? "client" : "clients"}`;

/**
 * The line that says how many rows are shown: `shown` of the `matching` clients the filter chose, of `all`.
 * @param {number} shown @param {number} matching @param {number} all
 */
function countLine(shown, matching, all) {
  if (matching === all) return shown === all ? `${clientsText(all)}.` : `Showing ${shown} of ${all} clients.`;
  if (!matching) return `No client's name contains that (${clientsText(all)} in all).`;
  return `${shown < matching ? `Showing ${shown} of ` : ""}${matching} matching ` +
    `${matching === 1 ? "client" : "clients"} (${all} in all).`;
}

export class ClientTable {
  /** @param {HTMLElement} root the page's [data-dashboard] @param {ClientsCatalog} catalog
      @param {RowActions} actions */
  constructor(root, catalog, actions) {
    this.root = root;
    this.table = /** @type {HTMLTableElement} */ (root.querySelector("[data-dashboard-table]"));
    this.filter = /** @type {HTMLInputElement} */ (root.querySelector("[data-clients-filter]"));
    this.sort = /** @type {HTMLSelectElement} */ (root.querySelector("[data-clients-sort]"));
    this.count = /** @type {HTMLElement} */ (root.querySelector("[data-clients-count]"));
    this.more = /** @type {HTMLButtonElement} */ (root.querySelector("[data-clients-more]"));
    this.checklists = catalog.checklists;
    this.actions = actions;
    /** @type {Record<string, string>} */
    this.platformNames = {};
    /** @type {Record<string, number>} */
    this.platformOrder = {};
    catalog.platforms.forEach((platform, index) => {
      this.platformNames[platform.id] = platform.name;
      this.platformOrder[platform.id] = index;
    });
    /** How many of the chosen rows are shown. */
    this.shown = PAGE_SIZE;
    /** @type {ClientSummary[]} */
    this.summaries = [];
  }

  /** @param {Client} client @returns {ClientSummary} */
  summarize(client) {
    const state = clients.state(client.id);
    const { settled, total, percent, checklists, next } = clients.progress(state, this.checklists);
    const latest = clients.latestChange(state);
    const exported = store.readKey(`exported.${client.id}`);
    return {
      client, state, settled, total, percent, checklists, next, latest,
      platformOrder: hasOwn(this.platformOrder, client.platform) ? this.platformOrder[client.platform] : 1e6,
      key: clients.foldedName(client.name),
      remind: !!latest && (typeof exported !== "string" || !exported || exported < latest)
    };
  }

  /** Draw the table of `list`; returns each client's summary. @param {Client[]} list */
  show(list) {
    this.summaries = list.map((client) => this.summarize(client));
    this.renderRows();
    return this.summaries;
  }

  /** The rows the filter and the sort choose, the first `this.shown` of them, and a line that says how many. */
  renderRows() {
    const words = this.filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const order = hasOwn(SORTS, this.sort.value) ? SORTS[this.sort.value] : SORTS.name;
    const chosen = this.summaries.filter((summary) => words.every((word) => summary.key.includes(word)))
      .sort((a, b) => order(a, b) || collator.compare(a.client.name, b.client.name));
    const body = this.table.tBodies[0];
    body.textContent = "";
    for (const summary of chosen.slice(0, this.shown)) body.appendChild(this.row(summary));
    this.table.hidden = chosen.length === 0;
    const shown = Math.min(this.shown, chosen.length);
    const line = countLine(shown, chosen.length, this.summaries.length);
    if (this.count.textContent !== line) this.count.textContent = line;   // a live region: said only when it changes
    this.more.hidden = shown >= chosen.length;
    this.more.textContent = `Show ${Math.min(PAGE_SIZE, chosen.length - shown)} more`;
  }

  /** One client's row (a card on a narrow screen): platform, progress overall and per checklist, last change with the
     export reminder, last outside test, next open item, actions. Each cell names its column for the card layout
     (data-label).
     @param {ClientSummary} summary */
  row(summary) {
    const client = summary.client;
    const row = document.createElement("tr");
    row.dataset.client = client.id;
    row.setAttribute("role", "row");   // explicit roles: see render_dashboard (the card layout)
    /** @param {string} label */
    const cell = (label) => {
      const td = element("td", null, row);
      td.dataset.label = label;
      td.setAttribute("role", "cell");
      return td;
    };
    const name = element("th", client.name, row);
    name.setAttribute("scope", "row");
    name.setAttribute("role", "rowheader");
    cell("Platform").textContent = hasOwn(this.platformNames, client.platform) && this.platformNames[client.platform]
      || "not set";
    const progress = cell("Progress");
    element("strong", `${summary.settled}/${summary.total}`, progress).dataset.overall = "";
    progress.appendChild(document.createTextNode(` (${summary.percent} %)`));
    const perChecklist = element("ul", null, progress);
    perChecklist.className = "sbskb-checklist-progress";
    for (const entry of summary.checklists) {
      const line = element("li", `${entry.checklist.shortTitle} ${entry.settled}/${entry.checklist.items.length}`,
                           perChecklist);
      line.dataset.checklist = entry.checklist.id;
      line.title = entry.checklist.title;
    }
    const lastCell = cell("Last change");
    lastCell.textContent = summary.latest ? clients.shownMinute(summary.latest) : "never";
    if (summary.remind) {
      element("strong", " Changed since the last export", lastCell).className = "sbskb-export-reminder";
    }
    this.outsideCell(cell("Outside test"), outsideTest(summary));
    mailLogsCell(cell("Mail logs"), storedMailLogs(summary.state)?.value ?? null);
    const nextCell = cell("Next open item");
    const next = summary.next;
    if (next) {
      // href is written by the build for this page and URL style (served site or offline folder).
      const link = /** @type {HTMLAnchorElement} */ (element("a", next.item.title, nextCell));
      link.href = `${next.checklist.href}#${next.item.id}`;
      link.addEventListener("click", () => { store.writeKey("current", client.id); });
    } else {
      nextCell.textContent = "all settled";
    }
    const actions = cell("Values and export");
    const valuesButton = this.button(actions, "Values", `Values of ${client.name}`);
    valuesButton.addEventListener("click", () => this.actions.showValues(client));
    actions.appendChild(document.createTextNode(" "));
    const exportButton = this.button(actions, "Export", `Export ${client.name}`);
    exportButton.addEventListener("click", () => this.actions.exportClient(client));
    this.actions.rowExtras?.(actions, client);
    return row;
  }

  /** The last outside test: its verdict (the worst host's) and when it ran, "FAIL · 2026-12-05 00:34", each host's
      verdict in the cell's title and, for screen readers, in text not shown; "not tested" when there is none.
      @param {HTMLElement} td @param {OutsideTest | null} test */
  outsideCell(td, test) {
    td.dataset.outsideTest = test ? test.verdict : "";
    if (!test) {
      td.textContent = "not tested";
      return;
    }
    element("strong", test.verdict.toUpperCase(), td);
    td.appendChild(document.createTextNode(" \u00b7 "));
    element("span", clients.shownMinute(test.started), td).className = "sbskb-when";
    if (!test.hosts.length) return;
    const hosts = `${test.domain}: ${test.hosts.map((host) => `${host.host} ${host.verdict.toUpperCase()}`)
      .join(", ")}`;
    td.title = hosts;
    element("span", ` (${hosts})`, td).className = "sbskb-visually-hidden";
  }

  /** @param {HTMLElement} parent @param {string} text @param {string} label */
  button(parent, text, label) {
    const button = /** @type {HTMLButtonElement} */ (element("button", text, parent));
    button.type = "button";
    button.className = "md-button";
    button.setAttribute("aria-label", label);
    return button;
  }

  /** The filter, the sort and "Show more". */
  wire() {
    const again = () => {
      this.shown = PAGE_SIZE;
      this.renderRows();
    };
    this.filter.addEventListener("input", again);
    this.sort.addEventListener("change", again);
    this.more.addEventListener("click", () => {
      const before = this.shown;
      this.shown += PAGE_SIZE;
      this.renderRows();
      // The button may now be hidden: keyboard focus goes on to the first of the rows it showed.
      const header = this.table.tBodies[0].rows[before]?.querySelector("th");
      if (header) {
        header.tabIndex = -1;
        header.focus();
      }
    });
  }
}

/** The verdict of the mail-log summary kept for the client and when its logs were analysed, "backscatter ·
    2026-12-05 10:12"; "not analysed" when none is kept. @param {HTMLElement} td
    @param {import("./types.js").MailLogSummary | null} kept */
function mailLogsCell(td, kept) {
  td.dataset.mailLogs = kept ? kept.verdict : "";
  if (!kept) {
    td.textContent = "not analysed";
    return;
  }
  element("strong", kept.verdict, td);
  td.appendChild(document.createTextNode(" \u00b7 "));
  element("span", clients.shownMinute(kept.analysed), td).className = "sbskb-when";
}
