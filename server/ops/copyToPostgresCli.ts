/**
 * Moves an installation from SQLite to PostgreSQL:
 *
 * ```
 * npm run copy-to-postgres -- [--from FILE] [--to postgres://…]
 * ```
 *
 * `--from` defaults to the configured SQLite file (DATABASE_FILE, or DATA_DIR/steuerrad.sqlite),
 * `--to` to DATABASE_URL. The target must be empty; its tables are created by the same
 * migrations as the server's. Everything is copied in one transaction and the audit chains
 * are verified in the target before it commits, so a failed copy leaves the target empty.
 * The source is only read; a server may keep running on it, but changes made after the
 * copy started are not in the target: stop the server for the move.
 *
 * Exit codes: 0 copied and verified, 1 refused (target not empty, check failed), 2 bad usage.
 */
import { existsSync, statSync } from "node:fs";
import { loadConfig } from "../config";
import { closeDatabase, describeLocation, isPostgresUrl, openDatabase, type Db } from "../persistence/db";
import { copyToPostgres } from "./copyToPostgres";
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, isEntryPoint, parseFlags, processOutput, runAsMain, userPath, type CliOutput } from "./cli";

/** Usage text. */
export const COPY_TO_POSTGRES_USAGE = "usage: npm run copy-to-postgres -- [--from SQLITE_FILE] [--to postgres://USER@HOST:PORT/DATABASE[?schema=NAME]]";

/**
 * Runs the copy in-process.
 * @param argv - arguments after the script name
 * @param env - the environment (DATABASE_URL, DATABASE_FILE, DATA_DIR)
 * @param out - standard output and error
 * @returns the exit code
 */
export async function runCopyToPostgres(argv: readonly string[], env: Record<string, string | undefined> = process.env, out: CliOutput = processOutput): Promise<number> {
  const usageError = (message: string) => {
    out.stderr(`copy-to-postgres: ${message}\n${COPY_TO_POSTGRES_USAGE}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseFlags(argv, ["from", "to"]);
  if (parsed === "help") {
    out.stdout(`${COPY_TO_POSTGRES_USAGE}\n`);
    return EXIT_OK;
  }
  if ("error" in parsed) return usageError(parsed.error);
  let from: string;
  let to: string | undefined;
  try {
    const config = loadConfig({ ...env, DATABASE_URL: undefined });
    from = typeof parsed.flags.from === "string" ? userPath(parsed.flags.from, env) : config.databaseFile;
    to = typeof parsed.flags.to === "string" ? parsed.flags.to : loadConfig(env).databaseUrl;
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (!to) return usageError("no target: give --to postgres://… or set DATABASE_URL");
  if (!isPostgresUrl(to)) return usageError(`the target must be a postgres:// URL, got "${to}"`);
  if (isPostgresUrl(from) || from === ":memory:" || !existsSync(from) || !statSync(from).isFile()) return usageError(`no SQLite database file at ${from}`);

  let source: Db | undefined;
  let target: Db | undefined;
  try {
    // Opening migrates either to the current schema, as the server would on start.
    source = await openDatabase(from);
    target = await openDatabase(to);
    const report = await copyToPostgres(source, target);
    const { updates, versions, events, checkpoints } = report.integrity.checked;
    out.stdout(
      [
        `from:      ${from}`,
        `to:        ${describeLocation(to)}`,
        ...report.rows.filter((row) => row.count > 0).map((row) => `copied:    ${String(row.count).padStart(8)} ${row.table}`),
        `verified:  ${updates} updates, ${versions} versions, ${events} audit events, ${checkpoints} checkpoints`,
        "result:    OK",
        "",
      ].join("\n"),
    );
    return EXIT_OK;
  } catch (error) {
    // A refusal (CopyRefusedError) or a database error: either way the target is unchanged.
    out.stderr(`copy-to-postgres: ${(error as Error).message}\n`);
    return EXIT_PROBLEM;
  } finally {
    if (source) await closeDatabase(source);
    if (target) await closeDatabase(target);
  }
}

if (isEntryPoint(import.meta.url)) runAsMain("copy-to-postgres", () => runCopyToPostgres(process.argv.slice(2)));
