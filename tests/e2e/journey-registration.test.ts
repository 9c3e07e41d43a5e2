// Registering a company, walked as a founder in Chinese at 375 px and in English at 1280 px: on
// 股东及出资 a contribution date past the 2024 Company Law's five-year limit, and any other invalid
// answer, is refused next to its field — "保存并继续" neither saves a draft nor ticks the step;
// the case's history names documents ("第 1 位股东（…）身份证复印件"), not keys (id:shareholder:0);
// the case shows one progress tracker, not two; and the pages address the reader as 你, never 您.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, login, mainText, newContext, newPage, screenshot, switchLanguage, waitForHydration, waitForPath } from "./support";

const PHONE = { width: 375, height: 800 };
const DESK_EMAIL = "registration@haopu.test";
/** The desk reads in Chinese. */
const zhDocument = (name: string) => `第 1 位股东（${name}）身份证复印件`;
const DESKTOP = { width: 1280, height: 800 };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

function residentId(first17: string) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + "10X98765432"[[...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0) % 11];
}
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface Walk {
  language: "zh-CN" | "en";
  viewport: { width: number; height: number };
  /** A seeded founder with no registration case, who opens one here. */
  email: string;
  shareholder: string;
  idFirst17: string;
  companyName: string;
  text: {
    open: string;
    saveNext: string;
    fiveYears: RegExp;
    upload: string;
    document: (name: string) => string;
    uploadedEvent: string;
  };
}

const walks: Walk[] = [
  {
    language: "zh-CN",
    viewport: PHONE,
    email: "founder9@apply.test",
    shareholder: "陆远舟",
    idFirst17: "31011719900312341",
    companyName: "上海远舟叙事影视文化有限公司",
    text: {
      open: "开始办理",
      saveNext: "保存并继续",
      fiveYears: /五年/,
      upload: "上传",
      document: (name) => `第 1 位股东（${name}）身份证复印件`,
      uploadedEvent: "上传材料",
    },
  },
  {
    language: "en",
    viewport: DESKTOP,
    email: "founder10@apply.test",
    shareholder: "Qiao Lan",
    idFirst17: "31011719880921452",
    companyName: "上海乔岚影视文化有限公司",
    text: {
      open: "Start",
      saveNext: "Save and continue",
      fiveYears: /five years/i,
      upload: "Upload",
      document: (name) => `ID card copy of shareholder 1 (${name})`,
      uploadedEvent: "Document uploaded",
    },
  },
];

