// Driving one URL with autocannon, shared by the page benches.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root } from "./servers";

export interface Loaded {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
}

/** One autocannon run in its own process (so the load tool's work is not this process's). */
export function load(label: string, url: string, cookie: string | undefined, duration: number, connections: number): Loaded {
  const args = [path.join(root, "node_modules/autocannon/autocannon.js"), "--json", "-c", String(connections), "-d", String(duration)];
  if (cookie) args.push("-H", `Cookie=${cookie}`);
  const run = spawnSync(process.execPath, [...args, url], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`autocannon failed on ${url}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  return {
    label,
    perSecond: report.requests.average,
    p50: report.latency.p50,
    p99: report.latency.p99,
    requests: report.requests.total,
    failed: report.non2xx + report.errors + report.timeouts,
  };
}

/** A few requests first, so the measured run meets compiled code and open connections. */
export async function warm(url: string, cookie?: string) {
  for (let i = 0; i < 20; i++) {
    // A fresh connection each time: a kept-alive one may be closed by the server as it is reused.
    const get = () => fetch(url, { headers: { Connection: "close", ...(cookie ? { Cookie: cookie } : {}) } });
    const response = await get().catch((error: Error) => {
      console.log(`  (warming up ${url}: ${error.message}, ${String(error.cause ?? "")}; trying again)`);
      return get();
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status} while warming up`);
  }
}
