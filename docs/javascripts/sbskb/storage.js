/* The browser's storage for this site: localStorage keys that start with "sbskb.v1." and nothing else. Every access
 * is in try/catch; a refused write is reported in the page's status line and returns false, so the caller can undo
 * the change on screen. A stored value that cannot be read is copied to "sbskb.v1.corrupt.*" before anything
 * overwrites it. Never localStorage.clear(): Material keeps its own settings there. */
(function (sbskb) {
  "use strict";

  var PREFIX = "sbskb.v1.";
  var status = { element: null };

  function say(message) {
    if (status.element) status.element.textContent = message;
  }

  function readKey(key) {
    var raw;
    try {
      raw = window.localStorage.getItem(PREFIX + key);
    } catch (error) {
      say("This browser does not let the page read its storage, so nothing can be saved here (is storage turned off?).");
      return null;
    }
    if (raw === null) return null;
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
    var copyKey = PREFIX + "corrupt." + key;
    var copies = snapshotStorage();
    if (copies === null) return;
    var taken = false;
    for (var name in copies) {
      if (name !== copyKey && name.indexOf(copyKey + ".") !== 0) continue;
      if (copies[name] === raw) return;
      taken = true;
    }
    writeKey("corrupt." + key + (taken ? "." + Date.now() : ""), raw, true);
  }

  function writeKey(key, value, raw) {
    try {
      window.localStorage.setItem(PREFIX + key, raw ? value : JSON.stringify(value));
      return true;
    } catch (error) {
      say("Not saved: this browser refused to store the change (storage full or turned off). " +
          "The change was undone on screen so it does not look saved.");
      return false;
    }
  }

  function removeKey(key) {
    try {
      window.localStorage.removeItem(PREFIX + key);
      return true;
    } catch (error) {
      return false;
    }
  }

  /* Every "sbskb.v1." key and its raw text, or null when storage cannot be read. */
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

  function restoreStorage(copy) {
    try {
      Object.keys(snapshotStorage() || {}).forEach(function (key) { if (!(key in copy)) window.localStorage.removeItem(key); });
      Object.keys(copy).forEach(function (key) { window.localStorage.setItem(key, copy[key]); });
    } catch (error) { /* nothing more can be done; the status line says the import failed */ }
  }

  function rawValue(fullKey) {
    try { return window.localStorage.getItem(fullKey); } catch (error) { return null; }
  }

  sbskb.storage = {
    PREFIX: PREFIX, status: status, say: say, readKey: readKey, writeKey: writeKey, removeKey: removeKey,
    snapshot: snapshotStorage, restore: restoreStorage, rawValue: rawValue
  };
})(window.sbskb = window.sbskb || {});
