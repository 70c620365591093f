/* The browser's storage for this site: the IndexedDB database "sbskb" (object store "kv": key -> the stored text), far
 * larger than localStorage's five million characters, so a provider's whole client list fits. open() loads all of it
 * into memory once per page; reads are then synchronous, and every write goes to the database in a transaction.
 *
 * - A write the browser refuses (quota, a closed database) is reported in the page's status line and the memory copy
 *   is put back, then the page is told to show what is stored (onRefused), so nothing looks saved that is not.
 * - commit(puts, removals) writes many keys in one transaction: all or nothing, as an import needs.
 * - Other tabs hear of every write through a BroadcastChannel (IndexedDB fires no "storage" event) and reload.
 * - A stored value that cannot be read is copied to "corrupt.<key>" before anything overwrites it.
 * - The first release kept everything in localStorage under "sbskb.v1.*": that is copied in on first open, checked,
 *   and removed only on a later open that finds it unchanged; an older offline copy that wrote there afterwards is
 *   offered for merge on the Clients page (legacy()). Material's own localStorage keys are never touched.
 * - Without IndexedDB (or when it cannot be opened) the site keeps using localStorage, and says so.
 * Key names keep their "sbskb.v1." prefix wherever they are shown (snapshot, dump), as before. */
(function (sbskb) {
  "use strict";

  var PREFIX = "sbskb.v1.";
  var DB_NAME = "sbskb", STORE_NAME = "kv", DB_VERSION = 1;
  var MIGRATION_KEY = "meta.migration";   // {copied, fingerprint, count, removed}: no client key starts with "meta."
  var status = { element: null, pending: "" };
  var cache = {};          // key without prefix -> stored text, as this page shows it (writes in flight included)
  var confirmed = {};      // key -> the text the database last confirmed: what a refused write falls back to
  var pendingWrites = {};  // key -> writes to it not yet answered
  var refusing = false;    // refused since the last write that was stored: the page is reloaded once per streak
  var db = null;
  var useLocalStorage = false;
  var opened = null;
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("sbskb") : null;
  var hooks = { onRefused: null, onOtherTab: null };
  var inFlight = [];       // writes not yet committed: settled() waits for them

  function say(message) {
    if (status.element) status.element.textContent = message;
    else status.pending = message;   // said once the page's status line is known
  }

  function showPending() {
    if (status.element && status.pending) { status.element.textContent = status.pending; status.pending = ""; }
  }

  function request(idbRequest) {
    return new Promise(function (resolve, reject) {
      idbRequest.onsuccess = function () { resolve(idbRequest.result); };
      idbRequest.onerror = function () { reject(idbRequest.error); };
    });
  }

  function transactionDone(transaction) {
    return new Promise(function (resolve, reject) {
      transaction.oncomplete = function () { resolve(); };
      transaction.onabort = transaction.onerror = function () {
        reject(transaction.error || new Error("the transaction was aborted"));
      };
    });
  }

  /* Everything in the database, as {key: text}. */
  function readAll() {
    var store = db.transaction(STORE_NAME, "readonly").objectStore(STORE_NAME);
    return Promise.all([request(store.getAllKeys()), request(store.getAll())]).then(function (both) {
      var all = {};
      both[0].forEach(function (key, index) { all[key] = both[1][index]; });
      return all;
    });
  }

  /* Write `puts` ({key: text}) and delete `removals` ([key]) in one transaction; the memory copy follows only when
     it completes. Resolves true, or false after saying why nothing was stored. */
  function commit(puts, removals, quiet) {
    removals = removals || [];
    if (useLocalStorage) return Promise.resolve().then(function () { return commitToLocalStorage(puts, removals, quiet); });
    var transaction;
    try {
      transaction = db.transaction(STORE_NAME, "readwrite");
      var store = transaction.objectStore(STORE_NAME);
      Object.keys(puts).forEach(function (key) { store.put(puts[key], key); });
      removals.forEach(function (key) { store.delete(key); });
      // Commit now rather than when the event loop turns: a page left right after a tick keeps the tick.
      if (typeof transaction.commit === "function") transaction.commit();
    } catch (error) {
      if (transaction) try { transaction.abort(); } catch (ignored) { /* already finished */ }
      // Said after the caller's own status update, as a refused transaction would be.
      return Promise.resolve().then(function () {
        if (!quiet) refused(error);
        return false;
      });
    }
    var done = transactionDone(transaction).then(function () {
      // A later write to the same key may already be in memory (two quick ticks): it stays there, for the next
      // read-modify-write to build on; only what the database confirmed is noted.
      Object.keys(puts).forEach(function (key) {
        confirmed[key] = puts[key];
        if (!(pendingWrites[key] > 1)) cache[key] = puts[key];
      });
      removals.forEach(function (key) {
        delete confirmed[key];
        if (!(pendingWrites[key] > 1)) delete cache[key];
      });
      refusing = false;
      if (channel) channel.postMessage({ keys: Object.keys(puts).concat(removals) });
      return true;
    }, function (error) {
      if (!quiet) refused(error);
      return false;
    });
    inFlight.push(done);
    done.then(function () { inFlight.splice(inFlight.indexOf(done), 1); });
    return done;
  }

  /* Resolves once every write made so far is committed (or refused). */
  function settled() {
    return Promise.all(inFlight.slice()).then(function () { return inFlight.length ? settled() : true; });
  }

  function commitToLocalStorage(puts, removals, quiet) {   // called in a promise: after the caller's status update
    var before = snapshotStorage();
    try {
      Object.keys(puts).forEach(function (key) { window.localStorage.setItem(PREFIX + key, puts[key]); });
      removals.forEach(function (key) { window.localStorage.removeItem(PREFIX + key); });
    } catch (error) {
      restoreLocalStorage(before);
      if (!quiet) refused(error);
      return false;
    }
    Object.keys(puts).forEach(function (key) { cache[key] = confirmed[key] = puts[key]; });
    removals.forEach(function (key) { delete cache[key]; delete confirmed[key]; });
    refusing = false;
    return true;
  }

  function refused(error) {
    var full = error && error.name === "QuotaExceededError";
    say("Not saved: this browser refused to store the change (" + (full ? "storage full" : "storage refused: " +
        ((error && error.name) || "unknown error")) + "). The page shows what is stored, so nothing looks saved " +
        "that is not.");
  }

  function readKey(key) {
    if (!Object.prototype.hasOwnProperty.call(cache, key)) return null;
    var raw = cache[key];
    try {
      return JSON.parse(raw);
    } catch (error) {
      keepCorruptCopy(key, raw);
      say("Stored data under " + PREFIX + key + " could not be read; a copy was kept and this page starts empty.");
      return null;
    }
  }

  /* Keep what was found before anything overwrites it: one copy per distinct content, however often it is read. */
  function keepCorruptCopy(key, raw) {
    var copyKey = "corrupt." + key;
    var taken = false;
    for (var name in cache) {
      if (name !== copyKey && name.indexOf(copyKey + ".") !== 0) continue;
      if (cache[name] === raw) return;
      taken = true;
    }
    var puts = {};
    puts[copyKey + (taken ? "." + Date.now() : "")] = raw;
    cache[Object.keys(puts)[0]] = raw;   // at once: a second read in this page must not copy it again
    commit(puts, []);
  }

  /* One write, as a technician's change makes it: in memory at once, then stored. If the browser refuses it, the
     memory copy is put back and the page is told to show what is stored. Returns true (the refusal comes later). */
  function writeKey(key, value, raw) {
    var text = raw ? value : JSON.stringify(value);
    cache[key] = text;
    var puts = {};
    puts[key] = text;
    settle(key, commit(puts, []));
    return true;
  }

  function removeKey(key) {
    delete cache[key];
    settle(key, commit({}, [key]));
    return true;
  }

  /* When the last write to `key` in flight was refused, put back what the database holds for it and have the page
     show what is stored. While writes are refused, loading a page writes nothing (isRefusing), so this cannot loop. */
  function settle(key, done) {
    pendingWrites[key] = (pendingWrites[key] || 0) + 1;
    done.then(function (ok) {
      pendingWrites[key] -= 1;
      if (ok) return;
      refusing = true;
      if (pendingWrites[key]) return;   // a later write to it is still on its way: its answer decides
      if (Object.prototype.hasOwnProperty.call(confirmed, key)) cache[key] = confirmed[key]; else delete cache[key];
      if (hooks.onRefused) hooks.onRefused();
    });
  }

  /* Every stored key (with its "sbskb.v1." prefix) and its text, from memory. */
  function snapshotCache() {
    var copy = {};
    Object.keys(cache).forEach(function (key) { copy[PREFIX + key] = cache[key]; });
    return copy;
  }

  /* The first release's localStorage keys and their text, or null when localStorage cannot be read. */
  function snapshotStorage() {
    var copy = {};
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key.indexOf(PREFIX) === 0) copy[key] = window.localStorage.getItem(key);
      }
    } catch (error) { return null; }
    return copy;
  }

  function restoreLocalStorage(copy) {
    try {
      Object.keys(snapshotStorage() || {}).forEach(function (key) { if (!(key in copy)) window.localStorage.removeItem(key); });
      Object.keys(copy).forEach(function (key) { window.localStorage.setItem(key, copy[key]); });
    } catch (error) { /* nothing more can be done; the status line says the write failed */ }
  }

  /* A short fingerprint of a {key: text} map: whether the old storage changed since it was copied. FNV-1a. */
  function fingerprint(map) {
    var hash = 0x811c9dc5;
    Object.keys(map).sort().forEach(function (key) {
      var text = key + "\u0000" + map[key] + "\u0001";
      for (var i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
      }
    });
    return Object.keys(map).length + ":" + hash.toString(16);
  }

  function unprefixed(map) {
    var plain = {};
    Object.keys(map).forEach(function (key) { plain[key.slice(PREFIX.length)] = map[key]; });
    return plain;
  }

  /* Copy the first release's localStorage in, check it, and remove it only on a later open that finds it unchanged.
     What an older offline copy wrote there after the move stays, to be merged (legacy()). */
  function migrate() {
    var old = snapshotStorage();
    if (old === null) return Promise.resolve();
    var meta = readKey(MIGRATION_KEY);
    var count = Object.keys(old).length;
    var now = new Date().toISOString();
    if (!meta) {
      var puts = unprefixed(old);
      puts[MIGRATION_KEY] = JSON.stringify({ copied: now, fingerprint: fingerprint(old), count: count });
      return copyOnce(puts).then(function (copiedHere) {
        if (!copiedHere) {   // another tab moved them meanwhile, and may have written since: take what is stored
          return readAll().then(function (all) { cache = all; confirmed = Object.assign({}, all); return null; });
        }
        return readAll();
      }).then(function (stored) {
        if (stored === null) return;
        cache = Object.assign({}, stored);
        confirmed = Object.assign({}, stored);
        var same = Object.keys(old).every(function (key) { return stored[key.slice(PREFIX.length)] === old[key]; });
        if (!same) {
          // Read back different (another tab wrote meanwhile, say): the old copy is kept, and offered for merge.
          var unverified = {};
          unverified[MIGRATION_KEY] = JSON.stringify({ copied: now, fingerprint: "unverified", count: count });
          say("This browser's clients were copied into its database, but the copy could not be confirmed, so the " +
              "old copy stays in localStorage; the Clients page offers it for merge.");
          return commit(unverified, [], true).then(function () {});
        }
        if (count) {
          say("This browser's clients (" + count + " stored entries) now live in its database, which holds far " +
              "more. The old copy stays in localStorage until the next page of this site opens and finds it " +
              "unchanged, then it is removed.");
        }
      });
    }
    if (!count) return Promise.resolve();
    if (fingerprint(old) === meta.fingerprint && !meta.removed) {
      // Unchanged since the copy that was read back and checked when it was made: the old keys can go.
      try {
        Object.keys(old).forEach(function (key) { window.localStorage.removeItem(key); });
      } catch (error) { return Promise.resolve(); }
      meta.removed = now;
      var record = {};
      record[MIGRATION_KEY] = JSON.stringify(meta);
      say("The old copy of this browser's clients in localStorage was removed: the database holds all of it.");
      return commit(record, [], true).then(function () {});
    }
    return Promise.resolve();   // changed since the move: legacy() offers it for merge
  }

  /* Copy the old keys in, in the transaction that checks no other tab did it first (two tabs restored after an
     upgrade open at once). Resolves whether this tab made the copy. */
  function copyOnce(puts) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(STORE_NAME, "readwrite");
      var store = transaction.objectStore(STORE_NAME);
      var copiedHere = false;
      store.get(MIGRATION_KEY).onsuccess = function (event) {
        if (event.target.result !== undefined) return;
        copiedHere = true;
        Object.keys(puts).forEach(function (key) { store.put(puts[key], key); });
      };
      transaction.oncomplete = function () { resolve(copiedHere); };
      transaction.onabort = transaction.onerror = function () {
        reject(transaction.error || new Error("the copy into the database failed"));
      };
    });
  }

  /* What an older offline copy of the site wrote to localStorage after the move, as {key: text} without prefix, or
     null when there is nothing to merge. */
  function legacy() {
    if (useLocalStorage) return null;
    var old = snapshotStorage();
    if (!old || !Object.keys(old).length) return null;
    var meta = readKey(MIGRATION_KEY);
    if (!meta || (fingerprint(old) === meta.fingerprint && !meta.removed)) return null;
    return unprefixed(old);
  }

  /* When the first release's keys were moved in (ISO time), or null: their changes without a time of their own are
     taken to be from then on. */
  function movedAt() {
    var meta = readKey(MIGRATION_KEY);
    return meta && typeof meta.copied === "string" ? meta.copied : null;
  }

  /* After a merge of the old keys, or when the technician sets them aside: remove them, remember the moment. */
  function retireLegacy() {
    var old = snapshotStorage() || {};
    try {
      Object.keys(old).forEach(function (key) { window.localStorage.removeItem(key); });
    } catch (error) { return Promise.resolve(false); }
    var meta = readKey(MIGRATION_KEY) || {};
    meta.removed = new Date().toISOString();
    meta.fingerprint = fingerprint({});
    var record = {};
    record[MIGRATION_KEY] = JSON.stringify(meta);
    return commit(record, [], true);
  }

  function openDatabase() {
    return new Promise(function (resolve, reject) {
      var opening = window.indexedDB.open(DB_NAME, DB_VERSION);
      opening.onupgradeneeded = function () { opening.result.createObjectStore(STORE_NAME); };
      opening.onsuccess = function () { resolve(opening.result); };
      opening.onerror = function () { reject(opening.error); };
      opening.onblocked = function () { reject(new Error("the database is blocked by another tab")); };
    });
  }

  function fallBack(reason) {
    useLocalStorage = true;
    db = null;
    cache = unprefixed(snapshotStorage() || {});
    confirmed = Object.assign({}, cache);
    say("This browser's database cannot be used here (" + reason + "), so clients are kept in its older, smaller " +
        "storage.");
  }

  /* Load everything once; every page kind waits for this before it mounts. */
  function open() {
    if (opened) return opened;
    if (!window.indexedDB) {
      fallBack("no IndexedDB");
      opened = Promise.resolve();
      return opened;
    }
    opened = openDatabase().then(function (database) {
      db = database;
      db.onversionchange = function () { db.close(); };
      return readAll();
    }).then(function (all) {
      cache = all;
      confirmed = Object.assign({}, all);
      return migrate();
    }).catch(function (error) {
      fallBack((error && (error.message || error.name)) || "unknown error");
    });
    return opened;
  }

  /* The page shows what others stored, once per burst: an export of 1,000 clients is 1,000 messages, not 1,000
     renders. */
  var showTimer = null;
  function showOthers() {
    if (showTimer) return;
    showTimer = setTimeout(function () {
      showTimer = null;
      if (hooks.onOtherTab) hooks.onOtherTab();
    }, 50);
  }

  /* Read keys again from the database (all of them when `keys` is null), unless this page has writes to them in
     flight; then let the page show them. */
  function refresh(keys) {
    if (!db) return Promise.resolve();
    var store = db.transaction(STORE_NAME, "readonly").objectStore(STORE_NAME);
    var read = keys ? Promise.all(keys.map(function (key) {
      return request(store.get(key)).then(function (value) { var found = {}; found[key] = value; return found; });
    })).then(function (parts) { return Object.assign.apply(null, [{}].concat(parts)); }) : readAll();
    return read.then(function (found) {
      var names = keys || Object.keys(found).concat(Object.keys(cache));
      var changed = false;
      names.forEach(function (key) {
        if (pendingWrites[key] || cache[key] === found[key]) return;
        changed = true;
        if (found[key] === undefined) { delete cache[key]; delete confirmed[key]; }
        else cache[key] = confirmed[key] = found[key];
      });
      if (changed) showOthers();   // a tab brought back with nothing new is not drawn again
    });
  }

  /* Another tab wrote: read those keys again. */
  if (channel) {
    channel.onmessage = function (event) {
      if (event.data && Array.isArray(event.data.keys)) refresh(event.data.keys);
    };
  }
  // A page shown again from the back/forward cache, or a tab brought back, may hold an old copy: read it all again.
  window.addEventListener("pageshow", function (event) { if (event.persisted && db) refresh(null); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && db) refresh(null);
  });
  window.addEventListener("storage", function (event) {
    if (!useLocalStorage || !(event.key === null || event.key.indexOf(PREFIX) === 0)) return;
    cache = unprefixed(snapshotStorage() || {});
    confirmed = Object.assign({}, cache);
    showOthers();
  });

  /* For scripts and tests (docs/reference/hooks.md): everything stored, with prefixes, read from the database itself
     (not from this page's memory); and one raw write, as another program could have left it. */
  function dump() {
    return open().then(function () {
      if (useLocalStorage) return snapshotStorage() || {};
      return readAll();
    }).then(function (all) {
      if (useLocalStorage) return all;
      var copy = {};
      Object.keys(all).forEach(function (key) { copy[PREFIX + key] = all[key]; });
      return copy;
    });
  }

  function putRaw(fullKey, text) {
    var puts = {};
    puts[fullKey.indexOf(PREFIX) === 0 ? fullKey.slice(PREFIX.length) : fullKey] = text;
    return open().then(function () { return commit(puts, [], true); });
  }

  sbskb.storage = {
    PREFIX: PREFIX, status: status, say: say, showPending: showPending, open: open, readKey: readKey,
    writeKey: writeKey, removeKey: removeKey, commit: commit, snapshot: snapshotCache, hooks: hooks,
    rawValue: function (fullKey) {
      var key = fullKey.slice(PREFIX.length);
      return Object.prototype.hasOwnProperty.call(cache, key) ? cache[key] : null;
    },
    isRefusing: function () { return refusing; },
    legacy: legacy, retireLegacy: retireLegacy, movedAt: movedAt, dump: dump, putRaw: putRaw, settled: settled,
    usesDatabase: function () { return !useLocalStorage; }
  };
})(window.sbskb = window.sbskb || {});
