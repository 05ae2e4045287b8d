// Bundles the server for `npm start`: plain node runs dist/server/index.js without the tsx
// loader, whose hook thread costs about 50 MB of resident memory. node_modules stay
// external (native modules, the PDF font files). Code splitting keeps the lazy
// `import("./docx")`/`import("./pdf")` lazy: inlined, their packages' imports would be
// hoisted into the entry and loaded at start.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

const outdir = "dist/server";

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { index: "server/start.ts", historyWorker: "server/history/historyWorker.ts" },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node24",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log(`server bundled into ${outdir}/`);
