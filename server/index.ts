import { loadConfig } from "./config";
import { createLogger } from "./log";
import { startServer } from "./server";
import { DEMO_USERS } from "./demo/seed";

const config = loadConfig();
const logger = createLogger(config.logLevel);
const server = await startServer(config, logger);

console.log(`Steuerrad läuft auf ${server.url} (Daten: ${config.databaseFile})`);
if (server.seeded) {
  console.log(`Demo angelegt. Passwort für alle Demo-Benutzer: ${config.demoPassword}`);
  for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(22)} ${user.role}${user.isAdmin ? ", admin" : ""}`);
} else if (config.seedDemo) {
  console.log("Bestehende Daten geladen; Demo-Benutzer und Passwort: siehe README.");
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.log("info", "shutting down", { signal });
  await server.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
