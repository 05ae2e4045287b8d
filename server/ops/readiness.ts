import type { Db } from "../persistence/db";
import { readSchemaVersion } from "../persistence/schemaVersion";

// Keyed by database, so several servers in one process (tests) do not share the flag.
const shuttingDown = new WeakSet<Db>();

/**
 * Marks the server on this database as shutting down: readiness answers 503 from now on.
 * `server/index.ts` calls it as soon as SIGTERM arrives, before the drain time
 * (SHUTDOWN_DRAIN_MS) in which the server still serves; `close()` calls it too.
 * @param db - the server's database
 */
export function markShuttingDown(db: Db): void {
  shuttingDown.add(db);
}

/** Whether a server may take traffic, and if not, why. */
export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Whether the server on this database is ready: not shutting down, the database answers,
 * and every migration of this build is applied.
 * @param db - the server's database
 */
export async function checkReadiness(db: Db): Promise<Readiness> {
  if (shuttingDown.has(db)) return { ready: false, reason: "shutting down" };
  try {
    const { missing } = await readSchemaVersion(db);
    if (missing.length > 0) return { ready: false, reason: `migrations not applied: ${missing.join(", ")}` };
  } catch (error) {
    return { ready: false, reason: `database unavailable: ${(error as Error).message}` };
  }
  return { ready: true };
}