for (const walk of walks) {
  const tag = `${walk.language === "en" ? "en" : "zh"}-${walk.viewport.width}`;

  describe(`registering a limited company (${walk.language}, ${walk.viewport.width} px)`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    let casePath = "";

    beforeAll(async () => {
      context = await newContext(browser, { viewport: walk.viewport });
      ({ page, errors } = await newPage(context));
      page.setDefaultTimeout(10_000);
      page.on("dialog", (dialog) => void dialog.accept());
      await login(page, walk.email, undefined, "/registration");
      await switchLanguage(page, walk.language);
    });

    afterAll(async () => {
      await page.goto("/dashboard");
      await switchLanguage(page, "zh-CN");
      await context?.close();
    });

    /** Chinese pages say 你 like the rest of the app; English ones have nothing to check. */
    async function expectInformalYou(where: string) {
      if (walk.language !== "zh-CN") return;
      expect(await mainText(page), `${where} addresses the reader as 您`).not.toContain("您");
    }

    /** The case shows one progress tracker: one progress bar or step tracker on the page, not two. */
    async function expectOneTracker() {
      expect(await page.locator("main [role=progressbar], main ol.tracker").count()).toBe(1);
    }

    test("opens a case; the page has one tracker and says 你", async () => {
      await waitForHydration(page);
      await expectInformalYou("/registration");
      await page.locator("input[name=caseType][value=limited]").check();
      await page.getByRole("button", { name: walk.text.open, exact: true }).click();
      await waitForPath(page, /^\/registration\/[0-9a-f-]{36}\?done=opened$/);
      await waitForHydration(page);
      casePath = new URL(page.url()).pathname;
      await expectOneTracker();
      await expectInformalYou("the new case");
      await screenshot(page, `journey-registration-opened-${tag}`);
    });

    test("names, scope and capital", async () => {
      await page.goto(`${casePath}?step=names`);
      await waitForHydration(page);
      await page.locator("input[name='candidates[0]']").fill(walk.companyName);
      await page.getByRole("button", { name: walk.text.saveNext }).click();
      await waitForPath(page, /step=scope$/);
      await waitForHydration(page);
      await page.locator("input[name=items][value=film_shooting]").check();
      await page.getByRole("button", { name: walk.text.saveNext }).click();
      await waitForPath(page, /step=capital$/);
      await waitForHydration(page);
      await page.locator("input[name=capitalWan]").fill("100");
      await page.getByRole("button", { name: walk.text.saveNext }).click();
      await waitForPath(page, /step=shareholders$/);
      await waitForHydration(page);
      await expectOneTracker();
    });

    test("a contribution date past five years and a share over 100 % are refused at their fields; nothing is saved or ticked", async () => {
      const due = page.locator("input[name='shareholders[0].paymentDueOn']");
      const share = page.locator("input[name='shareholders[0].sharePercent']");
      await page.locator("input[name='shareholders[0].name']").fill(walk.shareholder);
      await page.locator("input[name='shareholders[0].idNumber']").fill(residentId(walk.idFirst17));
      await share.fill("120");
      await page.locator("input[name='shareholders[0].subscribedWan']").fill("100");
      await due.fill(`${thisYear + 6}-06-30`);
      await page.getByRole("button", { name: walk.text.saveNext }).click();

      const dueField = page.locator(".field", { has: due });
      await expect.poll(() => dueField.locator(".field-errors").count(), { timeout: 10_000 }).toBe(1);
      expect(await dueField.locator(".field-errors").innerText()).toMatch(walk.text.fiveYears);
      expect(await due.getAttribute("aria-invalid")).toBe("true");
      const shareField = page.locator(".field", { has: share });
      expect(await shareField.locator(".field-errors").count()).toBe(1);
      expect(await share.getAttribute("aria-invalid")).toBe("true");
      // Still on the step, no "saved" notice, the step not ticked.
      expect(new URL(page.url()).search).toBe("?step=shareholders");
      expect(await page.locator("main .notice").count()).toBe(0);
      const stepItem = page.locator(".intake-steps li", { has: page.locator("a[href$='step=shareholders']") });
      expect(await stepItem.getAttribute("class")).not.toMatch(/complete/);
      await screenshot(page, `journey-registration-five-years-${tag}`);

      // Nothing was saved: coming back, the step is empty.
      await page.goto(`${casePath}?step=shareholders`);
      await waitForHydration(page);
      expect(await page.locator("input[name='shareholders[0].paymentDueOn']").inputValue()).toBe("");
      expect(await page.locator("input[name='shareholders[0].name']").inputValue()).toBe("");
    });

    test("within five years the step is saved and the next one opens", async () => {
      await page.locator("input[name='shareholders[0].name']").fill(walk.shareholder);
      await page.locator("input[name='shareholders[0].idNumber']").fill(residentId(walk.idFirst17));
      await page.locator("input[name='shareholders[0].sharePercent']").fill("100");
      await page.locator("input[name='shareholders[0].subscribedWan']").fill("100");
      await page.locator("input[name='shareholders[0].paymentDueOn']").fill(`${thisYear + 4}-12-31`);
      await page.getByRole("button", { name: walk.text.saveNext }).click();
      await waitForPath(page, /step=officers$/);
      await waitForHydration(page);
      const stepItem = page.locator(".intake-steps li", { has: page.locator("a[href$='step=shareholders']") });
      expect(await stepItem.getAttribute("class")).toMatch(/complete/);
    });

    test("an uploaded ID is named in the history by what it is, not by its key", async () => {
      await page.goto(`${casePath}?step=documents`);
      await waitForHydration(page);
      await expectInformalYou("the documents step");
      const item = page.locator('li.checklist-item[data-requirement="id:shareholder:0"]');
      await item.locator("input[type=file]").setInputFiles({ name: "id.pdf", mimeType: "application/pdf", buffer: PDF });
      await item.getByRole("button", { name: walk.text.upload }).click();
      await expect.poll(() => item.locator("ul.documents li").count()).toBe(1);
      await page.goto(casePath);
      await waitForHydration(page);
      const history = page.locator("section[aria-labelledby=timeline-title]");
      const text = await history.innerText();
      expect(text).not.toContain("id:shareholder");
      const uploaded = history.locator("li", { hasText: walk.text.uploadedEvent }).first();
      expect(await uploaded.innerText()).toContain(walk.text.document(walk.shareholder));
      await expectOneTracker();
      await expectInformalYou("the case overview");
      await screenshot(page, `journey-registration-history-${tag}`);
      expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    });

    test("the desk's view of the case has one tracker and names the document too", async () => {
      const deskContext = await newContext(browser, { viewport: walk.viewport });
      const { page: desk } = await newPage(deskContext);
      await login(desk, DESK_EMAIL);
      await desk.goto(casePath.replace("/registration/", "/registration/desk/"));
      await waitForHydration(desk);
      expect(await desk.locator("main [role=progressbar], main ol.tracker").count()).toBe(1);
      const history = await desk.locator("main .timeline").innerText();
      expect(history).not.toContain("id:shareholder");
      expect(history).toContain(zhDocument(walk.shareholder));
      await deskContext.close();
    });
  });
}
