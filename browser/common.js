// @ts-check
/* The script every page loads (mkdocs.yml extra_javascript): the "Copy link" buttons of the pages for clients, and the
 * bundle of the page kind the page holds, loaded the first time that kind appears. On first load and after every
 * instant navigation (Material's document$), so a page reached by a link works as one loaded in full. The kinds'
 * bundles sit beside this one; they are never named in page content. */

/** A page kind's start, handed over by its bundle (start.js announce). @typedef {(root: HTMLElement) => void} Start */

/** Selector of a page kind's root -> the bundle (pages/<kind>.js, built beside this script) that mounts it, and
    whether it has a stylesheet of its own (browser/styles/<kind>.css). The client pages' "Copy link" is a kind too,
    so that pages without it do not carry it.
    @type {[string, string, boolean][]} */
const PAGE_KINDS = [["[data-report]", "report", true], ["[data-dashboard]", "clients", true],
                    ["[data-checklist]", "checklist", true], ["[data-copy-link]", "copylink", false],
                    ["[data-mail-logs]", "maillogs", true]];
const here = /** @type {HTMLScriptElement | null} */ (document.currentScript);
const base = here ? here.src.replace(/[^/]*$/, "") : "";
/** @type {Record<string, Start>} */
const started = {};
/** @type {Record<string, Promise<Start>>} */
const loading = {};

document.addEventListener("sbskb:page-kind", (event) => {
  const { detail } = /** @type {CustomEvent<{ kind: string, start: Start }>} */ (event);
  started[detail.kind] = detail.start;
});

/** The start of a page kind, its bundle loaded once. @param {string} kind @returns {Promise<Start>} */
function loadKind(kind) {
  // Loaded already by the page itself (overrides/main.html, on a full load of a page of that kind).
  if (!loading[kind] && started[kind]) loading[kind] = Promise.resolve(started[kind]);
  if (!loading[kind]) {
    loading[kind] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = `${base}${kind}.js`;
      script.onload = () => started[kind] ? resolve(started[kind])
        : reject(new Error(`the page's script ${script.src} did not start (its error is in the console)`));
      script.onerror = () => {
        delete loading[kind];   // a later visit tries again
        reject(new Error(`the page's script ${script.src} did not load`));
      };
      document.head.appendChild(script);
    });
  }
  return loading[kind];
}

/** The page kind's stylesheet: in the head of its pages already (overrides/main.html), but not after an instant
    navigation from a page of another kind, which keeps the head it had. @param {string} kind */
function linkStyle(kind) {
  if (document.querySelector(`link[data-sbskb-style="${kind}"]`)) return;
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = `${base}../../stylesheets/sbskb/${kind}.css`;   // docs/javascripts/sbskb/ -> docs/stylesheets/sbskb/
  style.dataset.sbskbStyle = kind;
  document.head.appendChild(style);
}

function init() {
  // Material's search dialog has no accessible name (axe aria-dialog-name).
  const dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  for (const [selector, kind, styled] of PAGE_KINDS) {
    const root = /** @type {HTMLElement | null} */ (document.querySelector(selector));
    if (!root) continue;
    if (styled) linkStyle(kind);
    loadKind(kind).then((start) => {
      if (root.isConnected) start(root);   // instant navigation may have left the page meanwhile
    }, (/** @type {Error} */ error) => {
      const status = root.querySelector("[data-storage-status]");
      if (status) status.textContent = `This page's controls could not start: ${error.message}.`;
    });
    return;
  }
}

// document$ (Material) emits on first load and after every instant navigation.
const material = /** @type {{ document$?: { subscribe(next: () => void): void } }} */ (/** @type {unknown} */ (window));
if (material.document$ !== undefined) material.document$.subscribe(init);
else document.addEventListener("DOMContentLoaded", init);
