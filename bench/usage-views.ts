// `npm run bench:usage-views`: the reads behind /compute (the loader's module functions: balances,
// packs, purchases, the 30-day usage report, prices) and the month's statement, for a tenant with
// ~200 usage events and for one with BENCH_EVENTS more (default 1,000,000), in the same run on the
// same scratch database on the PostgreSQL server. Prints each time and the ratio big / small.
// The big tenant's events are generated server-side (`insert … select … generate_series`) over the
// last 29 park days, three meters and models, two projects and none; where the usage rollups
// exist, they are brought up to the generated events exactly as ingestion would have.
//
//   BENCH_DATABASE_URL  server to create (and drop) a scratch database on
//   BENCH_EVENTS        events of the big tenant (default 1000000)
//   BENCH_ROUNDS        timed rounds per reading (default 30)
import os from "node:os";
import postgres from "postgres";
import { computeProjects, creditPacks, creditPrices, organisations } from "#db/schema/index";
import type { MemberActor } from "~/modules/identity/access.server";
import { grantCreditsInTx } from "~/modules/credits/grants.server";
import { listActivePacks } from "~/modules/credits/purchases.server";
import { getBalances, getStatement, listPurchases } from "~/modules/credits/statements.server";
import { getCurrentPrices, getUsageReport } from "~/modules/credits/usage-report.server";
import { ingestUsage } from "~/modules/credits/usage.server";
import { closeDatabase, connectPostgres, getDb, migrateDatabase, setConnection } from "~/modules/platform/db.server";
import { baseUrl, databaseUrl, percentile } from "./scratch";

const bigEvents = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const dbName = `haopu_bench_usage_views_${process.pid}`;

function actorFor(org: { id: string; slug: string }) {
  return {
    user: { id: "00000000-0000-4000-8000-000000000001" },
    session: {},
    org: { id: org.id, kind: "tenant", slug: org.slug, nameZh: org.slug, nameEn: org.slug },
    role: "owner",
    membershipId: "00000000-0000-4000-8000-000000000002",
  } as unknown as MemberActor;
}

/** ~200 events over the last 29 days through the real ingestion path. */
async function ingestSome(slug: string, projects: string[]) {
  const now = Date.now();
  const events = Array.from({ length: 200 }, (_, i) => {
    const started = new Date(now - ((i * 7919) % (29 * 24 * 3600)) * 1000);
    const meter = i % 4 < 2 ? "gpu_seconds" : i % 4 === 2 ? "llm_tokens_in" : "llm_tokens_out";
    return {
      id: `${slug}-${i}`,
      tenant: slug,
      project: [projects[0], projects[1], null][i % 3],
      meter,
      model: meter === "gpu_seconds" ? "H800" : "deepseek-v3",
      quantity: meter === "gpu_seconds" ? 600 + i : 10_000 + i,
      started_at: started.toISOString(),
      ended_at: new Date(started.getTime() + 60_000).toISOString(),
    };
  });
  const results = await ingestUsage(events);
  if (results.some((r) => r.status !== "applied")) throw new Error(`ingest: ${JSON.stringify(results.find((r) => r.status !== "applied"))}`);
}

