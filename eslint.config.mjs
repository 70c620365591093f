// Lint for the page scripts: plain browser scripts (not modules) sharing window.sbskb, in ES5-era style so they run
// unchanged in every browser a technician may use. scripts/test.sh runs `npx eslint` with this file.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["docs/javascripts/sbskb/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, document$: "readonly" },
    },
    rules: {
      "no-control-regex": "off",   // the validators refuse control characters on purpose
      "strict": ["error", "function"],
      "no-var": "off",
      "eqeqeq": "error",
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { "args": "none", "caughtErrors": "none" }],
    },
  },
];
