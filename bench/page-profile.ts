// `npx tsx bench/page-profile.ts`: server CPU per request of the main pages, one page at a time,
// each on a freshly started server (the demo park on PostgreSQL, signed in as the owner where the
// label says so), and, with BENCH_PROFILE=1, a CPU profile of that server under the load with its
// heaviest functions by self time and by total time. What `npm run bench:pages` does not say:
// where a page's CPU goes.
//
//   BENCH_PAGES_DATABASE_URL  an already seeded demo park (otherwise a scratch one is made and dropped)
//   BENCH_PAGES               labels, comma-separated (default the four signed-in pages and /services)
//   BENCH_SECONDS             seconds per page (default 8)
//   BENCH_CONNECTIONS         concurrent connections (default 50)
//   BENCH_PROFILE=1           take a CPU profile of each page (adds ~10–20 % CPU); kept in BENCH_PROFILE_DIR
//   BENCH_TOP                 how many functions to list (default 25)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { load, warm } from "./support/load";
import { demoParkDatabase, ensureAppBuild, logIn, startApp } from "./support/servers";

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const profile = process.env.BENCH_PROFILE === "1";
const top = Number(process.env.BENCH_TOP ?? 25);
const profileDir = process.env.BENCH_PROFILE_DIR ?? path.join(os.tmpdir(), `haopu-page-profile-${process.pid}`);
const PAGES = ["/services (owner)", "/dashboard (owner)", "/compute (owner)", "/billing (owner)", "/services (anonymous)"];
const labels = process.env.BENCH_PAGES?.split(",").map((s) => s.trim()) ?? PAGES;

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Now on the monotonic clock the profiler stamps its samples with (µs; the same clock in every process). */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** "react-dom", "app", "node:internal"… — where a function lives, for a line of the summary. */
function placeOf(url: string) {
  if (!url) return "";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return "node";
  if (url.includes("/build/")) return "app build";
  return path.basename(url);
}

/** Self and total time per function (by name and place), in % of the busy (not idle) samples taken between `from` and `to`. */
function summarise(file: string, from: number, to: number) {
  const cpu = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of cpu.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode) => {
    const f = n.callFrame;
    const place = placeOf(f.url);
    return `${f.functionName || "(anonymous)"}${place ? `  [${place}${f.url ? `:${f.lineNumber + 1}` : ""}]` : ""}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let busy = 0;
  let at = cpu.startTime;
  cpu.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const dt = cpu.timeDeltas[i] ?? 0;
    at += dt;
    // Only the measured load: not the server's start, the log-in or the warm-up.
    if (at < from || at > to) return;
    if (node.callFrame.functionName === "(idle)") return;
    busy += dt;
    const key = keyOf(node);
    self.set(key, (self.get(key) ?? 0) + dt);
    const place = placeOf(node.callFrame.url) || node.callFrame.functionName;
    byPlace.set(place, (byPlace.get(place) ?? 0) + dt);
    const seen = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const k = keyOf(byId.get(up)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  });
  const list = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `    ${((100 * v) / busy).toFixed(1).padStart(5)} %  ${k}`)
      .join("\n");
  console.log(`  busy ${(busy / 1000).toFixed(0)} ms sampled\n  self time by place:\n${list(byPlace, 15)}\n  self time:\n${list(self, top)}\n  total time:\n${list(total, top * 2)}`);
}

async function main() {
  ensureAppBuild();
  const database = await demoParkDatabase();
  try {
    for (const label of labels) {
      const [pagePath, who] = label.split(" ");
      const dir = path.join(profileDir, label.replace(/[^a-z]+/gi, "-").replace(/^-|-$/g, ""));
      let measured = [0, 0];
      const app = await startApp(database.url, profile ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : []);
      try {
        const cookie = who === "(owner)" ? await logIn(app.url, "owner@xingyuan.test") : undefined;
        await warm(app.url + pagePath, cookie);
        const before = app.cpuMs();
        measured = [monotonicMicros(), 0];
        const result = load(label, app.url + pagePath, cookie, seconds, connections);
        measured[1] = monotonicMicros();
        const cpu = (app.cpuMs() - before) / Math.max(1, result.requests);
        console.log(`${label.padEnd(24)} ${result.perSecond.toFixed(0).padStart(5)} req/s  server CPU ${cpu.toFixed(2)} ms/request${result.failed ? `  (${result.failed} failed)` : ""}  load ${os.loadavg()[0].toFixed(1)}`);
      } finally {
        await app.stop();
      }
      if (profile) {
        const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
        if (file) summarise(path.join(dir, file), measured[0], measured[1]);
        else console.log("  (no profile written)");
      }
    }
  } finally {
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
