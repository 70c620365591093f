/* Export and import of clients (docs/schemas/progress-v3.schema.json; version 1 and 2 files still import). An import
 * is checked whole first and applied all or nothing: a refused or failed import changes nothing stored. A merge takes
 * the newer change field by field: name, platform, each value, each value before a change, and each item's status,
 * note and revert choice; the evidence of both sides is kept. importProblems
 * is the browser half of macros/progress_file.py `export_problems`; tests/vectors/export-vectors.json holds both to
 * the same problems. */
(function (sbskb) {
  "use strict";

  var store = sbskb.storage;
  var clients = sbskb.clients;
  var hasOwn = sbskb.hasOwn;

  /* {value, changed} of version 2, without a change time where none is known. */
  function timed(value, changed) {
    var field = { value: value };
    if (typeof changed === "string" && clients.changeTime(changed)) field.changed = changed;
    return field;
  }

  /* `list`'s clients in the export format; `stateOf(id)` gives a client's state (default: as stored). */
  function exportClients(list, stateOf) {
    var vocabulary = sbskb.pageVocabulary();
    return {
      format: vocabulary.export.format, version: vocabulary.export.version, exported: new Date().toISOString(),
      clients: list.map(function (client) {
        var state = stateOf ? stateOf(client.id) : clients.state(client.id);
        var values = {}, before = {}, items = {};
        Object.keys(state.values).forEach(function (name) {
          values[name] = timed(state.values[name], state.valueChanged[name]);
        });
        Object.keys(state.before).forEach(function (id) {
          var entry = clients.beforeEntry(state, id);
          if (!entry) return;
          var field = timed(entry.value, entry.changed);
          if (entry.object) field.object = entry.object;
          before[id] = field;
        });
        Object.keys(state.items).forEach(function (id) {
          var fields = clients.timedEntry(state.items[id]);
          Object.keys(fields).forEach(function (name) {
            if (fields[name].changed !== undefined && !clients.changeTime(fields[name].changed)) delete fields[name].changed;
          });
          items[id] = fields;
        });
        var changed = client.changed || {};
        return { id: client.id, name: timed(client.name, changed.name),
                 platform: timed(client.platform || "", changed.platform), values: values, before: before,
                 items: items };
      })
    };
  }

  /* What an older copy of the site left in localStorage ({key: text}, storage.legacy()), as an export file to merge:
     the same checks and the same merge as a file the technician chooses. null when it names no client. */
  function legacyExport(map, since) {
    var parse = function (key) { try { return JSON.parse(map[key]); } catch (error) { return null; } };
    // The older copy wrote after the move: a change of it without a time of its own (the first release kept none
    // for names, platforms and values) counts as made then, so it wins over what has not changed here since.
    var stamp = function (changed) { return typeof changed === "string" && clients.changeTime(changed) ? changed : since; };
    var list = parse("clients");
    if (!Array.isArray(list)) return null;
    list = list.filter(function (c) { return c && typeof c.id === "string" && typeof c.name === "string"; })
      .map(function (c) {
        var changed = c.changed && typeof c.changed === "object" ? c.changed : {};
        return { id: c.id, name: c.name, platform: typeof c.platform === "string" ? c.platform : "",
                 changed: { name: stamp(changed.name), platform: stamp(changed.platform) } };
      });
    if (!list.length) return null;
    return exportClients(list, function (id) {
      var state = clients.normalState(hasOwn(map, "client." + id) ? parse("client." + id) : null);
      Object.keys(state.values).forEach(function (name) { state.valueChanged[name] = stamp(state.valueChanged[name]); });
      Object.keys(state.before).forEach(function (settingId) {
        var entry = state.before[settingId];
        if (entry && typeof entry === "object") entry.changed = stamp(entry.changed);
      });
      Object.keys(state.items).forEach(function (itemId) {
        var entry = state.items[itemId];
        if (entry && typeof entry === "object") entry.changed = stamp(entry.changed);
      });
      return state;
    });
  }

  /* Check a parsed import file completely. Returns a list of "where: what" problems (empty when valid). Mirrors
     the published schemas (docs/schemas/progress-v1/v2/v3.schema.json), plus what a schema cannot say: unique client
     ids, forbidden keys, a newer version in one line. */
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
    var version = data.version;
    var newest = vocabulary.export.versions[vocabulary.export.versions.length - 1];
    if (typeof version === "number" && version > newest) {
      // Its fields cannot be judged by this release's rules: one line, not a list of "unexpected field"s.
      return ["version: made by a newer release of this site; this site reads " + versionsRead() + " files"];
    }
    if (vocabulary.export.versions.indexOf(version) < 0) {
      problem("version", "this site reads " + versionsRead() + " files");
      version = vocabulary.export.version;
    }
    if (data.exported !== undefined && !clients.changeTime(data.exported)) {
      problem("exported", "expected a date and time");
    }
    if (!Array.isArray(data.clients)) return problems.concat(["clients: expected a list"]);
    if (data.clients.length > limits.clients) problem("clients", "more than " + limits.clients + " clients");
    var seen = {};
    data.clients.forEach(function (client, index) {
      var where = "clients[" + index + "]";
      if (!isObject(client)) { problem(where, "expected an object"); return; }
      onlyKeys(client, version === 1 ? fields.client : fields.clientV2, where);
      if (typeof client.id !== "string" || !patterns.clientId.test(client.id)) problem(where + ".id", "not a client id");
      else if (hasOwn(seen, client.id)) problem(where + ".id", "duplicate client id " + client.id);
      else seen[client.id] = true;
      if (version === 1) clientV1Problems(client, where); else clientV2Problems(client, where);
    });
    return problems;

    /* "version 1, 2 and 3": macros/progress_file.py `_versions`. */
    function versionsRead() {
      var listed = vocabulary.export.versions.map(String);
      return "version " + (listed.length > 1 ? listed.slice(0, -1).join(", ") + " and " + listed[listed.length - 1]
        : listed[0]);
    }

    function goodName(name) {
      return typeof name === "string" && name.trim() !== "" && name.length <= limits.clientName;
    }

    /* A version 2 field, {value, changed}: the object when its shape is right, else null. */
    function timedField(field, at, allowed) {
      if (!isObject(field)) { problem(at, "expected an object with a value and its change time"); return null; }
      onlyKeys(field, allowed || fields.timed, at);
      if (field.changed !== undefined && !clients.changeTime(field.changed)) problem(at + ".changed", "expected a date and time");
      return field;
    }

    function clientV2Problems(client, where) {
      var name = timedField(client.name, where + ".name");
      if (name && !goodName(name.value)) {
        problem(where + ".name.value", "expected a name of 1 to " + limits.clientName + " characters");
      }
      if (client.platform !== undefined) {
        var platform = timedField(client.platform, where + ".platform");
        var id = platform ? (platform.value === undefined ? "" : platform.value) : "";
        if (platform && id !== "" && platformIds.indexOf(id) < 0) problem(where + ".platform.value", "unknown platform");
      }
      if (client.values !== undefined) {
        if (!isObject(client.values)) problem(where + ".values", "expected an object");
        else Object.keys(client.values).forEach(function (valueName) {
          if (forbidden.indexOf(valueName) >= 0 || !patterns.valueName.test(valueName)) {
            problem(where + ".values", "bad name \u201c" + valueName + "\u201d");
            return;
          }
          var field = timedField(client.values[valueName], where + ".values." + valueName);
          if (field && (typeof field.value !== "string" || field.value.length > limits.value)) {
            problem(where + ".values." + valueName + ".value", "expected text of at most " + limits.value + " characters");
          }
        });
      }
      if (client.before !== undefined) {
        if (!isObject(client.before)) problem(where + ".before", "expected an object");
        else Object.keys(client.before).forEach(function (settingId) {
          var at = where + ".before." + settingId;
          if (forbidden.indexOf(settingId) >= 0 || !patterns.itemId.test(settingId)) {
            problem(where + ".before", "bad setting id \u201c" + settingId + "\u201d");
            return;
          }
          var field = timedField(client.before[settingId], at, fields.before);
          if (!field) return;
          if (typeof field.value !== "string" || !patterns.beforeValue.test(field.value)) {
            problem(at + ".value", "expected a recorded value: a number, a time span, True, False, ticked, not ticked, " +
                                   "absent, or empty");
          }
          if (field.object !== undefined && (typeof field.object !== "string" || field.object.length > limits.value)) {
            problem(at + ".object", "expected text of at most " + limits.value + " characters");
          }
        });
      }
      if (client.items === undefined) return;
      if (version === 2) itemProblems(client.items, where, fields.entryV2);
      else timedItemProblems(client.items, where);
    }

    /* Each item entry that is an object under a good item id, given to `each` with where it is; the rest are
       problems. macros/progress_file.py `_item_entries`. */
    function eachItemEntry(items, where, each) {
      if (!isObject(items)) { problem(where + ".items", "expected an object"); return; }
      Object.keys(items).forEach(function (id) {
        var entry = items[id];
        var at = where + ".items." + id;
        if (forbidden.indexOf(id) >= 0 || !patterns.itemId.test(id)) { problem(where + ".items", "bad item id \u201c" + id + "\u201d"); return; }
        if (!isObject(entry)) { problem(at, "expected an object"); return; }
        each(entry, at);
      });
    }

    /* Version 3's item entries: each field {value, changed}, timed on its own. */
    function timedItemProblems(items, where) {
      eachItemEntry(items, where, function (entry, at) {
        onlyKeys(entry, fields.entryV3, at);
        Object.keys(entry).forEach(function (name) {
          if (fields.entryV3.indexOf(name) < 0) return;
          var field = timedField(entry[name], at + "." + name);
          if (!field) return;
          var value = field.value;
          if (name === "status" && statuses.indexOf(value) < 0) problem(at + ".status.value", "unknown status");
          else if (name === "note" && (typeof value !== "string" || value.length > limits.note)) {
            problem(at + ".note.value", "expected text of at most " + limits.note + " characters");
          } else if (name === "evidence" && (typeof value !== "string" || value.length > limits.evidence)) {
            problem(at + ".evidence.value", "expected text of at most " + limits.evidence + " characters");
          } else if (name === "revertDefault" && typeof value !== "boolean") {
            problem(at + ".revertDefault.value", "expected true or false");
          }
        });
      });
    }

    function clientV1Problems(client, where) {
      if (!goodName(client.name)) {
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
      if (client.items !== undefined) itemProblems(client.items, where, fields.entry);
    }

    function itemProblems(items, where, allowed) {
      eachItemEntry(items, where, function (entry, at) {
          onlyKeys(entry, allowed, at);
          if (entry.status !== undefined && statuses.indexOf(entry.status) < 0) problem(at + ".status", "unknown status");
          if (entry.done !== undefined && typeof entry.done !== "boolean") problem(at + ".done", "expected true or false");
          if (entry.note !== undefined && (typeof entry.note !== "string" || entry.note.length > limits.note)) {
            problem(at + ".note", "expected text of at most " + limits.note + " characters");
          }
          if (entry.changed !== undefined && !clients.changeTime(entry.changed)) {
            problem(at + ".changed", "expected a date and time");
          }
          if (entry.evidence !== undefined && (typeof entry.evidence !== "string" || entry.evidence.length > limits.note)) {
            problem(at + ".evidence", "expected text of at most " + limits.note + " characters");
          }
        });
    }
  }

  /* A checked client of any version as it is stored: {profile: {name, platform, changed}, state}, each item entry in
     version 3's timed shape. Version 1 has no change times for the name, platform and values: there, what is stored
     already wins. */
  function importedClient(client, version) {
    var state = { values: {}, valueChanged: {}, before: {}, items: {} };
    var items = client.items || {};
    Object.keys(items).forEach(function (id) { state.items[id] = clients.timedEntry(items[id]); });
    if (version === 1) {
      Object.keys(client.values || {}).forEach(function (name) { state.values[name] = client.values[name]; });
      return { profile: { name: client.name.trim(), platform: client.platform || "", changed: {} }, state: state };
    }
    var changed = {};
    Object.keys(client.values || {}).forEach(function (name) {
      state.values[name] = client.values[name].value;
      if (client.values[name].changed) state.valueChanged[name] = client.values[name].changed;
    });
    Object.keys(client.before || {}).forEach(function (id) {
      var field = client.before[id];
      var entry = { value: field.value };
      if (field.object !== undefined) entry.object = field.object;
      if (field.changed) entry.changed = field.changed;
      state.before[id] = entry;
    });
    var platform = client.platform || { value: "" };
    if (client.name.changed) changed.name = client.name.changed;
    if (platform.changed) changed.platform = platform.changed;
    return { profile: { name: client.name.value.trim(), platform: platform.value || "", changed: changed }, state: state };
  }

  /* Whether the file's field wins: the stored one is missing, or the file's change is later (as moments, not text). */
  function fileWins(hasLocal, localTime, fileTime) {
    if (!hasLocal) return true;
    return clients.moment(fileTime) > clients.moment(localTime);
  }

  /* What a merge takes from the file into a stored client, field by field; changes `state` and `profile` in place and
     returns how many fields it took. */
  function mergeInto(profile, state, incoming) {
    var taken = 0;
    ["name", "platform"].forEach(function (field) {
      var mine = profile.changed || {};
      if (incoming.profile.changed[field] && fileWins(true, mine[field], incoming.profile.changed[field]) &&
          incoming.profile[field] !== profile[field]) {
        profile[field] = incoming.profile[field];
        profile.changed = profile.changed || {};
        profile.changed[field] = incoming.profile.changed[field];
        taken++;
      }
    });
    Object.keys(incoming.state.values).forEach(function (name) {
      if (!fileWins(hasOwn(state.values, name), state.valueChanged[name], incoming.state.valueChanged[name])) return;
      if (state.values[name] === incoming.state.values[name]) return;
      state.values[name] = incoming.state.values[name];
      if (incoming.state.valueChanged[name]) state.valueChanged[name] = incoming.state.valueChanged[name];
      taken++;
    });
    Object.keys(incoming.state.before).forEach(function (id) {
      var mine = clients.beforeEntry(state, id);
      var theirs = incoming.state.before[id];
      if (!fileWins(mine !== null, mine && mine.changed, theirs.changed)) return;
      if (mine && mine.value === theirs.value && mine.object === (theirs.object || "")) return;
      state.before[id] = theirs;
      taken++;
    });
    Object.keys(incoming.state.items).forEach(function (id) {
      var mine = hasOwn(state.items, id) ? clients.timedEntry(state.items[id]) : {};
      var theirs = incoming.state.items[id];
      var merged = mergeEntry(mine, theirs);
      if (merged.taken) {
        state.items[id] = merged.fields;
        taken += merged.taken;
      }
    });
    return taken;
  }

  /* Two timed item entries merged field by field: {fields, taken}. The newer status, note and revert choice win; the
     evidence of both sides is kept (outside tools only ever add evidence), each paragraph once. */
  function mergeEntry(mine, theirs) {
    var fields = {};
    Object.keys(mine).forEach(function (name) { fields[name] = mine[name]; });
    var taken = 0;
    Object.keys(theirs).forEach(function (name) {
      var has = hasOwn(mine, name);
      if (name === "evidence") {
        var joined = has ? joinedEvidence(mine.evidence, theirs.evidence).field : theirs.evidence;
        if (has && joined.value === mine.evidence.value) return;
        fields.evidence = joined;
        taken++;
        return;
      }
      if (!fileWins(has, has && mine[name].changed, theirs[name].changed)) return;
      if (has && mine[name].value === theirs[name].value) return;
      fields[name] = theirs[name];
      taken++;
    });
    return { fields: fields, taken: taken };
  }

  /* Both sides' evidence, the newer side's paragraphs first, then those of the other that it lacks; changed: the
     later of the two. Within the limit: the last (oldest) paragraphs go first, whole, and `dropped` says how many
     (each side alone is within it, so the newer side's always fit). */
  function joinedEvidence(mine, theirs) {
    var theirsNewer = clients.moment(theirs.changed) > clients.moment(mine.changed);
    var first = theirsNewer ? theirs : mine, second = theirsNewer ? mine : theirs;
    var paragraphs = first.value ? first.value.split("\n\n") : [];
    (second.value ? second.value.split("\n\n") : []).forEach(function (paragraph) {
      if (paragraphs.indexOf(paragraph) < 0) paragraphs.push(paragraph);
    });
    var limit = sbskb.pageVocabulary().limits.evidence;
    var dropped = 0;
    while (paragraphs.length > 1 && paragraphs.join("\n\n").length > limit) { paragraphs.pop(); dropped++; }
    var field = { value: paragraphs.join("\n\n") };
    if (first.changed !== undefined) field.changed = first.changed;
    return { field: field, dropped: dropped };
  }

  /* Items whose oldest evidence a merge of this file drops to stay within the limit: "client: item (n older
     paragraphs)" each, for the preview to say before anything is merged. */
  function evidenceDropped(data) {
    var here = {};
    clients.list().forEach(function (c) { here[c.id] = true; });
    var found = [];
    data.clients.forEach(function (client) {
      if (!here[client.id]) return;
      var incoming = importedClient(client, data.version);
      var state = clients.state(client.id);
      Object.keys(incoming.state.items).forEach(function (id) {
        var theirs = incoming.state.items[id];
        var mine = hasOwn(state.items, id) ? clients.timedEntry(state.items[id]) : {};
        if (!hasOwn(theirs, "evidence") || !hasOwn(mine, "evidence")) return;
        var dropped = joinedEvidence(mine.evidence, theirs.evidence).dropped;
        if (dropped) found.push(incoming.profile.name + ": " + id + " (" + dropped + " older paragraph" +
                                (dropped === 1 ? "" : "s") + ")");
      });
    });
    return found;
  }

  function mergePlan(data) {
    var here = clients.list();
    var byId = {};
    here.forEach(function (c) { byId[c.id] = c; });
    var plan = { added: 0, updated: 0, newerItems: 0, replacedAway: 0 };
    data.clients.forEach(function (client) {
      if (!byId[client.id]) { plan.added++; return; }
      plan.updated++;
      var profile = JSON.parse(JSON.stringify(byId[client.id]));
      plan.newerItems += mergeInto(profile, clients.state(client.id), importedClient(client, data.version));
    });
    var inFile = {};
    data.clients.forEach(function (c) { inFile[c.id] = true; });
    plan.replacedAway = here.filter(function (c) { return !inFile[c.id]; }).length;
    return plan;
  }

  /* Apply a checked import in one database transaction: all of it, or (when the browser refuses it) none of it.
     Resolves true or false. */
  function applyImport(data, replace) {
    var list = replace ? [] : clients.list();
    var puts = {};
    var removals = replace ? clients.list().map(function (c) { return "client." + c.id; }) : [];

    data.clients.forEach(function (client) {
      var incoming = importedClient(client, data.version);
      var existing = null;
      for (var i = 0; i < list.length; i++) if (list[i].id === client.id) existing = list[i];
      var state = incoming.state;
      if (existing) {
        state = clients.state(client.id);
        mergeInto(existing, state, incoming);
      } else {
        list.push({ id: client.id, name: incoming.profile.name, platform: incoming.profile.platform,
                    changed: incoming.profile.changed });
      }
      puts["client." + client.id] = JSON.stringify(state);
      removals = removals.filter(function (key) { return key !== "client." + client.id; });
    });
    puts.clients = JSON.stringify(list);
    if (replace) {
      // Undo puts back every client and state as stored now, and removes the file's clients that were not here.
      var here = clients.list();
      var touched = ["clients", "current"].concat(here.map(function (c) { return "client." + c.id; }));
      data.clients.forEach(function (c) { if (touched.indexOf("client." + c.id) < 0) touched.push("client." + c.id); });
      puts.undo = clients.undoRecord("Replaced " + here.length + " client" + (here.length === 1 ? "" : "s") +
                                     " with the file's " + data.clients.length, touched, puts, removals);
    }
    return store.commit(puts, removals);
  }

  /* Whether a file only brings outside tools' evidence (the probe's): every item entry holds evidence (and maybe a
     status), and no client brings a platform, values or values before a change. Such a file is only merged. */
  function evidenceOnly(data) {
    var entries = 0;
    var only = data.clients.every(function (client) {
      if (client.platform !== undefined || client.values !== undefined || client.before !== undefined) return false;
      return Object.keys(client.items || {}).every(function (id) {
        entries++;
        var fields = clients.timedEntry(client.items[id]);
        return hasOwn(fields, "evidence") && Object.keys(fields).every(function (name) {
          return name === "evidence" || name === "status";
        });
      });
    });
    return only && entries > 0;
  }

  /* What a Replace removes or overwrites, one line per client here: its name, what it holds, and what becomes of it. */
  function replaceLosses(data) {
    var inFile = {};
    data.clients.forEach(function (c) { inFile[c.id] = c; });
    return clients.list().map(function (c) {
      var held = clients.holdings(clients.state(c.id));
      if (!hasOwn(inFile, c.id)) return "\u201c" + c.name + "\u201d is removed: " + held + ".";
      var theirs = importedClient(inFile[c.id], data.version);
      return "\u201c" + c.name + "\u201d is overwritten by the file's copy: " + held + " here; the file's copy has " +
        clients.holdings(clients.normalState(theirs.state)) + ".";
    });
  }

  sbskb.transfer = {
    evidenceOnly: evidenceOnly, replaceLosses: replaceLosses,
    exportClients: exportClients, legacyExport: legacyExport, importProblems: importProblems, mergePlan: mergePlan, applyImport: applyImport,
    evidenceDropped: evidenceDropped
  };
})(window.sbskb = window.sbskb || {});
