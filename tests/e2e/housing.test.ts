// Talent apartments in a real browser, on the seeded demo park: a new member of 青焰 (invited by
// the owner) applies for a studio, the owner endorses, the housing office offers a free unit, the
// member accepts and signs the lease online, the office bills this month's rent and the owner pays
// the first rent invoice on the demo gateway; then a repair goes from report (with a photo) to
// confirmed. Every housing page is checked at 375 px for horizontal overflow and photographed.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { residentIdCheckCharacter } from "~/modules/platform/resident-id";
import {
  adminOutboxPage,
  launchBrowser,
  login,
  mainText,
  newContext,
  newPage,
  OWNER_EMAIL,
  readLinkFromOutbox,
  screenshot,
  signUpVerifyAndLogIn,
  uniqueEmail,
  waitForHydration,
  waitForPath,
} from "./support";

const PHONE = { width: 375, height: 800 };
const LAPTOP = { width: 1280, height: 800 };
const HOUSING_EMAIL = "housing@haopu.test";
const PASSWORD = "apartment-resident-26";
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f8f1d20000000049454e44ae426082",
  "hex",
);

const first17 = `310104199${Math.floor(Math.random() * 10)}0307${String(100 + Math.floor(Math.random() * 800))}`;
const residentId = first17 + residentIdCheckCharacter(first17);
const maskedId = `${residentId.slice(0, 4)}**********${residentId.slice(-4)}`;
const today = parkDate();

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

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
    expect.fail(`${new URL(page.url()).pathname} is ${width} px wide at 375 px: ${wide.join("; ")}`);
  }
}

/** Opens a path, checks it fits a phone, and saves shots at 375 and 1280 px. */
async function visit(page: Page, path: string, name: string) {
  await page.setViewportSize(PHONE);
  await page.goto(path);
  await waitForHydration(page);
  await page.evaluate(() => document.fonts.ready);
  await expectFitsPhone(page);
  await screenshot(page, `housing-${name}-375`);
  await page.setViewportSize(LAPTOP);
  await screenshot(page, `housing-${name}-1280`);
  await page.setViewportSize(PHONE);
}

/** Accepts the confirmation dialogs of forms that ask first. */
function acceptDialogs(page: Page) {
  page.on("dialog", (dialog) => void dialog.accept());
}

