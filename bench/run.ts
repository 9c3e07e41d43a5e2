// `npm run bench`: the cost of the request path every signed-in page pays (reading a session and
// the active membership) and of a login attempt's throttle, as ratios against a `select 1` round
// trip measured in the same run. BENCH_DATABASE_URL points it at a server; otherwise PGlite.
import { sql } from "drizzle-orm";
import { activeMembership } from "~/modules/identity/access.server";
import { releaseLoginAttempt, reserveLoginAttempt } from "~/modules/identity/login-throttle.server";
import { readSession, startSession } from "~/modules/identity/session.server";
import {
  closeDatabase,
  connectPglite,
  connectPostgres,
  migrateDatabase,
  queryRows,
  setConnection,
} from "~/modules/platform/db.server";
import { memberships, organisations, users } from "#db/schema/index";

const url = process.env.BENCH_DATABASE_URL;
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? (url ? 8 : 1));

async function measure(name: string, work: (i: number) => Promise<unknown>) {
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) await work(done++);
    }),
  );
  const perSecond = done / seconds;
  return { name, perSecond };
}

async function main() {
  let dbName: string | undefined;
  if (url) {
    dbName = `haopu_bench_${process.pid}`;
    const admin = connectPostgres(url, { max: 1 });
    await admin.db.execute(sql.raw(`create database ${dbName}`));
    await admin.close();
    const u = new URL(url);
    u.pathname = `/${dbName}`;
    setConnection(connectPostgres(u.toString(), { max: concurrency + 2 }));
  } else {
    setConnection(await connectPglite());
  }
  const { getDb } = await import("~/modules/platform/db.server");
  await migrateDatabase();
  const db = await getDb();
  const [user] = await db.insert(users).values({ email: "bench@example.test", displayName: "bench", passwordHash: "x" }).returning();
  const [org] = await db.insert(organisations).values({ kind: "tenant", slug: "bench", nameZh: "基准", nameEn: "Bench" }).returning();
  await db.insert(memberships).values({ orgId: org.id, userId: user.id, role: "owner" });
  const cookie = (await startSession(new Request("http://localhost/"), user.id, { activeOrgId: org.id, ip: null })).split(";")[0];

  const results = [
    await measure("baseline: select 1", () => queryRows(db, sql`select 1`)),
    await measure("signed-in request: session + active membership", async () => {
      const actor = await readSession(new Request("http://localhost/", { headers: { Cookie: cookie } }));
      await activeMembership(actor!);
    }),
    await measure("login throttle: reserve + release a slot (2 keys)", async (i) => {
      const r = await reserveLoginAttempt([
        { key: `account:bench${i % 50}@example.test|ip:10.0.0.${i % 200}`, limit: 1_000_000, slowDown: false },
        { key: `ip:10.0.0.${i % 200}`, limit: 1_000_000, slowDown: true },
      ]);
      if (r.ok) await releaseLoginAttempt(r.ids);
    }),
  ];
  const baseline = results[0].perSecond;
  console.log(`database: ${url ? "PostgreSQL server" : "PGlite"}, concurrency ${concurrency}, ${seconds} s each`);
  for (const r of results) {
    console.log(`${r.name.padEnd(52)} ${r.perSecond.toFixed(0).padStart(8)}/s  ${(r.perSecond / baseline).toFixed(3)} × baseline`);
  }
  await closeDatabase();
  if (url && dbName) {
    const admin = connectPostgres(url, { max: 1 });
    await admin.db.execute(sql.raw(`drop database ${dbName} with (force)`));
    await admin.close();
  }
}

await main();
