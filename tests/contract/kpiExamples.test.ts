/**
 * Contract of the KPI command (domain.md, "Exchange formats and the KPI command"): the
 * real command, run as a child process, reproduces the worked example, and bad input
 * exits non-zero naming file, line and column.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKpiCommand, type KpiCommandIo } from "../../server/kpi/cli";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURES = "tests/fixtures/kpi-example";
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(TSX, ["server/kpi/cli.ts", ...args], { cwd: ROOT, env: { ...process.env, npm_lifecycle_event: "" } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function exampleArgs(period: string, figures = `${FIXTURES}/figures-2025.csv`, agreement = "agreement-2025.json"): string[] {
  return ["--agreement", `${FIXTURES}/${agreement}`, "--figures", figures, "--staff", `${FIXTURES}/staff-2025.csv`, "--period", period];
}

/** The keys of every object in a JSON value, by path, to check that nothing more or less is printed. */
function keysByPath(value: unknown, path = "", into: Record<string, string[]> = {}): Record<string, string[]> {
  if (value === null || typeof value !== "object") return into;
  if (!Array.isArray(value)) into[path] = Object.keys(value).sort();
  for (const [key, child] of Object.entries(value)) if (path !== ".reasons" && key !== "reasons") keysByPath(child, `${path}.${key}`, into);
  return into;
}

/** Integers exactly, other numbers to 9 digits; `reasons`/`trendReason` only need to exist. */
function expectMatches(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === "number" && !Number.isInteger(expected)) {
    expect(actual, path).toBeTypeOf("number");
    expect(actual as number, path).toBeCloseTo(expected, 9);
    return;
  }
  if (expected === null || typeof expected !== "object") {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(actual, path).toBeTypeOf("object");
  expect(actual, path).not.toBeNull();
  if (Array.isArray(expected)) expect(actual, path).toHaveLength(expected.length);
  for (const [key, value] of Object.entries(expected)) {
    const next = (actual as Record<string, unknown>)[key];
    if (key === "reasons") {
      for (const reasonKey of Object.keys(value as object)) expect((next as Record<string, unknown>)[reasonKey], `${path}.reasons.${reasonKey}`).toBeTypeOf("string");
    } else if (key === "trendReason") {
      if (value !== null) expect(next, `${path}.trendReason`).toBeTypeOf("string");
    } else expectMatches(next, value, `${path}.${key}`);
  }
}

