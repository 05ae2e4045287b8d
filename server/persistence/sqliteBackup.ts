import Database from "better-sqlite3";

/**
 * What only better-sqlite3 can do on a SQLite file (the online backup API, the integrity
 * check, the journal mode of a copy), each on a handle of its own: the server's `Db` is
 * Kysely and offers none of it.
 */

/**
 * Copies a live database with SQLite's online backup API, all pages in one step, i.e.
 * inside one read transaction: in WAL mode the server's writes go on meanwhile, and the
 * copy is the database exactly as it was when the step began.
 * @param sourceFile - the live database (must exist)
 * @param copyFile - the file to write
 */
export async function backupSqliteFile(sourceFile: string, copyFile: string): Promise<void> {
  const source = new Database(sourceFile, { readonly: true, fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    // Returning the largest page count makes the next step copy everything at once; in
    // smaller steps SQLite would restart the copy whenever the server commits in between.
    await source.backup(copyFile, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
}

/** Switches a copy to a self-contained single file (no -wal): the form a backup is kept in. */
export function useRollbackJournal(file: string): void {
  const copy = new Database(file);
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
}

/**
 * Runs `PRAGMA integrity_check` on a file, read-only.
 * @returns SQLite's findings: exactly ["ok"] when the file is sound
 * @throws Error when the file cannot be opened as a SQLite database
 */
export function sqliteIntegrityCheck(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return (db.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check);
  } finally {
    db.close();
  }
}
