// The talent-apartment and company-registration pages in English, as each role reaches them: a
// tenant owner (青焰), a resident with a lease and a repair, the housing office, the registration
// desk, and founders following their cases. Every page is opened after switching the language in
// the header, at 375 px and 1280 px, and photographed (test-output/screenshots/*-en-375.png and
// *-en-1280.png). On each: no console errors, nothing wider than a phone, and no Chinese left in
// the interface — headings, table headers, labels, buttons, tabs, status badges, hints — while data
// people typed or the park named in Chinese (people, companies, addresses, notes) may stay Chinese.
// Only reads and refused forms: nothing here changes the demo park for the other browser tests.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { launchBrowser, login, newContext, newPage, OWNER_EMAIL, screenshot, waitForHydration } from "./support";

const PHONE = { width: 375, height: 800 };
const LAPTOP = { width: 1280, height: 800 };
const RESIDENT_EMAIL = "artist@qingyan.test";
const HOUSING_EMAIL = "housing@haopu.test";
const DESK_EMAIL = "registration@haopu.test";
/** Founders with cases in the demo park: one still filling the intake, one the desk is waiting on. */
const FOUNDER_INTAKE_EMAIL = "founder1@apply.test";
const FOUNDER_WAITING_EMAIL = "founder15@apply.test";
/** Admitted, not registered yet, no case of their own (registration.test.ts opens one). */
const FOUNDER_NEW_EMAIL = "founder11@apply.test";
/** A tenant moving its registered address into the park: its case shows on the company profile. */
const RELOCATING_OWNER_EMAIL = "owner@haipai.test";

let browser: Browser;
const readers = new Set<Reader>();

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  // Readers a failed test left open still get their language back.
  for (const reader of [...readers]) await closeReader(reader);
  await browser?.close();
});

/** Han characters and Chinese punctuation (、。「」（）：，), which an English interface never shows. */
const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e]/;

/**
 * Text of the interface, which must be English: headings, table and list headers, labels, buttons,
 * links that act as tabs or steps, status badges, hints and notices. Tables' cells, descriptions'
 * values and paragraphs of data are left out: they hold what people entered.
 */
const INTERFACE = [
  "main h1",
  "main h2",
  "main h3",
  "main h4",
  "main th",
  "main dt",
  "main label",
  "main legend",
  "main summary",
  "main button",
  "main option",
  "main .status",
  "main [class*='-status']",
  "main .hint",
  "main .notice",
  "main .empty-state",
  "main .tabs a",
  "main nav a",
  "main .intake-steps a",
  "main .step-label",
  "main .field-errors",
  "main .form-errors",
  "main caption",
  "main input[placeholder]",
].join(", ");

/**
 * What may stay Chinese inside interface text because it is data: company names, people's names
 * (two to four characters standing alone, or after "#n ·" in a waitlist), the park's registered
 * addresses, and anything quoted or in brackets after English words (a reason someone typed).
 */
const DATA: RegExp[] = [
  /[\u4e00-\u9fff（）()]{2,40}(有限公司|工作室|（个人独资）|（上海）有限公司|文化|影业|科技)/g,
  /上海市[\u4e00-\u9fff\d\s]+室/g,
  /「[^」]*」/g,
  /“[^”]*”/g,
  /\([^)]*[\u4e00-\u9fff][^)]*\)/g,
];
/** A person's name alone, perhaps with "(me)" or a role after it. */
const PERSON = /^[\u4e00-\u9fff]{2,4}(\s*\([A-Za-z ]+\))?$/;

