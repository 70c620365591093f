// @ts-check
/* The part that records a checklist page's values before the change (checklist-before-record.js, with the reading
 * of typed or pasted text), on the page's store: loaded when a "Before the change" field first has focus. */
import * as record from "../checklist-before-record.js";
import { handOver } from "../part-link.js";

handOver({ ...record });
