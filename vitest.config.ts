import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "~": path.resolve("app"), "~graphql": path.resolve("graphql") };
const onPostgres = process.env.TEST_DB === "postgres";

export default defineConfig({
  resolve: { alias },
  test: {
    globals: true,
    // Vitest leaves one core free by default; on a two-core machine that runs the database files one at a
    // time. Each file's embedded engine is single-threaded, so two at once use both cores.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", globals: true },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts", "tests/graphql/**/*.test.ts"],
          // The benchmark generator's own test builds a rights dataset of thousands of rows: it runs on
          // PostgreSQL (npm run test:pg), the engine the benchmark generates for, keeping npm test quick.
          exclude: onPostgres ? [] : ["tests/db/bench-rights-dataset.test.ts", "tests/db/bench-consents-dataset.test.ts"],
          environment: "node",
          globals: true,
          globalSetup: ["tests/support/global-setup.ts"],
          // PGlite starts a WASM Postgres per file; give it room on small machines.
          testTimeout: onPostgres ? 30_000 : 60_000,
          hookTimeout: 120_000,
          pool: "forks",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globals: true,
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
