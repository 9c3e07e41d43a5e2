// `npm run test:e2e`: the browser suite. One server (node app/server/start.js on a fresh embedded
// database) for the whole run, started by global-setup.ts; files run one after another, each with
// its own headless Chromium. Set E2E_BASE_URL to test a server that is already running.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: { alias: { "~": path.join(root, "app"), "#db": path.join(root, "db") } },
  test: {
    name: "e2e",
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // A flaky browser test hides real bugs: no retries.
    retry: 0,
  },
});
