/**
 * The KPI command: reads an agreement (or several), the figures and the staff file,
 * evaluates one period (or reconciles one to five budget years) with the shared engine and
 * prints one JSON object.
 *
 * `npm run kpi -- --agreement A.json [--agreement B.json …] --figures F.csv --staff S.csv --period P`
 * `npm run kpi -- … --reconcile 2025` or `--reconcile 2023-2025` instead of `--period`
 *
 * Exit codes: 0 success, 1 bad input (unreadable file, invalid JSON or CSV, inconsistent
 * inputs, a period before the budget start, a reconciliation span too long, reversed or
 * without agreement), 2 bad usage (missing or unknown flag, malformed period or span,
 * both or neither of --period and --reconcile). All I/O stays here;
 * the logic is in `shared/kpi` so the server computes the very same numbers.
 * The command speaks English: the German reasons the engine gives beside the English ones
 * (`reasonsDe`, `trendReasonDe`) are for the UI and left out of its output.
 */
import { readFile, realpath } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  evaluateKpis,
  evaluateReconciliation,
  formatKpiIssue,
  KpiInputError,
  locateJsonPath,
  parseBudgetAgreementText,
  parseFiguresCsv,
  parseJsonPath,
  parsePeriod,
  parseReconcileSpan,
  parseStaffCsv,
  type BudgetAgreement,
  type FigureRow,
  type KpiIssue,
  type KpiResult,
  type ReconcileResult,
  type StaffRow,
} from "../../shared/kpi";

/** The side effects of the command, replaceable in tests. */
export interface KpiCommandIo {
  /** Reads a file as UTF-8; the path is as the user wrote it. */
  readFile(path: string): Promise<string>;
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
}

/** Parsed command-line arguments. */
export interface KpiCommandArgs {
  /** Agreement files, one per budget year. */
  agreements: string[];
  /** The figures CSV. */
  figures: string;
  /** The staff CSV. */
  staff: string;
  /** What to compute: one period, or the reconciliation of a span of budget years. */
  target: { period: string } | { reconcile: string };
}

/** One-line usage text. */
export const KPI_USAGE =
  "usage: npm run kpi -- --agreement A.json [--agreement B.json …] --figures F.csv --staff S.csv (--period P | --reconcile Y)\n" +
  "       P is YYYY, YYYY-MM, YYYY-Qn or YYYY-YTD-MM; Y is YYYY or YYYY-YYYY (at most five budget years)";

const EXIT_OK = 0;
const EXIT_BAD_INPUT = 1;
const EXIT_USAGE = 2;

/**
 * Parses the arguments; `--flag value` and `--flag=value` both work.
 *
 * @param argv - arguments after the script name
 * @returns the arguments, `"help"`, or a message saying what is wrong
 */
export function parseKpiArgs(argv: readonly string[]): KpiCommandArgs | "help" | { error: string } {
  const agreements: string[] = [];
  const single: Record<"figures" | "staff" | "period" | "reconcile", string | undefined> = { figures: undefined, staff: undefined, period: undefined, reconcile: undefined };
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--help" || arg === "-h") return "help";
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!match) return { error: `unexpected argument "${arg}"` };
    const flag = match[1] ?? "";
    if (flag !== "agreement" && flag !== "figures" && flag !== "staff" && flag !== "period" && flag !== "reconcile") return { error: `unknown flag --${flag}` };
    let value = match[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) return { error: `--${flag} needs a value` };
      i++;
    }
    if (flag === "agreement") agreements.push(value);
    else if (single[flag] !== undefined) return { error: `--${flag} given twice` };
    else single[flag] = value;
  }
  const { period, reconcile } = single;
  if (period !== undefined && reconcile !== undefined) return { error: "give either --period or --reconcile, not both" };
  const missing = [
    agreements.length === 0 ? "--agreement" : "",
    single.figures === undefined ? "--figures" : "",
    single.staff === undefined ? "--staff" : "",
    period === undefined && reconcile === undefined ? "--period (or --reconcile)" : "",
  ];
  const absent = missing.filter(Boolean);
  if (absent.length > 0) return { error: `missing ${absent.join(", ")}` };
  const target = reconcile !== undefined ? { reconcile } : { period: period ?? "" };
  return { agreements, figures: single.figures ?? "", staff: single.staff ?? "", target };
}

/** The KPI result as the command prints it: without the German reasons, which are for the UI. */
function englishKpis(result: KpiResult): Omit<KpiResult, "reasonsDe" | "trendReasonDe"> {
  const { reasonsDe: _reasonsDe, trendReasonDe: _trendReasonDe, ...english } = result;
  return english;
}

/** The reconciliation as the command prints it: exactly the keys of domain.md, so without `reasonsDe`. */
function englishReconciliation(result: ReconcileResult): Omit<ReconcileResult, "reasonsDe"> {
  const { reasonsDe: _reasonsDe, ...english } = result;
  return english;
}

