// `npx tsx bench/queries-per-page.ts`: how many statements each main page sends to PostgreSQL,
// counted by the server itself (log_statement on a seeded demo park, read back from the log).
//   BENCH_PAGES_DATABASE_URL  a seeded demo park (required; this script never seeds)
//   BENCH_PG_LOG              PostgreSQL's log file (default /var/log/postgresql/postgresql-15-main.log)
//   BENCH_SHOW=1              print the statements too
import fs from "node:fs";
import postgres from "postgres";
import { logIn, startApp } from "./support/servers";

const url = process.env.BENCH_PAGES_DATABASE_URL;
if (!url) throw new Error("set BENCH_PAGES_DATABASE_URL to a seeded demo park");
const logFile = process.env.BENCH_PG_LOG ?? "/var/log/postgresql/postgresql-15-main.log";
const database = new URL(url).pathname.slice(1);

async function main() {
  const admin = postgres(url!, { max: 1, onnotice: () => {} });
  const app = await startApp(url!);
  try {
    const cookie = await logIn(app.url, "owner@xingyuan.test");
    const pages = [
      ["/ (anonymous)", "/", undefined],
      ["/services (anonymous)", "/services", undefined],
      ...["/", "/services", "/dashboard", "/compute", "/billing"].map((p) => [`${p} (owner)`, p, cookie]),
    ] as const;
    // Every page once first, so start-up reads (settings, prices cached per process) are not counted.
    for (const [, path, c] of pages) await (await fetch(app.url + path, { headers: c ? { Cookie: c } : {} })).arrayBuffer();
    await admin.unsafe(`alter database ${database} set log_statement = 'all'`);
    // New connections pick the setting up; the app's pool keeps its old ones, so restart the app.
    await app.stop();
    const measured = await startApp(url!);
    try {
      for (const [, path, c] of pages) await (await fetch(measured.url + path, { headers: c ? { Cookie: c } : {} })).arrayBuffer();
      for (const [label, path, c] of pages) {
        const before = fs.statSync(logFile).size;
        const response = await fetch(measured.url + path, { headers: c ? { Cookie: c } : {} });
        await response.arrayBuffer();
        await new Promise((r) => setTimeout(r, 300));
        const text = fs.readFileSync(logFile, "utf8").slice(before);
        const statements = text.split("\n").filter((l) => l.includes(`@${database} LOG:  statement:`) || l.includes(`@${database} LOG:  execute`));
        console.log(`${label.padEnd(24)} ${response.status} ${statements.length} statements`);
        if (process.env.BENCH_SHOW === "1") for (const s of statements) console.log(`    ${s.replace(/^.*?LOG: {2}/, "").slice(0, 220)}`);
      }
    } finally {
      await measured.stop();
    }
  } finally {
    await admin.unsafe(`alter database ${database} reset log_statement`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
