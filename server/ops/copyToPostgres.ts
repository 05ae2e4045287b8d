import type { IntegrityReport } from "../../shared/domain/versions";
import { verifyStore } from "../audit/verify";
import { inReadSnapshot } from "../persistence/auditChains";
import { isPostgres, transaction, type Db } from "../persistence/db";
import { countRows, hasRows, insertRows, readRows, restartKeysAfterCopy } from "../persistence/tableCopy";
import { readSchemaVersion } from "../persistence/schemaVersion";
import { TABLES } from "../persistence/tables";

/** Rows per INSERT: fewer round trips, and well below PostgreSQL's 65,535 parameters. */
const MAX_ROWS_PER_INSERT = 500;

/** What a copy did. */
export interface CopyReport {
  /** Rows copied per table, in copy order. */
  rows: { table: string; count: number }[];
  /** The audit check of the target, run before the copy was committed. */
  integrity: IntegrityReport;
}

/** The copy was refused or its check failed; nothing was written to the target. */
export class CopyRefusedError extends Error {}

/**
 * Copies every table of a SQLite installation into an empty PostgreSQL database with the
 * same migrations, in one transaction: the source is read from one snapshot (a server may
 * keep running on it), and the target's audit chains (updates, versions, events,
 * checkpoints) are verified before the commit. A target that would fail the check, or
 * that already holds data, is left as it was.
 * @param source - the SQLite database, migrated to the current schema
 * @param target - the PostgreSQL database, migrated to the current schema
 * @throws CopyRefusedError naming the problem
 */
export async function copyToPostgres(source: Db, target: Db): Promise<CopyReport> {
  if (isPostgres(source)) throw new CopyRefusedError("the source must be a SQLite database");
  if (!isPostgres(target)) throw new CopyRefusedError("the target must be a PostgreSQL database (postgres://…)");
  const sourceSchema = (await readSchemaVersion(source)).version;
  const targetSchema = (await readSchemaVersion(target)).version;
  if (sourceSchema !== targetSchema) {
    throw new CopyRefusedError(`the source is at schema migration ${sourceSchema}, the target at ${targetSchema}; open both with this version first`);
  }
  for (const table of TABLES) {
    if (await hasRows(target, table)) throw new CopyRefusedError(`the target is not empty: table ${table} has rows`);
  }
  // One read transaction: in WAL mode every read below sees the same moment.
  return inReadSnapshot(source, (snapshot) =>
    transaction(target, async (trx) => {
      const rows: { table: (typeof TABLES)[number]; count: number }[] = [];
      for (const table of TABLES) {
        let count = 0;
        for await (const batch of readRows(snapshot, table, MAX_ROWS_PER_INSERT)) {
          await insertRows(trx, table, batch);
          count += batch.length;
        }
        rows.push({ table, count });
      }
      // New rows continue after the copied keys.
      await restartKeysAfterCopy(trx);
      const integrity = await verifyStore(trx);
      if (!integrity.ok) throw new CopyRefusedError(`the copy fails the audit check, nothing was written: ${integrity.problem}`);
      for (const { table, count } of rows) {
        const copied = await countRows(trx, table);
        if (copied !== count) throw new CopyRefusedError(`table ${table}: ${count} rows read but ${copied} in the target`);
      }
      return { rows, integrity };
    }),
  );
}
