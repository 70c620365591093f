// @ts-check
/* A part's side of parts.js: the page's own instances of the modules it shares, and the hand-over of the part's
 * exports, both by events on the part's script element. scripts/build-browser.mjs makes every import of a shared
 * module inside a part read `sharedModule(<file name>)`. */

const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);

/** This page's instance of a shared module (parts.js SHARED). @param {string} file @returns {object} */
export function sharedModule(file) {
  const request = new CustomEvent("sbskb:shared-modules", { detail: { modules: /** @type {any} */ (null) } });
  script?.dispatchEvent(request);
  const module = request.detail.modules?.[file];
  if (!module) throw new Error(`sbskb: this part needs ${file} from its page, which does not share it (parts.js)`);
  return module;
}

/** Hand the part's exports to the page that loaded it (parts.js loadPart). @param {object} exports */
export function handOver(exports) {
  script?.dispatchEvent(new CustomEvent("sbskb:part", { detail: exports }));
}