describe("KPI command", () => {
  it.each([
    ["2025-05", "expected-2025-05.json"],
    ["2025-Q2", "expected-2025-Q2.json"],
    ["2025", "expected-2025.json"],
  ])("[KPI-R16] reproduces the worked example for --period %s", async (period, expectedFile) => {
    const [result, expectedText] = await Promise.all([runCli(exampleArgs(period)), readFile(join(ROOT, FIXTURES, expectedFile), "utf8")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const actual = JSON.parse(result.stdout);
    const expected = JSON.parse(expectedText);
    expectMatches(actual, expected, period);
    expect(Object.keys(actual)).toEqual(expect.arrayContaining(Object.keys(expected)));
    // [KPI-R17] The command speaks English: the German reasons are the UI's.
    expect(actual).not.toHaveProperty("reasonsDe");
    expect(actual).not.toHaveProperty("trendReasonDe");
  });

  it.each([
    ["2025", "expected-from-july-2025.json"],
    ["2025-Q3", "expected-from-july-2025-Q3.json"],
  ])("[KPI-S4] reproduces the example with the budget start 2025-07 for --period %s", async (period, expectedFile) => {
    const [result, expectedText] = await Promise.all([
      runCli(exampleArgs(period, `${FIXTURES}/figures-2025.csv`, "agreement-2025-from-july.json")),
      readFile(join(ROOT, FIXTURES, expectedFile), "utf8"),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const actual = JSON.parse(result.stdout);
    expectMatches(actual, JSON.parse(expectedText), period);
    expect(actual.unreportedMonths).toEqual([]);
  });

  it("[KPI-S4] a period wholly before the budget start exits non-zero saying so", async () => {
    const result = await runCli(exampleArgs("2025-Q1", `${FIXTURES}/figures-2025.csv`, "agreement-2025-from-july.json"));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("period 2025-Q1 lies before the budget start 2025-07");
  });

  it.each([
    ["agreement-2025.json", "expected-reconcile-2025.json"],
    ["agreement-2025-from-july.json", "expected-from-july-reconcile-2025.json"],
  ])("[KPI-J1] reproduces the reconciliation of %s with exactly the keys of domain.md", async (agreement, expectedFile) => {
    const args = [...exampleArgs("", `${FIXTURES}/figures-2025.csv`, agreement).slice(0, -2), "--reconcile", "2025"];
    const [result, expectedText] = await Promise.all([runCli(args), readFile(join(ROOT, FIXTURES, expectedFile), "utf8")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const actual = JSON.parse(result.stdout);
    const expected = JSON.parse(expectedText);
    expectMatches(actual, expected, expectedFile);
    expect(keysByPath(actual)).toEqual(keysByPath(expected));
  });

  describe("with bad input", () => {
    let dir = "";
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "kpi-contract-"));
      const lines = (await readFile(join(ROOT, FIXTURES, "figures-2025.csv"), "utf8")).split("\n");
      // Line 14 (a data row of February) gets need group 7.
      lines[13] = lines[13]?.replace(/^(2025-02,[^,]+),\d,/, "$1,7,") ?? "";
      await writeFile(join(dir, "figures-2025.csv"), lines.join("\n"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("[KPI-R16] exits non-zero and names file, line and column", async () => {
      const result = await runCli(exampleArgs("2025-Q2", join(dir, "figures-2025.csv")));
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`${join(dir, "figures-2025.csv")}:14:needGroup: need group must be a whole number 1–5, got "7"`);
    });

    it("[KPI-R16] a missing flag is a usage error with exit code 2", async () => {
      const result = await runCli(["--figures", `${FIXTURES}/figures-2025.csv`, "--period", "2025"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("missing --agreement, --staff");
    });
  });
});

/** In-memory files for the command run in-process. */
function memoryIo(files: Record<string, string>): KpiCommandIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    readFile: async (path: string) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

describe("KPI command in-process", () => {
  let example: Record<string, string> = {};
  beforeAll(async () => {
    const read = (name: string) => readFile(join(ROOT, FIXTURES, name), "utf8");
    example = { "a.json": await read("agreement-2025.json"), "f.csv": await read("figures-2025.csv"), "s.csv": await read("staff-2025.csv") };
  });
  const args = (period = "2025-Q2") => ["--agreement", "a.json", "--figures", "f.csv", "--staff", "s.csv", "--period", period];

  it("[KPI-R16] prints one JSON object and returns 0; --flag=value works too", async () => {
    const io = memoryIo(example);
    expect(await runKpiCommand(["--agreement=a.json", "--figures=f.csv", "--staff=s.csv", "--period=2025-05"], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ period: "2025-05", casesAtEnd: 57 });
  });

  const reconcileArgs = (span: string) => [...args().slice(0, -2), "--reconcile", span];

  it("[KPI-R16] unknown flags, repeated flags and malformed periods are usage errors", async () => {
    for (const argv of [[...args(), "--verbose"], [...args(), "--staff", "s.csv"], args("2025-Q7"), ["a.json"]]) {
      const io = memoryIo(example);
      expect(await runKpiCommand(argv, io), argv.join(" ")).toBe(2);
      expect(io.out).toBe("");
      expect(io.err).toContain("usage:");
    }
  });

  it("[KPI-J1] a malformed span, --period with --reconcile, or neither are usage errors", async () => {
    for (const argv of [reconcileArgs("2025-26"), reconcileArgs("25"), [...reconcileArgs("2025"), "--period", "2025"], args().slice(0, -2)]) {
      const io = memoryIo(example);
      expect(await runKpiCommand(argv, io), argv.join(" ")).toBe(2);
      expect(io.out).toBe("");
      expect(io.err).toContain("usage:");
    }
  });

  it("[KPI-J1] a span too long, reversed or with a year without agreement is bad input", async () => {
    const cases: [string, string][] = [
      ["2021-2026", "covers 6 years; at most 5"],
      ["2025-2024", "runs backwards"],
      ["2024-2025", "no budget agreement for 2024"],
    ];
    for (const [span, message] of cases) {
      const io = memoryIo(example);
      expect(await runKpiCommand(reconcileArgs(span), io), span).toBe(1);
      expect(io.out).toBe("");
      expect(io.err).toContain(message);
    }
  });

  it("[KPI-J1] --reconcile=2025 prints the reconciliation and returns 0", async () => {
    const io = memoryIo(example);
    expect(await runKpiCommand([...args().slice(0, -2), "--reconcile=2025"], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ reconcile: "2025", settlement: { outcome: "within", provisional: false } });
  });

  it("[KPI-R16] reports the problems of all files in one run", async () => {
    const io = memoryIo({ ...example, "a.json": example["a.json"]?.replace('"places": 24', '"places": -24') ?? "", "s.csv": "month,staffFte\n2025-01,x\n" });
    expect(await runKpiCommand(args(), io)).toBe(1);
    expect(io.err.trim().split("\n")).toEqual([
      "a.json:12:offers[0].places: places must be a whole number ≥ 0, got -24",
      's.csv:2:staffFte: staffFte must be a decimal number from 0 to 10000 with "." as decimal point, got "x"',
    ]);
  });

  it("[KPI-R16] an unreadable file and invalid JSON are bad input", async () => {
    const missing = memoryIo({ "a.json": "{", "f.csv": example["f.csv"] ?? "" });
    expect(await runKpiCommand(args(), missing)).toBe(1);
    expect(missing.err).toContain("s.csv: cannot read file: no such file");
    const invalid = memoryIo({ ...example, "a.json": '{\n  "year": 2025,\n}' });
    expect(await runKpiCommand(args(), invalid)).toBe(1);
    expect(invalid.err).toContain("a.json:3:1: not valid JSON");
  });

  it("[KPI-R14] an unknown offer and a period without agreement are bad input with positions", async () => {
    const figures = `${example["f.csv"]?.trimEnd()}\n2025-12,Haus Z,1,local,0,,1,31\n`;
    const unknown = memoryIo({ ...example, "f.csv": figures });
    expect(await runKpiCommand(args(), unknown)).toBe(1);
    expect(unknown.err).toMatch(/^f\.csv:193:serviceOffer: service offer "Haus Z" is not in the 2025 agreement/);
    const twice = memoryIo({ ...example, "b.json": example["a.json"] ?? "" });
    expect(await runKpiCommand([...args(), "--agreement", "b.json"], twice)).toBe(1);
    expect(twice.err).toBe("b.json:3:year: a second agreement for 2025 (also a.json); one agreement per year\n");
    const noAgreement = memoryIo(example);
    expect(await runKpiCommand(args("2026-Q1"), noAgreement)).toBe(1);
    expect(noAgreement.err).toContain("no budget agreement for 2026");
  });

  it("[KPI-R15] a personal-data column refuses the figures file", async () => {
    const lines = (example["f.csv"] ?? "").split("\n");
    const withNames = [`${lines[0]},Nachname`, ...lines.slice(1).map((l) => (l ? `${l},Muster` : l))].join("\n");
    const io = memoryIo({ ...example, "f.csv": withNames });
    expect(await runKpiCommand(args(), io)).toBe(1);
    expect(io.err).toBe('f.csv:1:Nachname: column "Nachname" looks like personal data of the people served; figures must be aggregates, remove the column\n');
  });
});
