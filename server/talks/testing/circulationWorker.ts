/**
 * A second "server" for the race tests, run as a child process
 * (`node --import tsx server/talks/testing/circulationWorker.ts`): opens the shared
 * database file with its own connection, says "ready", waits for "go" on stdin so that
 * several workers start claiming at the same moment, runs every due job once at the
 * clock given in NOW, and prints `{"ran": n}`.
 *
 * Environment: DATABASE_FILE, OUTBOX_DIR, NOW (ms since the epoch), WORKER_ID.
 */
import { createInterface } from "node:readline";
import { createTalkStack } from "../../../tests/fixtures/talkStack";

const now = Number(process.env.NOW);
const stack = createTalkStack({
  databaseFile: process.env.DATABASE_FILE!,
  outboxDir: process.env.OUTBOX_DIR!,
  clock: () => now,
  workerId: process.env.WORKER_ID,
});
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
lines.once("line", async () => {
  const ran = await stack.scheduler.runDueNow();
  process.stdout.write(`${JSON.stringify({ ran })}\n`);
  lines.close();
  await stack.close();
  process.exit(0);
});
