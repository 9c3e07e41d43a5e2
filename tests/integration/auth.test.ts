import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailTokens, loginFailures, sessions, users } from "#db/schema/index";
import { throttleKeys } from "~/modules/identity/login-throttle.server";
import { getDb } from "~/modules/platform/db.server";
import { runDueJobs } from "~/modules/platform/jobs.server";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as signupAction } from "~/routes/signup";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password";
import { action as forgotAction } from "~/routes/forgot-password";
import { loader as verifyLoader } from "~/routes/verify-email";
import { loader as dashboardLoader } from "~/routes/dashboard";
import { action as accountAction } from "~/routes/account";
import { sentMail } from "../support/database";
import { PASSWORD, call, cookieFrom, createUser, getRequest, postRequest, unique } from "../support/factories";

async function rowCount(table: typeof users | typeof sessions | typeof emailTokens) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row.n);
}

function linkIn(text: string, path: string) {
  const match = text.match(new RegExp(`https?://[^\\s]*${path.replace(/[?]/g, "\\?")}[^\\s]*`));
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return new URL(match[0]);
}

describe("signing up", () => {
  it("creates the account and emails a verification link that works once; the person logs in afterwards", async () => {
    const email = `${unique("new")}@example.test`;
    const answer = await call(signupAction, postRequest("/signup", { email, password: "a-long-password", displayName: "林青" }));
    expect(answer.status).toBe(200);
    expect(answer.data.done).toEqual({ sentTo: email });
    expect(answer.headers.get("Set-Cookie")).toBeNull();
    expect(await rowCount(sessions)).toBe(0);

    expect(await runDueJobs()).toBe(1);
    expect(sentMail).toHaveLength(1);
    expect(sentMail[0].to).toBe(email);
    expect(sentMail[0].subject).toContain("验证");
    const link = linkIn(sentMail[0].text, "/verify-email?token=");

    const verified = await call(verifyLoader, getRequest(link.pathname + link.search));
    expect(verified.data.state).toBe("verified");
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    expect(user.displayName).toBe("林青");

    const again = await call(verifyLoader, getRequest(link.pathname + link.search));
    expect(again.data.state).toBe("invalid");

    const login = await call(loginAction, postRequest("/login", { email, password: "a-long-password" }));
    expect(login.status).toBe(302);
    const dashboard = await call(dashboardLoader, getRequest("/dashboard", cookieFrom(login.headers.getSetCookie()[0])));
    expect(dashboard.data.name).toBe("林青");
  });

  it("carries where the person was going through the verification link to the login", async () => {
    const email = `${unique("new")}@example.test`;
    await call(signupAction, postRequest("/signup", { email, password: "a-long-password", redirectTo: "/apply" }));
    await runDueJobs();
    const link = linkIn(sentMail[0].text, "/verify-email?token=");
    expect(link.searchParams.get("next")).toBe("/apply");
    const verified = await call(verifyLoader, getRequest(link.pathname + link.search));
    expect(verified.data).toMatchObject({ state: "verified", next: "/apply", signedIn: false });
    const offSite = await call(verifyLoader, getRequest(`/verify-email?token=x&next=${encodeURIComponent("//evil.example/x")}`));
    expect(offSite.data.next).toBe("/dashboard");
  });

  it("stores only a hash of the session token", async () => {
    const user = await createUser();
    const answer = await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }));
    const token = cookieFrom(answer.headers.getSetCookie()[0]).split("=")[1];
    const db = await getDb();
    const rows = await db.select({ id: sessions.id }).from(sessions);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(token);
    expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("answers an address that already has an account exactly like a new one, and tells its owner instead", async () => {
    const owner = await createUser({ email: "taken@example.test", name: "王芳" });
    const fresh = await call(signupAction, postRequest("/signup", { email: "fresh@example.test", password: "a-long-password" }));
    const before = await rowCount(users);
    const taken = await call(signupAction, postRequest("/signup", { email: "Taken@Example.test", password: "a-long-password" }));
    expect(taken.status).toBe(fresh.status);
    expect([...taken.headers]).toEqual([...fresh.headers]);
    expect({ ...taken.data, done: null }).toEqual({ ...fresh.data, done: null });
    expect(taken.data.done.sentTo).toBe("taken@example.test");
    expect(await rowCount(users)).toBe(before);

    await runDueJobs();
    const notice = sentMail.filter((m) => m.to === owner.email);
    expect(notice).toHaveLength(1);
    expect(notice[0].subject).toContain("注册");
    expect(notice[0].text).toContain("王芳");
    expect(notice[0].text).toContain("/forgot-password");
    expect(notice[0].text).toContain("/login");
    expect(notice[0].text).not.toContain("token=");
    const db = await getDb();
    expect(await db.select().from(emailTokens).where(eq(emailTokens.userId, owner.id))).toHaveLength(0);
  });

  it.each([
    ["empty", { email: "", password: "" }, { email: ["errors.required"], password: ["errors.required"] }],
    ["a wrong email", { email: "not-an-email", password: "a-long-password" }, { email: ["errors.email"] }],
    ["a too long email", { email: `${"a".repeat(250)}@example.test`, password: "a-long-password" }, { email: ["errors.tooLong"] }],
    ["a short password", { email: "ok@example.test", password: "short" }, { password: ["errors.passwordTooShort"] }],
    ["HTML in the name", { email: "ok@example.test", password: "a-long-password", displayName: "<script>alert(1)</script>" }, { displayName: ["errors.noAngleBrackets"] }],
    ["a too long name", { email: "ok@example.test", password: "a-long-password", displayName: "名".repeat(61) }, { displayName: ["errors.tooLong"] }],
  ])("answers %s with field errors and creates nothing", async (_label, fields, errors) => {
    const answer = await call(signupAction, postRequest("/signup", fields as Record<string, string>));
    expect(answer.status).toBe(400);
    for (const [field, messages] of Object.entries(errors)) expect(answer.data.result.error[field]).toEqual(messages);
    expect(await rowCount(users)).toBe(0);
    expect(await rowCount(sessions)).toBe(0);
  });

  it("keeps SQL in a name as plain text", async () => {
    const name = "Robert'); DROP TABLE users;--";
    const answer = await call(signupAction, postRequest("/signup", { email: "bobby@example.test", password: "a-long-password", displayName: name }));
    expect(answer.status).toBe(200);
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.email, "bobby@example.test"));
    expect(user.displayName).toBe(name);
  });

  it("answers a body that is not a form with a 4xx, not a 500", async () => {
    const request = new Request("http://localhost/signup", {
      method: "POST",
      body: "{not a form",
      headers: { "Content-Type": "multipart/form-data; boundary=nothing" },
    });
    const answer = await call(signupAction, request);
    expect(answer.status).toBe(422);
    expect(answer.data.messageKey).toBe("errors.badForm");
  });
});