describe("a member applies, is offered a studio, signs, and the company pays the first rent", () => {
  const email = uniqueEmail("resident");
  let ownerContext: BrowserContext;
  let memberContext: BrowserContext;
  let staffContext: BrowserContext;
  let owner: Page;
  let member: Page;
  let staff: Page;
  const errors: string[] = [];
  let applicationPath = "";
  let leasePath = "";
  let repairPath = "";

  beforeAll(async () => {
    ownerContext = await newContext(browser, { viewport: PHONE });
    memberContext = await newContext(browser, { viewport: PHONE });
    staffContext = await newContext(browser, { viewport: LAPTOP });
    const pages = await Promise.all([newPage(ownerContext), newPage(memberContext), newPage(staffContext)]);
    [owner, member, staff] = pages.map((p) => p.page);
    pages.forEach((p) => {
      acceptDialogs(p.page);
      p.page.on("console", (m) => {
        // The refused forms (a wrong ID number, an unticked box, an empty report) answer 400 on purpose.
        if (m.type() === "error" && !/favicon|status of 400/.test(m.text())) errors.push(m.text());
      });
      p.page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
    });
  });

  afterAll(async () => {
    await ownerContext?.close();
    await memberContext?.close();
    await staffContext?.close();
  });

  test("the owner invites a new colleague, who joins 青焰", async () => {
    await login(owner, OWNER_EMAIL);
    await owner.goto("/org/members");
    const form = owner.locator("form#invite");
    await form.locator("input[name=email]").fill(email);
    await form.locator("select[name=role]").selectOption("member");
    await form.getByRole("button", { name: "发送邀请" }).click();
    await expect.poll(() => owner.locator("main [role=status]").innerText()).toContain(email);

    const admin = await adminOutboxPage(browser);
    await member.goto("/signup");
    await signUpVerifyAndLogIn(member, admin, { email, password: PASSWORD, displayName: "许安居" });
    const link = await readLinkFromOutbox(admin, email, "/invitations/");
    await admin.context().close();
    await member.goto(link);
    await member.getByRole("button", { name: "接受邀请" }).click();
    await waitForPath(member, "/dashboard");
  });

  test("the member reads the unit types and applies; a wrong ID number is refused on the field first", async () => {
    await visit(member, "/apartments", "apartments");
    const types = await mainText(member);
    expect(types).toContain("开间");
    expect(types).toContain("押金");
    expect(types).not.toContain("韩子墨");

    await visit(member, "/housing/apply", "apply");
    const form = member.locator("main form[method=post]");
    // The applicant is the primary resident, prefilled.
    expect(await form.locator('input[name="residents[0].name"]').inputValue()).toBe("许安居");
    await form.locator("select[name=unitType]").selectOption("studio");
    await form.locator("input[name=moveInOn]").fill(today);
    await form.locator("input[name=moveOutOn]").fill(addDaysIso(today, 183));
    await form.locator('input[name="residents[0].idNumber"]').fill(`${residentId.slice(0, 17)}${residentId[17] === "1" ? "2" : "1"}`);
    await form.locator('input[name="residents[0].phone"]').fill("13912345678");
    await form.getByRole("button", { name: "提交申请" }).click();
    await expect.poll(() => mainText(member)).toContain("校验");
    expect(new URL(member.url()).pathname).toBe("/housing/apply");
    await expectFitsPhone(member);
    await screenshot(member, "housing-apply-errors-375");

    await form.locator('input[name="residents[0].idNumber"]').fill(residentId);
    await form.getByRole("button", { name: "提交申请" }).click();
    await waitForPath(member, /^\/housing\/applications\/[0-9a-f-]{36}/);
    applicationPath = new URL(member.url()).pathname;
    await expect.poll(() => mainText(member)).toContain("待企业确认");
    const text = await mainText(member);
    expect(text).toContain(maskedId);
    expect(text).not.toContain(residentId);
    await visit(member, applicationPath, "application");
  });

  test("the owner endorses it on the company page, seeing the ID masked", async () => {
    await visit(owner, "/housing/company", "company");
    const row = owner.locator("[data-testid=to-endorse]", { hasText: "许安居" });
    expect(await row.innerText()).toContain(maskedId);
    expect(await mainText(owner)).not.toContain(residentId);
    await row.getByRole("button", { name: "确认" }).click();
    await waitForPath(owner, /^\/housing\/company\?done=endorsed/);
    await expect.poll(() => mainText(owner)).toContain("已确认，申请进入园区排队");
  });

  test("the housing office offers a free studio from the waitlist", async () => {
    await login(staff, HOUSING_EMAIL);
    await visit(staff, "/housing/console", "console-overview");
    await visit(staff, "/housing/console/map", "console-map");
    expect(await staff.locator("[data-testid=map-unit]").count()).toBeGreaterThan(20);
    await visit(staff, "/housing/console/waitlist", "console-waitlist");
    const applicationId = applicationPath.split("/").pop()!;
    const row = staff.locator(`[data-application="${applicationId}"]`);
    await row.locator("summary", { hasText: "分配房源" }).click();
    const offer = row.locator("[data-testid=offer-form]");
    await offer.locator("input[name=reason]").fill("排队第一，符合条件");
    await offer.getByRole("button", { name: "发出分配" }).click();
    await waitForPath(staff, /^\/housing\/console\/waitlist\?done=offered/);
    await visit(staff, "/housing/console/offers", "console-offers");
    expect(await mainText(staff)).toContain("许安居");
  });

  test("the member accepts before the deadline and signs the lease", async () => {
    await visit(member, "/housing", "home-offer");
    const offer = member.locator("[data-testid=open-offer]");
    expect(await offer.locator("[data-testid=offer-countdown]").innerText()).toMatch(/剩余 \d+ 天/);
    await offer.getByRole("button", { name: "接受并生成租约" }).click();
    await waitForPath(member, /^\/housing\?done=accepted/);
    const sign = member.locator("[data-testid=sign-form]");
    expect(await sign.innerText()).toContain("租约条款");
    await sign.getByRole("button", { name: "签署租约" }).click();
    // Not without ticking the box.
    await expect.poll(() => sign.innerText()).toContain("勾选");
    // The refused form came back on the lease's own page; signing from there stays there.
    await sign.locator("input[name=agree]").check();
    await sign.getByRole("button", { name: "签署租约" }).click();
    await waitForPath(member, /^\/housing(\/leases\/[0-9a-f-]{36})?\?done=signed/);
    await expect.poll(() => mainText(member)).toContain("生效中");
    expect(await member.locator("[data-testid=signed-at]").innerText()).toContain("条款版本");
    await visit(member, "/housing", "home-lease");
  });

  test("the office bills this month's rent; pressing again bills nothing twice", async () => {
    await staff.goto("/housing/console");
    await staff.getByRole("button", { name: "生成本月房租" }).click();
    await expect.poll(() => staff.locator("[data-testid=rent-run-done]").innerText()).toMatch(/新开账单 [1-9]\d* 份/);
    await staff.getByRole("button", { name: "生成本月房租" }).click();
    await expect.poll(() => staff.locator("[data-testid=rent-run-done]").innerText()).toContain("新开账单 0 份");
  });

  test("the owner finds the first rent invoice through the lease and pays it on the demo gateway", async () => {
    await owner.goto("/housing/company");
    await owner.locator("main table a", { hasText: /^HL-/ }).first().waitFor();
    const leaseLink = owner.locator("main tr", { hasText: "许安居" }).locator("a", { hasText: /^HL-/ });
    await leaseLink.click();
    await waitForPath(owner, /^\/housing\/leases\/[0-9a-f-]{36}$/);
    leasePath = new URL(owner.url()).pathname;
    await visit(owner, leasePath, "lease-owner");
    const charge = owner.locator("[data-testid=rent-charge]").first();
    await charge.locator("a[href^='/billing/invoices/']").click();
    await waitForPath(owner, /^\/billing\/invoices\//);
    const invoicePath = new URL(owner.url()).pathname;
    await owner.getByRole("button", { name: /立即支付/ }).click();
    await waitForPath(owner, /^\/billing\/checkout\/cs_fake_/);
    await owner.getByRole("button", { name: "确认支付" }).click();
    await waitForPath(owner, invoicePath);
    expect(await mainText(owner)).toContain("已付清");
    await owner.goto(leasePath);
    expect(await owner.locator("[data-testid=rent-charge]").first().innerText()).toContain("已付清");
  });

  test("a repair goes from report (with a photo) to assigned, scheduled, resolved and confirmed", async () => {
    await visit(member, "/housing/uploads/repair", "repair-report");
    const form = member.locator("[data-testid=repair-form]");
    await form.getByRole("button", { name: "提交报修" }).click();
    await expect.poll(() => form.innerText()).toContain("请选择报修类别");
    await form.locator("select[name=category]").selectOption("plumbing");
    await form.locator("textarea[name=description]").fill("卫生间花洒漏水，地面一直是湿的。");
    await form.locator("input[name=photos]").setInputFiles({ name: "shower.png", mimeType: "image/png", buffer: PNG });
    await form.getByRole("button", { name: "提交报修" }).click();
    await waitForPath(member, /^\/housing\?done=reported/);
    const row = member.locator("[data-testid=repair-row]", { hasText: "漏水" });
    expect(await row.innerText()).toContain("已报修");
    repairPath = (await row.locator("a").first().getAttribute("href"))!;
    const repairId = repairPath.split("/").pop()!;

    await visit(staff, "/housing/console/repairs", "console-repairs");
    await staff.goto(`/housing/console/repairs/${repairId}`);
    await waitForHydration(staff);
    expect(await staff.locator("[data-testid=repair-details] img").count()).toBe(1);
    await staff.locator("[data-testid=assign-form]").getByRole("button", { name: "派单" }).click();
    await waitForPath(staff, /done=assign/);
    await staff.locator("[data-testid=schedule-form] input[name=scheduledFor]").fill(`${addDaysIso(today, 1)}T10:00`);
    await staff.locator("[data-testid=schedule-form]").getByRole("button", { name: "保存预约" }).click();
    await waitForPath(staff, /done=schedule/);
    await staff.locator("[data-testid=resolve-form] textarea[name=note]").fill("更换了花洒软管和密封圈。");
    await staff.locator("[data-testid=resolve-form]").getByRole("button", { name: "标记为已处理" }).click();
    await waitForPath(staff, /done=resolve/);
    await visit(staff, `/housing/console/repairs/${repairId}`, "console-repair");

    await visit(member, repairPath, "repair");
    const confirm = member.locator("[data-testid=confirm-repair]");
    await confirm.locator("textarea[name=comment]").fill("修得很快，谢谢周师傅");
    await confirm.getByRole("button", { name: "确认已修好" }).click();
    await waitForPath(member, /^\/housing\?done=confirmed/);
    expect(await member.locator("[data-testid=repair-row]", { hasText: "漏水" }).innerText()).toContain("已确认");
  });

  test("the rest of the console fits a phone, and the resident's ID is shown in full only on purpose", async () => {
    for (const [path, name] of [
      ["/housing/console/leases", "console-leases"],
      ["/housing/console/arrears", "console-arrears"],
      ["/housing/console/units", "console-units"],
      ["/housing/console/units/new", "console-unit-new"],
      ["/housing/console/quotas", "console-quotas"],
    ] as const) {
      await visit(staff, path, name);
    }
    const leaseId = leasePath.split("/").pop()!;
    await visit(staff, `/housing/console/leases/${leaseId}`, "console-lease");
    const resident = staff.locator("[data-testid=console-resident]").first();
    expect(await resident.innerText()).toContain(maskedId);
    await resident.getByRole("button", { name: "显示完整信息" }).click();
    await expect.poll(() => resident.innerText()).toContain(residentId);
    const unitLink = await staff.goto("/housing/console/units").then(() => staff.locator("[data-testid=unit-row] a").first().getAttribute("href"));
    await visit(staff, unitLink!, "console-unit");
    expect(errors).toEqual([]);
  });

  test("the office ends the lease tomorrow: the paid rent of the days after shows as credited back to the company and the office", async () => {
    const consolePath = `/housing/console/leases/${leasePath.split("/").pop()}`;
    await staff.goto(consolePath);
    await waitForHydration(staff);
    const tomorrow = addDaysIso(today, 1);
    await staff.locator("#notice-endsOn").fill(tomorrow);
    await staff.getByRole("button", { name: "登记退租" }).click();
    await waitForPath(staff, /done=notice/);
    // This month's rent was paid from today; every day of it after tomorrow goes back (none on the
    // last day of a month, when tomorrow starts the next one).
    const creditExpected = tomorrow.slice(0, 7) === today.slice(0, 7);
    const credited = staff.locator("[data-testid=rent-credited]");
    expect(await credited.count()).toBe(creditExpected ? 1 : 0);
    if (creditExpected) expect(await credited.innerText()).toMatch(/退还房租\s*¥[\d,]+\.\d\d/);
    await visit(owner, leasePath, "lease-owner-credited");
    const charge = owner.locator("[data-testid=rent-charge]").first();
    expect(await charge.locator("[data-testid=rent-credited]").count()).toBe(creditExpected ? 1 : 0);
    if (creditExpected) expect(await charge.innerText()).toContain("退还房租");
    expect(errors).toEqual([]);
  });
});
