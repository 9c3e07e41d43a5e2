// Shared by the benches that drive the real server: a scratch database on the PostgreSQL server
// (created and dropped by the bench), a free port, the app's build and a server process on them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The URL of database `name` on the bench's server. */
export function databaseUrl(name: string) {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export function percentile(values: number[], p: number) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function waitForServer(url: string, child: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the server did not become healthy within 2 minutes");
}

/** Builds the app unless a build exists (BENCH_REBUILD=1 forces it). */
export function ensureBuild() {
  const build = path.join(root, "build/index.js");
  if (fs.existsSync(build) && process.env.BENCH_REBUILD !== "1") return;
  console.log("building the app (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

/** Starts the app's server (production, jobs off) on `databaseUrl`; resolves once /healthz answers. */
export async function startServer(databaseUrlForServer: string) {
  ensureBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "app/server/start.js")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrlForServer, JOBS_DISABLED: "true", PORT: String(port), NODE_ENV: "production", LOG_LEVEL: "warn", DEMO_GATEWAY_KEY: "" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForServer(url, child);
  return { url, child };
}

export async function stopServer(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
