// @ts-check
/* The Clients page: every client with platform, progress per checklist, last change, last outside test and next
 * open item (dashboard-table.js); the values of one client (dashboard-profile.js, in a part of its own loaded on the
 * first Values); export and import (dashboard-transfer.js); progress kept for retired items, unreadable data kept in
 * storage and an older copy's changes (dashboard-kept.js). mountClients(root, data) starts it on [data-dashboard]. */
import * as clients from "./clients.js";
import { showCorrupt, showLegacy, showRetired, wireLegacy } from "./dashboard-kept.js";
import { ClientTable } from "./dashboard-table.js";
import { wireTeam } from "./dashboard-team.js";
import { technicianNamed, wireTechnician } from "./dashboard-technician.js";
import { exportClients, sayingFailure, wireImport } from "./dashboard-transfer.js";
import * as dom from "./dom.js";
import { loadPart } from "./parts.js";
import * as store from "./storage.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {import("./dashboard-catalog.js").ClientsCatalog} ClientsCatalog
 * @typedef {import("./dashboard-profile.js").ClientProfile} ClientProfile
 */

/** The Values view (dashboard-profile.js: parts/profile.js), on this page's store.
    @returns {Promise<{ ClientProfile: typeof import("./dashboard-profile.js").ClientProfile }>} */
function loadProfile() {
  return loadPart("profile", {
    // What the part uses of this page's store (tests/unit/test_parts.py holds this list to it).
    "storage.js": { PREFIX: store.PREFIX, commit: store.commit, rawValue: store.rawValue, readKey: store.readKey,
                    say: store.say, writeKey: store.writeKey }
  });
}

const REDRAW_GAP_MS = 1000;

class ClientsPage {
  /** @param {HTMLElement} root the page's [data-dashboard] @param {ClientsCatalog} catalog its data block */
  constructor(root, catalog) {
    this.root = root;
    this.checklists = catalog.checklists;
    /** The Values view, once its part is loaded. @type {ClientProfile | null} */
    this.profile = null;
    this.table = new ClientTable(root, catalog, {
      showValues: (client) => sayingFailure(loadProfile().then(({ ClientProfile }) => {
        this.profile ||= new ClientProfile(root, catalog);
        this.profile.show(client);
      })),
      exportClient: (client) => this.exportClients([client]),
      rowExtras: (cell, client) => this.team?.rowExtras(cell, client)
    });
    /** The team folder's part, once a folder is connected. @type {import("./dashboard-team.js").TeamPart | null} */
    this.team = null;
    /** Other tabs' changes stored while this tab was hidden, not drawn yet. */
    this.stale = false;
    document.addEventListener("visibilitychange", () => {
      if (!this.stale || document.visibilityState === "hidden" || !root.isConnected) return;
      this.stale = false;
      this.load();
    });
    /** When the table was last drawn, and the drawing of other tabs' changes waiting. */
    this.drawn = -Infinity;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.redraw = null;
    /** What the import and the older copy's merge need of the page. */
    this.transferDeps = {
      platformIds: catalog.platforms.map((platform) => platform.id),
      afterChange: () => this.render()
    };
  }

  /** Stored clients changed elsewhere (another tab, a refused write): draw them again, at most once a second while
      another tab keeps storing (a technician ticking there), since drawing 1,000 clients takes a good part of one. */
  load() {
    // Behind another tab (a checklist page the technician ticks in), drawn once it is shown again.
    if (document.visibilityState === "hidden") {
      this.stale = true;
      return;
    }
    if (this.redraw) return;
    this.redraw = setTimeout(() => {
      this.redraw = null;
      this.render();
    }, this.drawn + REDRAW_GAP_MS - performance.now());
  }

  render() {
    const started = this.drawn = performance.now();
    const root = this.root;
    const list = clients.list();
    dom.showUndo(root.querySelector("[data-undo]"), () => this.render());
    /** @type {HTMLElement} */ (root.querySelector("[data-dashboard-empty]")).hidden = list.length > 0;
    /** @type {HTMLElement} */ (root.querySelector("[data-dashboard-tools]")).hidden = list.length === 0;
    const summaries = this.table.show(list);
    showRetired(root, summaries, this.checklists);
    showCorrupt(root);
    sayingFailure(showLegacy(root));
    // For the benchmark (scripts/benchmark.py) and anyone profiling: the table's render, stored clients read.
    try {
      performance.measure("sbskb-clients-render", { start: started, end: performance.now() });
    } catch (error) {
      // A browser without User Timing Level 3 (an options object): the table is drawn, just not measured.
    }
  }

  /** Download `list`'s clients (`all`: every client, with the tombstones of those deleted), once this browser has
      the technician's name (asked before the first export), then draw the table again (its export reminders).
      @param {Client[]} list @param {boolean} [all] */
  exportClients(list, all = false) {
    sayingFailure(technicianNamed(this.root).then((named) => named && exportClients(list, all))
      .then(() => this.render()));
  }

  wire() {
    this.table.wire();
    /** @type {HTMLElement} */ (this.root.querySelector("[data-export]"))
      .addEventListener("click", () => this.exportClients(clients.list(), true));
    wireImport(this.root, this.transferDeps);
    wireTechnician(this.root);
    wireLegacy(this.root, this.transferDeps);
    const titles = new Map(this.checklists.flatMap((checklist) =>
      checklist.items.map((item) => [item.id, item.title])));
    wireTeam({ root: this.root, platformIds: this.transferDeps.platformIds, afterChange: () => this.render(),
               titleOf: (id) => titles.get(id) ?? id },
             (part) => {
               this.team = part;
               this.render();
             });
  }
}

/**
 * Start the Clients page on its root ([data-dashboard]).
 * @param {HTMLElement} root @param {ClientsCatalog} data the page's data block (macros/render.py `catalog_json`)
 */
export function mountClients(root, data) {
  const page = new ClientsPage(root, data);
  page.wire();
  page.render();
  return page;
}
