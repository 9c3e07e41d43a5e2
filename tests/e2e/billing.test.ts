// Paying an invoice: a tenant owner pays online through the demo gateway (the same signed-webhook
// path Stripe uses) and sees it paid; and finance records a corporate bank transfer quoting an
// invoice's reference, after which its tenant sees that invoice paid.
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

describe("paying an invoice by corporate bank transfer", () => {
  test("finance records the transfer with the invoice's reference and the tenant sees the invoice paid", async () => {
    const tenantContext = await newContext(browser, { viewport: { width: 375, height: 800 } });
    const { page: tenant, errors } = await newPage(tenantContext);
    await login(tenant, "owner@pujiang.test");
    await tenant.goto(new URL("/billing?status=open", tenant.url()).toString());
    await tenant.locator("main table a").first().click();
    await waitForPath(tenant, /^\/billing\/invoices\//);
    const invoicePath = new URL(tenant.url()).pathname;
    const reference = (await tenant.locator("code.reference").textContent())!.trim();
    const outstanding = (await tenant.locator("dl.totals dd").last().textContent())!.trim();
    expect(reference).toMatch(/^HP-/);
    expect(outstanding).toMatch(/^¥[\d,]+\.\d{2}$/);

    const financeContext = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const { page: finance } = await newPage(financeContext);
    await login(finance, "finance@haopu.test");
    await finance.goto(new URL("/finance/transfers", finance.url()).toString());
    await waitForHydration(finance);
    const form = finance.locator("form", { has: finance.locator('input[name="intent"][value="record"]') });
    await form.locator('input[name="amount"]').fill(outstanding);
    await form.locator('input[name="payerName"]').fill("上海浦江短剧文化传媒有限公司");
    await form.locator('input[name="bankReference"]').fill(`E2E${Date.now()}`);
    await form.locator('input[name="memo"]').fill(`货款 ${reference}`);
    await form.locator('button[type="submit"]').click();
    await finance.waitForFunction(() => document.body.innerText.includes("转账已登记"), undefined, { timeout: 15_000 });
    await screenshot(finance, "finance-transfer-recorded-1280");
    await financeContext.close();

    await tenant.goto(new URL(invoicePath, tenant.url()).toString());
    const text = await mainText(tenant);
    expect(text).toContain("已付清");
    expect(text).toContain("对公转账");
    await screenshot(tenant, "invoice-paid-by-transfer-375");
    expect(errors).toEqual([]);
    await tenantContext.close();
  });
});
