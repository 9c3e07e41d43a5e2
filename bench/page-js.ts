// `npm run bench:js`: the JavaScript each main page makes a browser load before it is interactive —
// the module scripts and modulepreload links in the served HTML — summed gzip-compressed (what
// Lighthouse reports as transferred; the server gzips with the compression middleware's level 6).
// Anonymous and signed in as owner@xingyuan.test, in Chinese and in English. Beside it, the bytes
// the server really sends a browser that accepts brotli (every current one; what Lighthouse counts
// as transferred): the build is compressed once at build time (app/server/precompress.js).
//
//   BENCH_PAGE_URL            measure a server that is already running (e.g. http://127.0.0.1:3000)
//                             instead of starting one on a scratch demo park
//   BENCH_PAGES_DATABASE_URL  / BENCH_DATABASE_URL: as for bench:pages
//   BENCH_JS_DETAIL=1         list every asset of every page
import http from "node:http";
import zlib from "node:zlib";
import { logIn, withDemoApp } from "./support/servers";

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

const servedSizes = new Map<string, number>();

/** Bytes on the wire for a browser sending Chrome's Accept-Encoding (not decompressed). */
function servedSize(baseUrl: string, asset: string): Promise<number> {
  const url = new URL(asset, baseUrl);
  const known = servedSizes.get(url.href);
  if (known !== undefined) return Promise.resolve(known);
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": "gzip, deflate, br, zstd" } }, (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => (bytes += chunk.length));
        response.on("end", () => {
          if (response.statusCode !== 200) return reject(new Error(`${url.href} answered ${response.statusCode}`));
          servedSizes.set(url.href, bytes);
          resolve(bytes);
        });
      })
      .on("error", reject);
  });
}

async function pageJs(baseUrl: string, path: string, cookie: string | undefined) {
  const response = await fetch(baseUrl + path, { headers: cookie ? { Cookie: cookie } : {} });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  const scripts = scriptsOf(await response.text());
  const sizes = await Promise.all(scripts.map(async (s) => ({ asset: s, bytes: await gzipSize(baseUrl, s), served: await servedSize(baseUrl, s) })));
  return {
    total: sizes.reduce((sum, s) => sum + s.bytes, 0),
    served: sizes.reduce((sum, s) => sum + s.served, 0),
    sizes: sizes.sort((a, b) => b.bytes - a.bytes),
  };
}

async function main() {
  await withDemoApp(async (baseUrl) => {
    const owner = await logIn(baseUrl, OWNER);
    const english = "lng=ImVuIg%3D%3D"; // the language cookie holding "en"
    const rows: { label: string; path: string; cookie?: string }[] = [
      { label: "/ (anonymous)", path: "/" },
      { label: "/services (anonymous)", path: "/services" },
      { label: "/ (anonymous, English)", path: "/", cookie: english },
      { label: "/services (anonymous, English)", path: "/services", cookie: english },
      ...["/", "/services", "/dashboard", "/compute", "/billing"].map((p) => ({ label: `${p} (owner)`, path: p, cookie: owner })),
    ];
    console.log("| page | JS, gzip kB | JS as served to a browser (brotli), kB | scripts |");
    console.log("|---|---|---|---|");
    for (const row of rows) {
      const { total, served, sizes } = await pageJs(baseUrl, row.path, row.cookie);
      console.log(`| ${row.label} | ${(total / 1024).toFixed(1)} | ${(served / 1024).toFixed(1)} | ${sizes.length} |`);
      if (process.env.BENCH_JS_DETAIL === "1") for (const s of sizes) console.log(`|   ${s.asset} | ${(s.bytes / 1024).toFixed(1)} | ${(s.served / 1024).toFixed(1)} | |`);
    }
    console.log(`\ntarget: ≤ ${LIMIT_KB} kB on / and /services`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
