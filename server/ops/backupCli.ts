/**
 * Online backup: `npm run backup [-- --db FILE] [--out FILE]`.
 *
 * Copies the database while the server keeps running and clients keep editing (SQLite's
 * backup API, one consistent snapshot), then checks the copy: `PRAGMA integrity_check`
 * and every hash chain (`verifyStore`). Without `--db` it backs up the configured
 * database (DATABASE_FILE, or DATA_DIR/steuerrad.sqlite); without `--out` it writes
 * `$DATA_DIR/backups/steuerrad-<timestamp>.sqlite`. The backup is the database only:
 * the mail outbox folder (OUTBOX_DIR) is not part of it.
 *
 * Exit codes: 0 backup written and verified, 1 the backup failed or did not verify
 * (kept as `<out>.broken`), 2 bad usage.
 */
import { existsSync } from "node:fs";
import { loadConfig } from "../config";
import { createBackup, defaultBackupFile } from "./backup";
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, isEntryPoint, parseFlags, processOutput, runAsMain, userPath, type CliOutput } from "./cli";

/** Usage text. */
export const BACKUP_USAGE = "usage: npm run backup [-- --db FILE] [--out FILE]";

/**
 * Runs the backup in-process.
 * @param argv - arguments after the script name
 * @param env - the environment (DATABASE_FILE, DATA_DIR)
 * @param out - standard output and error
 * @returns the exit code: 0 ok, 1 failed or not verified, 2 bad usage
 */
export async function runBackup(argv: readonly string[], env: Record<string, string | undefined> = process.env, out: CliOutput = processOutput): Promise<number> {
  const usageError = (message: string) => {
    out.stderr(`backup: ${message}\n${BACKUP_USAGE}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseFlags(argv, ["db", "out"]);
  if (parsed === "help") {
    out.stdout(`${BACKUP_USAGE}\n`);
    return EXIT_OK;
  }
  if ("error" in parsed) return usageError(parsed.error);
  const { flags } = parsed;
  let source: string;
  let target: string;
  try {
    const config = loadConfig(env);
    if (config.databaseUrl && typeof flags.db !== "string")
      return usageError("DATABASE_URL is set: PostgreSQL is backed up and restored with its own tools (pg_dump, pg_restore); this command copies SQLite files");
    source = typeof flags.db === "string" ? userPath(flags.db, env) : config.databaseFile;
    target = typeof flags.out === "string" ? userPath(flags.out, env) : defaultBackupFile(config.dataDir);
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (source === ":memory:") return usageError("an in-memory database cannot be backed up");
  if (!existsSync(source)) return usageError(`no database file at ${source}`);
  if (existsSync(target)) return usageError(`${target} exists already; choose another --out`);

  const started = Date.now();
  let result;
  try {
    result = await createBackup(source, target);
  } catch (error) {
    out.stderr(`backup: failed: ${(error as Error).message}\n`);
    return EXIT_PROBLEM;
  }
  const lines = [
    `backup:      ${result.file}`,
    `from:        ${source}`,
    `size:        ${result.bytes} bytes`,
    `updates:     ${result.report?.checked.updates ?? "?"}`,
    `head:        ${result.report?.head ?? "(no updates)"}`,
    `took:        ${Date.now() - started} ms`,
    result.ok ? "result:      OK (integrity check and hash chains verified)" : `result:      PROBLEM: ${result.problem}`,
    "",
  ];
  (result.ok ? out.stdout : out.stderr)(lines.join("\n"));
  return result.ok ? EXIT_OK : EXIT_PROBLEM;
}

if (isEntryPoint(import.meta.url)) runAsMain("backup", () => runBackup(process.argv.slice(2)));
