// `npm test`: unit tests and the integration suite on embedded PGlite (or on a real server when
// TEST_DATABASE_URL is set). The race suite needs a real server: see vitest.pg.config.ts.
import path from "node:path";
import { defineConfig } from "vitest/config";

export const root = path.resolve(import.meta.dirname, "..");
export const alias = { "~": path.join(root, "app"), "#db": path.join(root, "db") };

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    env: { NODE_ENV: "test", LOG_LEVEL: "silent", JOBS_DISABLED: "true", PII_KEY: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"] } },
      {
        extends: true,
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], setupFiles: ["tests/support/database.ts"] },
      },
    ],
  },
});
