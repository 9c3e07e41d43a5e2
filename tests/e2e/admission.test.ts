// Moving in: a visitor signs up from the landing page, fills the application over two visits
// (a saved draft), submits it, answers the park's request for information, is approved by an
// admissions officer working in a second browser, and lands in the new company's dashboard.
// Also: a 50 MB upload is refused before the app reads it.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { adminOutboxPage, baseUrl, launchBrowser, login, mainText, newContext, newPage, screenshot, signUpVerifyAndLogIn, uniqueEmail, waitForHydration, waitForPath } from "./support";

const REVIEWER_EMAIL = "admissions@haopu.test";
const COMPANY = `星火动画工作室${Date.now().toString(36).slice(-4)}`;
const COMPANY_EN = `Spark Animation ${Date.now().toString(36).slice(-4)}`;
// A USCC with its GB 32100 check character computed, and the same code with a wrong one.
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const FIRST17 = "91310117MA1XH7P2Q";
const CHECK = ALPHABET[(31 - ([...FIRST17].reduce((sum, c, i) => sum + ALPHABET.indexOf(c) * WEIGHTS[i], 0) % 31)) % 31];
const VALID_USCC = FIRST17 + CHECK;
const WRONG_USCC = FIRST17 + (CHECK === "1" ? "2" : "1");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function clickAndWait(page: Page, name: string | RegExp, path: string | RegExp) {
  await page.getByRole("button", { name }).click();
  await waitForPath(page, path);
}

