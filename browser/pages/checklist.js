// @ts-check
/* The bundle of checklist pages ([data-checklist]). */
import * as before from "../before.js";
import { mountChecklist } from "../checklist.js";
import { loadRecord } from "../parts.js";
import { announce } from "../start.js";
import { filters } from "../templating.js";

announce("checklist", mountChecklist, {
  before: { fillRevert: before.fillRevert, revertNote: before.revertNote,
            defaultOffered: before.defaultOffered },
  filters,
  parts: { record: loadRecord }   // a part's exports, loaded (parts.js)
});
