import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkDatabaseFile, removeDatabase, syncFile, type DatabaseCheck } from "./backup";

/** Why a restore was refused, or what it put in place. */
export type RestoreResult =
  | { ok: true; /** The restored database. */ target: string; /** The backup's check. */ check: DatabaseCheck }
  | { ok: false; /** What stopped the restore. */ problem: string; /** The backup's check, when it got that far. */ check?: DatabaseCheck };

/** Options of a restore. */
export interface RestoreOptions {
  /** Overwrite an existing target database. */
  force: boolean;
}

/**
 * Puts a backup in place of a database. The server must be stopped: a non-empty `-wal`
 * next to the target means a server is running on it (or stopped without closing it),
 * and the restore refuses. The backup is verified first (integrity check and hash
 * chains); a broken one is refused. The copy is written to a temporary file in the
 * target's folder, flushed to disk and renamed over the target, so the target is always
 * either the old database or the complete backup; stale `-wal`/`-shm` files go.
 * @param backupFile - the backup
 * @param target - the database file to replace or create
 * @param options - `force` to overwrite an existing database
 * @returns what was restored, or why not
 */
export async function restoreBackup(backupFile: string, target: string, options: RestoreOptions): Promise<RestoreResult> {
  const wal = `${target}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    return {
      ok: false,
      problem: `${wal} is not empty: a server is using ${target} or did not shut down cleanly. Stop the server first (a crashed one: start and stop it once).`,
    };
  }
  if (existsSync(target) && !options.force) return { ok: false, problem: `${target} exists; pass --force to replace it` };
  const check = await checkDatabaseFile(backupFile);
  if (!check.ok) return { ok: false, problem: `the backup does not verify: ${check.problem}`, check };

  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.restoring`);
  try {
    copyFileSync(backupFile, temp);
    syncFile(temp);
    // The old database's -wal/-shm must not be applied to the restored file.
    rmSync(wal, { force: true });
    rmSync(`${target}-shm`, { force: true });
    rmSync(`${target}-journal`, { force: true });
    renameSync(temp, target);
    syncFile(dirname(target));
  } catch (error) {
    removeDatabase(temp);
    return { ok: false, problem: `copy failed: ${(error as Error).message}`, check };
  }
  return { ok: true, target, check };
}
