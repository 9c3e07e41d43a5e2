// What the page benches share: a scratch copy of the seeded demo park on the PostgreSQL server,
// the app's real server and the bare reference app started on free ports and stopped again.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bareAppDir = path.join(root, "bench/bare-app");

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A migrated and seeded demo park to run against: BENCH_PAGES_DATABASE_URL as it is when set (it
 * must already be seeded), otherwise a scratch database on BENCH_DATABASE_URL's server, created,
 * migrated and seeded here (about a minute) and dropped by `drop()`.
 */
export async function demoParkDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const given = process.env.BENCH_PAGES_DATABASE_URL;
  if (given) return { url: given, drop: async () => {} };
  const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `haopu_bench_pages_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const drop = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  };
  console.log("seeding the demo park into a scratch database (npm run db:seed)…");
  const seeded = spawnSync("npm", ["run", "--silent", "db:seed"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: "development", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (seeded.status !== 0) {
    await drop();
    throw new Error("npm run db:seed failed");
  }
  return { url, drop };
}

/** Builds the app when its build is missing (BENCH_REBUILD=1 always rebuilds). */
export function ensureAppBuild() {
  if (fs.existsSync(path.join(root, "build/index.js")) && process.env.BENCH_REBUILD !== "1") return;
  console.log("building the app (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error("npm run build failed");
}

/** Builds the bare reference app with `routes` routes (bench/bare-app/remix.config.js). */
export function buildBareApp(routes: number) {
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: bareAppDir,
    env: { ...process.env, NODE_ENV: "production", BARE_APP_ROUTES: String(routes) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error(`building the bare app with ${routes} routes failed`);
  return path.join(bareAppDir, `build/${routes}/index.js`);
}

export interface Running {
  url: string;
  stop: () => Promise<void>;
  /** CPU time the server process has used so far, in milliseconds (user + system, from /proc). */
  cpuMs: () => number;
}

function cpuMsOf(pid: number | undefined) {
  // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses: utime, stime in ticks of 10 ms.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function started(child: ChildProcess, url: string, probe: string): Promise<Running> {
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url + probe);
      if (response.ok) return { url, stop, cpuMs: () => cpuMsOf(child.pid) };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${url} did not answer within 2 minutes`);
}

/**
 * The app's own server (`node app/server/start.js`), production mode, jobs off; extra node flags
 * from BENCH_SERVER_NODE_ARGS unless given; from another checkout of the project when `appRoot` is
 * given (built, with its own node_modules).
 */
export async function startApp(databaseUrl: string, nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean), appRoot = root): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(appRoot, "app/server/start.js")], {
    cwd: appRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, JOBS_DISABLED: "true", PORT: String(port), NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return started(child, `http://127.0.0.1:${port}`, "/healthz");
}

/** The bare reference app under remix-serve, as a new Remix project would run it. */
export async function startBareApp(serverBuild: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, "node_modules/@remix-run/serve/dist/cli.js"), serverBuild], {
    cwd: bareAppDir,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return started(child, `http://127.0.0.1:${port}`, "/");
}

/** Logs in through the login form as a browser would; returns the session cookie. */
export async function logIn(baseUrl: string, email: string, password = process.env.DEMO_PASSWORD ?? "haopu-demo-2026") {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    // Not kept alive: an idle kept-alive socket is closed by the server after 5 s, and reusing it
    // for the next request would fail.
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, Connection: "close" },
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }),
  });
  await response.arrayBuffer();
  const session = response.headers.getSetCookie().find((c) => c.startsWith("haopu_session="));
  if (response.status !== 302 || !session) throw new Error(`logging in as ${email} answered ${response.status}`);
  return session.split(";")[0];
}

/**
 * Runs `measure` against BENCH_PAGE_URL when set, else against the built app started on a scratch
 * demo park (dropped afterwards).
 */
export async function withDemoApp(measure: (baseUrl: string) => Promise<void>) {
  const given = process.env.BENCH_PAGE_URL;
  if (given) return measure(given);
  ensureAppBuild();
  const database = await demoParkDatabase();
  let running: Running | undefined;
  try {
    running = await startApp(database.url);
    await measure(running.url);
  } finally {
    await running?.stop();
    await database.drop();
  }
}
