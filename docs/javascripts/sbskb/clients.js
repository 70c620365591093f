/* Clients and their progress as stored: the list (id, name, platform), the current client, and per client its
 * values and item entries. Item statuses and which of them count as settled come from the vocabulary. */
(function (sbskb) {
  "use strict";

  var store = sbskb.storage;

  function newId() {
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  function clientList() {
    var list = store.readKey("clients");
    if (!Array.isArray(list)) return [];
    return list.filter(function (c) { return c && typeof c.id === "string" && typeof c.name === "string"; })
      .map(function (c) {
        var changed = {};
        if (c.changed && typeof c.changed === "object") {
          ["name", "platform"].forEach(function (field) {
            if (typeof c.changed[field] === "string") changed[field] = c.changed[field];
          });
        }
        return { id: c.id, name: c.name, platform: typeof c.platform === "string" ? c.platform : "", changed: changed };
      });
  }

  function saveClientList(list) { return store.writeKey("clients", list); }

  /* The selected client's id: the stored one if it still exists, else the first; null while there is none (a first
     visit creates no client: nobody asked for one). */
  function currentClientId(list) {
    var id = store.readKey("current");
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return id;
    return list.length ? list[0].id : null;
  }

  function clientState(id) {
    return normalState(store.readKey("client." + id));
  }

  /* A stored client state of any release, in the current shape. */
  function normalState(state) {
    if (!state || typeof state !== "object" || Array.isArray(state)) state = {};
    if (!state.values || typeof state.values !== "object") state.values = {};
    if (!state.items || typeof state.items !== "object") state.items = {};
    // Per value, when it last changed; per setting, its value before the change ({value, object, changed}).
    if (!state.valueChanged || typeof state.valueChanged !== "object") state.valueChanged = {};
    if (!state.before || typeof state.before !== "object" || Array.isArray(state.before)) state.before = {};
    return state;
  }

  function statusIds() {
    return sbskb.pageVocabulary().statuses.map(function (s) { return s.id; });
  }

  function isSettled(statusId) {
    return sbskb.pageVocabulary().statuses.some(function (s) { return s.id === statusId && s.settled; });
  }

  function statusLabel(statusId) {
    var found = sbskb.pageVocabulary().statuses.filter(function (s) { return s.id === statusId; })[0];
    return found ? found.label : statusId;
  }

  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  function entryFields() { return sbskb.pageVocabulary().fields.entryV3; }

  function rightKind(name, value) {
    if (name === "revertDefault") return typeof value === "boolean";
    return typeof value === "string" && (name !== "status" || statusIds().indexOf(value) >= 0);
  }

  /* One item's entry of any version, as stored or in a file, as version 3's {field: {value, changed}}; a field the
     entry does not give is left out, a value of the wrong kind too. Versions 1 and 2 (and what earlier releases
     stored) have one change time for all their fields; the first release's {done: true} reads as done. A note that
     starts with the probe's evidence (earlier releases put it there) is split: the evidence into its own field, the
     rest stays the note. Mirrors macros/progress_file.py `timed_entry`. */
  function timedEntry(raw) {
    if (!isObject(raw)) return {};
    var found = {};
    var names = entryFields();
    if (names.some(function (name) { return sbskb.hasOwn(raw, name) && isObject(raw[name]); })) {
      names.forEach(function (name) {
        var field = sbskb.hasOwn(raw, name) ? raw[name] : null;
        if (!isObject(field) || !rightKind(name, field.value)) return;
        found[name] = { value: field.value };
        if (typeof field.changed === "string") found[name].changed = field.changed;
      });
      return found;
    }
    var stamp = function (value) {
      var field = { value: value };
      if (typeof raw.changed === "string") field.changed = raw.changed;
      return field;
    };
    if (sbskb.hasOwn(raw, "status") || sbskb.hasOwn(raw, "done")) {
      found.status = stamp(statusIds().indexOf(raw.status) >= 0 ? raw.status
        : raw.done === true ? "done" : "not-started");
    }
    var note = typeof raw.note === "string" ? raw.note : null;
    var evidence = typeof raw.evidence === "string" ? raw.evidence : null;
    if (evidence === null && note !== null && note.indexOf(sbskb.pageVocabulary().evidenceStart) === 0) {
      var split = splitEvidence(note);
      evidence = split[0];
      note = split[1];
    }
    if (note !== null) found.note = stamp(note);
    if (evidence !== null) found.evidence = stamp(evidence);
    return found;
  }

  /* [evidence, note] of a note whose first paragraphs are the probe's evidence, as earlier releases stacked it above
     the note. Mirrors macros/progress_file.py `split_evidence`. */
  function splitEvidence(note) {
    var paragraphs = note.split("\n\n");
    var start = sbskb.pageVocabulary().evidenceStart;
    var count = 0;
    while (count < paragraphs.length && paragraphs[count].indexOf(start) === 0) count++;
    return [paragraphs.slice(0, count).join("\n\n"), paragraphs.slice(count).join("\n\n")];
  }

  /* A change time as milliseconds since 1970, to compare; -Infinity for none or an impossible one. Mirrors
     macros/progress_file.py `moment`. */
  function moment(text) {
    var parts = changeTime(text);
    if (!parts) return -Infinity;
    var seconds = parseFloat(text.slice(17).replace(/[^0-9.].*$/, ""));
    return Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]) - parts[5] * 60000 + seconds * 1000;
  }

  /* The latest change time of an entry's timed fields (the first of equal ones), null when none has one. Mirrors
     macros/progress_file.py `entry_changed`. */
  function entryChanged(fields) {
    var latest = null;
    entryFields().forEach(function (name) {
      var changed = sbskb.hasOwn(fields, name) ? fields[name].changed : undefined;
      if (changed !== undefined && changeTime(changed) && (latest === null || moment(changed) > moment(latest))) {
        latest = changed;
      }
    });
    return latest;
  }

  /* The stored entry an item reads from: its own, or while it has none, that of an id it replaces. */
  function rawEntry(state, itemId, replaces) {
    var own = function (id) { return sbskb.hasOwn(state.items, id) ? state.items[id] : null; };
    var raw = own(itemId);
    // An item that replaces older ids takes over their progress until it has its own.
    for (var i = 0; !raw && replaces && i < replaces.length; i++) raw = own(replaces[i]);
    return raw;
  }

  /* One item's progress, whatever shape it was stored in: {status, note, evidence, revertDefault, changed}, changed
     being the latest of its fields' change times. Mirrors macros/progress_file.py `item_entry`
     (tests/vectors/export-vectors.json). */
  function itemEntry(state, itemId, replaces) {
    var fields = timedEntry(rawEntry(state, itemId, replaces));
    var value = function (name, otherwise) { return sbskb.hasOwn(fields, name) ? fields[name].value : otherwise; };
    return { status: value("status", "not-started"), note: value("note", ""), evidence: value("evidence", ""),
             revertDefault: value("revertDefault", false), changed: entryChanged(fields) };
  }

  /* Set some of an item's fields ({status: "done"}, {note: "..."}, {revertDefault: true}) in `state`, each changed
     field with the time of now and the others as they were: a status set here and a note written elsewhere both
     survive a merge. Returns whether anything changed. */
  function setItemFields(state, itemId, replaces, changes) {
    var fields = timedEntry(rawEntry(state, itemId, replaces));
    var now = new Date().toISOString();
    var changed = false;
    // What an entry without the field reads as (itemEntry): writing that is no change.
    var unset = { status: "not-started", note: "", evidence: "", revertDefault: false };
    Object.keys(changes).forEach(function (name) {
      if ((sbskb.hasOwn(fields, name) ? fields[name].value : unset[name]) === changes[name]) return;
      fields[name] = { value: changes[name], changed: now };
      changed = true;
    });
    if (changed || !sbskb.hasOwn(state.items, itemId)) state.items[itemId] = fields;
    return changed;
  }

  /* [year, month, day, hour, minute, zone offset in minutes] of a change time that names a real moment, else null:
     the pattern alone lets 2026-02-30, 23:59:60 or +99:00 through. Mirrors macros/progress_file.py `change_time`,
     years 1970 to 9998 included. */
  function changeTime(text) {
    if (typeof text !== "string" || !new RegExp(sbskb.pageVocabulary().patterns.changeTime).test(text)) return null;
    var number = function (from, to) { return parseInt(text.slice(from, to), 10); };
    var year = number(0, 4), month = number(5, 7), day = number(8, 10);
    var hour = number(11, 13), minute = number(14, 16), second = number(17, 19);
    var zone = text.slice(19).replace(/^[.0-9]+/, "");
    var zoneHours = zone === "Z" ? 0 : parseInt(zone.slice(1, 3), 10);
    var zoneMinutes = zone === "Z" ? 0 : parseInt(zone.slice(4, 6), 10);
    var leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (!(year >= 1970 && year <= 9998 && month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1] &&
          hour < 24 && minute < 60 && second < 60 && zoneHours < 24 && zoneMinutes < 60)) return null;
    var offset = (zoneHours * 60 + zoneMinutes) * (zone.charAt(0) === "-" ? -1 : 1);
    return [year, month, day, hour, minute, offset];
  }

  /* "2026-11-28 03:00 UTC", as macros/progress_file.py `utc_minute` writes it; an em dash for none or an impossible
     time. */
  function utcMinute(text) {
    var moment = changeTime(text);
    if (!moment) return "\u2014";
    var utc = new Date(Date.UTC(moment[0], moment[1] - 1, moment[2], moment[3], moment[4]) - moment[5] * 60000);
    return utc.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }

  /* Progress kept for an item no checklist has any more, as the report and the Clients page list it. Mirrors
     macros/progress_file.py `retired_line`. */
  function retiredLine(itemId, raw) {
    var items = {};
    items[itemId] = raw;
    var entry = itemEntry({ items: items }, itemId);
    return itemId + ": " + statusLabel(entry.status) + (entry.note ? " (" + entry.note + ")" : "");
  }

  function latestChange(state) {
    var latest = null;
    function consider(changed) { if (typeof changed === "string" && changed && (!latest || changed > latest)) latest = changed; }
    for (var id in state.items) consider(itemEntry(state, id).changed);
    for (var name in state.valueChanged) consider(state.valueChanged[name]);
    for (var setting in state.before) consider(state.before[setting] && state.before[setting].changed);
    return latest;
  }

  /* How far a client is with the catalogue's checklists: settled items of all, per checklist, and the first item not
     settled (the next to do), following each item's `replaces`. The Clients page and the report count alike. */
  function progress(state, checklists) {
    var result = { settled: 0, total: 0, checklists: [], next: null };
    checklists.forEach(function (checklist) {
      var settled = 0;
      checklist.items.forEach(function (item) {
        if (isSettled(itemEntry(state, item.id, item.replaces).status)) settled++;
        else if (!result.next) result.next = { checklist: checklist, item: item };
      });
      result.settled += settled;
      result.total += checklist.items.length;
      result.checklists.push({ checklist: checklist, settled: settled });
    });
    result.percent = result.total ? Math.floor(result.settled * 100 / result.total) : 0;   // never a 100 % not done
    return result;
  }

  /* A recorded value before the change, if the stored entry is one: {value, object, changed}; null otherwise. */
  function beforeEntry(state, settingId) {
    var raw = sbskb.hasOwn(state.before, settingId) ? state.before[settingId] : null;
    if (!raw || typeof raw !== "object" || typeof raw.value !== "string") return null;
    return { value: raw.value, object: typeof raw.object === "string" ? raw.object : "",
             changed: typeof raw.changed === "string" ? raw.changed : null };
  }

  /* What a client holds, in words a confirmation can give: "3 items settled, 1 note, 2 values before a change". */
  function holdings(state) {
    var settled = 0, notes = 0, before = 0;
    Object.keys(state.items).forEach(function (id) {
      var entry = itemEntry(state, id);
      if (isSettled(entry.status)) settled++;
      if (entry.note) notes++;
    });
    Object.keys(state.before).forEach(function (id) { if (beforeEntry(state, id) && state.before[id].value) before++; });
    var plural = function (n, one, many) { return n + " " + (n === 1 ? one : many); };
    return plural(settled, "item settled", "items settled") + ", " + plural(notes, "note", "notes") + ", " +
      plural(before, "value before a change", "values before a change");
  }

  // The one undo this browser keeps (key "undo"), until the next Replace or Delete: the stored text of every key that
  // change touched, null for a key that was not there, so that Undo puts back exactly what was.
  var UNDO_KEY = /^(clients|current|client\.[a-z0-9]{1,40})$/;

  /* The undo of a change about to be committed: `keys` every key it touches, `puts` and `removals` the change. What
     each key holds after it is kept too: once any of them changes again (a new client, a rename, a merge), the undo
     would throw that work away, so it is no longer offered. */
  function undoRecord(what, keys, puts, removals) {
    var before = {}, after = {};
    keys.forEach(function (key) {
      before[key] = store.rawValue(store.PREFIX + key);
      after[key] = sbskb.hasOwn(puts, key) ? puts[key] : removals.indexOf(key) >= 0 ? null : before[key];
    });
    return JSON.stringify({ what: what, at: new Date().toISOString(), keys: before, after: after });
  }

  /* The stored undo, {what, at, keys}, or null when there is none (or it is not one this site wrote). */
  function undoOffer() {
    var record = store.readKey("undo");
    if (!record || typeof record !== "object" || typeof record.what !== "string" || !record.keys ||
        typeof record.keys !== "object") return null;
    var keys = Object.keys(record.keys);
    var sound = keys.length > 0 && keys.every(function (key) {
      return UNDO_KEY.test(key) && (record.keys[key] === null || typeof record.keys[key] === "string");
    });
    // Still what the change left? ("current", the client picked, may move on: putting it back loses nothing.)
    var untouched = record.after && typeof record.after === "object" && keys.every(function (key) {
      return key === "current" || (sbskb.hasOwn(record.after, key) && record.after[key] === store.rawValue(store.PREFIX + key));
    });
    return sound && untouched ? record : null;
  }

  /* Put back what the stored undo names, in one transaction, and forget the undo. Resolves true or false. */
  function undo() {
    var record = undoOffer();
    if (!record) return Promise.resolve(false);
    var puts = {}, removals = ["undo"];
    Object.keys(record.keys).forEach(function (key) {
      if (typeof record.keys[key] === "string") puts[key] = record.keys[key]; else removals.push(key);
    });
    return store.commit(puts, removals);
  }

  sbskb.clients = {
    holdings: holdings, undoRecord: undoRecord, undoOffer: undoOffer, undo: undo,
    newId: newId, list: clientList, save: saveClientList, currentId: currentClientId,
    state: clientState, normalState: normalState, statusIds: statusIds, isSettled: isSettled, statusLabel: statusLabel, itemEntry: itemEntry,
    timedEntry: timedEntry, setItemFields: setItemFields, moment: moment, changeTime: changeTime, utcMinute: utcMinute, retiredLine: retiredLine, latestChange: latestChange,
    beforeEntry: beforeEntry, progress: progress
  };
})(window.sbskb = window.sbskb || {});
