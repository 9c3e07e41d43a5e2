// `npm run test:pg`: the integration suite and the race suite against a real PostgreSQL server
// (TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/haopu_ci).
import { defineConfig } from "vitest/config";
import { alias, root } from "./vitest.config.ts";

if (!process.env.TEST_DATABASE_URL) {
  throw new Error("npm run test:pg needs TEST_DATABASE_URL pointing at a PostgreSQL server it may create databases on.");
}

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    env: { NODE_ENV: "test", LOG_LEVEL: "silent", JOBS_DISABLED: "true", PII_KEY: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ["tests/integration/**/*.test.ts", "tests/race/**/*.test.ts"],
    setupFiles: ["tests/support/database.ts"],
  },
});
