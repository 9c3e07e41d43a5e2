// `npm run bench:js`: the JavaScript each main page makes a browser load before it is interactive —
// the module scripts and modulepreload links in the served HTML — summed gzip-compressed (what
// Lighthouse reports as transferred; the server gzips with the compression middleware's level 6).
// Anonymous and signed in as owner@xingyuan.test, in Chinese and in English.
//
//   BENCH_PAGE_URL            measure a server that is already running (e.g. http://127.0.0.1:3000)
//                             instead of starting one on a scratch demo park
//   BENCH_PAGES_DATABASE_URL  / BENCH_DATABASE_URL: as for bench:pages
//   BENCH_JS_DETAIL=1         list every asset of every page
import zlib from "node:zlib";
import { demoParkDatabase, ensureAppBuild, logIn, startApp, type Running } from "./support/servers";

const OWNER = "owner@xingyuan.test";
const LIMIT_KB = 100;

/** Every script a page loads up front: `<script type="module" src>`, `<link rel="modulepreload">` and `import "…"` in inline modules. */
export function scriptsOf(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]*>/g)) {
    const href = /href="([^"]+)"/.exec(m[0]);
    if (href) found.add(href[1]);
  }
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) found.add(m[1]);
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const i of m[1].matchAll(/import(?:\s*\*\s*as\s+\w+\s+from)?\s*["']([^"']+\.js)["']/g)) found.add(i[1]);
  }
  return [...found];
}

const gzipSizes = new Map<string, number>();

async function gzipSize(baseUrl: string, asset: string) {
  const url = new URL(asset, baseUrl).toString();
  let size = gzipSizes.get(url);
  if (size === undefined) {
    const response = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    size = zlib.gzipSync(Buffer.from(await response.arrayBuffer()), { level: 6 }).length;
    gzipSizes.set(url, size);
  }
  return size;
}

async function pageJs(baseUrl: string, path: string, cookie: string | undefined) {
  const response = await fetch(baseUrl + path, { headers: cookie ? { Cookie: cookie } : {} });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  const scripts = scriptsOf(await response.text());
  const sizes = await Promise.all(scripts.map(async (s) => ({ asset: s, bytes: await gzipSize(baseUrl, s) })));
  return { total: sizes.reduce((sum, s) => sum + s.bytes, 0), sizes: sizes.sort((a, b) => b.bytes - a.bytes) };
}

async function main() {
  let running: Running | undefined;
  let drop = async () => {};
  let baseUrl = process.env.BENCH_PAGE_URL;
  try {
    if (!baseUrl) {
      ensureAppBuild();
      const database = await demoParkDatabase();
      drop = database.drop;
      running = await startApp(database.url);
      baseUrl = running.url;
    }
    const owner = await logIn(baseUrl, OWNER);
    const english = "lng=ImVuIg%3D%3D"; // the language cookie holding "en"
    const rows: { label: string; path: string; cookie?: string }[] = [
      { label: "/ (anonymous)", path: "/" },
      { label: "/services (anonymous)", path: "/services" },
      { label: "/ (anonymous, English)", path: "/", cookie: english },
      { label: "/services (anonymous, English)", path: "/services", cookie: english },
      ...["/", "/services", "/dashboard", "/compute", "/billing"].map((p) => ({ label: `${p} (owner)`, path: p, cookie: owner })),
    ];
    console.log("| page | JS, gzip kB | scripts |");
    console.log("|---|---|---|");
    for (const row of rows) {
      const { total, sizes } = await pageJs(baseUrl, row.path, row.cookie);
      console.log(`| ${row.label} | ${(total / 1024).toFixed(1)} | ${sizes.length} |`);
      if (process.env.BENCH_JS_DETAIL === "1") for (const s of sizes) console.log(`|   ${s.asset} | ${(s.bytes / 1024).toFixed(1)} | |`);
    }
    console.log(`\ntarget: ≤ ${LIMIT_KB} kB on / and /services`);
  } finally {
    await running?.stop();
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