function chineseLeft(text: string): string | null {
  let rest = text;
  for (const pattern of DATA) rest = rest.replace(pattern, "");
  // A name on its own, or one part of "name · company · …".
  const parts = rest.split(/\s*[·,/|]\s*|\s{2,}|\n/).filter((part) => CHINESE.test(part) && !PERSON.test(part.trim().replace(/^#\d+\s*/, "")));
  return parts.length ? parts.join(" | ") : null;
}

/** Fails with the elements of the interface that still read in Chinese. */
async function expectEnglishInterface(page: Page, allowed: RegExp[] = []) {
  const texts = await page.evaluate((selector) => {
    const seen = new Set<Element>();
    const found: { tag: string; text: string }[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (seen.has(el)) continue;
      seen.add(el);
      // A data cell of the articles draft, or text marked as data in another language.
      if (el.closest("[lang]:not(html)")?.getAttribute("lang")?.startsWith("zh")) continue;
      const text = el instanceof HTMLInputElement ? el.placeholder : el.innerText || el.textContent || "";
      if (text.trim()) found.push({ tag: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().replace(/\s+/g, ".")}` : ""}`, text: text.trim() });
    }
    return found;
  }, INTERFACE);
  const problems = texts
    .map(({ tag, text }) => {
      let rest = text;
      for (const pattern of allowed) rest = rest.replace(pattern, "");
      const left = chineseLeft(rest);
      return left ? `${tag}: ${left}` : null;
    })
    .filter((p): p is string => p !== null);
  expect([...new Set(problems)], `Chinese left on ${new URL(page.url()).pathname}`).toEqual([]);
}

/**
 * Fails when a date or a month is shown as ISO ("2026-11-26", "2026-11") instead of in words
 * ("26 Nov 2026", "Nov 2026"). Lease-terms versions ("terms version 2026-11") are names, not dates.
 */
async function expectDatesInWords(page: Page) {
  const texts = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.querySelector("main")!, NodeFilter.SHOW_TEXT);
    const found: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("[lang^='zh'], script, style, option") || parent.getClientRects().length === 0) continue;
      if (node.textContent?.trim()) found.push(node.textContent.trim());
    }
    return found;
  });
  const iso = texts
    .map((text) => text.replace(/version \d{4}-\d{2}/gi, ""))
    .filter((text) => /(^|[^\w-])\d{4}-\d{2}(-\d{2})?(?![\w-])/.test(text));
  expect(iso, `ISO dates on ${new URL(page.url()).pathname}`).toEqual([]);
}

