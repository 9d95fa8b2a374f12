// ESLint for the pages' JavaScript: plain ES modules run by the browser, no build step.
// It sits in deploy/js beside its node_modules; lint.sh runs it from the repository's root with
// --config, so the globs below are relative to the root.
import js from "@eslint/js";
import globals from "globals";

const ASSETS = ["services/gateway/src/clinic_gateway/pages/assets/**/*.js"];

export default [
  { files: ASSETS, ...js.configs.recommended },
  {
    files: ASSETS,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
    rules: {
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
    },
  },
];
