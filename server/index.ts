import { loadConfig } from "./config";
import { createLogger } from "./log";
import { startServer } from "./server";
import { DEMO_USERS } from "./demo/seed";

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
 * Graceful shutdown: readiness turns 503, collaboration connections close with 1001 (clients
 * reconnect later or elsewhere), rooms are checkpointed, the scheduler stops and the
 * database is closed. A second signal or the timeout ends the process at once; every
 * committed update is in the database already (WAL), so a forced exit loses none.
 */
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.log("warn", "second signal, exiting without finishing the shutdown", { signal });
    process.exit(1);
  }
  stopping = true;
  const started = Date.now();
  logger.log("info", "shutting down", { signal, timeoutMs: SHUTDOWN_TIMEOUT_MS, collaboration: server.collab.stats() });
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
