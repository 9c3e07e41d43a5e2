// `npx tsx bench/ingest-profile.ts`: where a usage batch's time goes inside PostgreSQL. Creates a
// scratch database (dropped at the end) with the same tenants, prices and batches as
// `bench:ingest`, turns on `log_min_duration_statement = 0` for that database only, applies
// batches through `ingestUsage` (in this process, no HTTP), then reads the server's log and sums
// the execution time of each kind of statement. Needs read access to the server's log file.
//
//   BENCH_DATABASE_URL  server (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_PG_LOG        the server's log file (default /var/log/postgresql/postgresql-15-main.log)
//   BENCH_BATCHES       batches to apply after 5 warm-up batches (default 40)
//   BENCH_CLIENTS       concurrent callers (default 1: statement times without lock waits)
//   BENCH_KEEP=1        keep the scratch database (to EXPLAIN ANALYZE the logged statements in it)
import fs from "node:fs";
import postgres from "postgres";
import { creditPrices, organisations } from "#db/schema/index";
import { grantCreditsInTx } from "~/modules/credits/grants.server";
import { ingestUsage } from "~/modules/credits/usage.server";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { closeDatabase, connectPostgres, getDb, migrateDatabase, setConnection } from "~/modules/platform/db.server";
import { baseUrl, databaseUrl } from "./scratch";

const logFile = process.env.BENCH_PG_LOG ?? "/var/log/postgresql/postgresql-15-main.log";
const batches = Number(process.env.BENCH_BATCHES ?? 40);
const clients = Number(process.env.BENCH_CLIENTS ?? 1);
const dbName = `haopu_profile_ingest_${process.pid}`;
const DAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

function batch(prefix: string, slugs: string[]) {
  return Array.from({ length: 1000 }, (_, i) => {
    const kind = i % 4;
    const meter = kind < 2 ? "gpu_seconds" : kind === 2 ? "llm_tokens_in" : "llm_tokens_out";
    return {
      id: `${prefix}-${i}`,
      tenant: slugs[i % slugs.length],
      meter,
      model: meter === "gpu_seconds" ? "H800" : "deepseek-v3",
      quantity: meter === "gpu_seconds" ? 60 + ((i * 7919) % 3540) : 1000 + ((i * 104_729) % 400_000),
      started_at: `${DAY}T01:00:00Z`,
      ended_at: `${DAY}T02:00:00Z`,
    };
  });
}

/** A statement's kind: its first words, with the JSON literals and the CTE names kept. */
function kind(text: string) {
  const t = text.replace(/E'(?:[^']|'')*'/g, "E'…'").replace(/\s+/g, " ").trim();
  if (/^(begin|commit|rollback)/i.test(t)) return t.toLowerCase();
  const cte = /^with (\w+) as \( ?(\w+ \w+ \w+)/i.exec(t);
  if (cte) return `with ${cte[1]}: ${cte[2]}`;
  return t.slice(0, 60);
}

async function main() {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName}`);
  await admin.unsafe(`create database ${dbName}`);
  try {
    const connection = connectPostgres(databaseUrl(dbName), { max: Math.max(4, clients * 2) });
    setConnection(connection);
    await migrateDatabase(connection);
    const db = await getDb();
    await db.insert(creditPrices).values([
      { meter: "gpu_seconds", model: "H800", priceMilli: 18_000n, effectiveFrom: new Date("2026-01-01T00:00:00Z") },
      { meter: "llm_tokens_in", model: "deepseek-v3", priceMilli: 2_000n, effectiveFrom: new Date("2026-01-01T00:00:00Z") },
      { meter: "llm_tokens_out", model: "deepseek-v3", priceMilli: 8_000n, effectiveFrom: new Date("2026-01-01T00:00:00Z") },
    ]);
    const tenants = await db
      .insert(organisations)
      .values(Array.from({ length: 8 }, (_, i) => ({ kind: "tenant", slug: `profile-${i}`, nameZh: `租户 ${i}`, nameEn: `Tenant ${i}` })))
      .returning({ id: organisations.id, slug: organisations.slug });
    for (const t of tenants) {
      await db.transaction((tx) => grantCreditsInTx(tx, { orgId: t.id, amountMilli: 100_000_000_000n, category: "other", reason: "profile", expiresAt: null }, null));
    }
    const slugs = tenants.map((t) => t.slug);
    for (let i = 0; i < 5; i++) await ingestUsage(batch(`warm-${i}`, slugs));
    // Only new connections see the setting: start a fresh pool.
    await admin.unsafe(`alter database ${dbName} set log_min_duration_statement = 0`);
    await closeDatabase();
    setConnection(connectPostgres(databaseUrl(dbName), { max: Math.max(4, clients * 2) }));
    const logStart = fs.statSync(logFile).size;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < batches) await ingestUsage(batch(`p-${next++}`, slugs));
      }),
    );
    const elapsed = performance.now() - started;
    await admin.unsafe(`alter database ${dbName} reset log_min_duration_statement`);
    await closeDatabase();
    setConnection(connectPostgres(databaseUrl(dbName), { max: 2 }));
    const reconciliation = await reconcileLedger();
    await closeDatabase();
    await new Promise((r) => setTimeout(r, 500));

    // "… user@db LOG:  duration: 1.234 ms  execute s1/p1: <text>" (or parse/bind/statement).
    const fd = fs.openSync(logFile, "r");
    const buffer = Buffer.alloc(fs.statSync(logFile).size - logStart);
    fs.readSync(fd, buffer, 0, buffer.length, logStart);
    fs.closeSync(fd);
    const entries = buffer.toString("utf8").split(/\n(?=\d{4}-\d{2}-\d{2} )/);
    const sums = new Map<string, { phase: Map<string, number>; count: number }>();
    let total = 0;
    for (const entry of entries) {
      if (!entry.includes(`@${dbName} LOG:  duration:`)) continue;
      const m = /duration: ([\d.]+) ms {2}(parse|bind|execute|statement)[^:]*: ([\s\S]*)$/.exec(entry);
      if (!m) continue;
      const ms = Number(m[1]);
      const k = kind(m[3]);
      const s = sums.get(k) ?? { phase: new Map(), count: 0 };
      s.phase.set(m[2], (s.phase.get(m[2]) ?? 0) + ms);
      if (m[2] === "execute" || m[2] === "statement") s.count++;
      sums.set(k, s);
      total += ms;
    }
    console.log(`${batches} batches of 1,000 events over 8 tenants, ${clients} client(s): ${(elapsed / batches).toFixed(1)} ms per batch wall-clock`);
    console.log(`server time logged: ${(total / batches).toFixed(2)} ms per batch`);
    const rows = [...sums].sort((a, b) => sumOf(b[1].phase) - sumOf(a[1].phase));
    for (const [k, s] of rows) {
      const all = sumOf(s.phase);
      const phases = [...s.phase].map(([p, ms]) => `${p} ${(ms / batches).toFixed(2)}`).join(", ");
      console.log(`${((all / total) * 100).toFixed(1).padStart(5)} %  ${(all / batches).toFixed(2).padStart(7)} ms/batch  ×${(s.count / batches).toFixed(1)}  ${k}   (${phases})`);
    }
    console.log(`reconciliation: ${reconciliation.ok ? "ok" : reconciliation.problems.join("; ")}`);
  } finally {
    await closeDatabase().catch(() => {});
    if (process.env.BENCH_KEEP === "1") console.log(`kept database ${dbName}`);
    else await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

function sumOf(phases: Map<string, number>) {
  let s = 0;
  for (const ms of phases.values()) s += ms;
  return s;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
