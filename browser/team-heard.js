// @ts-check
/* Who writes a change to the team folder, and which shared clients it touched.
 * - Every tab of this browser with the folder hears every write to the store (its channel, storage-memory.js). A tab
 *   that is shown writes what it hears: the technician works there, and a hidden tab's timers may be slowed to once a
 *   minute. A hidden tab writes only while no tab with the folder is shown (a checklist page changed by a page
 *   without the folder, the Clients tab behind it): shown tabs hold a shared Web Lock, which it asks about.
 * - The clients touched: a client's state ("client.<id>") is that client; the list ("clients", a name or a platform)
 *   and the tombstones may be any client. Everything else (the current client, Undo, the technician's name) is
 *   none. */
import { TOMBSTONES } from "./tombstones.js";

const STATE = /^client\.([a-z0-9]{1,40})$/;

/**
 * The clients changed so far, with those `keys` touch: a set of ids, or "all".
 * @param {Set<string> | "all"} heard @param {unknown} keys @returns {Set<string> | "all"}
 */
export function changedClients(heard, keys) {
  if (heard === "all" || !Array.isArray(keys)) return heard;
  for (const key of keys) {
    if (key === "clients" || key === TOMBSTONES) return "all";
    const state = typeof key === "string" ? STATE.exec(key) : null;
    if (state) heard.add(state[1]);
  }
  return heard;
}

const SHOWN = "sbskb-team-shown";

/** Hold the shared lock of shown tabs while this page is shown; returns what stops that.
    @returns {() => void} */
export function holdWhileShown() {
  const locks = navigator.locks;
  /** @type {(() => void) | null} */
  let release = null;
  let held = false;
  const update = () => {
    const shown = document.visibilityState === "visible";
    if (shown && !held && locks) {
      held = true;
      locks.request(SHOWN, { mode: "shared" }, () => new Promise((resolve) => { release = () => resolve(undefined); }));
    } else if (!shown && held) {
      held = false;
      release?.();
      release = null;
    }
  };
  update();
  document.addEventListener("visibilitychange", update);
  return () => {
    document.removeEventListener("visibilitychange", update);
    if (held) release?.();
  };
}

/** Whether this tab writes the changes it hears: it is shown, or no tab with the folder is (nor can it be known). */
export async function writesChanges() {
  if (document.visibilityState === "visible" || !navigator.locks) return true;
  const { held = [] } = await navigator.locks.query();
  return !held.some((lock) => lock.name === SHOWN);
}
