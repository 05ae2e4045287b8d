// @ts-check
/**
 * ESLint for the whole repository (`npm run lint`, part of `npm run check`).
 *
 * typescript-eslint runs without type information: the type-aware rule set took about
 * 3 minutes of CPU on this repository (against under 1 minute without), and on it found
 * only a handful of real problems; `tsc --noEmit` already runs in the gate. The one
 * exception is the server's promises (issue 20: every store is asynchronous): a database
 * call nobody awaits runs outside its transaction and loses its error, and only the types
 * show it.
 */
import { defineConfig, globalIgnores } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import globals from "globals";

const CLIENT_FILES = ["client/**/*.{ts,tsx}"];

export default defineConfig(
  // Build output, local data and scratch files; `*.tmp.ts` are throwaway experiments.
  globalIgnores(["**/dist/", "**/node_modules/", "coverage/", "data/", "tmp/", ".vite/", "**/*.tmp.ts"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_` marks a parameter or binding that is there on purpose and not used.
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      // Every hit matched control characters on purpose: input hygiene (shared/domain/text.ts)
      // and the checks that reports, exports and search snippets show them visibly.
      "no-control-regex": "off",
    },
  },
  {
    files: ["server/**", "tests/**", "scripts/**", "bench/**", "*.config.{js,ts}"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["server/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
    },
  },
  {
    // The sync core stays in small pieces, one job per file (issue 20): a reader finds the
    // room, the commit or the upgrade checks by name, and no function hides a second job.
    files: ["server/sync/**/*.ts"],
    ignores: ["server/sync/**/*.test.ts"],
    rules: {
      "max-lines": ["error", { max: 400 }],
      "max-lines-per-function": ["error", { max: 80 }],
    },
  },
  {
    files: ["client/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["client/sw.ts"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: CLIENT_FILES,
    ...react.configs.flat.recommended,
    settings: { react: { version: "detect" } },
  },
  { files: CLIENT_FILES, ...react.configs.flat["jsx-runtime"] },
  { files: CLIENT_FILES, ...reactHooks.configs.flat["recommended-latest"] },
  {
    files: CLIENT_FILES,
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // Kept from the React Compiler rules, as they catch bugs without the compiler too:
      // purity (Date.now() or Math.random() while rendering), immutability (props or state
      // mutated), globals, set-state-in-render (render loops), static-components (a
      // component made anew each render loses its state), use-memo, error-boundaries.
      //
      // Off: all its hits are the reset-then-load pattern of data-loading effects
      // (`setResult(null)` before a fetch). It costs one extra render, not a wrong screen;
      // rewriting 20 loaders (key resets or a data library) is a refactor of its own.
      "react-hooks/set-state-in-effect": "off",
      // Off: it reports a ref read inside a callback handed to useEditor (run on a click,
      // never while rendering) and the "latest callback" ref kept up to date in render.
      "react-hooks/refs": "off",
      // Off: they concern compiling with the React Compiler, which the build does not use
      // (vite.config.ts runs plugin-react without it).
      "react-hooks/preserve-manual-memoization": "off",
      "react-hooks/incompatible-library": "off",
      "react-hooks/unsupported-syntax": "off",
      "react-hooks/config": "off",
      "react-hooks/gating": "off",
    },
  },
  {
    files: CLIENT_FILES,
    ...jsxA11y.flatConfigs.recommended,
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // `autoFocus` on our own components (CommentForm) is a prop that focuses a form the
      // user has just opened, which is where focus belongs; the DOM attribute stays reported.
      "jsx-a11y/no-autofocus": ["error", { ignoreNonDOM: true }],
      // A table whose rows a narrow screen lays out as cards (CSS display) loses its
      // semantics in browsers unless the roles are written out; allow exactly those.
      "jsx-a11y/no-redundant-roles": ["error", { nav: ["navigation"], table: ["table"], thead: ["rowgroup"], tbody: ["rowgroup"], tfoot: ["rowgroup"] }],
      "jsx-a11y/no-interactive-element-to-noninteractive-role": ["error", { tr: ["none", "presentation", "row"], td: ["cell"], canvas: ["img"] }],
      // A scroll container must take keyboard focus (axe: scrollable-region-focusable);
      // as a named `role="region"` it may.
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"], allowExpressionValues: true }],
    },
  },
);
