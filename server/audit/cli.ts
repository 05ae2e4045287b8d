/**
 * The audit check: verifies every hash chain of a database and prints a short report.
 *
 * `npm run audit:verify [-- --db FILE] [--scorecard ID]`
 *
 * Without `--db` it checks the server's database (DATABASE_FILE, or DATA_DIR/steuerrad.sqlite).
 * The database is opened read-only: no migration, no demo seeding, no new file, so the
 * check never changes the evidence it looks at.
 *
 * Exit codes: 0 every record verified, 1 a problem was found (the report names the
 * record), 2 bad usage (unknown flag, missing file, not a Steuerrad database).
 */
import { closeDatabase, describeLocation, isPostgresUrl, openDatabaseForReading, type Db } from "../persistence/db";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../config";
import { verifyStore } from "./verify";
import { scorecardHasRecords } from "../persistence/auditChains";
import { hasHashChains } from "../persistence/schemaVersion";
import { isEntryPoint, runAsMain } from "../ops/cli";
import type { IntegrityReport } from "../../shared/domain/versions";

/** Parsed command-line arguments. */
export interface AuditVerifyArgs {
  /** Database file; undefined means the configured one. */
  db: string | undefined;
  /** Check only this scorecard. */
  scorecard: string | undefined;
}

/** Usage text. */
export const AUDIT_VERIFY_USAGE = "usage: npm run audit:verify [-- --db FILE] [--scorecard ID]";

const EXIT_OK = 0;
const EXIT_PROBLEM = 1;
const EXIT_USAGE = 2;

/**
 * Parses the arguments; `--flag value` and `--flag=value` both work.
 * @param argv - arguments after the script name
 * @returns the arguments, `"help"`, or a message saying what is wrong
 */
export function parseAuditVerifyArgs(argv: readonly string[]): AuditVerifyArgs | "help" | { error: string } {
  const result: AuditVerifyArgs = { db: undefined, scorecard: undefined };
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--help" || arg === "-h") return "help";
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!match) return { error: `unexpected argument "${arg}"` };
    const flag = match[1] ?? "";
    if (flag !== "db" && flag !== "scorecard") return { error: `unknown flag --${flag}` };
    let value = match[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) return { error: `--${flag} needs a value` };
      i++;
    }
    if (value === "") return { error: `--${flag} needs a value` };
    if (result[flag] !== undefined) return { error: `--${flag} given twice` };
    result[flag] = value;
  }
  return result;
}

/**
 * Runs the check in-process.
 * @param argv - arguments after the script name
 * @param env - the environment (DATABASE_FILE, DATA_DIR)
 * @param out - standard output and error
 * @returns the exit code: 0 ok, 1 problem found, 2 bad usage
 */
export async function runAuditVerify(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
  out: { stdout(text: string): void; stderr(text: string): void } = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
): Promise<number> {
  const usageError = (message: string) => {
    out.stderr(`audit:verify: ${message}\n${AUDIT_VERIFY_USAGE}\n`);
    return EXIT_USAGE;
  };
  const args = parseAuditVerifyArgs(argv);
  if (args === "help") {
    out.stdout(`${AUDIT_VERIFY_USAGE}\n`);
    return EXIT_OK;
  }
  if ("error" in args) return usageError(args.error);
  let file: string;
  try {
    // npm runs scripts in the package root; a relative --db means the caller's directory.
    if (args.db !== undefined) {
      file = isPostgresUrl(args.db) ? args.db : resolve(env.npm_lifecycle_event === "audit:verify" && env.INIT_CWD ? env.INIT_CWD : process.cwd(), args.db);
    } else {
      const config = loadConfig(env);
      file = config.databaseUrl ?? config.databaseFile;
    }
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (file === ":memory:") return usageError("an in-memory database has nothing to verify");
  // Opening a missing file would create an empty database that verifies as "OK".
  if (!isPostgresUrl(file) && (!existsSync(file) || !statSync(file).isFile())) return usageError(`no database file at ${file}`);

  let db: Db;
  try {
    db = await openDatabaseForReading(file);
  } catch (error) {
    return usageError(`cannot open ${describeLocation(file)}: ${(error as Error).message}`);
  }
  try {
    const schema = await checkSchema(db, args.scorecard);
    if (schema) return usageError(`${describeLocation(file)}: ${schema}`);
    const report = await verifyStore(db, { scorecardId: args.scorecard });
    out.stdout(formatReport(describeLocation(file), args.scorecard, report));
    return report.ok ? EXIT_OK : EXIT_PROBLEM;
  } finally {
    await closeDatabase(db);
  }
}

/** Says why the database cannot be checked (too old, not Steuerrad's, unknown scorecard), or null. */
async function checkSchema(db: Db, scorecardId: string | undefined): Promise<string | null> {
  try {
    if (!(await hasHashChains(db))) return "the database has no hash chains yet (migration 3 not applied; start the server once)";
  } catch (error) {
    return `not a Steuerrad database (${(error as Error).message})`;
  }
  if (scorecardId === undefined) return null;
  return (await scorecardHasRecords(db, scorecardId)) ? null : `no records of scorecard ${scorecardId} (unknown id, or purged)`;
}

/**
 * The report as a few lines of text.
 * @param file - the database file
 * @param scorecardId - the scorecard checked, if only one
 * @param report - the result of `verifyStore`
 * @returns the text, ending in a newline
 */
export function formatReport(file: string, scorecardId: string | undefined, report: IntegrityReport): string {
  const { updates, versions, events, checkpoints } = report.checked;
  return [
    `database:    ${file}${scorecardId !== undefined ? ` (scorecard ${scorecardId})` : ""}`,
    `checked:     ${updates} updates, ${versions} versions, ${events} audit events, ${checkpoints} checkpoints`,
    `head:        ${report.head ?? "(no updates)"}`,
    `checked at:  ${report.checkedAt}`,
    report.ok ? "result:      OK" : `result:      PROBLEM: ${report.problem}`,
    "",
  ].join("\n");
}

if (isEntryPoint(import.meta.url)) runAsMain("audit:verify", () => runAuditVerify(process.argv.slice(2)));
