// @ts-check
/* A bounded map of the most recent keys to a value, as docs/downloads/mail_logs.py's Remembered: two generations of
   at most half the size each; when the young one is full it becomes the old one, and the old one before it is
   forgotten whole. It counts each message once and keeps when an NDR was made.

   Unlike Python's dicts, a generation here holds no string: each key is kept as two 32-bit hashes in typed arrays
   (open addressing), its value as the number of a distinct value. Maps of 50,000 fresh strings each made the page's
   garbage collector stop the main thread for 50 to 65 ms at a time while it read 200 MB on the page (a Chromium
   trace: MajorGC, "finalize incremental marking", most of it updating pointers to the young strings); typed arrays
   hold nothing for it to trace. Two keys with the same 64-bit hash would read as one key: for the 100,000 keys held
   at most, a chance of about one in 3·10^9 per file set. */
import { REMEMBERED_MESSAGES } from "./constants.js";
import { detached } from "./text.js";

// The hashes of the key last hashed (two numbers, not an array: no allocation per key).
let firstHash = 0;
let secondHash = 0;

/** murmur3's 32-bit finaliser: every bit of the input moves every bit of the output. @param {number} h */
function mixed(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two independent 32-bit hashes of the key's UTF-16 units (FNV-1a, and a multiply-shift with another constant),
 * each finalised, into firstHash and secondHash. @param {string} key */
function hash(key) {
  let a = 0x811c9dc5;
  let b = key.length ^ 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b ^= b >>> 15;
  }
  firstHash = mixed(a);
  secondHash = mixed(b ^ 0x2545f491);
}

/** One generation: a table of twice as many slots as keys at the most, rounded up to a power of two. */
class Generation {
  /** @param {number} keys */
  constructor(keys) {
    let slots = 16;
    while (slots < keys * 2) slots *= 2;
    this.mask = slots - 1;
    this.first = new Uint32Array(slots);
    this.second = new Uint32Array(slots);
    this.values = new Uint32Array(slots);   // the value's number + 1; 0: an empty slot
    this.size = 0;
  }

  /** The slot of the key last hashed, or of the empty slot where it would go. */
  slot() {
    let slot = firstHash & this.mask;
    while (this.values[slot] !== 0 && (this.first[slot] !== firstHash || this.second[slot] !== secondHash)) {
      slot = (slot + 1) & this.mask;
    }
    return slot;
  }

  clear() {
    this.values.fill(0);
    this.size = 0;
  }
}

export class Remembered {
  constructor(size = REMEMBERED_MESSAGES) {
    this.half = size >> 1;
    this.young = new Generation(this.half);
    this.old = new Generation(this.half);
    /** The distinct values (hours, or ""), numbered in the order they came. @type {string[]} */
    this.valueList = [];
    /** @type {Map<string, number>} */
    this.valueNumbers = new Map();
    // The key last added or found, and its value: a message's lines follow each other, and comparing two strings
    // is cheaper than hashing one. Never forgotten before the next add, which sets it.
    /** @type {string | null} */
    this.lastKey = null;
    this.lastValue = "";
  }

  /** The value's number + 1 of the key last hashed, 0 when it is not remembered. */
  found() {
    let at = this.young.slot();
    if (this.young.values[at] !== 0) return this.young.values[at];
    at = this.old.slot();
    return this.old.values[at];
  }

  /** True when the key is new (and now remembered with its value). @param {string} key @param {string} [value] */
  add(key, value = "") {
    if (key === this.lastKey) return false;
    hash(key);
    const known = this.found();
    if (known !== 0) {
      this.lastKey = key;
      this.lastValue = this.valueList[known - 1];
      return false;
    }
    let number = this.valueNumbers.get(value);
    if (number === undefined) {
      number = this.valueList.push(detached(value)) - 1;
      this.valueNumbers.set(this.valueList[number], number);
    }
    const young = this.young;
    const at = young.slot();
    young.first[at] = firstHash;
    young.second[at] = secondHash;
    young.values[at] = number + 1;
    young.size++;
    this.lastKey = detached(key);
    this.lastValue = this.valueList[number];
    if (young.size >= this.half) {
      this.young = this.old;
      this.young.clear();
      this.old = young;
    }
    return true;
  }

  /** @param {string} key @returns {string | undefined} */
  get(key) {
    if (key === this.lastKey) return this.lastValue;
    hash(key);
    const known = this.found();
    return known === 0 ? undefined : this.valueList[known - 1];
  }
}
