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
      .map(function (c) { return { id: c.id, name: c.name, platform: typeof c.platform === "string" ? c.platform : "" }; });
  }

  function saveClientList(list) { return store.writeKey("clients", list); }

  function ensureClients() {
    var list = clientList();
    if (list.length) return list;
    list = [{ id: newId(), name: "Client 1", platform: "" }];
    saveClientList(list);
    return list;
  }

  function currentClientId(list) {
    var id = store.readKey("current");
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return id;
    return list[0].id;
  }

  function clientState(id) {
    var state = store.readKey("client." + id);
    if (!state || typeof state !== "object") state = {};
    if (!state.values || typeof state.values !== "object") state.values = {};
    if (!state.items || typeof state.items !== "object") state.items = {};
    return state;
  }

  function statusIds() {
    return sbskb.vocabulary.statuses.map(function (s) { return s.id; });
  }

  function isSettled(statusId) {
    return sbskb.vocabulary.statuses.some(function (s) { return s.id === statusId && s.settled; });
  }

  function statusLabel(statusId) {
    var found = sbskb.vocabulary.statuses.filter(function (s) { return s.id === statusId; })[0];
    return found ? found.label : statusId;
  }

  /* One item's progress, whatever shape it was stored in: {status, note, changed}. Version 1 of the foundation stored
     {done: true|false, changed}; that still reads as "done" / "not started". Mirrors macros/report.py `entry`. */
  function itemEntry(state, itemId, replaces) {
    var own = function (id) { return Object.prototype.hasOwnProperty.call(state.items, id) ? state.items[id] : null; };
    var raw = own(itemId);
    // An item that replaces older ids takes over their progress until it has its own.
    for (var i = 0; !raw && replaces && i < replaces.length; i++) raw = own(replaces[i]);
    if (!raw || typeof raw !== "object") return { status: "not-started", note: "", changed: null };
    var status = statusIds().indexOf(raw.status) >= 0 ? raw.status : raw.done === true ? "done" : "not-started";
    return { status: status, note: typeof raw.note === "string" ? raw.note : "",
             changed: typeof raw.changed === "string" ? raw.changed : null };
  }

  function latestChange(state) {
    var latest = null;
    for (var id in state.items) {
      var changed = itemEntry(state, id).changed;
      if (changed && (!latest || changed > latest)) latest = changed;
    }
    return latest;
  }

  sbskb.clients = {
    newId: newId, list: clientList, save: saveClientList, ensure: ensureClients, currentId: currentClientId,
    state: clientState, statusIds: statusIds, isSettled: isSettled, statusLabel: statusLabel, itemEntry: itemEntry,
    latestChange: latestChange
  };
})(window.sbskb = window.sbskb || {});
