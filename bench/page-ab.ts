// `npx tsx bench/page-ab.ts /path/to/other/checkout`: this checkout's pages against another
// checkout's (a commit before a change, built, with its own node_modules), side by side on the same
// seeded demo park, asked in turn one request at a time, so that whatever else the machine does
// falls on both alike. Prints each page's server CPU per request for both and the change. On a
// shared 2-core machine, one server measured after the other moved by ±25 % from run to run, and
// two loaded at the same time by 4 connections each differed by up to 7 % with the same code
// (the first one started paid more).
//
//   BENCH_PAGES_DATABASE_URL  an already seeded demo park (otherwise a scratch one is made and dropped)
//   BENCH_PAGES               labels, comma-separated (default the main pages)
//   BENCH_OTHER_NODE_ARGS     node flags for the other server only (e.g. this checkout against itself with a flag)
//   BENCH_REQUESTS            requests per page, server and round (default 500), BENCH_ROUNDS rounds (default 3)
import fs from "node:fs";
import path from "node:path";
import { warm } from "./support/load";
import { demoParkDatabase, ensureAppBuild, logIn, root, startApp, type Running } from "./support/servers";

const other = process.argv[2];
if (!other || !fs.existsSync(path.join(other, "build/index.js"))) {
  console.error("usage: npx tsx bench/page-ab.ts /path/to/other/checkout (built: npm install && npm run build there)");
  process.exit(2);
}
const requests = Number(process.env.BENCH_REQUESTS ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
// Node flags for the other server only (BENCH_SERVER_NODE_ARGS applies to both): with the same
// checkout on both sides, this compares a flag with its absence.
const otherNodeArgs = process.env.BENCH_OTHER_NODE_ARGS ? process.env.BENCH_OTHER_NODE_ARGS.split(" ").filter(Boolean) : undefined;
const labels = process.env.BENCH_PAGES?.split(",").map((s) => s.trim()) ?? [
  "/ (anonymous)",
  "/services (anonymous)",
  "/services (owner)",
  "/dashboard (owner)",
  "/compute (owner)",
  "/billing (owner)",
];

/**
 * One request to each server in turn, `requests` times: only one of them works at any moment, and
 * whatever else the machine does falls on both alike, request by request.
 */
async function pingPong(urls: string[], cookies: (string | undefined)[]) {
  for (let i = 0; i < requests; i++) {
    for (let s = 0; s < urls.length; s++) {
      // Which server goes first alternates too.
      const k = (i + s) % urls.length;
      const response = await fetch(urls[k], { headers: cookies[k] ? { Cookie: cookies[k]! } : {} });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${urls[k]} answered ${response.status}`);
    }
  }
}

async function main() {
  ensureAppBuild();
  // The two checkouts read the same residents' data: the other one needs this checkout's PII key.
  const key = path.join(root, ".data/pii.key");
  if (fs.existsSync(key)) {
    fs.mkdirSync(path.join(other, ".data"), { recursive: true });
    fs.copyFileSync(key, path.join(other, ".data/pii.key"));
  }
  const database = await demoParkDatabase();
  const servers: { name: string; app?: Running; cookie?: string }[] = [{ name: "this checkout" }, { name: path.basename(other) }];
  try {
    servers[0].app = await startApp(database.url);
    servers[1].app = await startApp(database.url, otherNodeArgs, path.resolve(other));
    for (const s of servers) s.cookie = await logIn(s.app!.url, "owner@xingyuan.test");
    console.log(`${requests} requests per page, server and round, in turn; ${rounds} rounds; server CPU ms per request`);
    console.log(`${"page".padEnd(24)} ${"this checkout".padStart(14)} ${path.basename(other).slice(0, 14).padStart(14)}   change`);
    for (const label of labels) {
      const [pagePath, who] = label.split(" ");
      const perRequest: number[][] = [[], []];
      for (const s of servers) await warm(s.app!.url + pagePath, who === "(anonymous)" ? undefined : s.cookie);
      for (let round = 0; round < rounds; round++) {
        const before = servers.map((s) => s.app!.cpuMs());
        await pingPong(
          servers.map((s) => s.app!.url + pagePath),
          servers.map((s) => (who === "(anonymous)" ? undefined : s.cookie)),
        );
        servers.forEach((s, i) => perRequest[i].push((s.app!.cpuMs() - before[i]) / requests));
      }
      const [mine, theirs] = perRequest.map((runs) => runs.reduce((a, b) => a + b, 0) / runs.length);
      const change = ((mine / theirs - 1) * 100).toFixed(0);
      console.log(`${label.padEnd(24)} ${mine.toFixed(2).padStart(14)} ${theirs.toFixed(2).padStart(14)}   ${mine <= theirs ? "" : "+"}${change} %  (runs: ${perRequest[0].map((v) => v.toFixed(2)).join("/")} vs ${perRequest[1].map((v) => v.toFixed(2)).join("/")})`);
    }
  } finally {
    for (const s of servers) await s.app?.stop();
    await database.drop();
  }
}

await main();
