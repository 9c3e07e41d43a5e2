import { chromium } from "playwright-core";
const [,, email, ...paths] = process.argv;
const b = await chromium.launch({ executablePath: "/usr/lib/chromium/chromium", args: ["--no-sandbox"] });
const ctx = await b.newContext({ baseURL: "http://127.0.0.1:4391", viewport: { width: 1280, height: 900 } });
const p = await ctx.newPage();
await p.goto("/login");
await p.locator("main form[method=post] input[name=email]").fill(email);
await p.locator("main form[method=post] input[name=password]").fill("haopu-demo-2026");
await p.locator("main form[method=post] button[type=submit]").click();
await p.waitForURL((u) => u.pathname !== "/login");
await p.waitForFunction(() => window.__remixRouter?.state.initialized);
if ((await p.locator("html").getAttribute("lang")) !== "en") { await p.locator('header form[action="/locale"] button').click(); await p.waitForFunction((l) => document.documentElement.lang === l, "en"); }
for (const path of paths) {
  await p.goto(path);
  const cells = await p.evaluate(() => [...document.querySelectorAll("main td")].map((td) => (td.getAttribute("data-label") ?? "") + " | " + td.innerText.trim()).filter((x) => /[\u3400-\u9fff]/.test(x)));
  console.log("==", path, cells.length); console.log(cells.slice(0, 30).join("\n"));
}
await b.close();
