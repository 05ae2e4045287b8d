/**
 * The gate bites: the repository's real ESLint configuration reports accessibility and
 * hooks mistakes in client code as errors, and scripts/checkCycles.mjs fails on an import
 * cycle, type-only ones included, while Steuerrad's own entry points have none.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain JavaScript script without type declarations
import { findCycles, formatCycles } from "../../scripts/checkCycles.mjs";

const repoRoot = resolve(import.meta.dirname, "../..");
const checkCyclesScript = join(repoRoot, "scripts/checkCycles.mjs");

interface Cycle {
  files: string[];
  typeOnly: boolean[];
}

/** The errors (severity 2) ESLint reports for `code` as if it were the file at `filePath`. */
async function lintErrors(code: string, filePath: string): Promise<{ ruleId: string | null; line: number }[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
  return result.messages.filter((message) => message.severity === 2).map(({ ruleId, line }) => ({ ruleId, line }));
}

describe("ESLint with the repository's configuration", () => {
  it("reports an image without alt text in a client component as a jsx-a11y error", async () => {
    const code = ["export function Logo() {", '  return <img src="logo.svg" />;', "}", ""].join("\n");

    const errors = await lintErrors(code, "client/GateProbe.tsx");

    expect(errors).toContainEqual({ ruleId: "jsx-a11y/alt-text", line: 2 });
  });

  it("reports a hook called conditionally as a rules-of-hooks error", async () => {
    const code = [
      'import { useState } from "react";',
      "export function Counter({ visible }: { visible: boolean }) {",
      "  if (!visible) return null;",
      "  const [count, setCount] = useState(0);",
      "  return <button onClick={() => setCount(count + 1)}>{count}</button>;",
      "}",
      "",
    ].join("\n");

    const errors = await lintErrors(code, "client/GateProbe.tsx");

    expect(errors).toContainEqual({ ruleId: "react-hooks/rules-of-hooks", line: 4 });
  });

  it("reports an effect that misses a dependency as an exhaustive-deps error", async () => {
    const code = [
      'import { useEffect } from "react";',
      "export function Title({ title }: { title: string }) {",
      "  useEffect(() => {",
      "    document.title = title;",
      "  }, []);",
      "  return null;",
      "}",
      "",
    ].join("\n");

    const errors = await lintErrors(code, "client/GateProbe.tsx");

    expect(errors).toContainEqual({ ruleId: "react-hooks/exhaustive-deps", line: 5 });
  });

  it("accepts a variable prefixed with _ as unused on purpose, but no other", async () => {
    const code = ["export function pick(_unused: number, unused: number): number {", "  return 1;", "}", ""].join("\n");

    const errors = await lintErrors(code, "shared/gateProbe.ts");

    expect(errors).toEqual([{ ruleId: "@typescript-eslint/no-unused-vars", line: 1 }]);
  });

  it("ignores build output and *.tmp.ts scratch files", async () => {
    const eslint = new ESLint({ cwd: repoRoot });

    expect(await eslint.isPathIgnored(join(repoRoot, "server/scratch.tmp.ts"))).toBe(true);
    expect(await eslint.isPathIgnored(join(repoRoot, "dist/server/index.js"))).toBe(true);
    expect(await eslint.isPathIgnored(join(repoRoot, "server/index.ts"))).toBe(false);
  });
});

describe("ESLint on the server (issue 20)", () => {
  // Type-aware rules need the file on disk, inside the TypeScript project.
  const probes: string[] = [];
  afterAll(async () => {
    for (const probe of probes) await rm(probe, { force: true });
  });

  async function errorsOfFile(code: string, relativePath: string) {
    const filePath = join(repoRoot, relativePath);
    probes.push(filePath);
    await writeFile(filePath, code);
    return lintErrors(code, relativePath);
  }

  it("reports a database call nobody awaits as a floating promise", async () => {
    const code = [
      'import type { Db } from "./persistence/db";',
      'import { findScorecard } from "./persistence/scorecards";',
      "export function forget(db: Db): void {",
      '  findScorecard(db, "x");',
      "}",
      "",
    ].join("\n");

    const errors = await errorsOfFile(code, "server/gateProbeFloating.ts");

    expect(errors).toContainEqual({ ruleId: "@typescript-eslint/no-floating-promises", line: 4 });
  }, 120_000);

  it("holds a function of the sync core to 80 lines", async () => {
    const body = Array.from({ length: 80 }, (_, i) => `  const v${i} = ${i};`);
    const code = ["export function long(): number {", ...body, "  return v0;", "}", ""].join("\n");

    const errors = await errorsOfFile(code, "server/sync/gateProbeLong.ts");

    expect(errors).toContainEqual({ ruleId: "max-lines-per-function", line: 1 });
  }, 120_000);
});

describe("scripts/checkCycles.mjs", () => {
  let fixture: string;

  beforeAll(async () => {
    fixture = await mkdtemp(join(tmpdir(), "steuerrad-cycles-"));
    // a ↔ b at runtime; c → d → c only through a type.
    await writeFile(join(fixture, "a.ts"), 'import { b } from "./b";\nexport const a = () => b + 1;\n');
    await writeFile(join(fixture, "b.ts"), 'import { a } from "./a";\nexport const b = 1;\nexport const c = a;\n');
    await writeFile(join(fixture, "c.ts"), 'import type { D } from "./d";\nexport interface C { d?: D }\n');
    await writeFile(join(fixture, "d.ts"), 'import type { C } from "./c";\nexport interface D { c?: C }\n');
    await writeFile(join(fixture, "e.ts"), 'import { b } from "./b";\nexport const e = b;\n');
    await writeFile(join(fixture, "f.ts"), "export const f = 1;\n");
  });

  afterAll(async () => {
    await rm(fixture, { recursive: true, force: true });
  });

  it("finds a runtime cycle and a type-only cycle, marking the type-only imports", async () => {
    const cycles: Cycle[] = await findCycles({ entries: ["a.ts", "c.ts"], cwd: fixture });

    expect(cycles).toHaveLength(2);
    expect(cycles).toContainEqual({ files: ["a.ts", "b.ts"], typeOnly: [false, false] });
    expect(cycles).toContainEqual({ files: ["c.ts", "d.ts"], typeOnly: [true, true] });
    expect(formatCycles(cycles)).toContain("2 import cycle(s), 1 of them also at runtime");
  });

  it("exits with 1 and names the files of the cycle", async () => {
    const run = promisify(execFile)(process.execPath, [checkCyclesScript, "e.ts"], { cwd: fixture });

    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("a.ts\n       → b.ts\n       → a.ts") });
  });

  it("exits with 0 when the files import without a cycle", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [checkCyclesScript, "f.ts"], { cwd: fixture });

    expect(stdout).toContain("No import cycles.");
  });

  it("exits with 2 when an entry matches no file, so a renamed entry cannot switch the check off", async () => {
    const run = promisify(execFile)(process.execPath, [checkCyclesScript, "missing.ts"], { cwd: fixture });

    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('"missing.ts" matches no file') });
  });

  it("finds no cycle among the modules of Steuerrad's entry points", async () => {
    const cycles: Cycle[] = await findCycles({ cwd: repoRoot });

    expect(formatCycles(cycles)).toBe("No import cycles.");
  }, 180_000);
});