async function time(work: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName}`);
  await admin.unsafe(`create database ${dbName}`);
  const benchUrl = databaseUrl(dbName);
  const direct = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    const connection = connectPostgres(benchUrl, { max: 4 });
    setConnection(connection);
    await migrateDatabase(connection);
    const db = await getDb();
    const from = new Date("2026-01-01T00:00:00Z");
    await db.insert(creditPrices).values([
      { meter: "gpu_seconds", model: "H800", priceMilli: 18_000n, effectiveFrom: from },
      { meter: "llm_tokens_in", model: "deepseek-v3", priceMilli: 2_000n, effectiveFrom: from },
      { meter: "llm_tokens_out", model: "deepseek-v3", priceMilli: 8_000n, effectiveFrom: from },
    ]);
    await db.insert(creditPacks).values({ nameZh: "基准包", nameEn: "Bench pack", creditsMilli: 1_000_000n, priceFen: 10_000n });
    const tenants = await db
      .insert(organisations)
      .values([
        { kind: "tenant", slug: "views-small", nameZh: "小用量", nameEn: "Small" },
        { kind: "tenant", slug: "views-big", nameZh: "大用量", nameEn: "Big" },
      ])
      .returning({ id: organisations.id, slug: organisations.slug });
    const projectIds = new Map<string, string[]>();
    for (const tenant of tenants) {
      await db.transaction((tx) => grantCreditsInTx(tx, { orgId: tenant.id, amountMilli: 10n ** 15n, category: "other", reason: "bench", expiresAt: null }, null));
      const rows = await db
        .insert(computeProjects)
        .values([
          { orgId: tenant.id, code: "film-a", name: "Film A" },
          { orgId: tenant.id, code: "drama-b", name: "Drama B" },
        ])
        .returning({ id: computeProjects.id });
      projectIds.set(tenant.id, rows.map((r) => r.id));
      await ingestSome(tenant.slug, ["film-a", "drama-b"]);
    }
    const big = tenants[1];
    const [p1, p2] = projectIds.get(big.id)!;

    const t0 = performance.now();
    await direct.unsafe(
      `insert into usage_events (id, org_id, project_id, meter, model, quantity, cost_milli, started_at, ended_at, batch_id)
       select 'gen-' || g, $1::uuid, case g % 3 when 0 then $2::uuid when 1 then $3::uuid end,
              case when g % 4 < 2 then 'gpu_seconds' when g % 4 = 2 then 'llm_tokens_in' else 'llm_tokens_out' end,
              case when g % 4 < 2 then 'H800' else 'deepseek-v3' end,
              1000 + g % 5000, 10 + g % 100,
              now() - ((g::bigint * 7919) % (29 * 24 * 3600)) * interval '1 second',
              now() - ((g::bigint * 7919) % (29 * 24 * 3600)) * interval '1 second' + interval '1 minute',
              ('00000000-0000-4000-8000-' || lpad((g / 1000)::text, 12, '0'))::uuid
       from generate_series(1, $4::int) as g`,
      [big.id, p1, p2, bigEvents],
    );
    const [{ rollups }] = await direct<{ rollups: boolean }[]>`select to_regclass('usage_daily') is not null as rollups`;
    if (rollups) {
      // What ingestion would have added for these events, in the same way the migration backfills.
      await direct.unsafe(
        `insert into usage_hourly (org_id, project_id, meter, model, hour, events, quantity, cost_milli)
         select org_id, project_id, meter, model, date_trunc('hour', started_at, 'Asia/Shanghai'), count(*), sum(quantity), sum(cost_milli)
         from usage_events where id like 'gen-%' group by 1, 2, 3, 4, 5
         on conflict on constraint usage_hourly_key do update
           set events = usage_hourly.events + excluded.events, quantity = usage_hourly.quantity + excluded.quantity,
               cost_milli = usage_hourly.cost_milli + excluded.cost_milli`,
      );
      await direct.unsafe(
        `insert into usage_daily (org_id, project_id, meter, model, day, events, quantity, cost_milli)
         select org_id, project_id, meter, model, (started_at at time zone 'Asia/Shanghai')::date, count(*), sum(quantity), sum(cost_milli)
         from usage_events where id like 'gen-%' group by 1, 2, 3, 4, 5
         on conflict on constraint usage_daily_key do update
           set events = usage_daily.events + excluded.events, quantity = usage_daily.quantity + excluded.quantity,
               cost_milli = usage_daily.cost_milli + excluded.cost_milli`,
      );
    }
    await direct.unsafe(`vacuum analyze`);
    const generated = (performance.now() - t0) / 1000;

    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const readings = {
      "/compute loader (5 module reads)": (actor: MemberActor) => () =>
        Promise.all([getBalances(actor), listActivePacks(), listPurchases(actor, 10), getUsageReport(actor, { days: 30 }), getCurrentPrices(actor)]),
      "getUsageReport (30 days)": (actor: MemberActor) => () => getUsageReport(actor, { days: 30 }),
      "getStatement (this month)": (actor: MemberActor) => () => getStatement(actor, { month }),
    };
    const [{ n: smallCount }] = await direct<{ n: number }[]>`select count(*)::int as n from usage_events where org_id = ${tenants[0].id}`;
    const [{ n: bigCount }] = await direct<{ n: number }[]>`select count(*)::int as n from usage_events where org_id = ${big.id}`;
    const out: string[] = [];
    for (const [name, reading] of Object.entries(readings)) {
      const small = await time(reading(actorFor(tenants[0])));
      const large = await time(reading(actorFor(big)));
      out.push(
        `${name.padEnd(36)} ${small.p50.toFixed(1).padStart(8)} ms ${large.p50.toFixed(1).padStart(9)} ms   ${(large.p50 / small.p50).toFixed(2)}×   (means ${small.mean.toFixed(1)} / ${large.mean.toFixed(1)} ms)`,
      );
    }
    const [version] = await direct<{ server_version: string }[]>`show server_version`;
    console.log("");
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, PostgreSQL ${version.server_version}; load average at the start ${loadAtStart}`);
    console.log(`events: small tenant ${smallCount}, big tenant ${bigCount} (generated in ${generated.toFixed(1)} s); rollups ${rollups ? "maintained" : "absent"}; p50 of ${rounds} rounds`);
    console.log(`${"reading".padEnd(36)} ${"small".padStart(11)} ${"big".padStart(12)}   ratio`);
    for (const line of out) console.log(line);
  } finally {
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
