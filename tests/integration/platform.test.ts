// Platform services as a user or operator meets them: background jobs and email delivery,
// notifications, signed-in devices, the language switch and session expiry.
import { asc, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { jobs, notifications, outboxEmails, sessions, users } from "#db/schema/index";
import { languageCookie, getLanguage } from "~/i18n/i18n.server";
import { getDb } from "~/modules/platform/db.server";
import { loggerOptions } from "~/modules/platform/logger.server";
import pino from "pino";
import { enqueueJob, registerJobHandler, runDueJobs } from "~/modules/platform/jobs.server";
import { setMailer, type Mailer } from "~/modules/platform/mail.server";
import { notify } from "~/modules/platform/notifications.server";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { loader as outboxLoader } from "~/routes/admin.outbox";
import { loader as dashboardLoader } from "~/routes/dashboard";
import { loader as rootLoader } from "~/root";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as localeAction } from "~/routes/locale";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/notifications";
import { sentMail } from "../support/database";
import { call, cookieFrom, createUser, getRequest, postRequest, sessionCookie, signedInMember } from "../support/factories";

const capturingMailer: Mailer = { send: async (m) => void sentMail.push({ to: m.to, subject: m.subject, text: m.text }) };

async function jobRows() {
  const db = await getDb();
  return db.select().from(jobs).orderBy(asc(jobs.createdAt));
}

/** Makes every queued job due now, as if its backoff had passed. */
async function fastForwardJobs() {
  const db = await getDb();
  await db.update(jobs).set({ runAt: new Date(Date.now() - 1000) });
}

const handlerCalls = new Map<string, number>();
function countedHandler(kind: string, failUntilAttempt: number) {
  registerJobHandler(kind, async (_payload, job) => {
    handlerCalls.set(kind, (handlerCalls.get(kind) ?? 0) + 1);
    if (job.attempts <= failUntilAttempt) throw new Error(`boom on attempt ${job.attempts}`);
  });
}
countedHandler("test.always-fails", Infinity);
countedHandler("test.fails-once", 1);
countedHandler("test.works", 0);

afterEach(() => {
  handlerCalls.clear();
  setMailer(capturingMailer);
});

describe("the job queue", () => {
  it("retries a failing job with growing backoff, then gives up after its last attempt", async () => {
    const db = await getDb();
    await enqueueJob(db, "test.always-fails", { n: 1 }, { maxAttempts: 3 });

    const started = Date.now();
    expect(await runDueJobs()).toBe(1);
    let [job] = await jobRows();
    expect(job).toMatchObject({ status: "queued", attempts: 1, lastError: "boom on attempt 1", lockedBy: null, finishedAt: null });
    const firstBackoff = job.runAt.getTime() - started;
    expect(firstBackoff).toBeGreaterThan(9_000);
    expect(firstBackoff).toBeLessThan(12_000);
    expect(await runDueJobs()).toBe(0); // not due again until the backoff has passed

    await fastForwardJobs();
    const again = Date.now();
    expect(await runDueJobs()).toBe(1);
    [job] = await jobRows();
    expect(job).toMatchObject({ status: "queued", attempts: 2, lastError: "boom on attempt 2" });
    expect(job.runAt.getTime() - again).toBeGreaterThan(firstBackoff + 5_000);

    await fastForwardJobs();
    expect(await runDueJobs()).toBe(1);
    [job] = await jobRows();
    expect(job).toMatchObject({ status: "failed", attempts: 3, lastError: "boom on attempt 3" });
    expect(job.finishedAt).toBeInstanceOf(Date);

    await fastForwardJobs();
    expect(await runDueJobs()).toBe(0);
    expect(handlerCalls.get("test.always-fails")).toBe(3);
  });

  it("a job that fails once succeeds on its retry", async () => {
    const db = await getDb();
    await enqueueJob(db, "test.fails-once", {});
    await runDueJobs();
    await fastForwardJobs();
    expect(await runDueJobs()).toBe(1);
    const [job] = await jobRows();
    expect(job).toMatchObject({ status: "done", attempts: 2 });
    expect(handlerCalls.get("test.fails-once")).toBe(2);
  });

  it("a job nobody can handle fails with a clear error instead of vanishing", async () => {
    const db = await getDb();
    await enqueueJob(db, "test.nobody-handles-this", {}, { maxAttempts: 1 });
    await runDueJobs();
    const [job] = await jobRows();
    expect(job.status).toBe("failed");
    expect(job.lastError).toContain("no handler registered for job kind test.nobody-handles-this");
  });

  it("a job with a dedupe key is enqueued once, however often it is asked for", async () => {
    const db = await getDb();
    const first = await enqueueJob(db, "test.works", {}, { dedupeKey: "statement:2026-11" });
    const second = await enqueueJob(db, "test.works", {}, { dedupeKey: "statement:2026-11" });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    await enqueueJob(db, "test.works", {}, { dedupeKey: "statement:2026-12" });
    await enqueueJob(db, "test.works", {});
    await enqueueJob(db, "test.works", {});
    expect(await jobRows()).toHaveLength(4);
    expect(await runDueJobs()).toBe(4);
    expect(handlerCalls.get("test.works")).toBe(4);
  });

  it("picks up a job whose worker died mid-run (locked over 5 minutes), but not one still being worked on", async () => {
    const db = await getDb();
    const [dead, alive] = await db
      .insert(jobs)
      .values([
        { kind: "test.works", status: "running", attempts: 1, lockedAt: new Date(Date.now() - 6 * 60_000), lockedBy: "dead-worker" },
        { kind: "test.works", status: "running", attempts: 1, lockedAt: new Date(Date.now() - 60_000), lockedBy: "busy-worker" },
      ])
      .returning();
    expect(await runDueJobs()).toBe(1);
    const rows = new Map((await jobRows()).map((j) => [j.id, j]));
    expect(rows.get(dead.id)).toMatchObject({ status: "done", attempts: 2 });
    expect(rows.get(alive.id)).toMatchObject({ status: "running", attempts: 1, lockedBy: "busy-worker" });
    expect(handlerCalls.get("test.works")).toBe(1);
  });
});

