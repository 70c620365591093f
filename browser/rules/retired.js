// @ts-check
/* Retired items: progress a client keeps for item ids no checklist has any more, neither as an item nor among the
 * ids an item replaces. The report page, the Clients page and macros/report.py `retired_item_ids` list the same
 * ones (tests/vectors/rules/retired-items.json). */

/** A checklist as the page's catalogue gives it, as far as this rule reads it.
    @typedef {{ items: { id: string, replaces: string[] }[] }} ChecklistIds */

/**
 * Python's order of strings, by code point (JavaScript's own sort compares UTF-16 code units).
 * @param {string} left @param {string} right
 */
function byCodePoint(left, right) {
  const a = Array.from(left);
  const b = Array.from(right);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return (a[i].codePointAt(0) ?? 0) - (b[i].codePointAt(0) ?? 0);
  }
  return a.length - b.length;
}

/**
 * The ids among `itemIds` (a client's stored item ids) that no checklist knows, sorted.
 * @param {string[]} itemIds
 * @param {ChecklistIds[]} checklists
 * @returns {string[]}
 */
export function retiredItemIds(itemIds, checklists) {
  // A Set, not an object: a stored id such as "constructor" must not read as known.
  const known = new Set(checklists.flatMap((checklist) => checklist.items.flatMap((item) => [item.id, ...item.replaces])));
  return itemIds.filter((id) => !known.has(id)).sort(byCodePoint);
}
