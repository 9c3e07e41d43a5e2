import { chromium } from "playwright-core";
const [,, email, lang, width, path] = process.argv;
const b = await chromium.launch({ executablePath: "/usr/lib/chromium/chromium", args: ["--no-sandbox"] });
const ctx = await b.newContext({ baseURL: "http://127.0.0.1:4391", viewport: { width: Number(width), height: 900 } });
const p = await ctx.newPage();
await p.goto("/login");
await p.locator("main form[method=post] input[name=email]").fill(email);
await p.locator("main form[method=post] input[name=password]").fill("haopu-demo-2026");
await p.locator("main form[method=post] button[type=submit]").click();
await p.waitForURL((u) => u.pathname !== "/login");
await p.waitForFunction(() => window.__remixRouter?.state.initialized);
if ((await p.locator("html").getAttribute("lang")) !== lang) { await p.locator('header form[action="/locale"] button').click(); await p.waitForFunction((l) => document.documentElement.lang === l, lang); }
await p.goto(path);
console.log(await p.evaluate(() => { const h = document.querySelector("header"); const nav = h.querySelector("nav"); return { header: h.outerHTML.slice(0, 1500), hh: h.getBoundingClientRect().height, nav: nav?.getBoundingClientRect().height, items: [...h.querySelectorAll("nav a, nav summary, nav button")].map(e => [e.textContent.trim(), Math.round(e.getBoundingClientRect().top), Math.round(e.getBoundingClientRect().height)]) }; }));
await p.screenshot({ path: `/tmp/hh/header-${lang}-${width}.png` });
await b.close();