describe("email delivery", () => {
  async function requestReset() {
    const user = await createUser({ email: "mail@example.test" });
    await call(forgotAction, postRequest("/forgot-password", { email: user.email }));
    return user;
  }
  async function outbox() {
    const db = await getDb();
    return db.select().from(outboxEmails);
  }

  it("without SMTP the email is stored in the outbox, where a park admin can read it", async () => {
    setMailer(null);
    await requestReset();
    expect(await runDueJobs()).toBe(1);
    const [email] = await outbox();
    expect(email).toMatchObject({ toAddress: "mail@example.test", status: "stored", sentAt: null });
    expect(sentMail).toHaveLength(0);

    const admin = await signedInMember({ kind: "park" });
    const page = await call(outboxLoader, getRequest("/admin/outbox?to=MAIL@example.test", admin.cookie));
    expect(page.data.emails).toHaveLength(1);
    expect(page.data.emails[0]).toMatchObject({ status: "stored", toAddress: "mail@example.test" });
    expect(page.data.emails[0].textBody).toContain("/reset-password?token=");
  });

  it("with a mailer the email is sent once and marked sent", async () => {
    await requestReset();
    await runDueJobs();
    const [email] = await outbox();
    expect(email.status).toBe("sent");
    expect(email.sentAt).toBeInstanceOf(Date);
    expect(sentMail.map((m) => m.to)).toEqual(["mail@example.test"]);
    await fastForwardJobs();
    expect(await runDueJobs()).toBe(0);
    expect(sentMail).toHaveLength(1);
  });

  it("when the mail server fails, the email waits with the error and goes out on the retry", async () => {
    setMailer({ send: async () => Promise.reject(new Error("421 try again later")) });
    await requestReset();
    await runDueJobs();
    let [email] = await outbox();
    expect(email).toMatchObject({ status: "queued", error: "421 try again later" });
    const [job] = await jobRows();
    expect(job).toMatchObject({ status: "queued", attempts: 1, lastError: "421 try again later" });

    setMailer(capturingMailer);
    await fastForwardJobs();
    await runDueJobs();
    [email] = await outbox();
    expect(email).toMatchObject({ status: "sent", error: null });
    expect(sentMail).toHaveLength(1);
  });
  it("an email the mail server refuses on every attempt ends as failed in the outbox, not queued for ever", async () => {
    setMailer({ send: async () => Promise.reject(new Error("550 mailbox unavailable")) });
    await requestReset();
    const [job] = await jobRows();
    for (let attempt = 1; attempt <= job.maxAttempts; attempt++) {
      await fastForwardJobs();
      expect(await runDueJobs()).toBe(1);
    }
    expect((await jobRows())[0]).toMatchObject({ status: "failed", attempts: job.maxAttempts });
    const [email] = await outbox();
    expect(email).toMatchObject({ status: "failed", error: "550 mailbox unavailable", sentAt: null });
    const admin = await signedInMember({ kind: "park" });
    const page = await call(outboxLoader, getRequest("/admin/outbox", admin.cookie));
    expect(page.data.emails.map((e: { status: string }) => e.status)).toEqual(["failed"]);
  });
});

