// Sign-up, email verification, logout and login, the language switch, password reset, and field
// errors in the user's language — through the real forms in a real browser.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  adminOutboxPage,
  fillLoginForm,
  login,
  logout,
  mainText,
  newContext,
  launchBrowser,
  readLinkFromOutbox,
  SESSION_COOKIE,
  uniqueEmail,
  waitForPath,
} from "./support";

let browser: Browser;
let admin: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await adminOutboxPage(browser);
});

afterAll(async () => {
  await browser?.close();
});

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === SESSION_COOKIE && c.value !== "");
}

describe("field errors", () => {
  test("a bad email and a short password are shown next to their fields, in Chinese, and nothing is created", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/signup");
    await page.locator("input[name=email]").fill("not-an-email");
    await page.locator("input[name=password]").fill("short");
    await page.locator("main button[type=submit]").click();

    const emailField = page.locator(".field", { has: page.locator("input[name=email]") });
    const passwordField = page.locator(".field", { has: page.locator("input[name=password]") });
    await expect.poll(() => emailField.locator(".field-errors").innerText()).toContain("请输入有效的邮箱地址");
    await expect.poll(() => passwordField.locator(".field-errors").innerText()).toContain("密码至少需要 10 个字符");
    await expect.poll(() => emailField.getAttribute("class")).toContain("field-invalid");
    expect(await page.locator("input[name=email]").getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe("/signup");
    expect(await sessionCookie(context)).toBeUndefined();

    // A well-formed address with a too-short password: only the password is wrong, and no account
    // exists afterwards (logging in with that address fails the same way as a wrong password).
    const email = uniqueEmail("short-password");
    await page.locator("input[name=email]").fill(email);
    await page.locator("input[name=password]").fill("123456789");
    await page.locator("main button[type=submit]").click();
    await expect.poll(() => passwordField.locator(".field-errors").innerText()).toContain("密码至少需要 10 个字符");
    await expect.poll(() => emailField.locator(".field-errors").count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/signup");
    expect(await sessionCookie(context)).toBeUndefined();

    await page.goto("/login");
    await fillLoginForm(page, email, "123456789");
    await expect.poll(() => mainText(page)).toContain("邮箱或密码不正确");
    expect(await sessionCookie(context)).toBeUndefined();
    await context.close();
  });
});

describe("a new person's account", () => {
  const email = uniqueEmail("signup");
  const firstPassword = "correct-horse-battery-1";
  const newPassword = "staple-anew-2026-reset";
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  test("signs up and verifies the email from the emailed link", async () => {
    await page.goto("/signup");
    await page.locator("input[name=email]").fill(email);
    await page.locator("input[name=password]").fill(firstPassword);
    await page.locator("input[name=displayName]").fill("端到端测试");
    await page.locator("main button[type=submit]").click();
    await waitForPath(page, "/verify-email");
    await expect.poll(() => mainText(page)).toContain(email);
    expect(await sessionCookie(context)).toBeDefined();
    // The page says it itself: no "not verified" banner above it.
    expect(await mainText(page)).not.toContain("你的邮箱尚未验证");

    const link = await readLinkFromOutbox(admin, email, "/verify-email?token=");
    expect(link.startsWith(new URL(page.url()).origin)).toBe(true);
    await page.goto(link);
    await expect.poll(() => mainText(page)).toContain("邮箱已验证");
    expect(await mainText(page)).not.toContain("你的邮箱尚未验证");
    // The "not verified" banner is gone once the page is loaded again.
    await page.goto("/dashboard");
    expect(await page.locator(".banner-warn").count()).toBe(0);
  });

  test("logs out and logs back in", async () => {
    await page.goto("/dashboard");
    await expect.poll(() => page.locator('form[action="/logout"] button').textContent()).toBe("退出登录");
    await logout(page);
    await expect.poll(() => mainText(page)).toContain("你已退出登录");
    expect(await sessionCookie(context)).toBeUndefined();

    await page.goto("/dashboard");
    await waitForPath(page, "/login");

    await login(page, email, firstPassword);
    await expect.poll(() => mainText(page)).toContain("端到端测试");
  });

  test("switches the language to English, which is remembered, and back to Chinese", async () => {
    await page.goto("/dashboard");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByRole("button", { name: "English", exact: true }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await expect.poll(() => page.locator("body").innerText()).toContain("Dashboard");
    await expect.poll(() => page.locator('form[action="/logout"] button').textContent()).toBe("Log out");

    await page.reload();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("body").innerText()).toContain("Dashboard");
    expect(await mainText(page)).toContain("You are not part of any organisation yet");

    await page.getByRole("button", { name: "中文", exact: true }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await expect.poll(() => page.locator('form[action="/logout"] button').textContent()).toBe("退出登录");
    await page.reload();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
  });

  test("resets a forgotten password; the link works once and the old password stops working", async () => {
    await logout(page);
    await page.goto("/forgot-password");
    await page.locator("input[name=email]").fill(email);
    await page.locator("main button[type=submit]").click();
    await expect.poll(() => page.locator("main [role=status]").count()).toBe(1);

    const link = await readLinkFromOutbox(admin, email, "/reset-password?token=");
    await page.goto(link);
    await page.locator("input[name=password]").fill(newPassword);
    await page.locator("input[name=confirmPassword]").fill(newPassword);
    await page.locator("main button[type=submit]").click();
    await waitForPath(page, /^\/login\?(.*&)?reset=1/);

    await fillLoginForm(page, email, newPassword);
    await waitForPath(page, "/dashboard");

    // The same link a second time: used up.
    await page.goto(link);
    await expect.poll(() => mainText(page)).toContain("重置链接无效或已过期");
    expect(await page.locator("input[name=password]").count()).toBe(0);

    await logout(page);
    await fillLoginForm(page, email, firstPassword);
    await expect.poll(() => mainText(page)).toContain("邮箱或密码不正确");
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await sessionCookie(context)).toBeUndefined();
  });
});
