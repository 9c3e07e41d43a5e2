// Identity rules that must hold when many requests arrive at once, on the real server.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, loginFailures, memberships, outboxEmails, users } from "#db/schema/index";
import { logIn } from "~/modules/identity/accounts.server";
import { slowDownSeconds } from "~/modules/identity/login-throttle.server";
import { activeMembership } from "~/modules/identity/access.server";
import { changeMemberRole, inviteMember } from "~/modules/identity/members.server";
import { readSession } from "~/modules/identity/session.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { action as signupAction } from "~/routes/signup";
import { PASSWORD, addMember, call, createUser, getRequest, postRequest, signedInMember } from "../support/factories";
import { raceCalls } from "../support/race";

const info = (ip: string) => ({ request: new Request("http://localhost/login"), ip, origin: "http://localhost", language: "zh-CN" });

describe("under concurrency", () => {
  it("lets a client that fails only five times through before it must wait, however many attempts arrive at once", async () => {
    const user = await createUser();
    // 130 wrong passwords at once from one address: five are checked at once, the rest must wait.
    const outcome = await raceCalls(130, (i) => logIn({ email: user.email, password: `wrong-${i}` }, info("10.0.0.1")));
    const codes = outcome.rejected.map((e) => (e as AppError).code);
    const checked = codes.filter((c) => c === "unauthenticated").length;
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(codes.filter((c) => c === "rate_limited")).toHaveLength(130 - checked);
    // Every failure past the fifth came at least its wait after the one before (1 s, 2 s, 4 s …),
    // so only a few more than five fit in the seconds the 130 attempts took.
    const db = await getDb();
    const rows = await db.select({ at: loginFailures.at }).from(loginFailures).where(eq(loginFailures.key, "ip:10.0.0.1")).orderBy(loginFailures.at);
    expect(rows).toHaveLength(checked);
    rows.forEach((row, n) => {
      if (n >= 5) expect(row.at.getTime() - rows[n - 1].at.getTime()).toBeGreaterThanOrEqual(slowDownSeconds(n) * 1000);
    });
    await expect(logIn({ email: user.email, password: PASSWORD }, info("10.0.0.1"))).rejects.toMatchObject({ code: "rate_limited" });
    // The account itself is not locked: its owner logs in from elsewhere.
    await expect(logIn({ email: user.email, password: PASSWORD }, info("10.9.9.9"))).resolves.toMatchObject({ userId: user.id });
  }, 120_000);

  it("never locks an account out, however many clients fail on it at once", async () => {
    const user = await createUser();
    const outcome = await raceCalls(130, (i) => logIn({ email: user.email, password: `wrong-${i}` }, info(`10.0.${i >> 8}.${i & 255}`)));
    expect(outcome.rejected.every((e) => (e as AppError).code === "unauthenticated")).toBe(true);
    await expect(logIn({ email: user.email, password: PASSWORD }, info("10.9.9.9"))).resolves.toMatchObject({ userId: user.id });
  }, 120_000);

  it("creates one account when the same email signs up many times at once, answering each the same", async () => {
    const outcome = await raceCalls(8, () =>
      call(signupAction, postRequest("/signup", { email: "same@example.test", password: "a-long-password" })),
    );
    expect(outcome.fulfilled.map((a) => a.status)).toEqual(Array(8).fill(200));
    const db = await getDb();
    const [row] = await db.select({ n: count() }).from(users);
    expect(Number(row.n)).toBe(1);
    // One verification link; the other seven attempts are told to the owner.
    const mail = await db.select({ subject: outboxEmails.subject }).from(outboxEmails).where(eq(outboxEmails.toAddress, "same@example.test"));
    expect(mail).toHaveLength(8);
    expect(mail.filter((m) => m.subject.includes("验证"))).toHaveLength(1);
  });

  it("keeps one open invitation per email when an admin double-submits", async () => {
    const owner = await signedInMember({ role: "owner" });
    const actor = (await activeMembership((await readSession(getRequest("/", owner.cookie)))!))!;
    const outcome = await raceCalls(6, () =>
      inviteMember(actor, { email: "twice@example.test", role: "member" }, { origin: "http://localhost", ip: null, language: "zh-CN" }),
    );
    expect(outcome.fulfilled).toHaveLength(1);
    expect(outcome.rejected.every((e) => e instanceof AppError && e.code === "conflict")).toBe(true);
    const db = await getDb();
    const [row] = await db.select({ n: count() }).from(invitations).where(eq(invitations.email, "twice@example.test"));
    expect(Number(row.n)).toBe(1);
  });

  it("never leaves a company without an owner when two owners demote each other at once", async () => {
    const first = await signedInMember({ role: "owner" });
    const secondUser = await createUser();
    const secondMembership = await addMember(first.org.id, secondUser.id, "owner");
    const { sessionCookie } = await import("../support/factories");
    const secondCookie = await sessionCookie(secondUser.id, first.org.id);
    const actorA = (await activeMembership((await readSession(getRequest("/", first.cookie)))!))!;
    const actorB = (await activeMembership((await readSession(getRequest("/", secondCookie)))!))!;
    const outcome = await raceCalls(2, (i) =>
      i === 0
        ? changeMemberRole(actorA, { membershipId: secondMembership.id, role: "member" }, { ip: null })
        : changeMemberRole(actorB, { membershipId: first.membership.id, role: "member" }, { ip: null }),
    );
    expect(outcome.fulfilled).toHaveLength(1);
    expect(outcome.rejected).toHaveLength(1);
    const db = await getDb();
    const [owners] = await db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.orgId, first.org.id), eq(memberships.role, "owner")));
    expect(Number(owners.n)).toBe(1);
  });
});
