/**
 * Applies the database migrations and exits: `npm run migrate [-- --db LOCATION]`.
 *
 * The server migrates on start as well; this command lets a deployment do it once, before
 * any server process starts (`deploy/systemd/steuerrad-migrate.service`), so several
 * processes never start against a half-migrated database and a failed migration stops
 * the rollout instead of a process. Without `--db` it migrates the configured database:
 * DATABASE_URL, else DATABASE_FILE (or DATA_DIR/steuerrad.sqlite). It seeds nothing.
 * Output is German and English, one line each, as operators of both kinds read it.
 *
 * Exit codes: 0 the schema is current, 1 a migration failed or the database is newer than
 * this build, 2 bad usage.
 */
import { loadConfig } from "../config";
import { closeDatabase, describeLocation, isPostgresUrl, openDatabase, type Db } from "../persistence/db";
import { readSchemaVersion } from "../persistence/schemaVersion";
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, isEntryPoint, parseFlags, processOutput, runAsMain, userPath, type CliOutput } from "./cli";

/** Usage text. */
export const MIGRATE_USAGE = "usage: npm run migrate [-- --db SQLITE_FILE|postgres://USER@HOST:PORT/DATABASE[?schema=NAME]]";

/**
 * Runs the migrations in-process.
 * @param argv - arguments after the script name
 * @param env - the environment (DATABASE_URL, DATABASE_FILE, DATA_DIR)
 * @param out - standard output and error
 * @returns the exit code: 0 current, 1 failed or database newer than this build, 2 bad usage
 */
export async function runMigrate(argv: readonly string[], env: Record<string, string | undefined> = process.env, out: CliOutput = processOutput): Promise<number> {
  const usageError = (message: string) => {
    out.stderr(`migrate: ${message}\n${MIGRATE_USAGE}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseFlags(argv, ["db"]);
  if (parsed === "help") {
    out.stdout(`${MIGRATE_USAGE}\n`);
    return EXIT_OK;
  }
  if ("error" in parsed) return usageError(parsed.error);
  let location: string;
  try {
    const config = loadConfig(env);
    const given = parsed.flags.db;
    location = typeof given === "string" ? (isPostgresUrl(given) ? given : userPath(given, env)) : (config.databaseUrl ?? config.databaseFile);
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (location === ":memory:") return usageError("an in-memory database has nothing to migrate");

  const started = Date.now();
  let db: Db | undefined;
  try {
    db = await openDatabase(location);
    const schema = await readSchemaVersion(db);
    // Rows written by this run; another process migrating at the same moment would count too, which is harmless.
    const appliedNow = schema.applied.filter((row) => row.appliedAt >= started);
    const lines = [
      `Datenbank / database:           ${describeLocation(location)}`,
      appliedNow.length === 0
        ? "Angewendet / applied:           keine, Schema war aktuell / none, schema was up to date"
        : `Angewendet / applied:           ${appliedNow.length} Migration(en) / migration(s): ${appliedNow.map((row) => row.id).join(", ")}`,
      ...appliedNow.map((row) => `  ${String(row.id).padStart(3)} ${row.name}`),
      `Schemaversion / schema version: ${schema.version} (dieser Stand / this build: ${schema.latest})`,
      `Dauer / took:                   ${Date.now() - started} ms`,
    ];
    if (schema.unknown.length > 0 || schema.missing.length > 0) {
      const problem =
        schema.unknown.length > 0
          ? `Die Datenbank hat Migrationen, die dieser Stand nicht kennt (${schema.unknown.join(", ")}): sie wurde von einer neueren Version migriert. / ` +
            `The database has migrations this build does not know (${schema.unknown.join(", ")}): a newer version migrated it.`
          : `Migrationen fehlen weiterhin / migrations still missing: ${schema.missing.join(", ")}`;
      out.stderr(`${[...lines, `Ergebnis / result:              PROBLEM: ${problem}`].join("\n")}\n`);
      return EXIT_PROBLEM;
    }
    out.stdout(`${[...lines, "Ergebnis / result:              OK"].join("\n")}\n`);
    return EXIT_OK;
  } catch (error) {
    // The pending migrations run in one transaction, so a failed one left nothing half done:
    // the database stays at the last migration a previous run committed.
    out.stderr(
      `migrate: Migration fehlgeschlagen, die Datenbank steht auf der letzten erfolgreichen Migration / ` +
        `migration failed, the database stays at the last successful migration: ${(error as Error).message}\n`,
    );
    return EXIT_PROBLEM;
  } finally {
    if (db) await closeDatabase(db);
  }
}

if (isEntryPoint(import.meta.url)) runAsMain("migrate", () => runMigrate(process.argv.slice(2)));
