// `npm start`: builds when the build is missing or older than the sources, migrates (and on an
// empty embedded database seeds the demo park), serves on PORT, and shuts down gracefully.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createApp } from "./app.js";
import { precompress } from "./precompress.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const buildFile = path.join(root, "build/index.js");
process.env.NODE_ENV ??= "production";

function newestSourceMtime() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "db/schema", "db/seed"]) visit(path.join(root, dir));
  for (const file of ["remix.config.js", "package.json", "tsconfig.json"]) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

function ensureBuild() {
  const stale = !fs.existsSync(buildFile) || fs.statSync(buildFile).mtimeMs < newestSourceMtime();
  if (!stale) return;
  console.log("Building the app (the build is missing or older than the sources)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  precompress(path.join(root, "public/build"));
}

/**
 * On the embedded database (no DATABASE_URL) the demo park is seeded, once, by `db/cli.ts demo` in
 * its own process before the server opens the database: the app never imports the demo seed.
 */
function prepareDemoPark() {
  if (process.env.DATABASE_URL) return;
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "db/cli.ts"), "demo"], {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

ensureBuild();
prepareDemoPark();
const build = await import(pathToFileURL(buildFile).href);
const server = build.entry.module;
let settings;
try {
  settings = await server.prepare();
} catch (error) {
  // A wrong setting (or a PII key that does not match the database) stops the start with its sentence.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const { port } = settings;
const app = createApp({
  build,
  root,
  production: process.env.NODE_ENV === "production",
  trustProxy: settings.trustProxy,
  publicUrl: settings.publicUrl,
  allowedHosts: settings.allowedHosts,
});
const httpServer = app.listen(port, () => {
  console.log(`Haopu Hub is listening on http://localhost:${port}`);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing open requests and shutting down…`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  httpServer.close(async () => {
    await server.shutdown();
    process.exit(0);
  });
  httpServer.closeIdleConnections?.();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
