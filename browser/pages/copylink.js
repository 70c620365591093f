// @ts-check
/* The bundle of the pages written for clients: their "Copy link to this page" buttons ([data-copy-link]), which copy
 * the page's own address, or show it to copy by hand where the browser refuses. */
import { copyText } from "../copy.js";

function pageLink() {
  const canonical = /** @type {HTMLLinkElement | null} */ (document.querySelector("link[rel=canonical]"));
  return canonical && canonical.href ? canonical.href : location.href.split("#")[0];
}

/** Wire every "Copy link" button of the page shown now (on first load and after each instant navigation). */
function wireCopyLinks() {
  for (const button of document.querySelectorAll("[data-copy-link]")) {
    button.addEventListener("click", async () => {
      const link = pageLink();
      const statusElement = button.parentNode && button.parentNode.querySelector("[data-copy-link-status]");
      let said;
      try {
        await copyText(link);
        said = `Copied: ${link}`;
      } catch (error) {
        said = `Copy this link: ${link}`;
      }
      if (statusElement) statusElement.textContent = said;
    });
  }
}

document.dispatchEvent(new CustomEvent("sbskb:page-kind", { detail: { kind: "copylink", start: wireCopyLinks } }));
