import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Domain modules are shared with the Next server; outside it "server-only" is a no-op.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/support/integration-db.ts"],
          // Route handlers import next-auth, whose ESM imports "next/server" without an extension.
          server: { deps: { inline: ["next-auth"] } },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "relay",
          include: ["tests/relay/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/support/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Dashboard replicas as separate processes on one PostgreSQL (TEST_DATABASE_URL).
          name: "fleet",
          include: ["tests/fleet/**/*.test.ts"],
          globalSetup: ["tests/fleet/support/global-setup.ts"],
          server: { deps: { inline: ["next-auth"] } },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 540_000,
        },
      },
    ],
  },
});
