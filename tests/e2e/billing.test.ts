// Paying an invoice: a tenant owner pays online through the demo gateway (the same signed-webhook
// path Stripe uses) and sees it paid.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, login, mainText, newContext, newPage, OWNER_EMAIL, screenshot, waitForHydration, waitForPath } from "./support";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("paying an invoice online", () => {
  let owner: Page;
  let errors: string[];

  test("the owner opens an open invoice, pays it on the gateway page and sees it paid", async () => {
    const context = await newContext(browser, { viewport: { width: 375, height: 800 } });
    ({ page: owner, errors } = await newPage(context));
    await login(owner, OWNER_EMAIL);
    await owner.goto(new URL("/billing?status=open", owner.url()).toString());
    await waitForHydration(owner);
    expect(await mainText(owner)).toContain("待付款");
    await screenshot(owner, "billing-list-375");

    await owner.locator("main table a").first().click();
    await waitForPath(owner, /^\/billing\/invoices\//);
    const invoicePath = new URL(owner.url()).pathname;
    const text = await mainText(owner);
    expect(text).toContain("对公转账");
    expect(text).toMatch(/HP-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await screenshot(owner, "invoice-open-375");

    await owner.getByRole("button", { name: /立即支付/ }).click();
    await waitForPath(owner, /^\/billing\/checkout\/cs_fake_/);
    expect(await mainText(owner)).toContain("演示支付");
    await owner.getByRole("button", { name: "确认支付" }).click();
    await waitForPath(owner, invoicePath);
    const paid = await mainText(owner);
    expect(paid).toContain("付款成功");
    expect(paid).toContain("已付清");
    expect(paid).toContain("在线支付");
    await screenshot(owner, "invoice-paid-375");

    await owner.goto(new URL("/billing?status=paid", owner.url()).toString());
    expect(await owner.locator(`main a[href="${invoicePath}"]`).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
