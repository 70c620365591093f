// @ts-check
/* How every page kind starts, once its bundle is loaded: the page's vocabulary and status line, the stored clients
 * loaded (storage.js), then the kind's mount on them. Each bundle carries its own copy of the store: after an instant
 * navigation between page kinds the copy loaded earlier reads everything again before it mounts. */
import { itemEntry, shownMinute } from "./clients.js";
import { pageData } from "./dom.js";
import * as store from "./storage.js";
import { renderTemplate, validateValue } from "./templating.js";
import { pageVocabulary, setVocabulary } from "./vocabulary.js";

/** @typedef {{ load(): void }} MountedPage */
/** @typedef {(root: HTMLElement, data: any) => MountedPage} Mount */

/** The page kind mounted on this page, once it is. @type {MountedPage | null} */
let current = null;

// A write the browser refused, or another tab's write: show what is stored. (While writes are refused, loading
// writes nothing: storage.js isRefusing.)
store.hooks.onRefused = () => current?.load();
store.hooks.onOtherTab = () => current?.load();

let openedBefore = false;

// The page kind shown now is this bundle's only while no other kind's bundle has started since (instant navigation).
const token = {};
document.addEventListener("sbskb:page-start", (event) => {
  if (/** @type {CustomEvent} */ (event).detail === token) return;
  store.listen(false);
  current = null;
});

/** Mount `mount` on `root` once the store is loaded. @param {HTMLElement} root @param {Mount} mount
    @param {object} testExport this kind's window.sbskbTest */
async function startPage(root, mount, testExport) {
  document.dispatchEvent(new CustomEvent("sbskb:page-start", { detail: token }));
  store.listen(true);
  // The one explicit export for the tests and scripts (docs/reference/hooks.md): the rules this bundle carries.
  Object.assign(window, { sbskbTest: testExport });
  const data = pageData(root);
  setVocabulary(data.vocabulary);
  store.status.element = root.querySelector("[data-storage-status]");
  current = null;
  const reopened = openedBefore;
  openedBefore = true;
  await store.open();
  if (reopened) await store.refresh(null, true);
  if (!root.isConnected) return;   // instant navigation left this page meanwhile
  current = mount(root, data);
  root.dataset.ready = "";         // for scripts and tests: the page shows what is stored
  store.showPending();
}

/** Hand this bundle's start to the common script (common.js), which loaded it for `kind`; `rules` are what the
    kind's test export carries beyond what every kind's does. @param {string} kind @param {Mount} mount
    @param {object} rules */
export function announce(kind, mount, rules) {
  const sbskbTest = {
    storage: { dump: store.dump, putRaw: store.putRaw, settled: store.settled, commit: store.commit },
    clients: { itemEntry, shownMinute },
    validateValue, renderTemplate,
    get vocabulary() { return pageVocabulary(); },
    ...rules
  };
  document.dispatchEvent(new CustomEvent("sbskb:page-kind", {
    detail: { kind, start: (/** @type {HTMLElement} */ root) => { startPage(root, mount, sbskbTest); } }
  }));
}
