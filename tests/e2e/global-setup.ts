// Starts the real server once for the browser suite: `node app/server/start.js` on a free port and
// a fresh embedded database (the first start builds if needed, migrates and seeds the demo park).
// Tests read its address with `inject("baseUrl")`. With E2E_BASE_URL set, nothing is started.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /healthz within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      console.warn("[e2e] the server did not stop after SIGTERM; killing it");
      child.kill("SIGKILL");
    }, STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export default async function setup(project: TestProject) {
  const external = process.env.E2E_BASE_URL?.replace(/\/+$/, "");
  if (external) {
    project.provide("baseUrl", external);
    return;
  }

  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "haopu-e2e-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PGLITE_DATA_DIR: dataDir,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
  };
  // The suite runs against its own embedded database and the outbox, never a shared server or SMTP.
  for (const name of ["DATABASE_URL", "PUBLIC_URL", "SMTP_URL", "COOKIE_SECURE", "JOBS_DISABLED"]) delete env[name];

  const child = spawn(process.execPath, [path.join(root, "app/server/start.js")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", (chunk: Buffer) => {
    keep(chunk);
    // Warnings and errors of the server belong in the test output.
    process.stderr.write(`[e2e server] ${chunk.toString("utf8")}`);
  });

  const started = Date.now();
  try {
    await waitForHealth(baseUrl, child, () => log);
  } catch (error) {
    await stop(child);
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  console.log(`[e2e] server ready at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("baseUrl", baseUrl);

  return async () => {
    await stop(child);
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
