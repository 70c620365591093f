// @ts-check
/* The part that reads a value before the change from typed or pasted text (before-parse.js): loaded the first time
 * the technician records one, on a checklist page or the Clients page. */
import * as parse from "../before-parse.js";
import { handOver } from "../part-link.js";

handOver({ ...parse });
