import { chromium } from "playwright-core";
const [,, email, lang, width, ...paths] = process.argv;
const b = await chromium.launch({ executablePath: "/usr/lib/chromium/chromium", args: ["--no-sandbox"] });
const ctx = await b.newContext({ baseURL: "http://127.0.0.1:4391", viewport: { width: Number(width), height: 900 }, locale: lang });
const p = await ctx.newPage();
await p.goto("/login");
await p.locator("main form[method=post] input[name=email]").fill(email);
await p.locator("main form[method=post] input[name=password]").fill("haopu-demo-2026");
await p.locator("main form[method=post] button[type=submit]").click();
await p.waitForURL((u) => u.pathname !== "/login");
if (lang === "en" && (await p.locator("html").getAttribute("lang")) !== "en") { await p.waitForFunction(() => window.__remixRouter?.state.initialized); await p.locator('header form[action="/locale"] button').click(); await p.waitForFunction(() => document.documentElement.lang === "en"); }
if (lang !== "en" && (await p.locator("html").getAttribute("lang")) === "en") { await p.waitForFunction(() => window.__remixRouter?.state.initialized); await p.locator('header form[action="/locale"] button').click(); await p.waitForFunction(() => document.documentElement.lang !== "en"); }
for (const path of paths) {
  const r = await p.goto(path);
  console.log("==", path, r.status());
  console.log((await p.locator("main").innerText()).slice(0, 3000));
  await p.screenshot({ path: `/tmp/hh/${path.replace(/\W+/g, "_")}-${lang}-${width}.png`, fullPage: false });
}
await b.close();
