// `npm run bench:holds`: hold authorisation (`POST /api/v1/holds`) under an open-loop arrival
// rate — requests leave on a fixed schedule whether or not earlier ones have answered, and each
// latency is counted from its scheduled time, so queueing shows — against the real server on
// PostgreSQL, for one tenant and for many. In the same run, at the same rates, `GET /healthz`
// (the whole HTTP and Remix path plus a `select 1`) is the baseline the figures are ratios of.
// Holds are left active, so they accumulate over the run (tens of thousands by the end).
//
//   BENCH_DATABASE_URL  server to create (and drop) a scratch database on
//   BENCH_RATES         arrival rates per second (default 100,200,500,1000)
//   BENCH_SECONDS       seconds per measurement (default 5)
//   BENCH_TENANTS       the "many tenants" case (default 8)
//   BENCH_PRELOAD_HOLDS active holds created per tenant before measuring (default 0)
//   BENCH_SERVER_NODE_ARGS  extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import os from "node:os";
import postgres from "postgres";
import { organisations } from "#db/schema/index";
import { storeApiKey } from "~/modules/credits/api-keys.server";
import { grantCreditsInTx } from "~/modules/credits/grants.server";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { closeDatabase, connectPostgres, getDb, migrateDatabase, setConnection } from "~/modules/platform/db.server";
import { baseUrl, databaseUrl, percentile, startServer, stopServer } from "./scratch";

const rates = (process.env.BENCH_RATES ?? "100,200,500,1000").split(",").map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const manyTenants = Number(process.env.BENCH_TENANTS ?? 8);
const preload = Number(process.env.BENCH_PRELOAD_HOLDS ?? 0);
const dbName = `haopu_bench_holds_${process.pid}`;
const runTag = Date.now().toString(36);
/** More requests than this waiting at once: the server cannot keep up; the run stops sending. */
const MAX_OUTSTANDING = 2000;

