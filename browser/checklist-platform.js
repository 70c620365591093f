// @ts-check
/* The client's platform on a checklist page: in every item the tab for it is opened, and the settings of other
 * platforms are hidden. */

/** Whether a space-separated platform list (data-variant, data-platforms) names `platform`.
    @param {string | undefined} list @param {string} platform */
export const namesPlatform = (list, platform) => (list ?? "").split(" ").includes(platform);

/** Open, in every item, the tab for the client's platform. @param {HTMLElement} root @param {string} platform */
export function showPlatform(root, platform) {
  // A setting another platform has is not this client's: its "Before the change" field would only confuse.
  const rows = /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll("[data-setting][data-platforms]"));
  for (const row of rows) row.hidden = !!platform && !namesPlatform(row.dataset.platforms, platform);
  if (!platform) return;
  const blocks = /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(".tabbed-block[data-variant]"));
  for (const block of blocks) {
    if (!namesPlatform(block.dataset.variant, platform)) continue;
    // Material's content tabs: the set's radios, one per block of its .tabbed-content, in the same order.
    const content = /** @type {HTMLElement} */ (block.parentElement);
    const set = /** @type {HTMLElement} */ (content.parentElement);
    const index = Array.from(content.children).indexOf(block);
    const radios = /** @type {NodeListOf<HTMLInputElement>} */ (set.querySelectorAll(":scope > input[type=radio]"));
    if (radios[index] && !radios[index].checked) {
      radios[index].checked = true;
      // Material moves the tab underline on the radio's change event, which setting `checked` does not fire. Its
      // linked tabs would also click the tab of the same label in every other set, scroll, and remember the label:
      // `data-md-switching` on the label tells it this change is not the reader's (every set is set here). Without
      // it, on a phone, that cascade put some items back on another platform's tab.
      set.querySelector(`label[for="${radios[index].id}"]`)?.setAttribute("data-md-switching", "");
      radios[index].dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
}
