// `npm run bench:lighthouse`: Lighthouse's performance score (mobile: its default Moto G Power
// profile, simulated slow 4G and 4× CPU slowdown) for the pages issue 17 names — the landing page,
// the catalogue and 工作台 — and the signed-in compute and billing pages, on a scratch demo park.
// Lighthouse is not a dependency of the project (it brings ~200 packages): npx fetches it into its
// cache on the first run. Each page is measured BENCH_LH_RUNS times (default 3) and the median kept,
// as Lighthouse's own documentation advises for a score that varies from run to run.
//
//   BENCH_PAGE_URL   measure a server that is already running instead of starting one
//   CHROME_PATH      the browser (default: Debian's chromium)
//   BENCH_LH_RUNS    runs per page
//   BENCH_LH_PAGES   only these paths, comma-separated (e.g. /compute,/billing)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { logIn, withDemoApp } from "./support/servers";

const LIGHTHOUSE = "lighthouse@12.8.2";
const TARGET = 95;
const runs = Number(process.env.BENCH_LH_RUNS ?? 3);
const chrome = process.env.CHROME_PATH ?? ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((p) => fs.existsSync(p));

interface Audit {
  displayValue?: string;
}
interface Report {
  runtimeError?: { code: string; message: string };
  categories: { performance: { score: number } };
  audits: Record<string, Audit>;
}

/** One Lighthouse run; a run whose trace failed (NO_NAVSTART and the like, on a busy machine) is tried again. */
function lighthouse(url: string, cookie: string | undefined, attempts = 3): Report {
  const report = lighthouseOnce(url, cookie);
  if (!report.runtimeError) return report;
  if (attempts <= 1) throw new Error(`${url}: ${report.runtimeError.code} ${report.runtimeError.message}`);
  return lighthouse(url, cookie, attempts - 1);
}

function lighthouseOnce(url: string, cookie: string | undefined): Report {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lh-")), "report.json");
  const args = [
    "--yes",
    LIGHTHOUSE,
    url,
    "--only-categories=performance",
    "--chrome-flags=--headless=new --no-sandbox",
    "--output=json",
    `--output-path=${out}`,
    "--quiet",
  ];
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  execFileSync("npx", args, { env: { ...process.env, CHROME_PATH: chrome }, stdio: ["ignore", "ignore", "inherit"] });
  return JSON.parse(fs.readFileSync(out, "utf8")) as Report;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (!chrome) throw new Error("No Chromium found: install Debian's chromium or set CHROME_PATH");
  await withDemoApp(async (baseUrl) => {
    const owner = await logIn(baseUrl, "owner@xingyuan.test");
    const all: { label: string; path: string; cookie?: string; target: boolean }[] = [
      { label: "/ (anonymous)", path: "/", target: true },
      { label: "/services (anonymous)", path: "/services", target: true },
      { label: "/dashboard (owner)", path: "/dashboard", cookie: owner, target: true },
      { label: "/compute (owner)", path: "/compute", cookie: owner, target: false },
      { label: "/billing (owner)", path: "/billing", cookie: owner, target: false },
    ];
    const only = process.env.BENCH_LH_PAGES?.split(",");
    const pages = only ? all.filter((page) => only.includes(page.path)) : all;
    console.log(`Lighthouse ${LIGHTHOUSE.split("@")[1]}, mobile, median of ${runs} runs; load average ${os.loadavg()[0].toFixed(1)} at the start`);
    console.log("| page | score (runs) | FCP | LCP | TBT | CLS |");
    console.log("|---|---|---|---|---|---|");
    for (const page of pages) {
      const reports = Array.from({ length: runs }, () => lighthouse(baseUrl + page.path, page.cookie));
      const scores = reports.map((r) => Math.round(r.categories.performance.score * 100));
      const typical = reports[scores.indexOf(median(scores))];
      const shown = (id: string) => typical.audits[id]?.displayValue ?? "—";
      const mark = page.target ? (median(scores) >= TARGET ? " ✓" : " ✗") : "";
      console.log(
        `| ${page.label} | **${median(scores)}**${mark} (${scores.join(", ")}) | ${shown("first-contentful-paint")} | ${shown("largest-contentful-paint")} | ${shown("total-blocking-time")} | ${shown("cumulative-layout-shift")} |`,
      );
    }
    console.log(`\ntarget: ≥ ${TARGET} on the landing page, the catalogue and 工作台 (✓ / ✗)`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
