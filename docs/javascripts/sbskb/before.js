/* A setting's value before the change, as the technician records it per client (typed, or the check's output
 * pasted in), and the revert filled from it: the browser half of macros/before_values.py, rule for rule.
 * tests/vectors/before-vectors.json holds both halves to the same values and messages. Only the parsed value is kept;
 * pasted text never reaches a snippet. */
(function (sbskb) {
  "use strict";

  var DWORD_MAX = 4294967295;
  var TIMESPAN_DAYS_MAX = 10675199;
  var TIMESPAN = /^(?:([0-9]{1,8})\.)?([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,7}))?$/;
  var BOOLEAN = { "true": "True", "$true": "True", "false": "False", "$false": "False" };
  var BOXES = ["ticked", "not ticked"];
  // Windows' reg.exe says "key or value"; Wine's (the registry client of tests/registry) "value" or "key".
  var REG_MISSING = /unable to find the specified registry (?:key or value|value|key)/i;
  var TYPES = {
    dword: "a registry DWORD from 0 to 4294967295",
    timespan: "a time span (hh:mm:ss or d.hh:mm:ss)",
    boolean: "'True' or 'False'",
    box: "'ticked' or 'not ticked'"
  };

  function vocabulary() { return sbskb.pageVocabulary(); }
  function absentWord() { return vocabulary().before.absent; }

  /* Blanks and line breaks are named, not \s: JavaScript's and Python's \s and trim differ at the edges. */
  function strip(text) { return text.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, ""); }
  function startsBlank(line) { return /^[ \t\r\n\f\v]/.test(line); }
  /* Every line break JavaScript's ^, $ and . know, made \n, so both languages split lines alike. */
  function oneLineBreak(text) { return text.replace(/\r\n|[\r\u2028\u2029]/g, "\n"); }

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function sameObject(left, right) {
    var blanks = /[ \t\r\n\f\v]+/g;
    return String(left).replace(blanks, "").toLowerCase() === String(right).replace(blanks, "").toLowerCase();
  }

  /* The canonical form of a value typed alone, or null. spec: {id, type, property, object}. */
  function canonical(spec, raw) {
    var text = strip(String(raw));
    var lower = text.toLowerCase();
    if (spec.type === "dword") {
      if (lower === absentWord()) return absentWord();
      if (/^(0|[1-9][0-9]{0,9})$/.test(text) && Number(text) <= DWORD_MAX) return String(Number(text));
      var hex = /^0[xX]([0-9a-fA-F]{1,8})$/.exec(text);
      return hex ? String(parseInt(hex[1], 16)) : null;
    }
    if (spec.type === "timespan") {
      var m = TIMESPAN.exec(text);
      if (!m) return null;
      var days = parseInt(m[1] || "0", 10);
      if (days > TIMESPAN_DAYS_MAX || parseInt(m[2], 10) > 23 || parseInt(m[3], 10) > 59 || parseInt(m[4], 10) > 59) {
        return null;
      }
      var fraction = (m[5] || "").replace(/0+$/, "");
      var hours = parseInt(m[2], 10);
      var clock = (hours < 10 ? "0" : "") + hours + ":" + m[3] + ":" + m[4] + (fraction ? "." + fraction : "");
      return days ? days + "." + clock : clock;
    }
    if (spec.type === "boolean") return sbskb.hasOwn(BOOLEAN, lower) ? BOOLEAN[lower] : null;
    return BOXES.indexOf(lower) >= 0 ? lower : null;
  }

  function timespanSeconds(value) {
    var m = TIMESPAN.exec(value);
    return parseInt(m[1] || "0", 10) * 86400 + parseInt(m[2], 10) * 3600 + parseInt(m[3], 10) * 60 +
      parseInt(m[4], 10) + Number("0." + (m[5] || "0"));
  }

  function sameValue(spec, left, right) {
    if (spec.type === "timespan" && left !== absentWord() && right !== absentWord()) {
      return timespanSeconds(left) === timespanSeconds(right);
    }
    return left === right;
  }

  function expectation(spec) {
    return TYPES[spec.type] + ", " + (spec.type === "dword" ? "'absent', " : "") + "or the check's output pasted in";
  }

  function refused(message) { return { ok: false, message: message }; }

  /* Read a recorded value from typed or pasted text. identity: the current value of the parameter naming the
     setting's object (its receive connector), when it has one. Mirrors before_values.parse. */
  function parse(spec, text, identity) {
    var max = vocabulary().limits.beforeText;
    text = String(text);
    if (text.length > max) return refused("too long: paste at most " + max + " characters of the check's output");
    if (text.indexOf("\u0000") >= 0) return refused("the text holds a NUL character: paste the check's output as text");
    var alone = canonical(spec, text);
    if (alone !== null) return { ok: true, value: alone };
    var found = null;
    if (spec.type === "dword" && spec.property) found = fromRegistryOutput(spec, text);
    else if ((spec.type === "timespan" || spec.type === "boolean") && spec.property) {
      found = fromFormatList(spec, text, identity || "");
    }
    return found || refused("expected " + expectation(spec));
  }

  function fromRegistryOutput(spec, text) {
    var name = escapeRegExp(spec.property);
    text = oneLineBreak(text);
    var line = new RegExp("^[ \\t]*" + name + "[ \\t]+(REG_[A-Za-z_]+)[ \\t]+([^ \\t\\n][^\\n]*?)[ \\t]*$", "im").exec(text);
    if (line) {
      var kind = line[1].toUpperCase();
      if (kind !== "REG_DWORD") {
        return refused(spec.property + " is a " + kind + " on this server, not a REG_DWORD: the revert cannot " +
                       "restore that, so write it in the note and restore it by hand");
      }
      var value = canonical(spec, line[2]);
      return value !== null && value !== absentWord() ? { ok: true, value: value } : null;
    }
    var listed = new RegExp("^[ \\t]*" + name + "[ \\t]*:[ \\t]*([0-9]+)[ \\t]*$", "im").exec(text);
    if (listed) {
      var number = canonical(spec, listed[1]);
      return number !== null ? { ok: true, value: number } : null;
    }
    var missing = /Property ([A-Za-z][A-Za-z0-9]*) does not exist at path/.exec(text);
    if (REG_MISSING.test(text) ||
        (missing && missing[1].toLowerCase() === spec.property.toLowerCase())) {
      return { ok: true, value: absentWord() };
    }
    return null;
  }

  /* Format-List output as one {property: value} per object (before_values.format_list_records). Keys are kept in
     a list of pairs, so a property called "constructor" or "__proto__" is only text. */
  function formatListRecords(text) {
    var records = [];
    var current = [];
    var last = -1;
    function has(key) { return current.some(function (pair) { return pair[0] === key; }); }
    oneLineBreak(text).split("\n").forEach(function (line) {
      if (!strip(line)) {
        if (current.length) records.push(current);
        current = [];
        last = -1;
        return;
      }
      var match = /^([A-Za-z][A-Za-z0-9]*) *:(?: ([^\n]*))?$/.exec(line.replace(/[ \t\r\n\f\v]+$/, ""));
      if (match && !startsBlank(line)) {
        if (has(match[1])) { records.push(current); current = []; }
        current.push([match[1], match[2] || ""]);
        last = current.length - 1;
      } else if (last >= 0 && startsBlank(line)) {
        var value = current[last][1];
        current[last][1] = value + (/ $/.test(value) ? "" : " ") + strip(line);
      }
    });
    if (current.length) records.push(current);
    return records.map(function (record) {
      return record.map(function (pair) { return [pair[0], strip(pair[1])]; });
    });
  }

  function fromFormatList(spec, text, identity) {
    var property = spec.property.toLowerCase();
    function valueOf(record, key) {
      for (var i = 0; i < record.length; i++) if (record[i][0].toLowerCase() === key) return record[i][1];
      return null;
    }
    var records = formatListRecords(text).filter(function (record) { return valueOf(record, property) !== null; });
    if (!records.length) return null;
    if (spec.object) {
      records = records.filter(function (record) {
        return record.some(function (pair) { return pair[0].toLowerCase() === "identity" && sameObject(pair[1], identity); });
      });
      if (!records.length) {
        return refused("the pasted output lists no object with the Identity " + identity + ": enter the connector's " +
                       "Identity first, then paste the check's output that lists it");
      }
    }
    if (records.length > 1) {
      return refused("the pasted output lists " + spec.property + " for " + records.length + " objects: paste the " +
                     "one this item changes");
    }
    var shown = valueOf(records[0], property);
    var found = canonical(spec, shown);
    if (found === null || found === absentWord()) {
      return refused(spec.property + " shows \u201c" + shown + "\u201d, not " + TYPES[spec.type]);
    }
    return { ok: true, value: found };
  }

  /* What a revert restores for one setting, and why: {source, value}. source is "recorded" (the client's value),
     "default" (nothing recorded, and the technician chose Microsoft's confirmed default for this item and client),
     "unrecorded", "unconfirmed" (nothing recorded, no confirmed default either), "other-object" (recorded for
     another connector) or "unreadable" (recorded, but not a value of this setting's type). A default never stands in
     unless chosen. Mirrors before_values.restore_for. */
  function restore(spec, fallback, recorded, identity, useDefault) {
    // A record this setting cannot take (a file may bring one) is no record, and no default stands in for it either.
    if (recorded && recorded.value && canonical(spec, String(recorded.value)) !== recorded.value) {
      return { source: "unreadable", value: "" };
    }
    if (recorded && recorded.value) {
      if (spec.object && !sameObject(recorded.object || "", identity)) return { source: "other-object", value: "" };
      return { source: "recorded", value: recorded.value };
    }
    if (fallback === "unconfirmed") return { source: "unconfirmed", value: "" };
    return useDefault ? { source: "default", value: fallback } : { source: "unrecorded", value: "" };
  }

  /* Whether "restore Microsoft's default instead" is offered: some setting is unrecorded (or already restores its
     default), and every setting without a usable record has a confirmed default. Mirrors
     before_values.default_offered. */
  function defaultOffered(revert) {
    var missing = revert.order.filter(function (id) { return revert.restores[id].source !== "recorded"; });
    return missing.length > 0 && missing.every(function (id) {
      return revert.restores[id].source === "unrecorded" || revert.restores[id].source === "default";
    });
  }

  /* The choice's words: macros/render.py `default_choice_label`, word for word. */
  function defaultChoiceLabel(names, defaults) {
    var listed = names.map(function (name, index) {
      return name + ": " + (defaults[index] === absentWord() ? "absent (the revert deletes it)" : defaults[index]);
    }).join("; ");
    return "Nothing recorded? Restore Microsoft's default instead (" + listed + "). This is not this client's own " +
      "value: use it only if nobody changed the setting before.";
  }

  /* The revert for one client: {text (null: none yet), restores: {id: restore}, absentBranch}. specs: setting specs by
     id; defaults: this tab's defaults by id; values: filled parameter values; recorded: the client's before-values.
     Mirrors before_values.fill_revert. */
  function fillRevert(template, absentTemplate, specs, defaults, values, recorded, useDefault) {
    var prefix = vocabulary().before.prefix;
    var placeholder = new RegExp(vocabulary().placeholder, "g");
    var restores = {};
    var order = [];
    var match;
    while ((match = placeholder.exec(template)) !== null) {
      if (match[1].indexOf(prefix) !== 0) continue;
      var id = match[1].slice(prefix.length);
      if (sbskb.hasOwn(restores, id)) continue;
      var spec = specs[id];
      var identity = spec.object && sbskb.hasOwn(values, spec.object) ? String(values[spec.object]) : "";
      restores[id] = restore(spec, sbskb.hasOwn(defaults, id) ? defaults[id] : "unconfirmed",
                             sbskb.hasOwn(recorded, id) ? recorded[id] : null, identity, !!useDefault);
      order.push(id);
    }
    var missing = order.some(function (id) { return !restores[id].value; });
    if (missing) return { text: null, restores: restores, order: order, absentBranch: false };
    var absent = order.some(function (id) { return restores[id].value === absentWord(); });
    if (absentTemplate && absent) {
      return { text: sbskb.renderTemplate(absentTemplate, values), restores: restores, order: order, absentBranch: true };
    }
    var filled = {};
    Object.keys(values).forEach(function (name) { filled[name] = values[name]; });
    order.forEach(function (id) { filled[prefix + id] = restores[id].value; });
    return { text: sbskb.renderTemplate(template, filled), restores: restores, order: order, absentBranch: false };
  }

  /* What a revert restores, in words: the same sentences as macros/render.py `revert_note`. names: id -> name. */
  function revertNote(revert, names) {
    var missing = revert.order.filter(function (id) { return !revert.restores[id].value; });
    if (missing.length) {
      return noRevertNote(missing.map(function (id) { return names[id]; }),
                          missing.map(function (id) { return revert.restores[id].source; }));
    }
    return "Restores " + revert.order.map(function (id) {
      var value = revert.restores[id].value;
      var source = revert.restores[id].source === "default"
        ? "Microsoft's default, as you chose below: not this client's own value" : "as recorded for this client";
      return names[id] + ": " + (value === absentWord() ? "absent (the revert deletes it)" : value) + ", " + source;
    }).join("; ") + ".";
  }

  /* Why a revert shows no command yet: macros/render.py `no_revert_note`, word for word. */
  function noRevertNote(names, sources) {
    var listed = names.join(", ");
    if (sources.indexOf("other-object") >= 0) {
      return "No revert yet: the value recorded above for " + listed + " was read from another connector than the " +
        "one the commands name. Keep it for this connector, or record this connector's value.";
    }
    if (sources.indexOf("unreadable") >= 0) {
      return "No revert yet: the value recorded above for " + listed + " is not one this setting takes. Record it " +
        "again from the check's output.";
    }
    if (sources.indexOf("unconfirmed") >= 0) {
      return "No revert yet: record " + listed + " above before you apply. Its value on a server nobody has changed " +
        "is not confirmed, so no default can stand in for this client's value.";
    }
    return "No revert yet: record " + listed + " above before you apply; the check prints " +
      (names.length === 1 ? "it" : "them") + ". Without a recorded value there is nothing safe to run: a default " +
      "would overwrite whatever this server had.";
  }

  /* What a technician's typed or pasted text records for a setting: {ok: true, entry} to store under the setting's id
     ({value: "" } when the text is blank: the record is cleared), or {ok: false, message}. `identity` is the
     connector the commands name now, "" while the client has none; a value on a connector needs it. Used by the
     checklist pages and by the Clients page's values view alike. */
  function entryFrom(spec, text, identity) {
    var changed = new Date().toISOString();
    if (!/[^ \t\r\n\f\v]/.test(text)) return { ok: true, entry: { value: "", changed: changed } };
    if (spec.object && !identity) {
      return { ok: false, message: "enter the connector's Identity (the receive connector's field) first: a value " +
                                   "before the change belongs to one connector" };
    }
    var parsed = parse(spec, text, identity);
    if (!parsed.ok) return parsed;
    var entry = { value: parsed.value, changed: changed };
    if (spec.object) entry.object = identity;
    return { ok: true, entry: entry };
  }

  /* The one object (connector) a pasted Format-List output names in its Identity lines: its Identity, or "" when it
     names none; several distinct ones come back as a list, for the page to ask which. */
  function identitiesIn(text) {
    var found = [];
    formatListRecords(text).forEach(function (record) {
      record.forEach(function (pair) {
        if (pair[0].toLowerCase() === "identity" && pair[1] && found.indexOf(pair[1]) < 0) found.push(pair[1]);
      });
    });
    return found;
  }

  sbskb.before = {
    identitiesIn: identitiesIn,
    canonical: canonical, parse: parse, entryFrom: entryFrom, sameObject: sameObject, sameValue: sameValue, restore: restore,
    defaultOffered: defaultOffered, defaultChoiceLabel: defaultChoiceLabel, fillRevert: fillRevert, revertNote: revertNote, formatListRecords: formatListRecords, types: TYPES
  };
})(window.sbskb = window.sbskb || {});
