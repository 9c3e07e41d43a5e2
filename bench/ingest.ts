// `npm run bench:ingest`: usage events per second through the real HTTP endpoint
// (`POST /api/v1/usage`, batches of 1,000, N concurrent clients) against the real PostgreSQL, and
// in the same run the rate of a plain multi-row INSERT of the same rows into a scratch table with
// the same columns and indexes (same batch size, same concurrency, postgres.js directly). Prints
// both rates and the ratio; docs/PERFORMANCE.md records them.
//
//   BENCH_DATABASE_URL  server to create (and drop) a scratch database on
//                       (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_CLIENTS       concurrent clients (default 4)
//   BENCH_SECONDS       seconds of each kind of load in all (default 10)
//   BENCH_ROUNDS        slices the seconds are cut into (default 5): the plain insert and the
//                       endpoint take turns, plain first and last, so that both meet the same
//                       load on a shared machine; each endpoint slice is also compared with the
//                       plain slices either side of it
//   BENCH_TENANTS       tenants the events are spread over (default 8)
//   BENCH_BATCH         events per request (default 1000)
//   BENCH_SERVER_NODE_ARGS  extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { creditPrices, organisations } from "#db/schema/index";
import { storeApiKey } from "~/modules/credits/api-keys.server";
import { grantCreditsInTx } from "~/modules/credits/grants.server";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { closeDatabase, connectPostgres, getDb, migrateDatabase, setConnection } from "~/modules/platform/db.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const clients = Number(process.env.BENCH_CLIENTS ?? 4);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const tenantCount = Number(process.env.BENCH_TENANTS ?? 8);
const batchSize = Number(process.env.BENCH_BATCH ?? 1000);
const dbName = `haopu_bench_ingest_${process.pid}`;
const runTag = Date.now().toString(36);

