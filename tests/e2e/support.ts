// Shared helpers of the browser suite: Chromium, contexts per actor, logging in, screenshots, and
// reading emailed links from the park admin's outbox (emails are stored, not sent).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from "playwright-core";
import { inject } from "vitest";

const DEMO_PASSWORD = "haopu-demo-2026";
export const ADMIN_EMAIL = "admin@haopu.test";
export const OWNER_EMAIL = "owner@qingyan.test";
export const SESSION_COOKIE = "haopu_session";

const root = path.resolve(import.meta.dirname, "../..");
const screenshotDir = path.join(root, "test-output/screenshots");

export function baseUrl(): string {
  return inject("baseUrl");
}

/** An address no other test (or earlier run against the same server) has used. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@e2e.test`;
}

function chromiumPath(): string {
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/lib/chromium/chromium", "/usr/bin/chromium"]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error("Chromium not found: install Debian's `chromium` (never `playwright install`) or set CHROMIUM_PATH");
}

/** One headless Chromium per test file. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh context (cookies, storage) per actor, pointed at the server under test. */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 }, ...options });
}

/** A page that collects console errors and uncaught page errors, for asserting there are none. */
export async function newPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location().url;
    if (/favicon/.test(where) || /favicon/.test(message.text())) return;
    errors.push(`${message.text()}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return { page, errors };
}

function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname;
}

/** Waits until the page has settled on a path (string: exact pathname; RegExp: against path + search). */
export async function waitForPath(page: Page, expected: string | RegExp, timeout = 15_000) {
  await page.waitForURL(
    (url) => (typeof expected === "string" ? url.pathname === expected : expected.test(url.pathname + url.search)),
    { timeout },
  );
  // After a client-side navigation the URL changes before React has committed the new page; the
  // root layout marks <html data-rendered> with the path once the page on screen is the new one.
  const matcher = typeof expected === "string" ? { exact: expected } : { source: expected.source, flags: expected.flags };
  await page.waitForFunction(
    (m: { exact?: string; source?: string; flags?: string }) => {
      const hydrated = (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined;
      if (!hydrated) return true;
      const rendered = document.documentElement.dataset.rendered;
      if (rendered === undefined) return false;
      return m.exact !== undefined ? rendered.split("?")[0] === m.exact : new RegExp(m.source!, m.flags).test(rendered);
    },
    matcher,
    { timeout },
  );
}

/**
 * Logs in through the form at /login. Waits for the redirect away from /login (to `redirectTo` when
 * given, else /dashboard) and for the app to have hydrated.
 */
export async function login(page: Page, email: string, password = DEMO_PASSWORD, redirectTo?: string) {
  await page.goto(redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login");
  await fillLoginForm(page, email, password);
  await waitForPath(page, (redirectTo ?? "/dashboard").split("?")[0]);
}

/** Fills and submits the login form on the current page, without waiting for the outcome. */
export async function fillLoginForm(page: Page, email: string, password: string) {
  const form = page.locator("main form[method=post]");
  await form.locator("input[name=email]").fill(email);
  await form.locator("input[name=password]").fill(password);
  await form.locator("button[type=submit]").click();
}

/**
 * A new person's way in: fills the sign-up form on the current page (`/signup`, perhaps with a
 * `redirectTo`), follows the verification link emailed to them (read from the outbox as the
 * admin) and logs in from the page that link opens. Ends where the sign-up was heading.
 */
export async function signUpVerifyAndLogIn(page: Page, admin: Page, person: { email: string; password: string; displayName: string }) {
  await page.locator("input[name=email]").fill(person.email);
  await page.locator("input[name=password]").fill(person.password);
  await page.locator("input[name=displayName]").fill(person.displayName);
  await page.locator("main button[type=submit]").click();
  await page.locator("main [role=status]", { hasText: person.email }).waitFor();
  const link = await readLinkFromOutbox(admin, person.email, "/verify-email?token=");
  await page.goto(link);
  await page.getByRole("link", { name: /登录后继续|Log in to continue/ }).click();
  await waitForPath(page, "/login");
  await fillLoginForm(page, person.email, person.password);
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** Logs out with the header's "退出登录" / "Log out" button (a POST form to /logout). */
export async function logout(page: Page) {
  const button = page.locator('form[action="/logout"] button[type=submit]');
  await revealInHeader(page, button);
  await button.click();
  await waitForPath(page, "/login");
}

/** On a narrow screen the navigation sits in a <details> drawer; open it so its controls are clickable. */
export async function openNavIfCollapsed(page: Page) {
  const drawer = page.locator("details.nav-drawer");
  if ((await drawer.count()) === 0) return;
  const summary = page.locator("details.nav-drawer > summary");
  const summaryVisible = await summary.isVisible();
  const open = await drawer.evaluate((d) => (d as HTMLDetailsElement).open);
  if (summaryVisible && !open) await summary.click();
}

/**
 * Makes a header control clickable: opens the phone drawer if it is collapsed, then the header menu
 * (园区管理, the account menu) that holds the control if it is closed.
 */
async function revealInHeader(page: Page, control: Locator) {
  await openNavIfCollapsed(page);
  if (await control.isVisible()) return;
  const menu = page.locator("details.nav-menu").filter({ has: control });
  if ((await menu.count()) > 0 && !(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator("summary").click();
}

/** Saves a full-page PNG under test-output/screenshots/ (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name.replace(/[^a-zA-Z0-9._-]+/g, "_")}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The newest link in the outbox to `toEmail` whose href contains `pathFragment`. Opens
 * /admin/outbox?to=… on `adminPage` (logging in as the park admin if that page is not signed in)
 * and reloads every 500 ms until such an email exists, for up to ~15 s.
 */
export async function readLinkFromOutbox(adminPage: Page, toEmail: string, pathFragment: string, timeoutMs = 15_000): Promise<string> {
  const outbox = `/admin/outbox?to=${encodeURIComponent(toEmail.toLowerCase())}`;
  await adminPage.goto(outbox);
  if (pathOf(adminPage) === "/login") {
    await fillLoginForm(adminPage, ADMIN_EMAIL, DEMO_PASSWORD);
    await waitForPath(adminPage, "/admin/outbox");
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Newest emails come first; the first matching link is the newest.
    const links = adminPage.locator(`li.email[data-to="${toEmail.toLowerCase()}"] details a[href*="${pathFragment}"]`);
    if ((await links.count()) > 0) {
      const href = await links.first().getAttribute("href");
      if (href) return href;
    }
    if (Date.now() > deadline) {
      throw new Error(`no email to ${toEmail} with a link containing ${pathFragment} appeared in the outbox within ${timeoutMs / 1000} s`);
    }
    await adminPage.waitForTimeout(500);
    await adminPage.goto(outbox);
  }
}

/** A separate context signed in as the park admin, for reading the outbox. */
export async function adminOutboxPage(browser: Browser): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await login(page, ADMIN_EMAIL);
  return page;
}

/** The visible text of <main>, for assertions on what the user reads. */
export function mainText(page: Page): Promise<string> {
  return page.locator("main").innerText();
}


/** Waits until Remix has hydrated the page (the client router exists and has loaded). */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(
    () => (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true,
    undefined,
    { timeout: 15_000 },
  );
}

/**
 * Switches the interface language with the header's language button (remembered on the account:
 * a test that switches a seeded person to English switches them back when it ends).
 */
export async function switchLanguage(page: Page, language: "en" | "zh-CN") {
  await waitForHydration(page);
  if ((await page.locator("html").getAttribute("lang")) === language) return;
  const button = page.locator('header form[action="/locale"] button');
  await revealInHeader(page, button);
  await button.click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language, { timeout: 15_000 });
  await page.waitForFunction(
    (label) => document.querySelector('header form[action="/locale"] button')?.textContent?.trim() === label,
    language === "en" ? "中文" : "English",
    { timeout: 15_000 },
  );
  await waitForHydration(page);
}