describe("notifications", () => {
  async function someNotifications() {
    const me = await signedInMember({ role: "owner" });
    const other = await signedInMember({ orgId: me.org.id, role: "member" });
    const db = await getDb();
    for (const email of ["a@example.test", "b@example.test", "c@example.test"]) {
      await notify(db, { userId: me.user.id, orgId: me.org.id, kind: "invitationAccepted", params: { email }, link: "/org/members" });
    }
    await notify(db, { userId: other.user.id, orgId: me.org.id, kind: "roleChanged", params: { role: "admin" } });
    const mine = await db.select().from(notifications).where(eq(notifications.userId, me.user.id)).orderBy(asc(notifications.createdAt));
    const [theirs] = await db.select().from(notifications).where(eq(notifications.userId, other.user.id));
    return { me, other, mine, theirs };
  }
  // The bell's number, as the header (and 工作台, from the root's data) shows it.
  const unread = async (cookie: string) => (await call(rootLoader, getRequest("/dashboard", cookie))).data.unread;
  const markRead = (cookie: string, fields: Record<string, string> = {}) =>
    call(notificationsAction, postRequest("/notifications", fields, cookie));

  it("counts unread notifications and lists only the reader's own", async () => {
    const { me, other } = await someNotifications();
    expect(await unread(me.cookie)).toBe(3);
    expect(await unread(other.cookie)).toBe(1);
    const page = await call(notificationsLoader, getRequest("/notifications", me.cookie));
    expect(page.data.notifications).toHaveLength(3);
    expect(page.data.notifications.every((n: { userId: string }) => n.userId === me.user.id)).toBe(true);
  });

  it("marks one notification read", async () => {
    const { me, mine } = await someNotifications();
    expect((await markRead(me.cookie, { notificationId: mine[1].id })).status).toBe(200);
    expect(await unread(me.cookie)).toBe(2);
    const db = await getDb();
    const [row] = await db.select().from(notifications).where(eq(notifications.id, mine[1].id));
    expect(row.readAt).toBeInstanceOf(Date);
  });

  it("marking someone else's notification does nothing, to theirs or to mine", async () => {
    const { me, other, theirs } = await someNotifications();
    await markRead(me.cookie, { notificationId: theirs.id });
    expect(await unread(other.cookie)).toBe(1);
    expect(await unread(me.cookie)).toBe(3);
    expect((await markRead(me.cookie, { notificationId: "not-a-uuid" })).status).toBe(200);
    expect(await unread(me.cookie)).toBe(3);
  });

  it("marks all of mine read and leaves other people's alone", async () => {
    const { me, other } = await someNotifications();
    await markRead(me.cookie);
    expect(await unread(me.cookie)).toBe(0);
    expect(await unread(other.cookie)).toBe(1);
  });

  it("needs a signed-in person", async () => {
    const answer = await call(notificationsAction, postRequest("/notifications", {}));
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("signed-in devices", () => {
  it('"log out other devices" ends every other session of mine, keeps this one and other people\'s', async () => {
    const me = await createUser();
    const someoneElse = await createUser();
    const here = await sessionCookie(me.id, null);
    const laptop = await sessionCookie(me.id, null);
    const phone = await sessionCookie(me.id, null);
    const theirs = await sessionCookie(someoneElse.id, null);
    const listed = await call(accountLoader, getRequest("/account", here));
    expect(listed.data.sessions).toHaveLength(3);
    expect(listed.data.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const answer = await call(accountAction, postRequest("/account", { intent: "logoutOthers" }, here));
    expect(answer.data.done).toEqual({ intent: "logoutOthers", ended: 2 });

    const status = async (cookie: string) => (await call(dashboardLoader, getRequest("/dashboard", cookie))).status;
    expect(await status(here)).toBe(200);
    expect(await status(laptop)).toBe(302);
    expect(await status(phone)).toBe(302);
    expect(await status(theirs)).toBe(200);
    const after = await call(accountLoader, getRequest("/account", here));
    expect(after.data.sessions).toEqual([expect.objectContaining({ current: true })]);
  });
});

describe("the language switch", () => {
  it("remembers English in a cookie and on the account, and later emails are in English", async () => {
    const user = await createUser({ email: "lang@example.test" });
    const cookie = await sessionCookie(user.id, null);
    const answer = await call(localeAction, postRequest("/locale", { language: "en", redirectTo: "/account" }, cookie));
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/account");
    const setCookie = answer.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^lng=/);
    expect(setCookie).toMatch(/Max-Age=31536000/);
    expect(await languageCookie.parse(cookieFrom(setCookie))).toBe("en");
    expect(await getLanguage(getRequest("/", cookieFrom(setCookie)))).toBe("en");

    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.locale).toBe("en");

    await call(forgotAction, postRequest("/forgot-password", { email: user.email }));
    await runDueJobs();
    expect(sentMail[0].subject).toBe("Reset your Haopu Hub password");
  });

  it("works for a visitor who is not signed in (cookie only)", async () => {
    const answer = await call(localeAction, postRequest("/locale", { language: "en", redirectTo: "/" }));
    expect(answer.status).toBe(302);
    expect(await languageCookie.parse(cookieFrom(answer.headers.get("Set-Cookie")))).toBe("en");
  });

  it.each(["fr", "", "EN", "zh"])("ignores the unsupported language %j: no cookie, nothing stored", async (language) => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id, null);
    const answer = await call(localeAction, postRequest("/locale", { language, redirectTo: "/account" }, cookie));
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/account");
    expect(answer.headers.get("Set-Cookie")).toBeNull();
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.locale).toBe("zh-CN");
  });

  it("never redirects off the site", async () => {
    const answer = await call(localeAction, postRequest("/locale", { language: "en", redirectTo: "//evil.test/x" }));
    expect(answer.location).toBe("/");
  });
});