describe("logging in and out", () => {
  it("starts a new session on login and ends it on logout, after which the old cookie is worthless", async () => {
    const user = await createUser();
    const login = await call(loginAction, postRequest("/login", { email: user.email.toUpperCase(), password: PASSWORD }));
    expect(login.status).toBe(302);
    expect(login.location).toBe("/dashboard");
    const cookie = cookieFrom(login.headers.getSetCookie().find((c) => c.startsWith("haopu_session"))!);
    expect((await call(dashboardLoader, getRequest("/dashboard", cookie))).status).toBe(200);

    const logout = await call(logoutAction, postRequest("/logout", {}, cookie));
    expect(logout.status).toBe(302);
    expect(logout.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);

    const after = await call(dashboardLoader, getRequest("/dashboard", cookie));
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("logging in again replaces the session the browser had", async () => {
    const user = await createUser();
    const first = await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }));
    const firstCookie = cookieFrom(first.headers.getSetCookie()[0]);
    const second = await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }, firstCookie));
    const secondCookie = cookieFrom(second.headers.getSetCookie()[0]);
    expect(secondCookie).not.toBe(firstCookie);
    expect((await call(dashboardLoader, getRequest("/dashboard", firstCookie))).status).toBe(302);
    expect((await call(dashboardLoader, getRequest("/dashboard", secondCookie))).status).toBe(200);
  });

  it("says the same thing for a wrong password and an unknown email", async () => {
    const user = await createUser();
    const wrong = await call(loginAction, postRequest("/login", { email: user.email, password: "wrong-password" }));
    const unknown = await call(loginAction, postRequest("/login", { email: "nobody@example.test", password: "wrong-password" }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.data.result.error[""]).toEqual(["errors.invalidCredentials"]);
    expect(unknown.data.result.error[""]).toEqual(wrong.data.result.error[""]);
  });

  it("slows down the client that fails, and never refuses the right password from another client", async () => {
    const user = await createUser();
    const fromA = (password: string) => call(loginAction, postRequest("/login", { email: user.email, password }), {}, "203.0.113.7");
    // Someone at address A tries to lock the account out with 120 wrong passwords in a row.
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) statuses.push((await fromA(`wrong-${i}`)).status);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 429]);
    // Past five failures each one makes A wait twice as long (1 s, 2 s, 4 s …): a handful more get checked.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(110);
    const slowed = await fromA(PASSWORD);
    expect(slowed.status).toBe(429);
    expect(slowed.data.result.error[""][0]).toMatch(/^errors\.loginSlowDown::\{"seconds":\d+\}$/);
    expect(slowed.headers.get("Set-Cookie")).toBeNull();

    // The account's owner, at address B, logs in as usual.
    const fromB = await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }), {}, "198.51.100.20");
    expect(fromB.status).toBe(302);

    // A is slowed, not locked out: once its wait is over it may try again.
    const db = await getDb();
    await db.update(loginFailures).set({ at: sql`${loginFailures.at} - interval '2 minutes'` });
    expect((await fromA(PASSWORD)).status).toBe(302);
  }, 120_000);

  it("keeps the bound of 100 failures an hour for one account from one client", async () => {
    const user = await createUser();
    // A hundred failures over the last hour from one client, slowly enough never to be slowed down.
    const [pairKey] = throttleKeys(user.email, "203.0.113.7").filter((k) => !k.slowDown);
    const db = await getDb();
    await db.insert(loginFailures).values(
      Array.from({ length: 100 }, (_, i) => ({ key: pairKey.key, at: new Date(Date.now() - (i + 1) * 30_000) })),
    );
    const blocked = await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }), {}, "203.0.113.7");
    expect(blocked.status).toBe(429);
    expect(blocked.data.result.error[""][0]).toMatch(/^errors\.loginRateLimited::\{"minutes":\d+\}$/);
    const elsewhere = await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }), {}, "198.51.100.20");
    expect(elsewhere.status).toBe(302);
  });

  it("does not count a successful login as a failure", async () => {
    const user = await createUser();
    await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }));
    const db = await getDb();
    const [failures] = await db.select({ n: count() }).from(loginFailures);
    expect(Number(failures.n)).toBe(0);
  });
});

