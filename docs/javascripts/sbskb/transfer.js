/* Export and import of clients (docs/schemas/progress-v1.schema.json). An import is checked whole first and applied
 * all or nothing: a refused or failed import changes nothing stored. importProblems is the browser half of
 * macros/progress_file.py `export_problems`; tests/vectors/export-vectors.json holds both to the same problems. */
(function (sbskb) {
  "use strict";

  var store = sbskb.storage;
  var clients = sbskb.clients;
  var hasOwn = sbskb.hasOwn;

  function exportClients(list) {
    var vocabulary = sbskb.pageVocabulary();
    return {
      format: vocabulary.export.format, version: vocabulary.export.version, exported: new Date().toISOString(),
      clients: list.map(function (client) {
        var state = clients.state(client.id);
        return { id: client.id, name: client.name, platform: client.platform || "", values: state.values, items: state.items };
      })
    };
  }

  /* Check a parsed import file completely. Returns a list of "where: what" problems (empty when valid). Mirrors
     docs/schemas/progress-v1.schema.json, plus what a schema cannot say: unique client ids, forbidden keys. */
  function importProblems(data, platformIds) {
    var vocabulary = sbskb.pageVocabulary();
    var limits = vocabulary.limits;
    var patterns = {};
    Object.keys(vocabulary.patterns).forEach(function (name) { patterns[name] = new RegExp(vocabulary.patterns[name]); });
    var forbidden = vocabulary.forbiddenKeys;
    var statuses = clients.statusIds();
    var fields = vocabulary.fields;
    var problems = [];
    function problem(where, what) { if (problems.length < vocabulary.problemsShown) problems.push(where + ": " + what); }
    function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
    function onlyKeys(object, allowed, where) {
      Object.keys(object).forEach(function (key) {
        if (allowed.indexOf(key) < 0) problem(where, "unexpected field \u201c" + key + "\u201d");
      });
    }
    if (!isObject(data)) return ["file: not a JSON object"];
    onlyKeys(data, fields.file, "file");
    if (data.format !== vocabulary.export.format) problem("format", "expected \u201c" + vocabulary.export.format + "\u201d");
    if (data.version !== vocabulary.export.version) problem("version", "this site reads version " + vocabulary.export.version + " files");
    if (data.exported !== undefined && !clients.changeTime(data.exported)) {
      problem("exported", "expected a date and time");
    }
    if (!Array.isArray(data.clients)) return problems.concat(["clients: expected a list"]);
    if (data.clients.length > limits.clients) problem("clients", "more than " + limits.clients + " clients");
    var seen = {};
    data.clients.forEach(function (client, index) {
      var where = "clients[" + index + "]";
      if (!isObject(client)) { problem(where, "expected an object"); return; }
      onlyKeys(client, fields.client, where);
      if (typeof client.id !== "string" || !patterns.clientId.test(client.id)) problem(where + ".id", "not a client id");
      else if (hasOwn(seen, client.id)) problem(where + ".id", "duplicate client id " + client.id);
      else seen[client.id] = true;
      if (typeof client.name !== "string" || !client.name.trim() || client.name.length > limits.clientName) {
        problem(where + ".name", "expected a name of 1 to " + limits.clientName + " characters");
      }
      if (client.platform !== undefined && client.platform !== "" && platformIds.indexOf(client.platform) < 0) {
        problem(where + ".platform", "unknown platform");
      }
      if (client.values !== undefined) {
        if (!isObject(client.values)) problem(where + ".values", "expected an object");
        else Object.keys(client.values).forEach(function (name) {
          if (forbidden.indexOf(name) >= 0 || !patterns.valueName.test(name)) problem(where + ".values", "bad name \u201c" + name + "\u201d");
          else if (typeof client.values[name] !== "string" || client.values[name].length > limits.value) {
            problem(where + ".values." + name, "expected text of at most " + limits.value + " characters");
          }
        });
      }
      if (client.items !== undefined) {
        if (!isObject(client.items)) problem(where + ".items", "expected an object");
        else Object.keys(client.items).forEach(function (id) {
          var entry = client.items[id];
          var at = where + ".items." + id;
          if (forbidden.indexOf(id) >= 0 || !patterns.itemId.test(id)) { problem(where + ".items", "bad item id \u201c" + id + "\u201d"); return; }
          if (!isObject(entry)) { problem(at, "expected an object"); return; }
          onlyKeys(entry, fields.entry, at);
          if (entry.status !== undefined && statuses.indexOf(entry.status) < 0) problem(at + ".status", "unknown status");
          if (entry.done !== undefined && typeof entry.done !== "boolean") problem(at + ".done", "expected true or false");
          if (entry.note !== undefined && (typeof entry.note !== "string" || entry.note.length > limits.note)) {
            problem(at + ".note", "expected text of at most " + limits.note + " characters");
          }
          if (entry.changed !== undefined && !clients.changeTime(entry.changed)) {
            problem(at + ".changed", "expected a date and time");
          }
        });
      }
    });
    return problems;
  }

  /* The file's items in the current shape, keyed safely. */
  function importedState(client) {
    var state = { values: {}, items: {} };
    Object.keys(client.values || {}).forEach(function (name) { state.values[name] = client.values[name]; });
    Object.keys(client.items || {}).forEach(function (id) { state.items[id] = clients.itemEntry({ items: client.items }, id); });
    return state;
  }

  /* Ids of the file's items that are newer than (or missing from) the stored state: what a merge takes over. */
  function newerInFile(local, incoming) {
    return Object.keys(incoming.items).filter(function (id) {
      var mine = hasOwn(local.items, id) ? clients.itemEntry(local, id) : null;
      return !mine || (incoming.items[id].changed || "") > (mine.changed || "");
    });
  }

  function mergePlan(data) {
    var here = clients.list();
    var byId = {};
    here.forEach(function (c) { byId[c.id] = c; });
    var plan = { added: 0, updated: 0, newerItems: 0, replacedAway: 0 };
    data.clients.forEach(function (client) {
      if (!byId[client.id]) { plan.added++; return; }
      plan.updated++;
      plan.newerItems += newerInFile(clients.state(client.id), importedState(client)).length;
    });
    var inFile = {};
    data.clients.forEach(function (c) { inFile[c.id] = true; });
    plan.replacedAway = here.filter(function (c) { return !inFile[c.id]; }).length;
    return plan;
  }

  /* Apply a checked import: all of it, or (on a storage failure) none of it. */
  function applyImport(data, replace) {
    var before = store.snapshot();
    if (before === null) return false;
    var list = replace ? [] : clients.list();
    var ok = true;
    if (replace) clients.list().forEach(function (c) { if (!store.removeKey("client." + c.id)) ok = false; });
    data.clients.forEach(function (client) {
      if (!ok) return;
      var incoming = importedState(client);
      var existing = null;
      for (var i = 0; i < list.length; i++) if (list[i].id === client.id) existing = list[i];
      var state = incoming;
      if (existing) {
        state = clients.state(client.id);
        newerInFile(state, incoming).forEach(function (id) { state.items[id] = incoming.items[id]; });
        Object.keys(incoming.values).forEach(function (name) {
          if (!hasOwn(state.values, name)) state.values[name] = incoming.values[name];
        });
      } else {
        list.push({ id: client.id, name: client.name.trim(), platform: client.platform || "" });
      }
      ok = store.writeKey("client." + client.id, state);
    });
    if (ok) ok = clients.save(list);
    if (!ok) store.restore(before);
    return ok;
  }

  sbskb.transfer = {
    exportClients: exportClients, importProblems: importProblems, mergePlan: mergePlan, applyImport: applyImport
  };
})(window.sbskb = window.sbskb || {});
