// @ts-check
/* The team folder's part (parts/team.js: team-connect.js), on this page's store: loaded by the Clients page's button
 * (dashboard-team.js), and by a checklist page once a folder was connected in this browser, to write that page's
 * changes and read its client's file (team-folder.js). */
import { loadPart } from "./parts.js";
import * as store from "./storage.js";

/** @typedef {typeof import("./team-connect.js")} TeamPart */

/** The team folder's part, on this page's store. @returns {Promise<TeamPart>} */
export const loadTeam = () => loadPart("team", {
  // What the part uses of this page's store (tests/unit/test_parts.py holds this list to it).
  "storage.js": { PREFIX: store.PREFIX, commit: store.commit, rawValue: store.rawValue, readKey: store.readKey,
                  say: store.say, writeKey: store.writeKey }
});

/** On a checklist page: follow the team folder connected in this browser, if any and while the browser lets the page
    use it (the Clients page asks again after a restart). @param {import("./team-connect.js").FollowedPage} page */
export function followTeam(page) {
  if (store.readKey("team")) loadTeam().then((part) => part.follow(page), () => {});
}