describe("applying to move in", () => {
  const email = uniqueEmail("founder");
  let applicantContext: BrowserContext;
  let applicant: Page;
  let applicantErrors: string[];
  let reviewerContext: BrowserContext;
  let reviewer: Page;
  let reviewerErrors: string[];
  let reviewPath = "";

  beforeAll(async () => {
    applicantContext = await newContext(browser, { viewport: { width: 375, height: 800 } });
    ({ page: applicant, errors: applicantErrors } = await newPage(applicantContext));
    reviewerContext = await newContext(browser);
    ({ page: reviewer, errors: reviewerErrors } = await newPage(reviewerContext));
    reviewer.on("dialog", (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await applicantContext?.close();
    await reviewerContext?.close();
  });

  test("a visitor follows 申请入驻, signs up, verifies the address, logs in and comes back to the application form", async () => {
    await applicant.goto("/");
    await applicant.getByRole("link", { name: "申请入驻" }).click();
    await waitForPath(applicant, "/signup");
    expect(new URL(applicant.url()).searchParams.get("redirectTo")).toBe("/apply");
    await waitForHydration(applicant);
    const admin = await adminOutboxPage(browser);
    await signUpVerifyAndLogIn(applicant, admin, { email, password: "moving-in-2026", displayName: "星火" });
    await admin.context().close();
    await waitForPath(applicant, "/apply");
    await expect.poll(() => mainText(applicant)).toContain("分 6 步完成申请");
    expect(await applicant.locator(".apply-steps li").count()).toBe(6);
  });

  test("a wrong USCC check character is refused next to the field; the corrected company step is saved", async () => {
    await waitForHydration(applicant);
    const form = applicant.locator("form#apply-company");
    await form.locator("input[name=registered][value=yes]").check();
    await form.locator("input[name=nameZh]").fill(COMPANY);
    await form.locator("input[name=nameEn]").fill(COMPANY_EN);
    await form.locator("input[name=uscc]").fill(WRONG_USCC);
    await form.locator("input[name=foundedOn]").fill("2023-03-01");
    await form.locator("select[name=category]").selectOption("animation");
    await form.locator("textarea[name=description]").fill("获奖动画团队，做剧本改编与前期制作。");
    await form.locator("input[name=contactName]").fill("星火");
    await form.locator("input[name=contactPhone]").fill("13800138000");
    await form.getByRole("button", { name: "保存并继续" }).click();
    const usccError = form.locator(".field-invalid .field-errors");
    await expect.poll(() => usccError.innerText()).toContain("校验位");
    await screenshot(applicant, "admission-form-uscc-error-375");
    expect(new URL(applicant.url()).search).not.toContain("step=team");

    await form.locator("input[name=uscc]").fill(VALID_USCC);
    await clickAndWait(applicant, "保存并继续", /\/apply\?step=team$/);
  });

  test("half a step is saved as a draft and is still there after leaving and coming back", async () => {
    await waitForHydration(applicant);
    const form = applicant.locator("form#apply-team");
    await form.locator("textarea[name=keyPeople]").fill("星火 · 导演 · 两部获奖动画短片");
    await form.getByRole("button", { name: "保存草稿" }).click();
    await expect.poll(() => applicant.locator("main p.notice").innerText()).toContain("草稿已保存");

    await applicant.goto("/dashboard");
    await applicant.goto("/apply");
    await waitForHydration(applicant);
    // The company step is done, the team step is where they left off.
    expect(new URL(applicant.url()).pathname).toBe("/apply");
    expect(await applicant.locator("form#apply-team textarea[name=keyPeople]").inputValue()).toBe("星火 · 导演 · 两部获奖动画短片");
    expect(await applicant.locator(".progress-bar").getAttribute("aria-valuenow")).toBe("1");
    await screenshot(applicant, "admission-form-draft-375");

    await applicant.locator("form#apply-team input[name=size]").fill("9");
    await clickAndWait(applicant, "保存并继续", /step=plan$/);
  });

  test("the plan, the needs and a business plan PDF; an HTML file renamed .pdf is refused", async () => {
    await waitForHydration(applicant);
    await applicant.locator("textarea[name=projects]").fill("两部动画短剧，一部与真人剧组合拍的短剧。");
    await applicant.locator("textarea[name=wantsFromPark]").fill("后期机房、GPU 渲染算力、公司注册协助。");
    await clickAndWait(applicant, "保存并继续", /step=needs$/);
    await waitForHydration(applicant);
    for (const [name, value] of [["officeSeats", "8"], ["stageDaysPerMonth", "2"], ["gpuHoursPerMonth", "300"], ["llmMillionTokensPerMonth", "50"], ["apartments", "2"]]) {
      await applicant.locator(`input[name=${name}]`).fill(value);
    }
    await clickAndWait(applicant, "保存并继续", /step=attachments$/);
    await waitForHydration(applicant);

    const upload = applicant.locator("form#apply-upload");
    await upload.locator("input[type=file]").setInputFiles({ name: "plan.pdf", mimeType: "application/pdf", buffer: Buffer.from("<!doctype html><p>not a pdf</p>") });
    await upload.getByRole("button", { name: "上传" }).click();
    await expect.poll(() => upload.locator(".field-errors").innerText()).toContain("只接受 PDF 或图片");

    await upload.locator("input[type=file]").setInputFiles({ name: "星火商业计划书.pdf", mimeType: "application/pdf", buffer: PDF });
    await upload.getByRole("button", { name: "上传" }).click();
    await expect.poll(() => applicant.locator("ul.attachments").innerText()).toContain("星火商业计划书.pdf");
    await screenshot(applicant, "admission-form-attachments-375");
    await clickAndWait(applicant, "保存并继续", /step=review$/);
  });

  test("the applicant reviews the answers and submits", async () => {
    await waitForHydration(applicant);
    const text = await mainText(applicant);
    expect(text).toContain(COMPANY);
    expect(text).toContain(VALID_USCC);
    expect(text).not.toContain("以下步骤尚未完成");
    await screenshot(applicant, "admission-form-review-375");
    // The declaration: the answers are true, the privacy notice accepted.
    await applicant.locator("input[name=truthful]").check();
    await applicant.locator("input[name=privacy]").check();
    await clickAndWait(applicant, "提交申请", "/apply/status");
    const status = await mainText(applicant);
    expect(status).toContain("申请已提交");
    expect(status).toContain("已提交");
  });

  test("an admissions officer finds it in the console, starts the review and asks for past works", async () => {
    await login(reviewer, REVIEWER_EMAIL);
    await reviewer.goto(`/admissions?q=${encodeURIComponent(COMPANY)}`);
    await waitForHydration(reviewer);
    await reviewer.locator("#applications a", { hasText: COMPANY }).click();
    await waitForPath(reviewer, /^\/admissions\/[0-9a-f-]{36}$/);
    reviewPath = new URL(reviewer.url()).pathname;
    await waitForHydration(reviewer);
    await reviewer.locator("#review-assign select").selectOption({ label: "王思远" });
    await reviewer.getByRole("button", { name: "分配并开始审核" }).click();
    await expect.poll(() => reviewer.locator("main p.notice").innerText()).toContain("已分配审核人");
    await expect.poll(() => reviewer.locator("main header .badge").innerText()).toBe("审核中");

    const request = reviewer.locator("form#review-requestInfo");
    await request.locator("textarea[name=message]").fill("请补充过往作品（片名、平台、年份）。");
    await request.locator("input[name=fixSteps][value=team]").check();
    await request.getByRole("button", { name: "发送补充请求" }).click();
    await expect.poll(() => reviewer.locator("main p.notice").innerText()).toContain("已请申请人补充信息");
    await expect.poll(() => reviewer.locator("main header .badge").innerText()).toBe("待补充信息");
  });

  test("the applicant sees exactly what to fix, fixes it and resubmits", async () => {
    await applicant.goto("/apply/status");
    await waitForHydration(applicant);
    const status = await mainText(applicant);
    expect(status).toContain("园区请你补充信息");
    expect(status).toContain("请补充过往作品（片名、平台、年份）。");
    await screenshot(applicant, "admission-status-info-requested-375");
    await applicant.getByRole("link", { name: "去修改" }).click();
    await waitForPath(applicant, "/apply");
    await waitForHydration(applicant);
    await applicant.locator("form#apply-team textarea[name=pastWorks]").fill("《星火》2024 · B站\n《小镇》2025 · 抖音");
    await clickAndWait(applicant, "保存并继续", /step=plan$/);
    await applicant.goto("/apply?step=review");
    await waitForHydration(applicant);
    await applicant.locator("textarea[name=note]").fill("已补充两部过往作品。");
    await applicant.locator("input[name=truthful]").check();
    await applicant.locator("input[name=privacy]").check();
    await clickAndWait(applicant, "重新提交", "/apply/status");
    expect(await mainText(applicant)).toContain("已重新提交");
  });

  test("the officer scores it and approves it with the terms", async () => {
    await reviewer.goto(reviewPath);
    await waitForHydration(reviewer);
    await expect.poll(() => reviewer.locator("main header .badge").innerText()).toBe("已补充");
    expect(await mainText(reviewer)).toContain("已补充两部过往作品。");
    const score = reviewer.locator("form#review-score");
    for (const select of await score.locator("select").all()) await select.selectOption("4");
    await score.getByRole("button", { name: "保存评分" }).click();
    await expect.poll(() => reviewer.locator("main p.notice").innerText()).toContain("评分已保存");

    const decision = reviewer.locator("form#review-decide");
    await decision.locator("input[name=decision][value=approve]").check();
    await decision.locator("textarea[name=reason]").fill("获奖团队，与园区短剧与 AI 生态契合。");
    await decision.locator("input[name=seats]").fill("8");
    const moveIn = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await decision.locator("input[name=moveInOn]").fill(moveIn);
    await decision.locator("textarea[name=incubationSupport]").fill("创业导师每月一次辅导");
    await decision.getByRole("button", { name: "确认决定" }).click();
    await expect.poll(() => reviewer.locator("main p.notice").innerText()).toContain("决定已保存");
    await expect.poll(() => reviewer.locator("main header .badge").innerText()).toBe("已通过");
    await reviewer.setViewportSize({ width: 375, height: 800 });
    await reviewer.goto("/admissions");
    await waitForHydration(reviewer);
    await screenshot(reviewer, "admission-console-375");
    expect(reviewerErrors).toEqual([]);
  });

  test("the applicant is told, and goes into the new company's dashboard", async () => {
    await applicant.goto("/apply/status");
    await waitForHydration(applicant);
    const status = await mainText(applicant);
    expect(status).toContain("已通过");
    expect(status).toContain("欢迎入驻昊浦");
    expect(status).toContain("500 算力点");
    await screenshot(applicant, "admission-status-approved-375");
    await applicant.getByRole("button", { name: "进入企业工作台" }).click();
    await waitForPath(applicant, "/dashboard");
    expect(await mainText(applicant)).toContain(COMPANY);
    // The company is in the organisation switcher, with the applicant as its owner.
    const options = await applicant.locator("#org-switch option").allTextContents();
    expect(options.some((o) => o.includes(COMPANY) && o.includes("所有者"))).toBe(true);
    // The refused HTML upload answered 422, which the browser logs; nothing else may appear.
    expect(applicantErrors.filter((e) => !/status of 422 .*\/apply\/attachments/.test(e))).toEqual([]);
  });
});

describe("uploads", () => {
  test("a 50 MB upload is refused with 413 before the app reads it", async () => {
    const response = await fetch(`${baseUrl()}/apply/attachments`, {
      method: "POST",
      headers: { Origin: baseUrl(), "Content-Type": "application/pdf" },
      body: new Uint8Array(50 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
  });
});
