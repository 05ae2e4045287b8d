import { defineConfig } from "vitest/config";

/**
 * Three projects: `unit` (pure and integration tests in Node, each with its own server on
 * port 0, on SQLite), `postgres` (the tests that store anything, again on the PostgreSQL
 * server at TEST_POSTGRES_URL, by default this machine's) and `e2e` (a real Chromium
 * against a built client).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: [
            "shared/**/*.test.ts",
            "server/**/*.test.ts",
            "client/**/*.test.ts",
            "tests/integration/**/*.test.ts",
            "tests/contract/**/*.test.ts",
            // The gate bites: lint rules and the cycle check on broken samples.
            "tests/gate/**/*.test.ts",
            // Server processes with Redis; each test runs on both engines itself.
            "tests/multiInstance/**/*.test.ts",
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "postgres",
          environment: "node",
          include: ["server/**/*.test.ts", "tests/integration/**/*.test.ts"],
          exclude: [
            // A backup is a copy of the SQLite file; PostgreSQL has pg_dump.
            "tests/integration/backupRestore.test.ts",
            // Servers in child processes on their own data folder; the multi-instance
            // tests run processes on PostgreSQL.
            "tests/integration/crashDurability.test.ts",
            "tests/integration/hostileMemory.test.ts",
            "tests/integration/uploadBomb.test.ts", // a server process on SQLite whose memory is measured, like hostileMemory
            "tests/integration/operations.test.ts",
            // SQLite's own way of appending (a synchronous transaction on its handle).
            "server/persistence/docUpdatesSqlite.test.ts",
            // Copies from SQLite to PostgreSQL: needs both engines in any project.
            "tests/integration/copyToPostgres.test.ts",
          ],
          // Many tests each open a pool: idle connections go soon, so PostgreSQL's 100 suffice.
          env: { TEST_DATABASE: "postgres", DATABASE_POOL_IDLE_MS: "1000" },
          globalSetup: ["tests/fixtures/postgresSetup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ["tests/e2e/globalSetup.ts"],
        },
      },
    ],
  },
});
