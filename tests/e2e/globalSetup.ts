import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CHROMIUM_PATH } from "./browser";

/** Builds the client once before the browser tests, and checks that Chromium is there. */
export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run "bash scripts/ensure-chromium.sh" (npm test does this in pretest).`);
  }
  const root = resolve(import.meta.dirname, "../..");
  execFileSync(process.execPath, [resolve(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "error"], { cwd: root, stdio: "inherit" });
}