/** Reads every file, reporting each unreadable one instead of stopping at the first. */
async function readAll(paths: string[], io: KpiCommandIo): Promise<{ texts: Map<string, string>; issues: KpiIssue[] }> {
  const texts = new Map<string, string>();
  const issues: KpiIssue[] = [];
  await Promise.all(
    [...new Set(paths)].map(async (path) => {
      try {
        texts.set(path, await io.readFile(path));
      } catch (error) {
        const code = (error as { code?: string }).code;
        const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : error instanceof Error ? error.message : String(error);
        // The command speaks English; the German is there because every issue carries both.
        issues.push({ file: path, message: `cannot read file: ${why}`, messageDe: `Datei nicht lesbar: ${why}` });
      }
    }),
  );
  return { texts, issues };
}

/** Adds the line to agreement issues that name only a JSON path (cross-file checks). */
function locateAgreementIssues(issues: KpiIssue[], texts: Map<string, string>, agreementFiles: string[]): KpiIssue[] {
  return issues.map((issue) => {
    if (issue.line !== undefined || issue.file === undefined || !agreementFiles.includes(issue.file)) return issue;
    const text = texts.get(issue.file)?.replace(/^\uFEFF/, "");
    if (text === undefined || issue.column === undefined) return issue;
    return { ...issue, line: locateJsonPath(text, parseJsonPath(issue.column)).line };
  });
}

/**
 * Runs the KPI command in-process.
 *
 * @param argv - arguments after the script name
 * @param io - file and console access; defaults to the real ones
 * @returns the exit code: 0 success, 1 bad input, 2 bad usage
 * @example
 * const code = await runKpiCommand(["--agreement", "a.json", "--figures", "f.csv", "--staff", "s.csv", "--period", "2025-Q2"]);
 */
export async function runKpiCommand(argv: readonly string[], io: KpiCommandIo = nodeIo()): Promise<number> {
  const args = parseKpiArgs(argv);
  if (args === "help") {
    io.stdout(`${KPI_USAGE}\n`);
    return EXIT_OK;
  }
  if ("error" in args) {
    io.stderr(`kpi: ${args.error}\n${KPI_USAGE}\n`);
    return EXIT_USAGE;
  }
  const form = "period" in args.target ? parsePeriod(args.target.period) : parseReconcileSpan(args.target.reconcile);
  if (!form.ok) {
    io.stderr(`kpi: --${"period" in args.target ? "period" : "reconcile"}: ${form.message}\n${KPI_USAGE}\n`);
    return EXIT_USAGE;
  }
  const fail = (issues: KpiIssue[]) => {
    io.stderr(issues.map((issue) => `${formatKpiIssue(issue)}\n`).join(""));
    return EXIT_BAD_INPUT;
  };
  const { texts, issues: readIssues } = await readAll([...args.agreements, args.figures, args.staff], io);
  if (readIssues.length > 0) return fail(readIssues);

  // Parse every file before reporting, so one run shows all problems of all files.
  const issues: KpiIssue[] = [];
  const warnings: KpiIssue[] = [];
  const agreements: BudgetAgreement[] = [];
  for (const file of args.agreements) {
    const parsed = parseBudgetAgreementText(texts.get(file) ?? "", file);
    if (parsed.ok) {
      agreements.push(parsed.value);
      warnings.push(...parsed.warnings);
    } else issues.push(...parsed.errors);
  }
  const figures = parseFiguresCsv(texts.get(args.figures) ?? "", args.figures);
  const staff = parseStaffCsv(texts.get(args.staff) ?? "", args.staff);
  let figureRows: FigureRow[] = [];
  let staffRows: StaffRow[] = [];
  if (figures.ok) {
    figureRows = figures.value;
    warnings.push(...figures.warnings);
  } else issues.push(...figures.errors);
  if (staff.ok) staffRows = staff.value;
  else issues.push(...staff.errors);
  if (issues.length > 0) return fail(issues);

  try {
    const files = { agreements: args.agreements, figures: args.figures, staff: args.staff };
    const data = { agreements, figures: figureRows, staff: staffRows, files };
    const { target } = args;
    const result = "period" in target ? englishKpis(evaluateKpis({ ...data, period: target.period })) : englishReconciliation(evaluateReconciliation({ ...data, span: target.reconcile }));
    if (warnings.length > 0) io.stderr(warnings.map((w) => `warning: ${formatKpiIssue(w)}\n`).join(""));
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof KpiInputError) return fail(locateAgreementIssues(error.issues, texts, args.agreements));
    throw error;
  }
}

/**
 * The real file system and console. Relative paths are resolved against the directory
 * `npm run kpi` was started in (npm itself runs scripts in the package root).
 *
 * @returns the I/O of this process
 */
export function nodeIo(): KpiCommandIo {
  const base = process.env.npm_lifecycle_event === "kpi" && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return {
    readFile: (path) => readFile(resolve(base, path), "utf8"),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

async function isEntryPoint(): Promise<boolean> {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return (await realpath(script)) === (await realpath(fileURLToPath(import.meta.url)));
  } catch {
    return false;
  }
}

if (await isEntryPoint()) {
  process.exitCode = await runKpiCommand(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`kpi: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  });
}
