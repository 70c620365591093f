/* Snippet templates and value validation: the browser half of macros/templating.py `render` and
 * macros/parameters.py `validate`. tests/vectors/template-vectors.json holds both halves to byte-identical results.
 * The placeholder pattern and the length limit come from the page's vocabulary (macros/vocabulary.py). */
(function (sbskb) {
  "use strict";

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  /* Whether `key` is the object's own: values, items and client ids come from storage and imported files, so an
     inherited name such as "constructor" must never read as present. Shared by every page script. */
  function hasOwn(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* The page's vocabulary, set by main.js; read from the page itself when a script asks before that. */
  function vocabulary() {
    if (!sbskb.vocabulary) {
      var block = document.querySelector("[data-catalog]");
      if (!block) throw new Error("sbskb: this page carries no vocabulary (checklist, Clients and report pages do)");
      sbskb.vocabulary = JSON.parse(block.dataset.catalog).vocabulary;
    }
    return sbskb.vocabulary;
  }

  var FILTERS = {
    decimal: function (value) { return String(parseInt(value, 10)); },
    dword: function (value) {
      var hex = (parseInt(value, 10) >>> 0).toString(16);
      return "00000000".slice(hex.length) + hex;
    },
    timespan: function (value) {
      var seconds = parseInt(value, 10);
      var days = Math.floor(seconds / 86400);
      var rest = seconds % 86400;
      var clock = pad2(Math.floor(rest / 3600)) + ":" + pad2(Math.floor(rest / 60) % 60) + ":" + pad2(rest % 60);
      return days ? days + "." + clock : clock;
    },
    // PowerShell reads all four of these as single quotes; each is doubled inside a single-quoted string.
    ps_quote: function (value) {
      return "'" + String(value).replace(/['\u2018\u2019\u201a\u201b]/g, function (q) { return q + q; }) + "'";
    },
    // POSIX sh: everything literal inside single quotes; a single quote becomes '\'' (as Python's shlex.quote).
    sh_quote: function (value) { return "'" + String(value).replace(/'/g, "'\\''") + "'"; },
    reg_string: function (value) {
      return '"' + String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
    },
    // A recorded True/False as PowerShell's boolean literal; anything else never reaches a snippet.
    ps_bool: function (value) {
      if (value === "True") return "$true";
      if (value === "False") return "$false";
      throw new Error("sbskb: ps_bool takes True or False");
    },
    plain: function (value) { return String(value); }
  };

  function renderTemplate(template, values) {
    var placeholder = new RegExp(vocabulary().placeholder, "g");
    return template.replace(placeholder, function (_, name, filter) { return FILTERS[filter](values[name]); });
  }

  function durationSeconds(text) {
    var parts = text.split(":");
    return parseInt(parts[0], 10) * 3600 + parseInt(parts[1], 10) * 60 + parseInt(parts[2], 10);
  }

  function clock(seconds) {
    seconds = seconds || 0;
    return pad2(Math.floor(seconds / 3600)) + ":" + pad2(Math.floor(seconds / 60) % 60) + ":" + pad2(seconds % 60);
  }

  /* spec: {type, pattern, expect, min, max}. Returns {ok: true, value} or {ok: false, message}. */
  function validateValue(spec, raw) {
    var maxLength = vocabulary().limits.value;
    var text = String(raw).replace(/^[ \t]+|[ \t]+$/g, "");
    if (Array.from(text).length > maxLength) return { ok: false, message: "too long: at most " + maxLength + " characters" };
    if (/[\x00-\x1f\x7f]/.test(text)) return { ok: false, message: "line breaks and control characters are not allowed" };
    if (text === "") return { ok: false, message: "a value is required" };
    if (!new RegExp("^(?:" + spec.pattern + ")$").test(text)) return { ok: false, message: "expected " + spec.expect };
    var min = spec.min === undefined || spec.min === null ? null : Number(spec.min);
    var max = spec.max === undefined || spec.max === null ? null : Number(spec.max);
    if (spec.type === "integer") {
      var number = parseInt(text, 10);
      if ((min !== null && number < min) || (max !== null && number > max)) {
        return { ok: false, message: "must be from " + min + " to " + max };
      }
      return { ok: true, value: String(number) };
    }
    if (spec.type === "duration") {
      var seconds = durationSeconds(text);
      if ((min !== null && seconds < min) || (max !== null && seconds > max)) {
        return { ok: false, message: "must be from " + clock(min) + " to " + clock(max) };
      }
    }
    return { ok: true, value: text };
  }

  /* The values an item's commands use: each valid own value, else the parameter's default. */
  function filledValues(specs, values) {
    var filled = {};
    Object.keys(specs).forEach(function (name) {
      var spec = specs[name];
      var own = hasOwn(values, name) ? validateValue(spec, values[name]) : null;
      filled[name] = own && own.ok ? own.value : validateValue(spec, spec.default).value;
    });
    return filled;
  }

  /* The value this client stores for `name` when its field refuses it now, e.g. a TarpitTime of 30 stored while the
     range was wider: {value, message}; null when nothing is stored or it is valid. The value stays stored as it is;
     no command is made from it until it is changed (filledValues gives the commands the default, which they must
     then not show). */
  function refusedValue(spec, values, name) {
    if (!hasOwn(values, name)) return null;
    var result = validateValue(spec, values[name]);
    return result.ok ? null : { value: String(values[name]), message: result.message };
  }

  /* Every refused stored value of a page's parameters: {name: {value, message}}. */
  function refusedValues(specs, values) {
    var refused = {};
    Object.keys(specs).forEach(function (name) {
      var found = refusedValue(specs[name], values, name);
      if (found) refused[name] = found;
    });
    return refused;
  }

  /* The parameter names a template's placeholders use, in order (values before the change excluded). */
  function templateNames(template) {
    var placeholder = new RegExp(vocabulary().placeholder, "g");
    var names = [];
    var match;
    while ((match = placeholder.exec(template)) !== null) {
      if (match[1].indexOf(vocabulary().before.prefix) !== 0) names.push(match[1]);
    }
    return names;
  }

  sbskb.hasOwn = hasOwn;
  sbskb.refusedValue = refusedValue;
  sbskb.refusedValues = refusedValues;
  sbskb.templateNames = templateNames;
  sbskb.filters = FILTERS;
  sbskb.renderTemplate = renderTemplate;
  sbskb.validateValue = validateValue;
  sbskb.filledValues = filledValues;
  sbskb.pageVocabulary = vocabulary;
})(window.sbskb = window.sbskb || {});
