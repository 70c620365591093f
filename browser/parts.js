// @ts-check
/* Parts of a page kind that its page does not need to draw, loaded the first time they are used, so that a page's
 * first visit fetches only what it shows (the weight budgets, docs/performance). A part is a bundle of its own
 * (browser/parts/<name>.js, built beside the page kinds' as part-<name>.js).
 *
 * A module that holds the page's state (the store: scripts/build-browser.mjs PAGE_STATE) must exist once per page,
 * so a part carries no copy of it: the page that loads the part hands over its own (`shared`, only what the part
 * uses), and each import of such a module inside the part reads it (part-link.js). Modules without state of their
 * own (the clients, read through the store) are simply bundled into the part too. */

// This bundle's own address: its parts are built beside it.
const bundle = /** @type {HTMLScriptElement | null} */ (document.currentScript);
const base = bundle ? bundle.src.replace(/[^/]*$/, "") : "";
/** @type {Record<string, Promise<any>>} */
const loading = {};
/** The exports of each part loaded so far. @type {Record<string, any>} */
const loaded = {};

/**
 * The exports of part `name`, its bundle loaded once. The part asks for the page's modules (`shared`: file name
 * under browser/ -> this page's module) and hands over its exports by events on its own script element, so two page
 * kinds' bundles in one page (after an instant navigation) never answer each other's parts.
 * @param {string} name @param {Record<string, object>} [shared] @returns {Promise<any>}
 */
export function loadPart(name, shared = {}) {
  loading[name] ||= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    /** @type {object | null} */
    let exports = null;
    script.addEventListener("sbskb:shared-modules", (event) => {
      /** @type {CustomEvent<{ modules: object | null }>} */ (event).detail.modules = shared;
    });
    script.addEventListener("sbskb:part", (event) => { exports = /** @type {CustomEvent} */ (event).detail; });
    script.onload = () => {
      if (!exports) reject(new Error(`the part ${script.src} handed over nothing (its error is in the console)`));
      else resolve(loaded[name] = exports);
    };
    script.onerror = () => {
      delete loading[name];   // a later use tries again
      reject(new Error(`the page's script ${script.src} did not load`));
    };
    script.src = `${base}part-${name}.js`;
    document.head.appendChild(script);
  });
  return loading[name];
}

/** The exports of part `name` if it is loaded already, else null: for what must happen at once when it can.
    @param {string} name */
export const loadedPart = (name) => loaded[name] ?? null;

/** The reading of a pasted check output or a typed value before the change (before-parse.js, which holds no page
    state): parts/record.js. */
export const loadRecord = () => /** @type {Promise<typeof import("./before-parse.js")>} */ (loadPart("record"));