describe("resetting a password", () => {
  it("emails a single-use link; the new password works, the old one and every old session do not", async () => {
    const user = await createUser();
    const oldSession = cookieFrom(
      (await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }))).headers.getSetCookie()[0],
    );
    const forgot = await call(forgotAction, postRequest("/forgot-password", { email: user.email }));
    expect(forgot.data.done).toBe("sent");
    await runDueJobs();
    const link = linkIn(sentMail[0].text, "/reset-password?token=");
    const token = link.searchParams.get("token")!;

    expect((await call(resetLoader, getRequest(link.pathname + link.search))).data.usable).toBe(true);
    const reset = await call(
      resetAction,
      postRequest("/reset-password", { token, password: "brand-new-password", confirmPassword: "brand-new-password" }),
    );
    expect(reset.status).toBe(302);
    expect(reset.location).toBe("/login?reset=1");

    const again = await call(
      resetAction,
      postRequest("/reset-password", { token, password: "another-password", confirmPassword: "another-password" }),
    );
    expect(again.status).toBe(410);
    expect(again.data.result.error[""]).toEqual(["errors.tokenInvalid"]);
    expect((await call(resetLoader, getRequest(link.pathname + link.search))).data.usable).toBe(false);

    expect((await call(dashboardLoader, getRequest("/dashboard", oldSession))).status).toBe(302);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }))).status).toBe(401);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: "brand-new-password" }))).status).toBe(302);
  });

  it("voids every other reset link of the account once one is used", async () => {
    const user = await createUser();
    await call(forgotAction, postRequest("/forgot-password", { email: user.email }));
    await call(forgotAction, postRequest("/forgot-password", { email: user.email }));
    await runDueJobs();
    expect(sentMail).toHaveLength(2);
    const [first, second] = sentMail.map((m) => linkIn(m.text, "/reset-password?token=").searchParams.get("token")!);
    const used = await call(resetAction, postRequest("/reset-password", { token: second, password: "brand-new-password", confirmPassword: "brand-new-password" }));
    expect(used.status).toBe(302);

    expect((await call(resetLoader, getRequest(`/reset-password?token=${first}`))).data.usable).toBe(false);
    const stale = await call(resetAction, postRequest("/reset-password", { token: first, password: "attackers-password", confirmPassword: "attackers-password" }));
    expect(stale.status).toBe(410);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: "brand-new-password" }))).status).toBe(302);
  });

  it("answers an unknown email exactly like a known one and sends nothing", async () => {
    const answer = await call(forgotAction, postRequest("/forgot-password", { email: "ghost@example.test" }));
    expect(answer.data.done).toBe("sent");
    await runDueJobs();
    expect(sentMail).toHaveLength(0);
  });

  it("refuses mismatched passwords with a field error and keeps the token usable", async () => {
    const user = await createUser();
    await call(forgotAction, postRequest("/forgot-password", { email: user.email }));
    await runDueJobs();
    const token = linkIn(sentMail[0].text, "/reset-password?token=").searchParams.get("token")!;
    const answer = await call(
      resetAction,
      postRequest("/reset-password", { token, password: "brand-new-password", confirmPassword: "different-password" }),
    );
    expect(answer.status).toBe(400);
    expect(answer.data.result.error.confirmPassword).toEqual(["errors.passwordsDiffer"]);
    expect((await call(resetLoader, getRequest(`/reset-password?token=${token}`))).data.usable).toBe(true);
  });

  it("refuses an expired token", async () => {
    const user = await createUser();
    await call(forgotAction, postRequest("/forgot-password", { email: user.email }));
    await runDueJobs();
    const token = linkIn(sentMail[0].text, "/reset-password?token=").searchParams.get("token")!;
    const db = await getDb();
    await db.update(emailTokens).set({ expiresAt: new Date(Date.now() - 1000) });
    const answer = await call(
      resetAction,
      postRequest("/reset-password", { token, password: "brand-new-password", confirmPassword: "brand-new-password" }),
    );
    expect(answer.status).toBe(410);
  });
});

