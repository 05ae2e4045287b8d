/**
 * Restore: `npm run restore -- --from BACKUP [--db FILE] [--force]`.
 *
 * Stop the server first. Replaces the configured database (DATABASE_FILE, or
 * DATA_DIR/steuerrad.sqlite) or `--db` with a backup from `npm run backup`, after
 * verifying the backup (integrity check and every hash chain). Refuses when the target's
 * `-wal` file is not empty (a server is running on it), and refuses to replace an
 * existing database without `--force`.
 *
 * Exit codes: 0 restored, 1 refused (broken backup, server running, target exists
 * without --force) or failed, 2 bad usage.
 */
import { existsSync, statSync } from "node:fs";
import { loadConfig } from "../config";
import { restoreBackup } from "./restore";
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, isEntryPoint, parseFlags, processOutput, runAsMain, userPath, type CliOutput } from "./cli";

/** Usage text. */
export const RESTORE_USAGE = "usage: npm run restore -- --from BACKUP [--db FILE] [--force]   (stop the server first)";

/**
 * Runs the restore in-process.
 * @param argv - arguments after the script name
 * @param env - the environment (DATABASE_FILE, DATA_DIR)
 * @param out - standard output and error
 * @returns the exit code: 0 restored, 1 refused or failed, 2 bad usage
 */
export async function runRestore(argv: readonly string[], env: Record<string, string | undefined> = process.env, out: CliOutput = processOutput): Promise<number> {
  const usageError = (message: string) => {
    out.stderr(`restore: ${message}\n${RESTORE_USAGE}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseFlags(argv, ["from", "db"], ["force"]);
  if (parsed === "help") {
    out.stdout(`${RESTORE_USAGE}\n`);
    return EXIT_OK;
  }
  if ("error" in parsed) return usageError(parsed.error);
  const { flags } = parsed;
  if (typeof flags.from !== "string") return usageError("--from is required");
  const from = userPath(flags.from, env);
  let target: string;
  try {
    const config = loadConfig(env);
    if (config.databaseUrl && typeof flags.db !== "string")
      return usageError("DATABASE_URL is set: PostgreSQL is backed up and restored with its own tools (pg_dump, pg_restore); this command copies SQLite files");
    target = typeof flags.db === "string" ? userPath(flags.db, env) : config.databaseFile;
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (target === ":memory:") return usageError("cannot restore into an in-memory database");
  if (!existsSync(from) || !statSync(from).isFile()) return usageError(`no backup file at ${from}`);
  if (from === target) return usageError("--from and the target are the same file");

  const result = await restoreBackup(from, target, { force: flags.force === true });
  if (!result.ok) {
    out.stderr(`restore: refused: ${result.problem}\n`);
    return EXIT_PROBLEM;
  }
  out.stdout(
    [
      `restored:    ${result.target}`,
      `from:        ${from}`,
      `updates:     ${result.check.report?.checked.updates ?? "?"}`,
      `head:        ${result.check.report?.head ?? "(no updates)"}`,
      "result:      OK (backup verified before it was put in place); start the server now",
      "",
    ].join("\n"),
  );
  return EXIT_OK;
}

if (isEntryPoint(import.meta.url)) runAsMain("restore", () => runRestore(process.argv.slice(2)));
