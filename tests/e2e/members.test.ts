// A tenant owner invites a new member, who signs up and accepts from the emailed link; and a
// session cookie stops working once its owner logs out.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  adminOutboxPage,
  launchBrowser,
  login,
  logout,
  mainText,
  newContext,
  OWNER_EMAIL,
  readLinkFromOutbox,
  SESSION_COOKIE,
  signUpVerifyAndLogIn,
  uniqueEmail,
  waitForPath,
} from "./support";

const ORG_NAME = "上海青焰动画工作室";

let browser: Browser;
let admin: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await adminOutboxPage(browser);
});

afterAll(async () => {
  await browser?.close();
});

describe("inviting a member", () => {
  const invitee = uniqueEmail("invitee");
  const password = "invited-and-joined-7";
  let ownerContext: BrowserContext;
  let owner: Page;
  let inviteeContext: BrowserContext;
  let member: Page;

  beforeAll(async () => {
    ownerContext = await newContext(browser);
    owner = await ownerContext.newPage();
    inviteeContext = await newContext(browser);
    member = await inviteeContext.newPage();
  });

  afterAll(async () => {
    await ownerContext?.close();
    await inviteeContext?.close();
  });

  test("the owner invites a new email as 成员 and sees it pending", async () => {
    await login(owner, OWNER_EMAIL);
    await owner.goto("/org/members");
    expect(await mainText(owner)).toContain(ORG_NAME);
    const form = owner.locator("form#invite");
    await form.locator("input[name=email]").fill(invitee);
    await form.locator("select[name=role]").selectOption("member");
    expect(await form.locator("select[name=role] option:checked").innerText()).toBe("成员");
    await form.getByRole("button", { name: "发送邀请" }).click();

    await expect.poll(() => owner.locator("main [role=status]").innerText()).toContain(invitee);
    const pending = owner.locator("main ul.list li", { hasText: invitee });
    await expect.poll(() => pending.count()).toBe(1);
    expect(await pending.innerText()).toContain("成员");
    // Not a member yet.
    expect(await owner.locator("main table").innerText()).not.toContain(invitee);
  });

  test("the invitee signs up, accepts from the emailed link and lands in the organisation", async () => {
    await member.goto("/signup");
    await signUpVerifyAndLogIn(member, admin, { email: invitee, password, displayName: "新同事" });

    const link = await readLinkFromOutbox(admin, invitee, "/invitations/");
    await member.goto(link);
    expect(await mainText(member)).toContain(ORG_NAME);
    await member.getByRole("button", { name: "接受邀请" }).click();
    await waitForPath(member, "/dashboard");
    await expect.poll(() => mainText(member)).toContain(ORG_NAME);
    expect(await mainText(member)).toContain("成员");

    // The link is used up.
    await member.goto(link);
    expect(await mainText(member)).toContain("邀请无效、已过期或已被使用");
    expect(await member.getByRole("button", { name: "接受邀请" }).count()).toBe(0);
  });

  test("the owner sees the new member, no longer pending", async () => {
    await owner.reload();
    const row = owner.locator("main table tr", { hasText: invitee });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain("新同事");
    expect(await row.innerText()).toContain("成员");
    expect(await owner.locator("main ul.list li", { hasText: invitee }).count()).toBe(0);
  });

  test("a session cookie captured before logout no longer works after it", async () => {
    await member.goto("/dashboard");
    const cookie = (await inviteeContext.cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.value).toBeTruthy();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");

    await logout(member);

    const replay = await newContext(browser);
    try {
      await replay.addCookies([cookie!]);
      const page = await replay.newPage();
      await page.goto("/dashboard");
      await waitForPath(page, "/login");
      expect(await mainText(page)).not.toContain(ORG_NAME);
    } finally {
      await replay.close();
    }
  });
});
