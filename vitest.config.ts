import { defineConfig } from "vitest/config";

/**
 * Two projects: `unit` (pure and integration tests in Node, each with its own server on
 * port 0) and `e2e` (a real Chromium against a built client). E2E runs after unit.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["shared/**/*.test.ts", "server/**/*.test.ts", "client/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/contract/**/*.test.ts"],
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