describe("changing the password on /account", () => {
  async function signIn(email: string, password = PASSWORD) {
    const answer = await call(loginAction, postRequest("/login", { email, password }));
    expect(answer.status).toBe(302);
    return cookieFrom(answer.headers.getSetCookie()[0]);
  }

  it("needs the current password, keeps this session and ends every other one", async () => {
    const user = await createUser();
    const here = await signIn(user.email);
    const elsewhere = await signIn(user.email);
    const changed = await call(
      accountAction,
      postRequest("/account", { intent: "password", currentPassword: PASSWORD, password: "brand-new-password", confirmPassword: "brand-new-password" }, here),
    );
    expect(changed.status).toBe(200);
    expect(changed.data.done.intent).toBe("password");
    expect(changed.data.result.status).toBe("success");
    expect((await call(dashboardLoader, getRequest("/dashboard", here))).status).toBe(200);
    expect((await call(dashboardLoader, getRequest("/dashboard", elsewhere))).status).toBe(302);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }))).status).toBe(401);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: "brand-new-password" }))).status).toBe(302);
  });

  it("refuses a wrong current password next to the field and changes nothing", async () => {
    const user = await createUser();
    const here = await signIn(user.email);
    const elsewhere = await signIn(user.email);
    const refused = await call(
      accountAction,
      postRequest("/account", { intent: "password", currentPassword: "not-my-password", password: "brand-new-password", confirmPassword: "brand-new-password" }, here),
    );
    expect(refused.status).toBe(422);
    expect(refused.data.result.error.currentPassword).toEqual(["errors.currentPasswordWrong"]);
    expect((await call(dashboardLoader, getRequest("/dashboard", elsewhere))).status).toBe(200);
    expect((await call(loginAction, postRequest("/login", { email: user.email, password: PASSWORD }))).status).toBe(302);
  });

  it("voids the reset links the account had asked for", async () => {
    const user = await createUser();
    const here = await signIn(user.email);
    await call(forgotAction, postRequest("/forgot-password", { email: user.email }));
    await runDueJobs();
    const token = linkIn(sentMail[0].text, "/reset-password?token=").searchParams.get("token")!;
    await call(
      accountAction,
      postRequest("/account", { intent: "password", currentPassword: PASSWORD, password: "brand-new-password", confirmPassword: "brand-new-password" }, here),
    );
    expect((await call(resetLoader, getRequest(`/reset-password?token=${token}`))).data.usable).toBe(false);
  });
});
