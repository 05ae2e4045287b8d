#!/usr/bin/env node
/**
 * Fails (exit code 1) when modules reachable from Steuerrad's entry points import each other
 * in a circle, and lists every cycle found, one line per import.
 *
 * Type-only imports count: a cycle of types compiles away and cannot change the order in
 * which modules run, but it still ties two layers together (routes importing `AppDeps` from
 * `app.ts` while `app.ts` mounts the routes), and it becomes a runtime cycle as soon as one
 * of its imports takes a value. An import that exists only for types is marked
 * `(type only)`, so a reader sees which cycles could also break at runtime.
 *
 * Usage: `node scripts/checkCycles.mjs [entry globs…]` from the repository root (default:
 * ENTRY_POINTS and SOURCE_FILES). Exit code 1: cycles found; 2: the check could not run.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { globFiles, parseCircular, parseDependencyTree } from "dpdm";

/**
 * Where the program starts, as globs relative to the repository root: the server, its
 * history worker thread, the command-line tools, the client and its service worker.
 */
export const ENTRY_POINTS = ["server/index.ts", "server/history/historyWorker.ts", "server/**/*Cli.ts", "server/**/cli.ts", "client/main.tsx", "client/sw.ts"];

/**
 * Every module of the source folders, analysed beside the entry points: a cycle among
 * modules that no entry reaches yet (new code, test support) is found before it is wired in.
 */
export const SOURCE_FILES = ["shared/**/*.ts", "server/**/*.ts", "client/**/*.{ts,tsx}"];

/**
 * @typedef {object} Cycle
 * @property {string[]} files The files in import order; the last one imports the first.
 * @property {boolean[]} typeOnly Per import (`files[i]` → `files[i + 1]`, wrapping): whether it
 *   imports only types, so it disappears from the compiled code.
 */

/**
 * Finds the import cycles among the modules reachable from the given entry globs.
 *
 * @param {object} [options]
 * @param {string[]} [options.entries] Globs relative to `cwd`; each must match at least one file.
 * @param {string} [options.cwd] The root the globs and the reported paths are relative to.
 * @returns {Promise<Cycle[]>} The cycles found, empty when the import graph has none.
 * @throws {Error} When an entry glob matches no file, so a renamed entry cannot switch the check off.
 */
export async function findCycles({ entries = [...ENTRY_POINTS, ...SOURCE_FILES], cwd = process.cwd() } = {}) {
  const root = resolve(cwd);
  for (const entry of entries) {
    const matches = await globFiles(entry, root);
    if (matches.length === 0) throw new Error(`checkCycles: the entry "${entry}" matches no file in ${root}`);
  }
  const options = { cwd: root, context: root, exclude: /node_modules/, skipDynamicImports: false };
  const tree = await parseDependencyTree(entries, { ...options, transform: false });
  // The same graph without the imports TypeScript erases (dpdm's --transform).
  const valueTree = await parseDependencyTree(entries, { ...options, transform: true });
  return parseCircular(tree)
    .map((found) => {
      // The same cycle always reads the same way, whichever file the search entered it by.
      const start = found.indexOf([...found].sort()[0]);
      const files = [...found.slice(start), ...found.slice(0, start)];
      const typeOnly = files.map((file, i) => {
        const next = files[(i + 1) % files.length];
        return !(valueTree[file] ?? []).some((dependency) => dependency.id === next);
      });
      return { files, typeOnly };
    })
    .sort((a, b) => a.files.join("\n").localeCompare(b.files.join("\n")));
}

/**
 * Renders cycles for a terminal, one numbered block per cycle and one line per import.
 *
 * @param {Cycle[]} cycles What {@link findCycles} returned.
 * @returns {string} The text to print; says so when there is no cycle.
 */
export function formatCycles(cycles) {
  if (cycles.length === 0) return "No import cycles.";
  const runtime = cycles.filter((cycle) => !cycle.typeOnly.some(Boolean)).length;
  const lines = [`${cycles.length} import cycle(s), ${runtime} of them also at runtime:`];
  cycles.forEach((cycle, n) => {
    lines.push(`  ${n + 1}) ${cycle.files[0]}`);
    cycle.files.forEach((_, i) => {
      const next = cycle.files[(i + 1) % cycle.files.length];
      lines.push(`       → ${next}${cycle.typeOnly[i] ? "  (type only)" : ""}`);
    });
  });
  lines.push("Break each cycle, e.g. by moving what both files need into a module of its own.");
  return lines.join("\n");
}

// Run from the repository root (`npm run cycles`); the globs are relative to the working folder.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const entries = process.argv.length > 2 ? process.argv.slice(2) : undefined;
  try {
    const cycles = await findCycles({ entries });
    (cycles.length > 0 ? console.error : console.log)(formatCycles(cycles));
    process.exitCode = cycles.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  }
}
