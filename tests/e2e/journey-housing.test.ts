// Talent apartments, walked as an employee, a company's owner and admin, and the park's housing
// office would, in Chinese and English, at 375 and 1280 px (issue 16, points 15–18 and 22): the
// lease to sign is one click from /housing and from its notification, statuses agree (待签约 until
// signed, 待生效 before the first day), an owner applies for an employee and nobody confirms their
// own application, a second overlapping lease is flagged to every party, every notification link
// of every demo user opens, costs count every month a lease ran, amounts read ¥3,112.34, the
// English header fits one line, calendar labels never break inside a word, and English ledgers
// carry no Chinese.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parkStaff, demoTenants } from "#db/seed/demo-park";
import { residentIdCheckCharacter } from "~/modules/platform/resident-id";
import { fillLoginForm, launchBrowser, newContext, newPage, screenshot, waitForHydration, waitForPath } from "./support";

const PHONE = { width: 375, height: 800 };
const LAPTOP = { width: 1280, height: 800 };
/** Han characters and Chinese punctuation, which an English ledger line never shows. */
const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e]/;
/** An amount as people read it: ¥3,112.34. */
const FORMATTED_AMOUNT = /^¥\d{1,3}(,\d{3})*\.\d{2}$/;

let browser: Browser;
const open = new Set<Actor>();

interface Actor {
  context: BrowserContext;
  page: Page;
  errors: string[];
  language: "zh-CN" | "en";
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const actor of [...open]) await leave(actor);
  await browser?.close();
});

async function switchLanguage(page: Page, language: "en" | "zh-CN") {
  await waitForHydration(page);
  if ((await page.locator("html").getAttribute("lang")) === language) return;
  await page.locator('header form[action="/locale"] button').click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language, { timeout: 15_000 });
}

/** Logs in (wherever the person lands) in a context of their own, in the language asked for. */
async function enter(email: string, viewport = PHONE, language: "zh-CN" | "en" = "zh-CN"): Promise<Actor> {
  const context = await newContext(browser, { viewport });
  const { page, errors } = await newPage(context);
  await page.goto("/login");
  await fillLoginForm(page, email, "haopu-demo-2026");
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 });
  await switchLanguage(page, language);
  const actor = { context, page, errors, language };
  open.add(actor);
  return actor;
}

/** The language is remembered on the account: an English reader goes back to Chinese for the other tests. */
async function leave(actor: Actor) {
  if (!open.delete(actor)) return;
  if (actor.language === "en") {
    await actor.page.goto("/notifications");
    await switchLanguage(actor.page, "zh-CN");
  }
  await actor.context.close();
}

/** Photographs the page at both widths, ending at the width it was at. */
async function photograph(page: Page, name: string) {
  const size = page.viewportSize() ?? PHONE;
  for (const [label, viewport] of [["375", PHONE], ["1280", LAPTOP]] as const) {
    await page.setViewportSize(viewport);
    await screenshot(page, `${name}-${label}`);
  }
  await page.setViewportSize(size);
}

