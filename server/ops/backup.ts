import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { verifyStore } from "../audit/verify";
import { closeDatabase, openDatabaseForReading, type Db } from "../persistence/db";
import { hasHashChains } from "../persistence/schemaVersion";
import { backupSqliteFile, sqliteIntegrityCheck, useRollbackJournal } from "../persistence/sqliteBackup";
import type { IntegrityReport } from "../../shared/domain/versions";

/** What checking a database file found. */
export interface DatabaseCheck {
  /** Whether SQLite's integrity check and every hash chain passed. */
  ok: boolean;
  /** The first problem, or null. */
  problem: string | null;
  /** The hash-chain report, when the file was a Steuerrad database. */
  report: IntegrityReport | null;
  /** File size in bytes. */
  bytes: number;
}

/** A finished, verified backup. */
export interface BackupResult extends DatabaseCheck {
  /** Where the backup was written. */
  file: string;
}

/**
 * Checks a database file without changing it: `PRAGMA integrity_check`, that it is a
 * Steuerrad database with hash chains (migration 3), and `verifyStore` over every chain.
 * @param file - the database file
 * @returns the findings; `problem` names the first thing wrong
 */
export async function checkDatabaseFile(file: string): Promise<DatabaseCheck> {
  const bytes = statSync(file).size;
  let integrity: string[];
  try {
    integrity = sqliteIntegrityCheck(file);
  } catch (error) {
    return { ok: false, problem: `cannot open: ${(error as Error).message}`, report: null, bytes };
  }
  if (integrity.length !== 1 || integrity[0] !== "ok") {
    return { ok: false, problem: `SQLite integrity check failed: ${integrity.slice(0, 5).join("; ")}`, report: null, bytes };
  }
  let db: Db;
  try {
    db = await openDatabaseForReading(file);
  } catch (error) {
    return { ok: false, problem: `cannot open: ${(error as Error).message}`, report: null, bytes };
  }
  try {
    try {
      if (!(await hasHashChains(db))) {
        return { ok: false, problem: "no hash chains yet (migration 3 not applied)", report: null, bytes };
      }
    } catch (error) {
      return { ok: false, problem: `not a Steuerrad database (${(error as Error).message})`, report: null, bytes };
    }
    const report = await verifyStore(db);
    return { ok: report.ok, problem: report.problem, report, bytes };
  } catch (error) {
    return { ok: false, problem: `check failed: ${(error as Error).message}`, report: null, bytes };
  } finally {
    await closeDatabase(db);
  }
}

/**
 * Takes a consistent online backup of a database that a running server may be writing
 * to, with SQLite's backup API. All pages are copied in one step, i.e. inside one read
 * transaction: in WAL mode the server's writes go on meanwhile, and the copy is the
 * database exactly as it was when the step began. The copy is switched to a
 * self-contained single file (no -wal), verified, and only then renamed to `outFile`, so
 * a half-written or broken backup never carries the final name.
 * @param sourceFile - the live database
 * @param outFile - where the backup goes (its folder is created)
 * @returns the verified backup; `ok` false names the problem (the file is then kept as `outFile` + ".broken")
 * @throws Error when the copy itself fails (missing source, disk full)
 */
export async function createBackup(sourceFile: string, outFile: string): Promise<BackupResult> {
  mkdirSync(dirname(outFile), { recursive: true });
  const partial = join(dirname(outFile), `.${Date.now()}-${process.pid}.partial.sqlite`);
  try {
    await backupSqliteFile(sourceFile, partial);
  } catch (error) {
    removeDatabase(partial);
    throw error;
  }
  try {
    useRollbackJournal(partial);
    syncFile(partial);
    const check = await checkDatabaseFile(partial);
    const target = check.ok ? outFile : `${outFile}.broken`;
    renameSync(partial, target);
    syncFile(dirname(target));
    return { ...check, file: target };
  } catch (error) {
    removeDatabase(partial);
    throw error;
  }
}

/**
 * The default backup file: `$DATA_DIR/backups/steuerrad-<UTC timestamp>.sqlite`.
 * @param dataDir - the data folder
 * @param now - the time of the backup
 */
export function defaultBackupFile(dataDir: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return join(dataDir, "backups", `steuerrad-${stamp}.sqlite`);
}

/** Flushes a file or folder to disk. */
export function syncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes a database file with its -wal and -shm companions, if present. */
export function removeDatabase(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}
