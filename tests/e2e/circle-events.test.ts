// Park events in a real browser: a tenant on a phone (375 px) finds 园区活动 from the circle,
// registers for 上海AI互动生态大会, sees the QR ticket with its typed code; park staff type the
// code at the check-in page once, and a second time are told when that person came in.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, login, mainText, newContext, newPage, openNavIfCollapsed, waitForHydration, waitForPath } from "./support";

const TENANT = "owner@haipai.test";
const STAFF = "services@haopu.test";

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function pageFor(options: { phone?: boolean } = {}) {
  const context = await newContext(browser, options.phone ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } : {});
  contexts.push(context);
  return newPage(context);
}

const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("registering for an event and checking in", () => {
  let phone: Page;
  let phoneErrors: string[];
  let eventPath = "";
  let code = "";

  beforeAll(async () => {
    ({ page: phone, errors: phoneErrors } = await pageFor({ phone: true }));
  });

  test("a tenant on a phone finds the conference from the circle and registers", async () => {
    await login(phone, TENANT);
    await openNavIfCollapsed(phone);
    await phone.locator('header a[href="/circle"]').first().click();
    await waitForPath(phone, "/circle");
    await waitForHydration(phone);
    await phone.locator('main a[href="/circle/events"]').first().click();
    await waitForPath(phone, "/circle/events");
    await phone.locator("[data-testid=circle-events] a", { hasText: "上海AI互动生态大会" }).click();
    await waitForPath(phone, /^\/circle\/events\/[0-9a-f-]{36}$/);
    await waitForHydration(phone);
    eventPath = new URL(phone.url()).pathname;
    const before = await phone.locator("[data-testid=places-left]").innerText();
    expect(before).toContain("剩余名额：114 / 120");
    expect(await mainText(phone)).toContain("路演厅");

    await phone.locator("main form", { hasText: "报名参加" }).locator("button[type=submit]").click();
    await phone.locator("main [role=status]", { hasText: "报名成功" }).waitFor();
    // The page reloads its data after the action: one place fewer, and the registration shown.
    await phone.locator("[data-testid=places-left]", { hasText: "剩余名额：113 / 120" }).waitFor();
    await phone.locator("[data-testid=my-registration]", { hasText: "已确认" }).waitFor();
    expect(await overflowOf(phone)).toBeLessThanOrEqual(0);
  });

  test("the ticket shows a QR image and the code to type, on the phone's width", async () => {
    await phone.locator("[data-testid=my-registration] a", { hasText: "我的电子票" }).click();
    await waitForPath(phone, `${eventPath}/ticket`);
    const qr = phone.locator("[data-testid=ticket] img");
    await qr.waitFor();
    expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
    const box = await qr.boundingBox();
    expect(box!.width).toBeGreaterThan(150);
    expect(box!.width).toBeLessThanOrEqual(375);
    // The image really is a picture of something (loaded, with a size).
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    code = (await phone.locator("[data-testid=check-in-code]").innerText()).trim();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await qr.getAttribute("alt")).toContain(code);
    expect(await overflowOf(phone)).toBeLessThanOrEqual(0);
    expect(phoneErrors).toEqual([]);
  });

  test("staff type the code at the door on a phone: checked in once, then told when", async () => {
    const { page: desk, errors } = await pageFor({ phone: true });
    await login(desk, STAFF);
    await desk.goto(`${eventPath}/check-in`);
    await waitForHydration(desk);
    const input = desk.locator("input[name=code]");
    // Typed in lower case without the dash, as a hurried person would.
    await input.fill(code.replace("-", "").toLowerCase());
    await desk.locator("main form button[type=submit]").click();
    const result = desk.locator("[data-testid=check-in-result]");
    await result.filter({ hasText: "签到成功" }).waitFor();
    expect(await result.innerText()).toContain("蒋海");

    await desk.locator("input[name=code]").fill(code);
    await desk.locator("main form button[type=submit]").click();
    await result.filter({ hasText: "已签到 at" }).waitFor();
    expect(await result.innerText()).toMatch(/已签到 at \d{2}:\d{2}/);

    await desk.locator("input[name=code]").fill("ZZZZ-2222");
    await desk.locator("main form button[type=submit]").click();
    await result.filter({ hasText: "没有这个签到码" }).waitFor();
    // "Already in" answers 409 and "unknown code" 404, on purpose; the browser logs those
    // statuses, and nothing else may go wrong.
    expect(errors.filter((e) => !/status of (404|409) .*\/check-in\.data/.test(e))).toEqual([]);
    expect(errors).toHaveLength(2);

    // The staff console fits the phone too, and lists the attendee as checked in.
    for (const page of ["check-in", "attendees", "edit"]) {
      await desk.goto(`${eventPath}/${page}`);
      await waitForHydration(desk);
      expect(await overflowOf(desk), page).toBeLessThanOrEqual(0);
    }
    await desk.goto(`${eventPath}/attendees`);
    expect(await desk.locator("[data-testid=attendees]").innerText()).toContain("owner@haipai.test");
    expect(await mainText(desk)).toContain("已签到 1");

    // The attendee's ticket now says they are in.
    await phone.reload();
    expect(await phone.locator("[data-testid=ticket]").innerText()).toMatch(/已于 \d{2}:\d{2} 签到/);
  });
});
