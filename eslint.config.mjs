// Lint for the browser code (browser/, ES modules bundled by scripts/build-browser.mjs) and its build script.
// scripts/test.sh runs `npx eslint` with this file, beside `tsc` (jsconfig.json) and the bundle check.
import js from "@eslint/js";
import globals from "globals";

// Status ids live in browser/status.js only: anywhere else a typed id could drift from macros/vocabulary.py.
const STATUS_ID = "/^(not-started|done|not-applicable|deferred)$/";

export default [
  js.configs.recommended,
  {
    files: ["browser/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      "no-control-regex": "off",   // the validators refuse control characters on purpose
      "eqeqeq": "error",
      "no-var": "error",          // modern syntax: const and let
      "prefer-const": "error",
      "no-unused-vars": ["error", { "args": "none", "caughtErrors": "none" }],
      "no-restricted-syntax": ["error",
        { selector: `Literal[value=${STATUS_ID}]`, message: "Status ids are named in browser/status.js only." },
        { selector: `TemplateElement[value.raw=${STATUS_ID}]`, message: "Status ids are named in browser/status.js only." }],
    },
  },
  {
    files: ["browser/status.js"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["scripts/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