describe("session expiry", () => {
  const dashboard = (cookie: string) => call(dashboardLoader, getRequest("/dashboard", cookie));

  it("a session past its absolute expiry is refused and ended, even while in use", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id, null);
    expect((await dashboard(cookie)).status).toBe(200);
    const db = await getDb();
    await db.update(sessions).set({ absoluteExpiresAt: new Date(Date.now() - 1000) });
    const answer = await dashboard(cookie);
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/login\?redirectTo=/);
    expect(await db.select().from(sessions)).toHaveLength(0);
  });

  it("a session idle past its expiry is refused", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id, null);
    const db = await getDb();
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) });
    const answer = await dashboard(cookie);
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("a session in use is extended, so an active person is not signed out after 7 days", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id, null);
    const db = await getDb();
    await db.update(sessions).set({ expiresAt: sql`now() + interval '1 day'` });
    expect((await dashboard(cookie)).status).toBe(200);
    const [session] = await db.select().from(sessions);
    expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
  });
});

describe("the log of a failed query", () => {
  it("names the statement and the error code, never the values (a name, an email) the query carried", async () => {
    const db = await getDb();
    const email = "wang.xiaoming@example.test";
    await createUser({ email });
    let failure: unknown;
    try {
      await db.insert(users).values({ email, displayName: "王小明", passwordHash: "x" });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    const lines: string[] = [];
    pino({ ...loggerOptions, level: "info" }, { write: (line: string) => void lines.push(line) }).error({ err: failure }, "unhandled error");
    const line = lines.join("");
    expect(line).not.toContain(email);
    expect(line).not.toContain("王小明");
    expect(line).toContain("insert into");
    expect(JSON.parse(line).err.sqlState).toBe("23505");
  });
});
