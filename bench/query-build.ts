// `npx tsx bench/query-build.ts`: the client-side cost of building one statement with drizzle (no
// database is reached: `.toSQL()` only), a select of every invoice column with a counting subquery,
// as a page's loader writes them. Prints µs of CPU per statement, median of 5 rounds; compare it
// before and after a drizzle upgrade or a change to patches/drizzle-orm+*.patch (decision 024).
import { and, desc, eq, getTableColumns, gt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { invoices, organisations } from "#db/schema/index";

const rounds = 5;
const perRound = Number(process.env.BENCH_STATEMENTS ?? 10_000);
// A client that is never connected: postgres.js connects on the first query only.
const client = postgres("postgres://nobody@127.0.0.1:1/none", { max: 1 });
const db = drizzle(client);

function statement() {
  const open = db
    .select({ n: sql<number>`count(*)` })
    .from(invoices)
    .where(and(eq(invoices.orgId, organisations.id), gt(invoices.totalFen, 0n), eq(invoices.status, "open")));
  return db
    .select({ ...getTableColumns(invoices), openOfOrg: sql<number>`(${open})` })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.orgId))
    .where(and(eq(invoices.kind, "credit_pack"), sql`${invoices.dueOn} >= ${"2026-12-01"}`))
    .orderBy(desc(invoices.createdAt))
    .limit(20);
}

for (let i = 0; i < 2_000; i++) statement().toSQL();
const figures: number[] = [];
for (let round = 0; round < rounds; round++) {
  const start = process.cpuUsage();
  for (let i = 0; i < perRound; i++) statement().toSQL();
  const used = process.cpuUsage(start);
  figures.push((used.user + used.system) / perRound);
}
figures.sort((a, b) => a - b);
const { sql: text, params } = statement().toSQL();
console.log(`one statement: ${text.length} characters, ${params.length} parameters`);
console.log(`µs of CPU to build it, per round: ${figures.map((f) => f.toFixed(1)).join(", ")}; median ${figures[2].toFixed(1)}`);
await client.end({ timeout: 1 });
