// `npm run bench:pages`: the main pages of the real server on PostgreSQL (the seeded demo park,
// anonymous and signed in as owner@xingyuan.test) beside a bare one-route Remix app with the same
// Remix version and future flags, all driven by autocannon in one run. Prints req/s, p50, p99 and
// each page's ratio to the bare route, and writes them into docs/PERFORMANCE.md.
//
//   BENCH_DATABASE_URL        server to create (and drop) a scratch demo park on
//                             (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_PAGES_DATABASE_URL  an already seeded demo park to use instead (nothing is created or dropped)
//   BENCH_SECONDS             seconds per page (default 10)
//   BENCH_BARE_SECONDS        seconds per run of the bare route, before and after each page (default 5)
//   BENCH_CONNECTIONS         concurrent connections (default 50)
//   BENCH_PAGES               only these pages, comma-separated labels, e.g. "/services,owner /compute"
//   BENCH_WRITE_DOCS=0        print only, leave docs/PERFORMANCE.md alone
//   BENCH_SERVER_NODE_ARGS    extra node flags for the app's server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { load, warm, type Loaded } from "./support/load";
import { buildBareApp, demoParkDatabase, ensureAppBuild, logIn, root, startApp, startBareApp, type Running } from "./support/servers";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const bareSeconds = Number(process.env.BENCH_BARE_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const only = process.env.BENCH_PAGES?.split(",").map((s) => s.trim());
const OWNER = "owner@xingyuan.test";
/** The project's route count, for the bare app that shows what the route table alone costs. */
const PROJECT_ROUTES = fs.readdirSync(path.join(root, "app/routes")).length;

interface Result extends Loaded {
  /** server CPU time per request (user + system), ms */
  cpuPerRequest: number;
  /** req/s of the bare route measured around this run, for the ratio */
  bare?: number;
  /** CPU ms per request of the bare route around this run */
  bareCpu?: number;
}

async function measure(server: Running, label: string, url: string, cookie?: string, duration = seconds): Promise<Result> {
  await warm(url, cookie);
  const cpuBefore = server.cpuMs();
  const loaded = load(label, url, cookie, duration, connections);
  const result = { ...loaded, cpuPerRequest: (server.cpuMs() - cpuBefore) / Math.max(1, loaded.requests) };
  console.log(`  ${label.padEnd(28)} ${result.perSecond.toFixed(0).padStart(6)} req/s  p50 ${String(result.p50).padStart(5)} ms  p99 ${String(result.p99).padStart(5)} ms  server CPU ${result.cpuPerRequest.toFixed(2)} ms/request${result.failed ? `  (${result.failed} failed)` : ""}`);
  return result;
}

const ratio = (r: Result) => r.perSecond / r.bare!;
/** The same ratio from CPU time per request: what the throughput ratio would be on an idle machine. */
const cpuRatio = (r: Result) => r.bareCpu! / r.cpuPerRequest;

function table(bare: Result, manyRoutes: Result, pages: Result[]) {
  const row = (r: Result, shown: string) =>
    `| ${r.label} | ${r.perSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${shown} | ${r.cpuPerRequest.toFixed(2)} | ${cpuRatio(r).toFixed(2)} |`;
  return [
    "| what | req/s | p50 ms | p99 ms | × bare route (req/s, runs around it) | server CPU ms/request | × bare route (CPU) |",
    "|---|---|---|---|---|---|---|",
    row(bare, "1.00"),
    row(manyRoutes, ratio(manyRoutes).toFixed(2)),
    ...pages.map((r) => row(r, `**${ratio(r).toFixed(2)}**${r.failed ? ` (${r.failed} failed)` : ""}`)),
  ].join("\n");
}

const DOCS_START = "<!-- bench:pages:start -->";
const DOCS_END = "<!-- bench:pages:end -->";

/** Replaces the block between the markers in docs/PERFORMANCE.md with this run. */
function writeDocs(text: string) {
  const file = path.join(root, "docs/PERFORMANCE.md");
  const current = fs.readFileSync(file, "utf8");
  const block = `${DOCS_START}\n${text}\n${DOCS_END}`;
  const start = current.indexOf(DOCS_START);
  const end = current.indexOf(DOCS_END);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + DOCS_END.length) : `${current.trimEnd()}\n\n### Latest run\n\n${block}\n`;
  fs.writeFileSync(file, next);
}

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
  ensureAppBuild();
  const bareBuild = buildBareApp(1);
  const manyRoutesBuild = buildBareApp(PROJECT_ROUTES);
  const database = await demoParkDatabase();
  const running: Running[] = [];
  try {
    const bareApp = await startBareApp(bareBuild);
    running.push(bareApp);
    const manyRoutesApp = await startBareApp(manyRoutesBuild);
    running.push(manyRoutesApp);
    const app = await startApp(database.url);
    running.push(app);
    const cookie = await logIn(app.url, OWNER);

    const pages: { label: string; path: string; cookie?: string }[] = [
      { label: "/ (anonymous)", path: "/" },
      { label: "/services (anonymous)", path: "/services" },
      ...["/", "/services", "/dashboard", "/compute", "/billing"].map((p) => ({ label: `${p} (owner)`, path: p, cookie })),
    ].filter((p) => !only || only.some((o) => p.label === o || p.label.startsWith(`${o} `)));

    console.log(`${connections} connections, ${seconds} s per page, ${bareSeconds} s per bare run`);
    // The bare route is measured before and after every page, and each page is compared with the
    // mean of the two runs around it: the load on a shared machine drifts from minute to minute.
    const measureBare = () => measure(bareApp, "bare route", `${bareApp.url}/`, undefined, bareSeconds);
    const bareRuns = [await measureBare()];
    const measuredBetweenBareRuns = async (server: Running, label: string, url: string, cookie?: string) => {
      const result = await measure(server, label, url, cookie);
      bareRuns.push(await measureBare());
      const [before, after] = bareRuns.slice(-2);
      return { ...result, bare: (before.perSecond + after.perSecond) / 2, bareCpu: (before.cpuPerRequest + after.cpuPerRequest) / 2 };
    };
    const results: Result[] = [];
    for (const page of pages) results.push(await measuredBetweenBareRuns(app, page.label, app.url + page.path, page.cookie));
    const manyRoutes = await measuredBetweenBareRuns(manyRoutesApp, `bare app, ${PROJECT_ROUTES} routes`, `${manyRoutesApp.url}/`);

    const bare: Result = {
      label: `bare route (mean of ${bareRuns.length} runs)`,
      perSecond: bareRuns.reduce((sum, r) => sum + r.perSecond, 0) / bareRuns.length,
      p50: Math.round(bareRuns.reduce((sum, r) => sum + r.p50, 0) / bareRuns.length),
      p99: Math.max(...bareRuns.map((r) => r.p99)),
      requests: bareRuns.reduce((sum, r) => sum + r.requests, 0),
      failed: bareRuns.reduce((sum, r) => sum + r.failed, 0),
      cpuPerRequest: bareRuns.reduce((sum, r) => sum + r.cpuPerRequest, 0) / bareRuns.length,
    };
    bare.bare = bare.perSecond;
    bare.bareCpu = bare.cpuPerRequest;
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const header = `${os.cpus().length} × ${cpu}, Node ${process.version}; autocannon, ${connections} connections, ${seconds} s per row; load average at the start ${loadAtStart}; ${new Date().toISOString().slice(0, 16)}Z`;
    const text = `${header}\n\n${table(bare, manyRoutes, results)}`;
    console.log(`\n${text}`);
    const worst = Math.min(...results.map(ratio));
    const worstP99 = Math.max(...results.map((r) => r.p99));
    const worstByCpu = Math.min(...results.map(cpuRatio));
    console.log(`\nslowest page: ${worst.toFixed(2)} × the bare route by req/s, ${worstByCpu.toFixed(2)} × by server CPU per request (target ≥ 0.25); highest p99 ${worstP99} ms (target < 300 ms)`);
    if (process.env.BENCH_WRITE_DOCS !== "0") writeDocs(text);
    if (results.some((r) => r.failed > 0)) process.exitCode = 1;
  } finally {
    for (const server of running.reverse()) await server.stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