/** The newest notification whose text matches, and the href it links to. */
async function notificationLink(page: Page, text: RegExp) {
  await page.goto("/notifications");
  const row = page.locator("main li", { hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  const href = await row.locator("a").first().getAttribute("href");
  expect(href, `notification "${text}" has a link`).toBeTruthy();
  return { row, href: href! };
}

/** Every ¥ amount in a text, each of which must read ¥3,112.34. */
function unformattedAmounts(text: string) {
  return (text.match(/¥[\d,.]+/g) ?? []).map((a) => a.replace(/[.,]$/, "")).filter((a) => !FORMATTED_AMOUNT.test(a));
}

/** A valid demo resident ID number (GB 11643 check character). */
function residentId(seed: number) {
  const first17 = `31010119900${String(101 + (seed % 800)).padStart(3, "0")}${String(100 + seed).slice(-3)}`.slice(0, 17);
  return first17 + residentIdCheckCharacter(first17);
}

async function signLeaseHere(page: Page, signLabel: RegExp) {
  const form = page.locator("[data-testid=sign-form]");
  await form.locator("input[name=agree]").check();
  await form.getByRole("button", { name: signLabel }).click();
  await page.waitForURL((url) => url.search.includes("done=signed"), { timeout: 15_000 });
  await waitForHydration(page);
}

describe("an employee accepts an offer and signs the lease (zh, 375 px)", () => {
  test("the lease is one click away on /housing and in the notification; 待签约 until signed, 待生效 before the first day", async () => {
    const owner = await enter("owner@jingjie.test", PHONE);
    const { page, errors } = owner;
    await page.goto("/housing");
    await waitForHydration(page);
    const offer = page.locator("[data-testid=open-offer]").first();
    await offer.getByRole("button", { name: "接受并生成租约" }).click();
    await waitForPath(page, "/housing");
    // On /housing the lease to sign is right there: its signing form, or a link to it.
    await expect.poll(() => page.locator("[data-testid=sign-form], [data-testid=leases-to-sign] a").count()).toBeGreaterThan(0);
    const application = page.locator("[data-testid=my-application]").first();
    // The application agrees with its lease: not 已签约 before the lease is signed.
    expect(await application.locator(".badge").innerText()).toBe("待签约");
    const applicationHref = await application.locator("a").first().getAttribute("href");
    await photograph(page, "journey-housing-accepted-zh");

    // The notification links straight to the lease, whose page has the signing form.
    const { href } = await notificationLink(page, /请在线签署/);
    expect(href).toMatch(/^\/housing\/leases\/[0-9a-f-]{36}$/);
    await page.goto(href);
    await waitForHydration(page);
    await signLeaseHere(page, /签署租约/);
    // It starts in ten days: 待生效, not 生效中.
    await expect.poll(() => page.locator("[data-testid=my-lease] .badge").first().innerText()).toBe("待生效");
    await photograph(page, "journey-housing-signed-zh");

    await page.goto(applicationHref!);
    await waitForHydration(page);
    expect(await page.locator(".page-header .badge").innerText()).toBe("已签约");
    expect(await page.locator("[data-testid=application-lease] .badge").innerText()).toBe("待生效");
    expect(errors).toEqual([]);
    await leave(owner);
  });
});

describe("an owner accepts an offer made today (en, 1280 px)", () => {
  test("the housing office offers a unit; the owner signs from the notification; the statuses agree in English", async () => {
    const office = await enter("housing@haopu.test", LAPTOP);
    await office.page.goto("/housing/console/waitlist");
    await waitForHydration(office.page);
    const row = office.page.locator("[data-testid=waitlist-row]", { hasText: "林青焰" });
    await row.locator("summary").first().click();
    const form = row.locator("[data-testid=offer-form]");
    const firstPlace = await form.locator("select[name=place] option:not([value=''])").first().getAttribute("value");
    await form.locator("select[name=place]").selectOption(firstPlace!);
    await form.locator("input[name=reason]").fill("排队靠前，一室户空出");
    await form.locator("button[type=submit]").click();
    await office.page.waitForURL((url) => url.search.includes("done=offered"));
    await leave(office);

    const owner = await enter("owner@qingyan.test", LAPTOP, "en");
    const { page, errors } = owner;
    await page.goto("/housing");
    await waitForHydration(page);
    await page.locator("[data-testid=open-offer]").first().getByRole("button", { name: "Accept and create the lease" }).click();
    await waitForPath(page, "/housing");
    await expect.poll(() => page.locator("[data-testid=sign-form], [data-testid=leases-to-sign] a").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=my-application] .badge").first().innerText()).toBe("Lease to sign");
    await photograph(page, "journey-housing-accepted-en");

    const { href } = await notificationLink(page, /Please sign it online/);
    expect(href).toMatch(/^\/housing\/leases\//);
    await page.goto(href);
    await waitForHydration(page);
    await signLeaseHere(page, /Sign the lease/);
    await expect.poll(() => page.locator("[data-testid=my-lease] .badge").first().innerText()).toBe("Upcoming");
    await page.goto("/housing");
    expect(await page.locator("[data-testid=my-application] .badge").first().innerText()).toBe("Lease signed");
    await photograph(page, "journey-housing-signed-en");
    expect(errors).toEqual([]);
    await leave(owner);
  });
});

describe("the company's housing costs and amounts (zh and en)", () => {
  test("住房费用 counts every month a lease ran; every amount reads ¥3,112.34; 公司确认, never 背书", async () => {
    for (const [language, viewport] of [["zh-CN", PHONE], ["en", LAPTOP]] as const) {
      const owner = await enter("owner@qingyan.test", viewport, language);
      const { page } = owner;
      await page.goto("/housing/company");
      await waitForHydration(page);
      const costs = page.locator("[data-testid=costs] tbody tr");
      const rows = await costs.count();
      expect(rows).toBe(6);
      // 青焰's first lease began five months ago: every one of the six months had a lease running.
      for (let i = 0; i < rows; i++) {
        const cells = await costs.nth(i).locator("td").allInnerTexts();
        expect(Number(cells[1]), `leases in ${cells[0]}`).toBeGreaterThan(0);
        expect(cells[2], `rent in ${cells[0]}`).not.toMatch(/^¥0\.00$/);
      }
      expect(unformattedAmounts(await page.locator("main").innerText())).toEqual([]);
      await page.goto("/notifications");
      const notices = await page.locator("main").innerText();
      expect(notices).toMatch(/¥\d/);
      expect(unformattedAmounts(notices)).toEqual([]);
      if (language === "zh-CN") {
        expect(notices).not.toContain("背书");
        for (const path of ["/housing", "/housing/company", "/housing/apply", "/dashboard"]) {
          await page.goto(path);
          expect(await page.locator("main").innerText(), path).not.toContain("背书");
        }
      } else {
        expect(notices.toLowerCase()).not.toContain("endors");
      }
      await photograph(page, `journey-housing-notifications-${language}`);
      await leave(owner);
    }
  });
});

describe("applying for someone else; nobody confirms their own (zh 1280, en 375)", () => {
  test("an owner applies for an employee who already holds a lease: flagged to the owner, the employee and the office; the office confirms", async () => {
    const owner = await enter("owner@qiwu.test", LAPTOP);
    const { page } = owner;
    await page.goto("/housing/apply");
    await waitForHydration(page);
    await page.locator("[data-testid=for-whom] select").selectOption({ label: "陆小满 · 编剧" });
    await page.locator("select[name=unitType]").selectOption("studio");
    await page.locator("input[name='residents[0].name']").fill("陆小满");
    await page.locator("input[name='residents[0].idNumber']").fill(residentId(7));
    await page.locator("input[name='residents[0].phone']").fill("13916000777");
    await page.locator("main form button[type=submit]").last().click();
    await waitForPath(page, /^\/housing\/applications\/[0-9a-f-]{36}/);
    const applicationPath = new URL(page.url()).pathname;
    const applicationId = applicationPath.split("/").pop()!;
    // The writer already lives in 1-401 on these dates: the owner is told at once.
    await page.locator("[data-testid=lease-overlap]").waitFor();
    // The owner applied: he cannot confirm it, and with no other admin the park's office does.
    expect(await page.locator("[data-testid=endorse-panel]").count()).toBe(0);
    expect(await page.locator("[data-testid=not-yours-to-confirm]").innerText()).toContain("公寓管理处");
    await photograph(page, "journey-housing-on-behalf-zh");
    await leave(owner);

    const employee = await enter("writer@qiwu.test", PHONE);
    const forMe = await notificationLink(employee.page, /代你提交/);
    expect(forMe.href).toBe(applicationPath);
    const overlap = await notificationLink(employee.page, /重叠/);
    expect(overlap.href).toBe(applicationPath);
    await employee.page.goto(applicationPath);
    await employee.page.locator("[data-testid=lease-overlap]").waitFor();
    await leave(employee);

    const office = await enter("housing@haopu.test", LAPTOP);
    const flagged = await notificationLink(office.page, /重叠/);
    expect(flagged.href).toBe(`/housing/console/applications/${applicationId}`);
    const needsPark = await notificationLink(office.page, /请公寓管理处确认/);
    expect(needsPark.href).toBe(flagged.href);
    const response = await office.page.goto(flagged.href);
    expect(response?.status()).toBe(200);
    await waitForHydration(office.page);
    await office.page.locator("[data-testid=lease-overlap]").waitFor();
    await office.page.locator("[data-testid=park-confirm] button").click();
    await office.page.waitForURL((url) => url.search.includes("done=confirmed"));
    await expect.poll(() => office.page.locator("main .card-header .badge").first().innerText()).toBe("排队中");
    await photograph(office.page, "journey-housing-office-confirms-zh");
    await leave(office);
  });

  test("an owner applying for themself cannot confirm it; another admin does (en, 375 px)", async () => {
    const owner = await enter("owner@xingyuan.test", PHONE, "en");
    const { page } = owner;
    await page.goto("/housing/apply");
    await waitForHydration(page);
    await page.locator("select[name=unitType]").selectOption("two_bedroom");
    await page.locator("input[name='residents[0].idNumber']").fill(residentId(9));
    await page.locator("input[name='residents[0].phone']").fill("13916000999");
    await page.locator("main form button[type=submit]").last().click();
    await waitForPath(page, /^\/housing\/applications\/[0-9a-f-]{36}/);
    const applicationPath = new URL(page.url()).pathname;
    expect(await page.locator("[data-testid=endorse-panel]").count()).toBe(0);
    expect(await page.locator("[data-testid=not-yours-to-confirm]").innerText()).toMatch(/another owner or admin/i);
    await photograph(page, "journey-housing-own-application-en");
    await leave(owner);

    const cto = await enter("cto@xingyuan.test", PHONE, "en");
    const asked = await notificationLink(cto.page, /please confirm it/i);
    expect(asked.href).toBe(applicationPath);
    await cto.page.goto(applicationPath);
    await waitForHydration(cto.page);
    cto.page.once("dialog", (dialog) => void dialog.accept());
    await cto.page.locator("[data-testid=endorse-panel]").getByRole("button", { name: "Confirm" }).click();
    await cto.page.waitForURL((url) => url.search.includes("done=endorsed"));
    await expect.poll(() => cto.page.locator(".page-header .badge").innerText()).toBe("On the waitlist");
    await leave(cto);
  });
});

describe("every link a notification or the housing console shows opens", () => {
  const founders = Array.from({ length: 15 }, (_, i) => `founder${i + 1}@apply.test`);
  const everyone = [...parkStaff.map((p) => p.email), ...demoTenants.flatMap((t) => t.people.map((p) => p.email)), ...founders];

  test(
    "for each demo user, each notification's link answers 200",
    async () => {
      const broken: string[] = [];
      for (const email of everyone) {
        const actor = await enter(email, LAPTOP);
        await actor.page.goto("/notifications");
        const hrefs = [...new Set(await actor.page.locator("main li a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? "")))].filter((h) => h.startsWith("/"));
        for (const href of hrefs) {
          const response = await actor.page.request.get(href, { maxRedirects: 0 });
          if (response.status() !== 200) broken.push(`${email}: ${href} → ${response.status()}`);
        }
        await leave(actor);
      }
      expect(broken).toEqual([]);
    },
    600_000,
  );

  test("the housing office's console pages link only to pages that open", async () => {
    const office = await enter("housing@haopu.test", LAPTOP);
    const broken: string[] = [];
    const seen = new Set<string>();
    for (const tab of ["", "/map", "/waitlist", "/offers", "/leases", "/arrears", "/repairs", "/units", "/quotas"]) {
      await office.page.goto(`/housing/console${tab}`);
      const hrefs = await office.page.locator("main a[href^='/housing']").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      for (const href of hrefs) {
        if (seen.has(href)) continue;
        seen.add(href);
        const response = await office.page.request.get(href, { maxRedirects: 0 });
        if (response.status() !== 200) broken.push(`${tab || "/"}: ${href} → ${response.status()}`);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(broken).toEqual([]);
    await leave(office);
  }, 300_000);
});

describe("everywhere (point 22)", () => {
  test("the English header fits one line at 1280 px", async () => {
    for (const email of ["owner@qingyan.test", "admin@haopu.test", "housing@haopu.test"]) {
      const actor = await enter(email, LAPTOP, "en");
      await actor.page.goto("/dashboard");
      await waitForHydration(actor.page);
      const layout = await actor.page.evaluate(() => {
        const nav = document.querySelector("header nav.main-nav")!;
        const items = [...nav.querySelectorAll(":scope > ul > li, :scope > ul > li > details > summary, .nav-user-menu > summary")].filter((el) => (el as HTMLElement).offsetParent !== null);
        const tops = items.map((el) => Math.round(el.getBoundingClientRect().top));
        const link = nav.querySelector("ul > li > a")!.getBoundingClientRect().height;
        return { spread: Math.max(...tops) - Math.min(...tops), navHeight: nav.getBoundingClientRect().height, link };
      });
      // One line: every entry starts on the same row, and the bar is no taller than the account menu's two short lines.
      expect(layout.spread, `${email}: header entries on more than one line`).toBeLessThanOrEqual(4);
      expect(layout.navHeight, `${email}: header nav wraps`).toBeLessThan(layout.link * 1.6);
      await screenshot(actor.page, `journey-housing-header-${email.split("@")[0]}-en-1280`);
      await leave(actor);
    }
  });

  test("calendar labels never break inside a word, at 375 and 1280 px, in zh and en", async () => {
    for (const language of ["zh-CN", "en"] as const) {
      const actor = await enter("owner@pujiang.test", PHONE, language);
      for (const viewport of [PHONE, LAPTOP]) {
        await actor.page.setViewportSize(viewport);
        await actor.page.goto("/services/huanghe-road-day");
        await actor.page.locator(".cal-month").first().waitFor();
        const broken = await actor.page.evaluate(() => {
          const lines = (el: Element) => {
            const tops = new Set<number>();
            for (const node of el.childNodes) {
              if (node.nodeType !== Node.TEXT_NODE || !node.textContent?.trim()) continue;
              const range = document.createRange();
              range.selectNodeContents(node);
              for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top / 4));
            }
            return tops.size;
          };
          const labels = [...document.querySelectorAll(".cal-state, .cal-state > span, .cal-legend li")].filter((el) => (el as HTMLElement).offsetParent !== null);
          // A label breaks inside a word when one word (a CJK label is one word) spans two lines.
          return labels
            .filter((el) => {
              const text = el.textContent!.trim();
              const words = /[\u3400-\u9fff]/.test(text) ? 1 : text.split(/\s+/).length;
              return lines(el) > words;
            })
            .map((el) => el.textContent!.trim());
        });
        expect(broken, `${language} at ${viewport.width} px`).toEqual([]);
        await screenshot(actor.page, `journey-housing-calendar-${language}-${viewport.width}`);
      }
      await leave(actor);
    }
  });

  test("English ledgers have no Chinese left: the credits statement and invoice lines", async () => {
    const ai = await enter("owner@xingyuan.test", LAPTOP, "en");
    await ai.page.goto("/compute/statement");
    const statement = await ai.page.locator("main td").allInnerTexts();
    expect(statement.length).toBeGreaterThan(0);
    expect(statement.filter((cell) => CHINESE.test(cell))).toEqual([]);
    await leave(ai);

    // 疾风's stunt coordinator pays his own rent: his invoice lines once carried his name in Chinese.
    const owner = await enter("owner@jifeng.test", LAPTOP, "en");
    await owner.page.goto("/billing");
    const invoices = [...new Set(await owner.page.locator("main a[href^='/billing/invoices/']").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? "")))];
    expect(invoices.length).toBeGreaterThan(0);
    const chinese: string[] = [];
    for (const href of invoices) {
      await owner.page.goto(href);
      for (const cell of await owner.page.locator("main table td").allInnerTexts()) if (CHINESE.test(cell)) chinese.push(`${href}: ${cell}`);
    }
    expect(chinese).toEqual([]);
    await leave(owner);
  }, 180_000);
});
