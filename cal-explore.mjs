import { chromium } from "playwright-core";
const [,, lang, width, path] = process.argv;
const b = await chromium.launch({ executablePath: "/usr/lib/chromium/chromium", args: ["--no-sandbox"] });
const ctx = await b.newContext({ baseURL: "http://127.0.0.1:4391", viewport: { width: Number(width), height: 900 } });
const p = await ctx.newPage();
await p.goto("/login");
await p.locator("main form[method=post] input[name=email]").fill("owner@pujiang.test");
await p.locator("main form[method=post] input[name=password]").fill("haopu-demo-2026");
await p.locator("main form[method=post] button[type=submit]").click();
await p.waitForURL((u) => u.pathname !== "/login");
await p.waitForFunction(() => window.__remixRouter?.state.initialized);
if ((await p.locator("html").getAttribute("lang")) !== lang) { await p.locator('header form[action="/locale"] button').click(); await p.waitForFunction((l) => document.documentElement.lang === l, lang); }
await p.goto(path);
console.log(JSON.stringify(await p.evaluate(() => [...document.querySelectorAll(".cal-state-short, .cal-state, .cal-legend li")].filter((el) => el.offsetParent && !el.querySelector(".cal-state-short")).map((el) => { const r = document.createRange(); r.selectNodeContents(el); const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top))); return [el.textContent.trim(), tops.size, Math.round(el.getBoundingClientRect().width), el.scrollWidth > el.clientWidth]; }).filter((x) => x[0]))));
await p.locator(".calendar").first().screenshot({ path: `/tmp/hh/cal-${lang}-${width}.png` });
await b.close();
