import { loadConfig } from "./config";
import { createLogger } from "./log";
import { startServer } from "./server";
import { DEMO_USERS } from "./demo/seed";
import { markShuttingDown } from "./ops/readiness";

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const config = loadConfig();
const logger = createLogger(config.logLevel);
const server = await startServer(config, logger);

console.log(`Steuerrad läuft auf ${server.url} (Daten: ${config.databaseUrl ? "PostgreSQL" : config.databaseFile})`);
if (server.seeded) {
  console.log(`Demo angelegt${config.seedLivingYear ? " (mit einem Jahr Zahlen, Gesprächen und Maßnahmen)" : ""}. Passwort für alle Demo-Benutzer: ${config.demoPassword}`);
  for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(22)} ${user.role}${user.isAdmin ? ", admin" : ""}`);
} else if (config.seedDemo) {
  console.log("Bestehende Daten geladen; Demo-Benutzer und Passwort: siehe README.");
}

let stopping = false;
/**
 * Graceful shutdown: readiness turns 503 at once; on SIGTERM (systemd, Docker, Kubernetes)
 * the server then keeps serving for SHUTDOWN_DRAIN_MS, so the load balancer notices
 * and stops sending new traffic before anything is refused. Then collaboration
 * connections close with 1001 (clients reconnect elsewhere or later), rooms are
 * checkpointed, the scheduler stops and the database is closed. SIGINT (Ctrl+C at a
 * terminal) skips the drain. A second signal or the timeout ends the process at once;
 * every committed update is in the database already (WAL), so a forced exit loses none.
 */
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.log("warn", "second signal, exiting without finishing the shutdown", { signal });
    process.exit(1);
  }
  stopping = true;
  const started = Date.now();
  const drainMs = signal === "SIGTERM" ? config.shutdownDrainMs : 0;
  markShuttingDown(server.db);
  logger.log("info", "shutting down", { signal, drainMs, timeoutMs: SHUTDOWN_TIMEOUT_MS, collaboration: server.collab.stats() });
  // The timeout below counts from the end of the drain: the drain is waiting on purpose.
  if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
  const timer = setTimeout(() => {
    logger.log("error", "shutdown timed out, exiting", { signal, timeoutMs: SHUTDOWN_TIMEOUT_MS });
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  timer.unref();
  try {
    await server.close();
    logger.log("info", "shut down", { signal, ms: Date.now() - started });
    process.exit(0);
  } catch (error) {
    logger.log("error", "shutdown failed", { signal, error: (error as Error).message });
    process.exit(1);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