/** Fails with the widest elements when the page scrolls sideways at 375 px (own scroll boxes excepted). */
async function expectFitsPhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > PHONE.width) {
    const wide = await page.evaluate((limit) => {
      return [...document.querySelectorAll<HTMLElement>("body *")]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5 && !el.closest(".table-wrap, .map-scroll, .cal-scroll, .unit-photos"))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).replace(/\s+/g, ".")} → ${Math.round(el.getBoundingClientRect().right)} px`);
    }, PHONE.width);
    expect.fail(`${new URL(page.url()).pathname} is ${width} px wide at 375 px in English: ${wide.join("; ")}`);
  }
}

/**
 * Fails when longer English words break the layout without widening the page: text cut off with
 * an ellipsis, or a row of tabs that wrapped and runs under what follows it.
 */
async function expectNothingCutOrCovered(page: Page) {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("main *")) {
      if (getComputedStyle(el).textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1) found.push(`cut off: “${el.textContent?.trim()}”`);
    }
    for (const tabs of document.querySelectorAll<HTMLElement>("main .tabs")) {
      const bottom = Math.max(...[...tabs.querySelectorAll("a")].map((a) => a.getBoundingClientRect().bottom));
      let host: HTMLElement | null = tabs;
      while (host && !host.nextElementSibling) host = host.parentElement;
      const next = host?.nextElementSibling;
      if (next && next.getBoundingClientRect().height > 0 && next.getBoundingClientRect().top < bottom - 1) found.push(`tabs run under ${next.tagName.toLowerCase()}.${next.className}`);
    }
    return found;
  });
  expect(problems, `layout on ${new URL(page.url()).pathname}`).toEqual([]);
}

interface Reader {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** Presses the header's language button until the page is in `language`. */
async function switchLanguage(page: Page, language: "en" | "zh-CN") {
  await waitForHydration(page);
  if ((await page.locator("html").getAttribute("lang")) === language) return;
  const button = page.locator('header form[action="/locale"] button');
  await button.click();
  // Also used in hooks, where expect.poll is not allowed.
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language, { timeout: 15_000 });
  await page.waitForFunction(
    (label) => document.querySelector('header form[action="/locale"] button')?.textContent?.trim() === label,
    language === "en" ? "中文" : "English",
    { timeout: 15_000 },
  );
}

/** Logs in on a phone-sized screen and switches to English with the header's language button. */
async function englishReader(email: string): Promise<Reader> {
  const context = await newContext(browser, { viewport: PHONE });
  const { page, errors } = await newPage(context);
  await login(page, email);
  const reader = { context, page, errors };
  readers.add(reader);
  await switchLanguage(page, "en");
  return reader;
}

/** The language is remembered on the account: it goes back to Chinese, which the other browser tests read. */
async function closeReader(reader: Reader | undefined) {
  if (!reader || !readers.delete(reader)) return;
  await reader.page.goto("/dashboard");
  await switchLanguage(reader.page, "zh-CN");
  await reader.context.close();
}

/**
 * Opens a path in English and checks it at 375 px (fits, English interface, no console errors)
 * and photographs it at 375 and 1280 px. Returns the page's main text.
 */
async function review(reader: Reader, path: string, name: string, options: { allowed?: RegExp[] } = {}) {
  const { page, errors } = reader;
  await page.setViewportSize(PHONE);
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await waitForHydration(page);
  await page.evaluate(() => document.fonts.ready);
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  await expectFitsPhone(page);
  await expectNothingCutOrCovered(page);
  await expectEnglishInterface(page, options.allowed);
  await expectDatesInWords(page);
  await screenshot(page, `${name}-en-375`);
  await page.setViewportSize(LAPTOP);
  await expectNothingCutOrCovered(page);
  await screenshot(page, `${name}-en-1280`);
  await page.setViewportSize(PHONE);
  expect(errors, `console errors on ${path}`).toEqual([]);
  return page.locator("main").innerText();
}

/** The hrefs of links in <main> matching a pattern, in page order, without repeats. */
async function linksTo(page: Page, pattern: RegExp): Promise<string[]> {
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((href) => pattern.test(href)))];
}

describe("a tenant owner (青焰) in English", () => {
  let reader: Reader;

  beforeAll(async () => {
    reader = await englishReader(OWNER_EMAIL);
  });

  afterAll(async () => {
    await closeReader(reader);
  });

  test("the apartment types, my apartment and the company's housing", async () => {
    const types = await review(reader, "/apartments", "housing-apartments");
    expect(types).toContain("Studio");
    expect(types).toContain("Deposit");
    const home = await review(reader, "/housing", "housing-home");
    expect(home).toContain("My apartment");
    const company = await review(reader, "/housing/company", "housing-company");
    expect(company).toContain("Company housing");
    // Housing costs by month name their months in words.
    expect(await reader.page.locator("[data-testid=cost-month] td").first().innerText()).toMatch(/^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}$/);
  });

  test("an application and a lease of the company, opened from the company page", async () => {
    await reader.page.goto("/housing/company");
    const applications = await linksTo(reader.page, /^\/housing\/applications\/[0-9a-f-]{36}$/);
    const leases = await linksTo(reader.page, /^\/housing\/leases\/[0-9a-f-]{36}$/);
    expect(applications.length).toBeGreaterThan(0);
    expect(leases.length).toBeGreaterThan(0);
    await review(reader, applications[0], "housing-application");
    const lease = await review(reader, leases[0], "housing-lease-company");
    expect(lease).toMatch(/Lease HL-\d+/);
  });

  test("the application form answers two mistakes at once, in English, next to their fields", async () => {
    const page = reader.page;
    await review(reader, "/housing/apply", "housing-apply");
    const form = page.locator("main form[method=post]");
    await form.locator("select[name=unitType]").selectOption("studio");
    await form.locator("input[name=moveInOn]").fill(addDaysIso(parkDate(), -2));
    await form.locator("input[name=moveOutOn]").fill(addDaysIso(parkDate(), 200));
    await form.locator('input[name="residents[0].idNumber"]').fill("110105194912310021");
    await form.locator('input[name="residents[0].phone"]').fill("13912345678");
    // Submitted to the server as it is (the browser's own checks would answer first otherwise).
    await form.evaluate((f: HTMLFormElement) => f.setAttribute("novalidate", ""));
    await form.locator("button[type=submit]").click();
    const moveIn = page.locator(".field", { has: page.locator("input[name=moveInOn]") });
    const idNumber = page.locator(".field", { has: page.locator('input[name="residents[0].idNumber"]') });
    await expect.poll(() => moveIn.locator(".field-errors").innerText()).toMatch(/past|today/i);
    await expect.poll(() => idNumber.locator(".field-errors").innerText()).toMatch(/check/i);
    expect(new URL(page.url()).pathname).toBe("/housing/apply");
    await expectFitsPhone(page);
    await expectEnglishInterface(page);
    await screenshot(page, "housing-apply-errors-en-375");
  });

  test("reporting a repair without a lease, the company profile and company registration", async () => {
    await review(reader, "/housing/uploads/repair", "housing-repair-report-no-lease");
    const profile = await review(reader, "/org/profile", "org-profile");
    expect(profile).toContain("Annual");
    await review(reader, "/registration", "registration-home");
  });
});

describe("a resident with a lease and a repair in English", () => {
  let reader: Reader;

  beforeAll(async () => {
    reader = await englishReader(RESIDENT_EMAIL);
  });

  afterAll(async () => {
    await closeReader(reader);
  });

  test("my apartment with its lease, my application, a repair and the repair form", async () => {
    const home = await review(reader, "/housing", "housing-home-resident");
    expect(home).toContain("1-301");
    const applications = await linksTo(reader.page, /^\/housing\/applications\/[0-9a-f-]{36}$/);
    const repairs = await linksTo(reader.page, /^\/housing\/repairs\/[0-9a-f-]{36}$/);
    expect(applications.length).toBeGreaterThan(0);
    expect(repairs.length).toBeGreaterThan(0);
    await review(reader, applications[0], "housing-application-resident");
    await review(reader, repairs[0], "housing-repair-resident");
    await review(reader, "/housing/uploads/repair", "housing-repair-report");
  });

  test("the repair form answers a missing category and a short description at once", async () => {
    const page = reader.page;
    const form = page.locator("[data-testid=repair-form]");
    await form.locator("textarea[name=description]").fill("漏");
    await form.evaluate((f) => f.setAttribute("novalidate", ""));
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("#repair-category-error").innerText()).not.toBe("");
    await expect.poll(() => page.locator("#repair-description-error").innerText()).not.toBe("");
    await expectEnglishInterface(page);
    await screenshot(page, "housing-repair-report-errors-en-375");
  });
});

describe("the housing office in English", () => {
  let reader: Reader;

  beforeAll(async () => {
    reader = await englishReader(HOUSING_EMAIL);
  });

  afterAll(async () => {
    await closeReader(reader);
  });

  test("the console's lists", async () => {
    for (const [path, name] of [
      ["/housing/console", "overview"],
      ["/housing/console/map", "map"],
      ["/housing/console/waitlist", "waitlist"],
      ["/housing/console/offers", "offers"],
      ["/housing/console/leases", "leases"],
      ["/housing/console/units", "units"],
      ["/housing/console/repairs", "repairs"],
      ["/housing/console/quotas", "quotas"],
      ["/housing/console/arrears", "arrears"],
    ]) {
      await review(reader, path, `housing-console-${name}`);
    }
  });

  test("a lease, a unit, a new unit and a repair", async () => {
    await reader.page.goto("/housing/console/leases");
    const [lease] = await linksTo(reader.page, /^\/housing\/console\/leases\/[0-9a-f-]{36}$/);
    await review(reader, lease, "housing-console-lease");
    await reader.page.goto("/housing/console/units");
    const [unit] = await linksTo(reader.page, /^\/housing\/console\/units\/[0-9a-f-]{36}$/);
    await review(reader, unit, "housing-console-unit");
    await review(reader, "/housing/console/units/new", "housing-console-unit-new");
    await reader.page.goto("/housing/console/repairs");
    const [repair] = await linksTo(reader.page, /^\/housing\/console\/repairs\/[0-9a-f-]{36}$/);
    await review(reader, repair, "housing-console-repair");
  });

  test("the unit form answers a bad rent and a bad code at once, in English", async () => {
    const page = reader.page;
    await page.goto("/housing/console/units/new");
    await waitForHydration(page);
    const form = page.locator("main form", { has: page.locator("input[name=code]") });
    await form.locator("input[name=code]").fill("!");
    await form.locator("input[name=areaM2]").fill("30");
    await form.locator("input[name=monthlyRent]").fill("about 2000");
    await form.locator("input[name=deposit]").fill("2000");
    await form.evaluate((f) => f.setAttribute("novalidate", ""));
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("#unit-code-error").innerText()).not.toBe("");
    await expect.poll(() => page.locator("#unit-monthlyRent-error").innerText()).not.toBe("");
    await expectEnglishInterface(page);
    await screenshot(page, "housing-console-unit-errors-en-375");
  });
});

describe("the registration desk in English", () => {
  let reader: Reader;

  beforeAll(async () => {
    reader = await englishReader(DESK_EMAIL);
  });

  afterAll(async () => {
    await closeReader(reader);
  });

  test("the cases, addresses, fees and numbers", async () => {
    const cases = await review(reader, "/registration/desk", "registration-desk");
    expect(cases).toContain("RC-");
    await review(reader, "/registration/desk/addresses", "registration-desk-addresses");
    await review(reader, "/registration/desk/fees", "registration-desk-fees");
    await review(reader, "/registration/desk/stats", "registration-desk-stats");
  });

  test("cases in several states, and the articles draft's toolbar", async () => {
    const page = reader.page;
    for (const status of ["waiting_for_applicant", "materials_complete", "licence_issued", "intake"]) {
      await page.goto(`/registration/desk?status=${status}`);
      const [path] = await linksTo(page, /^\/registration\/desk\/[0-9a-f-]{36}$/);
      expect(path, status).toBeDefined();
      await review(reader, path, `registration-desk-case-${status.replace(/_/g, "-")}`);
    }
    await page.goto("/registration/desk?status=licence_issued");
    const [limited] = await linksTo(page, /^\/registration\/desk\/[0-9a-f-]{36}$/);
    await page.goto(limited);
    const [articles] = await linksTo(page, /\/articles$/);
    expect(articles).toBeDefined();
    // The draft is filed in Chinese on purpose; only its toolbar follows the reader's language.
    await review(reader, articles, "registration-desk-articles");
  });
});

describe("founders following their cases in English", () => {
  test("a case waiting for the applicant, with what the desk asked for", async () => {
    const reader = await englishReader(FOUNDER_WAITING_EMAIL);
    await review(reader, "/registration", "registration-applicant-home");
    const [path] = await linksTo(reader.page, /^\/registration\/[0-9a-f-]{36}$/);
    expect(path).toBeDefined();
    const text = await review(reader, path, "registration-applicant-waiting");
    expect(text).toMatch(/Waiting/i);
    await review(reader, `${path}?step=documents`, "registration-applicant-documents");
    await closeReader(reader);
  });

  test("every intake step of a case still being filled in", async () => {
    const reader = await englishReader(FOUNDER_INTAKE_EMAIL);
    await reader.page.goto("/registration");
    const [path] = await linksTo(reader.page, /^\/registration\/[0-9a-f-]{36}$/);
    expect(path).toBeDefined();
    await review(reader, `${path}?step=overview`, "registration-intake-overview");
    const steps = (await linksTo(reader.page, /\?step=/)).map((href) => new URLSearchParams(href.split("?")[1]).get("step")!).filter((s) => s !== "overview");
    expect(steps.length).toBeGreaterThan(2);
    for (const step of steps) await review(reader, `${path}?step=${step}`, `registration-intake-${step}`);
    await closeReader(reader);
  });

  test("a founder admitted but not registered yet, and a tenant moving its address in", async () => {
    const founder = await englishReader(FOUNDER_NEW_EMAIL);
    await review(founder, "/registration", "registration-founder-new");
    await closeReader(founder);
    const owner = await englishReader(RELOCATING_OWNER_EMAIL);
    await review(owner, "/org/profile", "org-profile-relocating");
    await owner.page.goto("/org/profile");
    const [path] = await linksTo(owner.page, /^\/registration\/[0-9a-f-]{36}$/);
    expect(path).toBeDefined();
    await review(owner, path, "registration-relocation");
    await closeReader(owner);
  });
});