function databaseUrl(name: string) {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

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

interface Row {
  id: string;
  tenant: string;
  orgId: string;
  meter: string;
  model: string;
  quantity: number;
  costMilli: bigint;
}

const PRICE = { gpu_seconds: 18_000n, llm_tokens_in: 2_000n, llm_tokens_out: 8_000n } as const;
const UNITS = { gpu_seconds: 3600n, llm_tokens_in: 1_000_000n, llm_tokens_out: 1_000_000n } as const;

/** One batch of distinct events, spread over the tenants: GPU time on H800 and DeepSeek tokens. */
function makeBatch(prefix: string, tenants: { slug: string; id: string }[]): Row[] {
  return Array.from({ length: batchSize }, (_, i) => {
    const tenant = tenants[i % tenants.length];
    const kind = i % 4;
    const meter = kind < 2 ? "gpu_seconds" : kind === 2 ? "llm_tokens_in" : "llm_tokens_out";
    const quantity = meter === "gpu_seconds" ? 60 + ((i * 7919) % 3540) : 1000 + ((i * 104_729) % 400_000);
    const m = meter as keyof typeof PRICE;
    return {
      id: `${prefix}-${i}`,
      tenant: tenant.slug,
      orgId: tenant.id,
      meter,
      model: meter === "gpu_seconds" ? "H800" : "deepseek-v3",
      quantity,
      costMilli: (BigInt(quantity) * PRICE[m] + UNITS[m] - 1n) / UNITS[m],
    };
  });
}

// Yesterday: the API accepts usage that started at most 35 days ago.
const DAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const STARTED = `${DAY}T01:00:00Z`;
const ENDED = `${DAY}T02:00:00Z`;

function usageBody(rows: Row[]) {
  return JSON.stringify({
    events: rows.map((r) => ({ id: r.id, tenant: r.tenant, meter: r.meter, model: r.model, quantity: r.quantity, started_at: STARTED, ended_at: ENDED })),
  });
}

function percentile(values: number[], p: number) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU seconds (user + system) a process has used, from /proc; 0 where there is no /proc. */
function cpuSeconds(pid: number) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/**
 * Runs `clients` loops of `work` for `forSeconds`; returns events per second, batch latencies and
 * the CPU time `cpu()` counted meanwhile.
 */
async function measure(work: (client: number, batch: number) => Promise<number>, forSeconds: number, cpu: () => Promise<Map<string, number>>) {
  const cpuBefore = await cpu();
  const deadline = Date.now() + forSeconds * 1000;
  const latencies: number[] = [];
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let batch = 0; Date.now() < deadline; batch++) {
        const t0 = performance.now();
        const done = await work(client, batch);
        latencies.push(performance.now() - t0);
        events += done;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = await cpu();
  let cpuUsed = 0;
  const cpuByPart = new Map<string, number>();
  for (const [key, seconds] of cpuAfter) {
    const used = seconds - (cpuBefore.get(key) ?? 0);
    cpuUsed += used;
    const part = key.startsWith("pg ") ? "database" : key;
    cpuByPart.set(part, (cpuByPart.get(part) ?? 0) + used);
  }
  return { perSecond: events / elapsed, events, elapsed, latencies, cpu: cpuUsed, cpuByPart };
}

type Slice = Awaited<ReturnType<typeof measure>>;

/** Slices taken together: events over time, latency percentiles over every batch. */
function total(slices: Slice[]) {
  const events = slices.reduce((n, s) => n + s.events, 0);
  const elapsed = slices.reduce((n, s) => n + s.elapsed, 0);
  const latencies = slices.flatMap((s) => s.latencies);
  const cpu = slices.reduce((n, s) => n + s.cpu, 0);
  const perBatch = (seconds: number) => (seconds / events) * batchSize * 1000;
  const parts = ["database", "server", "bench"].map((part) => [part, perBatch(slices.reduce((n, s) => n + (s.cpuByPart.get(part) ?? 0), 0))] as const);
  return { perSecond: events / elapsed, events, elapsed, p50: percentile(latencies, 50), p95: percentile(latencies, 95), cpuMsPerBatch: perBatch(cpu), parts };
}

async function waitForServer(url: string, child: ChildProcess) {
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

function ensureBuild() {
  const build = path.join(root, "build/index.js");
  if (fs.existsSync(build) && process.env.BENCH_REBUILD !== "1") return;
  console.log("building the app (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName}`);
  await admin.unsafe(`create database ${dbName}`);
  const benchUrl = databaseUrl(dbName);
  let server: ChildProcess | undefined;
  const direct = postgres(benchUrl, { max: clients, onnotice: () => {}, connection: { TimeZone: "UTC" } });
  try {
    // The schema, prices, tenants with a generous prepaid balance, and an API key.
    const connection = connectPostgres(benchUrl, { max: 4 });
    setConnection(connection);
    await migrateDatabase(connection);
    const db = await getDb();
    await db.insert(creditPrices).values([
      { meter: "gpu_seconds", model: "H800", priceMilli: PRICE.gpu_seconds, effectiveFrom: new Date("2026-01-01T00:00:00Z") },
      { meter: "llm_tokens_in", model: "deepseek-v3", priceMilli: PRICE.llm_tokens_in, effectiveFrom: new Date("2026-01-01T00:00:00Z") },
      { meter: "llm_tokens_out", model: "deepseek-v3", priceMilli: PRICE.llm_tokens_out, effectiveFrom: new Date("2026-01-01T00:00:00Z") },
    ]);
    const tenants = await db
      .insert(organisations)
      .values(Array.from({ length: tenantCount }, (_, i) => ({ kind: "tenant", slug: `bench-${i}`, nameZh: `基准租户 ${i}`, nameEn: `Bench tenant ${i}` })))
      .returning({ id: organisations.id, slug: organisations.slug });
    for (const tenant of tenants) {
      await db.transaction((tx) => grantCreditsInTx(tx, { orgId: tenant.id, amountMilli: 100_000_000_000n, category: "other", reason: "bench", expiresAt: null }, null));
    }
    const { value: apiKey } = await storeApiKey(db, { name: "bench", createdBy: null });

    // 1. The baseline: a plain multi-row INSERT of the same rows, same batch size and concurrency.
    await direct.unsafe(`create table bench_plain_usage (like usage_events including defaults including constraints including indexes)`);
    const batchId = "00000000-0000-4000-8000-000000000000";
    const plainInsert = (round: string) => (client: number, batch: number) => insertPlain(makeBatch(`plain-${runTag}-${round}-${client}-${batch}`, tenants));
    const insertPlain = async (batch: Row[]) => {
      const rows = batch.map((r) => ({
        id: r.id,
        org_id: r.orgId,
        project_id: null,
        meter: r.meter,
        model: r.model,
        quantity: String(r.quantity),
        cost_milli: String(r.costMilli),
        started_at: STARTED,
        ended_at: ENDED,
        batch_id: batchId,
      }));
      await direct`insert into bench_plain_usage ${direct(rows, "id", "org_id", "project_id", "meter", "model", "quantity", "cost_milli", "started_at", "ended_at", "batch_id")}`;
      return rows.length;
    };
    await closeDatabase();

    // 2. The real thing: the app's server, its HTTP endpoint, its ledger.
    ensureBuild();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
    server = spawn(process.execPath, [...nodeArgs, path.join(root, "app/server/start.js")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: benchUrl, JOBS_DISABLED: "true", PORT: String(port), NODE_ENV: "production", LOG_LEVEL: "warn", DEMO_GATEWAY_KEY: "" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitForServer(url, server);
    // A gateway's client: one kept-alive connection per client, plain JSON both ways (on a LAN,
    // gzip would cost both ends more CPU than it saves).
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const post = (rows: Row[]) =>
      new Promise<number>((resolve, reject) => {
        const body = usageBody(rows);
        const request = http.request(
          `${url}/api/v1/usage`,
          {
            method: "POST",
            agent,
            headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "Accept-Encoding": "identity" },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              try {
                const answer = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { applied?: number };
                if (response.statusCode !== 200 || answer.applied !== rows.length) {
                  reject(new Error(`usage batch answered ${response.statusCode}: ${JSON.stringify(answer).slice(0, 300)}`));
                } else resolve(rows.length);
              } catch (error) {
                reject(error);
              }
            });
            response.on("error", reject);
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    // Warm up (route modules, prepared plans, connections), then measure.
    for (let i = 0; i < 3; i++) await post(makeBatch(`warm-${runTag}-${i}`, tenants));
    // CPU time of everything that works for the bench: the database's backends serving this
    // scratch database, the app's server, and this process (the clients). On a shared machine the
    // rates depend on how much of the cores the others leave; CPU per event much less so.
    const serverPid = server.pid!;
    const cpu = async () => {
      const backends = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName} and backend_type = 'client backend'`;
      const own = process.cpuUsage();
      const sample = new Map<string, number>([
        ["bench", (own.user + own.system) / 1e6],
        ["server", cpuSeconds(serverPid)],
      ]);
      for (const b of backends) sample.set(`pg ${b.pid}`, cpuSeconds(b.pid));
      return sample;
    };
    // The two take turns (plain first and last): on a shared machine the load drifts from one
    // second to the next, and both should meet the same load.
    const slice = seconds / rounds;
    const plainSlices: Slice[] = [await measure(plainInsert("0"), slice / 2, cpu)];
    const httpSlices: Slice[] = [];
    for (let round = 0; round < rounds; round++) {
      httpSlices.push(await measure((client, batch) => post(makeBatch(`http-${runTag}-${round}-${client}-${batch}`, tenants)), slice, cpu));
      plainSlices.push(await measure(plainInsert(String(round + 1)), round === rounds - 1 ? slice / 2 : slice, cpu));
    }
    agent.destroy();
    const plain = total(plainSlices);
    const viaHttp = total(httpSlices);
    // Each endpoint slice against the plain slices either side of it.
    const sliceRatios = httpSlices.map((h, i) => h.perSecond / ((plainSlices[i].perSecond + plainSlices[i + 1].perSecond) / 2));

    // Every event the endpoint applied is in the ledger once, and the ledger reconciles.
    const [{ n }] = await direct<{ n: number }[]>`select count(*)::int as n from usage_events where id like ${`http-${runTag}-%`}`;
    if (n !== viaHttp.events) throw new Error(`the endpoint acknowledged ${viaHttp.events} events but ${n} are stored`);
    setConnection(connectPostgres(benchUrl, { max: 2 }));
    const reconciliation = await reconcileLedger();
    await closeDatabase();

    const cpuModel = os.cpus()[0]?.model ?? "unknown CPU";
    const [version] = await direct<{ server_version: string }[]>`show server_version`;
    console.log("");
    console.log(`machine: ${os.cpus().length} × ${cpuModel}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, PostgreSQL ${version.server_version}`);
    console.log(
      `${clients} concurrent clients, batches of ${batchSize} events over ${tenantCount} tenants, ${seconds} s each in ${rounds} turns; load average at the start ${loadAtStart}, at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")}`,
    );
    const line = (name: string, r: ReturnType<typeof total>) =>
      console.log(
        `${name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(8)} events/s  (${r.events} in ${r.elapsed.toFixed(1)} s; batch p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms; CPU ${r.cpuMsPerBatch.toFixed(1)} ms per batch: ${r.parts
          .filter(([part]) => !(part === "server" && r === plain))
          .map(([part, ms]) => `${part === "bench" ? "clients" : part} ${ms.toFixed(1)}`)
          .join(", ")})`,
      );
    line("plain multi-row INSERT (postgres.js)", plain);
    line("POST /api/v1/usage (HTTP, priced, ledger)", viaHttp);
    const percent = (r: number) => `${(r * 100).toFixed(1)} %`;
    console.log(`per turn: ${sliceRatios.map(percent).join(", ")} (median ${percent(percentile(sliceRatios, 50))})`);
    console.log(`ratio: ${percent(viaHttp.perSecond / plain.perSecond)} of the plain insert rate (target ≥ 30 %, and ≥ 5,000 events/s)`);
    console.log(`by CPU: ${percent(plain.cpuMsPerBatch / viaHttp.cpuMsPerBatch)} (the plain insert's CPU per event over the endpoint's: database backends, server, clients)`);
    console.log(`reconciliation after the run: ${reconciliation.ok ? "ok" : reconciliation.problems.join("; ")} (${reconciliation.transfers} transfers)`);
    if (!reconciliation.ok) process.exitCode = 1;
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    await closeDatabase().catch(() => {});
    await direct.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