interface Outcome {
  sent: number;
  ok: number;
  errors: number;
  /** Unexpected answers by status (0: no answer). */
  statuses: Map<number, number>;
  /** What the first request with no answer failed with. */
  firstFailure?: string;
  saturated: boolean;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

type Send = (i: number) => Promise<number>;

/** Sends `rate` requests per second for `seconds` on a fixed schedule; latency from the scheduled time. */
async function openLoop(rate: number, send: Send, expectStatus: number): Promise<Outcome> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  /** What the first request that got no answer at all failed with (0 in the statuses). */
  let firstFailure: string | undefined;
  const statuses = new Map<number, number>();
  let outstanding = 0;
  let saturated = false;
  let lastDone = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 20;
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
    while (sent < due) {
      if (outstanding > MAX_OUTSTANDING) {
        saturated = true;
        break;
      }
      const scheduled = start + (sent * 1000) / rate;
      outstanding++;
      pending.push(
        send(sent).then(
          (status) => {
            outstanding--;
            lastDone = performance.now();
            latencies.push(lastDone - scheduled);
            if (status === expectStatus) ok++;
            else {
              errors++;
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
            }
          },
          (error: NodeJS.ErrnoException) => {
            outstanding--;
            errors++;
            statuses.set(0, (statuses.get(0) ?? 0) + 1);
            if (!firstFailure) firstFailure = error.code ?? error.message;
          },
        ),
      );
      sent++;
    }
    if (saturated) break;
    await new Promise((r) => setTimeout(r, 1));
  }
  // Every answer is awaited (at most MAX_OUTSTANDING), so one row's backlog never runs into the next.
  await Promise.all(pending);
  const elapsed = (Math.max(lastDone, start + (total * 1000) / rate) - start) / 1000;
  return {
    sent,
    ok,
    errors,
    statuses,
    firstFailure,
    saturated,
    perSecond: ok / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
  };
}

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName}`);
  await admin.unsafe(`create database ${dbName}`);
  const benchUrl = databaseUrl(dbName);
  let server: ChildProcess | undefined;
  const direct = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    const connection = connectPostgres(benchUrl, { max: 4 });
    setConnection(connection);
    await migrateDatabase(connection);
    const db = await getDb();
    const tenants = await db
      .insert(organisations)
      .values(Array.from({ length: manyTenants }, (_, i) => ({ kind: "tenant", slug: `hold-bench-${i}`, nameZh: `基准租户 ${i}`, nameEn: `Bench tenant ${i}` })))
      .returning({ id: organisations.id, slug: organisations.slug });
    for (const tenant of tenants) {
      await db.transaction((tx) => grantCreditsInTx(tx, { orgId: tenant.id, amountMilli: 10n ** 15n, category: "other", reason: "bench", expiresAt: null }, null));
    }
    const { value: apiKey } = await storeApiKey(db, { name: "bench", createdBy: null });
    await closeDatabase();

    const started = await startServer(benchUrl);
    server = started.child;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const request = (method: "GET" | "POST", path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const headers: Record<string, string | number> = { Authorization: `Bearer ${apiKey}`, "Accept-Encoding": "identity" };
        if (body !== undefined) Object.assign(headers, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
        const req = http.request(`${started.url}${path}`, { method, agent, headers }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", reject);
        });
        req.on("error", reject);
        req.end(body);
      });
    const hold = (round: string, tenantCount: number): Send => (i) =>
      request("POST", "/api/v1/holds", JSON.stringify({ id: `${runTag}-${round}-${i}`, tenant: tenants[i % tenantCount].slug, amount_milli: 1000, ttl_seconds: 7200 }));
    const healthz: Send = () => request("GET", "/healthz");

    // Warm up (route modules, plans, connections); optionally start with many active holds.
    for (let i = 0; i < 50; i++) await Promise.all([hold("warm", manyTenants)(i), healthz(i)]);
    if (preload > 0) {
      const pre = hold("preload", manyTenants);
      for (let i = 0; i < preload * manyTenants; i += 16) await Promise.all(Array.from({ length: 16 }, (_, k) => pre(i + k)));
    }

    // `select 1` straight from postgres.js: the floor under every figure.
    const roundTrips: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now();
      await direct`select 1`;
      roundTrips.push(performance.now() - t0);
    }

    const rows: { rate: number; what: string; outcome: Outcome; baseline?: Outcome }[] = [];
    // A case that saturated at one rate is not driven harder (it would only queue longer).
    const saturated = new Set<string>();
    for (const rate of rates) {
      const cases: [string, Send, number][] = [
        ["GET /healthz (baseline)", healthz, 200],
        ["POST /api/v1/holds, 1 tenant", hold(`one-${rate}`, 1), 201],
        [`POST /api/v1/holds, ${manyTenants} tenants`, hold(`many-${rate}`, manyTenants), 201],
      ];
      let baseline: Outcome | undefined;
      for (const [what, send, status] of cases) {
        if (saturated.has(what)) continue;
        const outcome = await openLoop(rate, send, status);
        if (outcome.saturated || outcome.perSecond < rate * 0.9) saturated.add(what);
        rows.push({ rate, what, outcome, baseline });
        baseline ??= outcome;
      }
    }
    agent.destroy();

    const [{ active }] = await direct<{ active: number }[]>`select count(*)::int as active from credit_holds where status = 'active'`;
    setConnection(connectPostgres(benchUrl, { max: 2 }));
    const reconciliation = await reconcileLedger();
    await closeDatabase();

    const [version] = await direct<{ server_version: string }[]>`show server_version`;
    const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
    console.log("");
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, PostgreSQL ${version.server_version}; load average at the start ${loadAtStart}`);
    console.log(`open loop, ${seconds} s per row; select 1 round trip (postgres.js) p50 ${roundTrips.length ? percentile(roundTrips, 50).toFixed(2) : "?"} ms, p99 ${percentile(roundTrips, 99).toFixed(2)} ms`);
    console.log(`${"rate/s".padStart(6)}  ${"what".padEnd(32)} ${"ok".padStart(6)} ${"err".padStart(5)} ${"achieved/s".padStart(10)} ${"p50".padStart(10)} ${"p99".padStart(10)} ${"max".padStart(10)}  p99 / baseline p99`);
    for (const { rate, what, outcome: o, baseline } of rows) {
      const ratio = baseline && what !== "GET /healthz (baseline)" ? `${(o.p99 / Math.max(baseline.p99, 0.001)).toFixed(1)}×` : "";
      console.log(
        `${String(rate).padStart(6)}  ${what.padEnd(32)} ${String(o.ok).padStart(6)} ${String(o.errors).padStart(5)} ${o.perSecond.toFixed(0).padStart(10)} ${ms(o.p50)} ${ms(o.p99)} ${ms(o.max)}  ${ratio}${o.saturated ? "  SATURATED (stopped sending)" : ""}${o.errors ? `  errors by status: ${[...o.statuses].map(([k, v]) => `${k}×${v}`).join(", ")}${o.firstFailure ? ` (no answer: ${o.firstFailure})` : ""}` : ""}`,
      );
    }
    console.log(`active holds at the end: ${active}; reconciliation: ${reconciliation.ok ? "ok" : reconciliation.problems.slice(0, 5).join("; ")}`);
    if (!reconciliation.ok || rows.some((r) => r.outcome.errors > 0)) process.exitCode = 1;
  } finally {
    await stopServer(server);
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
