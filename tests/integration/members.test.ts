// Members and invitations, end to end through the routes: inviting, the email, accepting, roles,
// and the rules that keep a company in the hands of an owner.
import { and, asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, invitations, memberships, notifications, users } from "#db/schema/index";
import { readSession } from "~/modules/identity/session.server";
import { getDb } from "~/modules/platform/db.server";
import { runDueJobs } from "~/modules/platform/jobs.server";
import { loader as dashboardLoader } from "~/routes/dashboard";
import { loader as rootLoader } from "~/root";
import { action as acceptAction, loader as invitationLoader } from "~/routes/invitations.$token";
import { action as membersAction, loader as membersLoader } from "~/routes/org.members";
import { sentMail } from "../support/database";
import { call, createUser, getRequest, postRequest, sessionCookie, signedInMember } from "../support/factories";

const invite = (cookie: string, email: string, role: string) =>
  call(membersAction, postRequest("/org/members", { intent: "invite", email, role }, cookie));
const changeRole = (cookie: string, membershipId: string, role: string) =>
  call(membersAction, postRequest("/org/members", { intent: "changeRole", membershipId, role }, cookie));
const remove = (cookie: string, membershipId: string) =>
  call(membersAction, postRequest("/org/members", { intent: "remove", membershipId }, cookie));
const accept = (token: string, cookie?: string) => call(acceptAction, postRequest(`/invitations/${token}`, {}, cookie), { token });
const invitationPage = (token: string, cookie?: string) => call(invitationLoader, getRequest(`/invitations/${token}`, cookie), { token });

/** Sends the queued email and returns the invitation token from its link. */
async function emailedToken(to: string) {
  await runDueJobs();
  const mail = sentMail.find((m) => m.to === to);
  if (!mail) throw new Error(`no email to ${to}; sent: ${sentMail.map((m) => m.to).join(", ")}`);
  const match = mail.text.match(/http:\/\/localhost\/invitations\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no invitation link in: ${mail.text}`);
  return { token: match[1], mail };
}

/** An owner who has invited `email` through the members page. */
async function invited(email: string, role = "member") {
  const owner = await signedInMember({ role: "owner" });
  const answer = await invite(owner.cookie, email, role);
  expect(answer.status).toBe(200);
  const { token, mail } = await emailedToken(email);
  return { owner, token, mail };
}

async function auditOf(orgId: string, action?: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), action ? eq(auditEvents.action, action) : undefined))
    .orderBy(asc(auditEvents.at));
}

async function membersOf(orgId: string) {
  const db = await getDb();
  return db
    .select({ id: memberships.id, userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.id));
}

async function countRows(table: typeof invitations | typeof notifications) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row.n);
}

describe("inviting and accepting", () => {
  it("emails the invitation, and the invited person joins with the role, acting for the company", async () => {
    const owner = await signedInMember({ role: "owner" });
    const sent = await invite(owner.cookie, "Lin.Qing@Example.test", "admin");
    expect(sent.status).toBe(200);
    expect(sent.data.done).toBe('members.invited::{"email":"lin.qing@example.test"}');
    const pending = await call(membersLoader, getRequest("/org/members", owner.cookie));
    expect(pending.data.invitations.map((i: { email: string; role: string }) => [i.email, i.role])).toEqual([["lin.qing@example.test", "admin"]]);

    expect(sentMail).toHaveLength(0); // written to the outbox, sent by the job
    const { token, mail } = await emailedToken("lin.qing@example.test");
    expect(mail.subject).toBe(`测试用户 邀请你加入 ${owner.org.nameZh}`);

    const invitee = await createUser({ email: "lin.qing@example.test", name: "林青" });
    const cookie = await sessionCookie(invitee.id, null);
    const page = await invitationPage(token, cookie);
    expect(page.data.state).toBe("ready");
    expect(page.data.invitation).toMatchObject({ email: "lin.qing@example.test", role: "admin", orgNameZh: owner.org.nameZh });

    const accepted = await accept(token, cookie);
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/dashboard");

    const members = await membersOf(owner.org.id);
    expect(members.find((m) => m.userId === invitee.id)?.role).toBe("admin");
    const session = await readSession(getRequest("/", cookie));
    expect(session?.session.activeOrgId).toBe(owner.org.id);
    const dashboard = await call(dashboardLoader, getRequest("/dashboard", cookie));
    expect(dashboard.data.org).toMatchObject({ id: owner.org.id, role: "admin" });

    const db = await getDb();

    const toInviter = await db.select().from(notifications).where(eq(notifications.userId, owner.user.id));
    expect(toInviter).toHaveLength(1);
    expect(toInviter[0]).toMatchObject({ kind: "invitationAccepted", params: { email: "lin.qing@example.test" }, orgId: owner.org.id, readAt: null });
    expect((await call(rootLoader, getRequest("/dashboard", owner.cookie))).data.unread).toBe(1);

    const [created] = await auditOf(owner.org.id, "invitation.created");
    expect(created).toMatchObject({ actorUserId: owner.user.id, after: { email: "lin.qing@example.test", role: "admin" } });
    const [joined] = await auditOf(owner.org.id, "membership.joined");
    const membership = members.find((m) => m.userId === invitee.id)!;
    expect(joined).toMatchObject({
      actorUserId: invitee.id,
      subjectType: "membership",
      subjectId: membership.id,
      before: null,
      after: { userId: invitee.id, email: "lin.qing@example.test", role: "admin" },
    });

    // The invitation is used up and no longer listed as open.
    const after = await call(membersLoader, getRequest("/org/members", owner.cookie));
    expect(after.data.invitations).toEqual([]);
    expect((await invitationPage(token, cookie)).data.state).toBe("invalid");
  });

  it("writes the email in the invited person's own language when they already have an account", async () => {
    const kate = await createUser({ email: "kate@example.test" });
    const db = await getDb();
    await db.update(users).set({ locale: "en" }).where(eq(users.id, kate.id));
    const { owner, mail } = await invited("kate@example.test");
    expect(mail.subject).toBe(`测试用户 invites you to join ${owner.org.nameEn}`);
    expect(mail.text).toContain("valid for 7 days");
  });

  it("refuses an account whose address is not verified yet, says so with a way to resend, and changes nothing", async () => {
    const { owner, token } = await invited("unverified@example.test");
    const person = await createUser({ email: "unverified@example.test", verified: false });
    const cookie = await sessionCookie(person.id, null);
    const page = await invitationPage(token, cookie);
    expect(page.data.state).toBe("ready");
    expect(page.data.emailVerified).toBe(false);

    const answer = await accept(token, cookie);
    expect(answer.status).toBe(403);
    expect(answer.data.result.error[""]).toEqual(["errors.emailNotVerified"]);
    expect((await membersOf(owner.org.id)).map((m) => m.userId)).toEqual([owner.user.id]);
    expect(await auditOf(owner.org.id, "membership.joined")).toEqual([]);
    expect((await invitationPage(token, cookie)).data.state).toBe("ready"); // still open
    expect((await readSession(getRequest("/", cookie)))?.session.activeOrgId).toBeNull();
  });

  it("refuses a different signed-in account with a message and changes nothing; the right account can still accept", async () => {
    const { owner, token } = await invited("right@example.test");
    const wrong = await createUser({ email: "wrong@example.test" });
    const wrongCookie = await sessionCookie(wrong.id, null);
    expect((await invitationPage(token, wrongCookie)).data.state).toBe("wrongAccount");

    const answer = await accept(token, wrongCookie);
    expect(answer.status).toBe(410);
    expect(answer.data.result.error[""]).toEqual(["errors.invitationInvalid"]);
    expect((await membersOf(owner.org.id)).map((m) => m.userId)).toEqual([owner.user.id]);
    expect((await readSession(getRequest("/", wrongCookie)))?.session.activeOrgId).toBeNull();
    expect(await auditOf(owner.org.id, "membership.joined")).toEqual([]);

    const right = await createUser({ email: "right@example.test" });
    expect((await accept(token, await sessionCookie(right.id, null))).status).toBe(302);
  });

  it("sends a signed-out visitor to log in first and back to the invitation", async () => {
    const { token } = await invited("later@example.test");
    expect((await invitationPage(token)).data.state).toBe("signedOut");
    const answer = await accept(token);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/login?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`);
  });

  it("works once: accepting twice fails the second time and joins once", async () => {
    const { owner, token } = await invited("twice@example.test");
    const invitee = await createUser({ email: "twice@example.test" });
    const cookie = await sessionCookie(invitee.id, null);
    expect((await accept(token, cookie)).status).toBe(302);
    const again = await accept(token, cookie);
    expect(again.data.result.error[""]).toEqual(["errors.invitationInvalid"]);
    expect(await membersOf(owner.org.id)).toHaveLength(2);
    expect(await auditOf(owner.org.id, "membership.joined")).toHaveLength(1);
    expect(await countRows(notifications)).toBe(1);
  });

  it("a revoked invitation cannot be accepted", async () => {
    const { owner, token } = await invited("revoked@example.test");
    const db = await getDb();
    const [invitation] = await db.select().from(invitations);
    const revoked = await call(membersAction, postRequest("/org/members", { intent: "revoke", invitationId: invitation.id }, owner.cookie));
    expect(revoked.status).toBe(200);
    expect(revoked.data.done).toBe("members.revoked");
    const [audit] = await auditOf(owner.org.id, "invitation.revoked");
    expect(audit).toMatchObject({ actorUserId: owner.user.id, before: { email: "revoked@example.test", role: "member" } });

    const invitee = await createUser({ email: "revoked@example.test" });
    const cookie = await sessionCookie(invitee.id, null);
    expect((await invitationPage(token, cookie)).data.state).toBe("invalid");
    expect((await accept(token, cookie)).data.result.error[""]).toEqual(["errors.invitationInvalid"]);
    expect(await membersOf(owner.org.id)).toHaveLength(1);

    // Revoking it again finds nothing open.
    const again = await call(membersAction, postRequest("/org/members", { intent: "revoke", invitationId: invitation.id }, owner.cookie));
    expect(again.status).toBe(404);
  });

  it("an expired invitation cannot be accepted", async () => {
    const { owner, token } = await invited("late@example.test");
    const db = await getDb();
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) });
    const invitee = await createUser({ email: "late@example.test" });
    const cookie = await sessionCookie(invitee.id, null);
    expect((await invitationPage(token, cookie)).data.state).toBe("invalid");
    expect((await accept(token, cookie)).data.result.error[""]).toEqual(["errors.invitationInvalid"]);
    expect(await membersOf(owner.org.id)).toHaveLength(1);
  });

  it("an unknown token is simply invalid", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id, null);
    expect((await invitationPage("no-such-token", cookie)).data.state).toBe("invalid");
    expect((await accept("no-such-token", cookie)).data.result.error[""]).toEqual(["errors.invitationInvalid"]);
  });

  it("refuses to invite someone who is already a member, or twice while the first is open (409)", async () => {
    const owner = await signedInMember({ role: "owner" });
    const colleague = await signedInMember({ orgId: owner.org.id, role: "member" });
    const already = await invite(owner.cookie, colleague.user.email.toUpperCase(), "member");
    expect(already.status).toBe(409);
    expect(already.data.result.error[""]).toEqual(["errors.alreadyMember"]);

    expect((await invite(owner.cookie, "new@example.test", "member")).status).toBe(200);
    const twice = await invite(owner.cookie, "NEW@example.test", "admin");
    expect(twice.status).toBe(409);
    expect(twice.data.result.error[""]).toEqual(["errors.invitationPending"]);
    expect(await countRows(invitations)).toBe(1);
  });
});

describe("who may hand out which role", () => {
  it("an admin cannot invite an owner; an owner can", async () => {
    const owner = await signedInMember({ role: "owner" });
    const admin = await signedInMember({ orgId: owner.org.id, role: "admin" });
    const refused = await invite(admin.cookie, "boss@example.test", "owner");
    expect(refused.status).toBe(403);
    expect(refused.data.result.error[""]).toEqual(["errors.roleNotAllowed"]);
    expect(await countRows(invitations)).toBe(0);
    await runDueJobs();
    expect(sentMail).toHaveLength(0);

    expect((await invite(admin.cookie, "helper@example.test", "admin")).status).toBe(200);
    expect((await invite(owner.cookie, "boss@example.test", "owner")).status).toBe(200);
    const db = await getDb();
    const rows = await db.select({ email: invitations.email, role: invitations.role }).from(invitations).orderBy(asc(invitations.email));
    expect(rows).toEqual([
      { email: "boss@example.test", role: "owner" },
      { email: "helper@example.test", role: "admin" },
    ]);
  });

  it("a tenant cannot hand out a park role", async () => {
    const owner = await signedInMember({ role: "owner" });
    const answer = await invite(owner.cookie, "staff@example.test", "finance");
    expect(answer.status).toBe(403);
    expect(answer.data.result.error[""]).toEqual(["errors.roleNotAllowed"]);
    expect(await countRows(invitations)).toBe(0);
  });

  it("an admin cannot promote anyone to owner, nor demote or remove an owner", async () => {
    const owner = await signedInMember({ role: "owner" });
    const admin = await signedInMember({ orgId: owner.org.id, role: "admin" });
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    const before = await membersOf(owner.org.id);
    for (const answer of [
      await changeRole(admin.cookie, member.membership.id, "owner"),
      await changeRole(admin.cookie, owner.membership.id, "member"),
      await remove(admin.cookie, owner.membership.id),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.data.result.error[""]).toEqual(["errors.roleNotAllowed"]);
    }
    expect(await membersOf(owner.org.id)).toEqual(before);
    expect(await auditOf(owner.org.id)).toEqual([]);

    expect((await changeRole(admin.cookie, member.membership.id, "admin")).status).toBe(200);
  });
});

describe("a company always keeps an owner", () => {
  it("the last owner can neither be demoted nor removed; the message says why and nothing changes", async () => {
    const owner = await signedInMember({ role: "owner" });
    await signedInMember({ orgId: owner.org.id, role: "admin" });
    const before = await membersOf(owner.org.id);
    for (const answer of [
      await changeRole(owner.cookie, owner.membership.id, "admin"),
      await changeRole(owner.cookie, owner.membership.id, "member"),
      await remove(owner.cookie, owner.membership.id),
    ]) {
      expect(answer.status).toBe(409);
      expect(answer.data.result.error[""]).toEqual(["errors.lastOwner"]);
    }
    expect(await membersOf(owner.org.id)).toEqual(before);
    expect(await auditOf(owner.org.id)).toEqual([]);
    expect(await countRows(notifications)).toBe(0);
  });

  it("with a second owner, one owner may step down", async () => {
    const owner = await signedInMember({ role: "owner" });
    const second = await signedInMember({ orgId: owner.org.id, role: "owner" });
    expect((await changeRole(owner.cookie, second.membership.id, "admin")).status).toBe(200);
    // Now the first owner is the last one again.
    expect((await remove(owner.cookie, owner.membership.id)).data.result.error[""]).toEqual(["errors.lastOwner"]);
  });

  it("the park keeps its last admin", async () => {
    const admin = await signedInMember({ kind: "park" });
    const answer = await remove(admin.cookie, admin.membership.id);
    expect(answer.status).toBe(409);
    expect(answer.data.result.error[""]).toEqual(["errors.lastAdmin"]);
    expect(await membersOf(admin.org.id)).toHaveLength(1);
  });
});

describe("changing roles and removing members", () => {
  it("a role change is audited with before and after, and the member is told", async () => {
    const owner = await signedInMember({ role: "owner" });
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    expect((await call(membersLoader, getRequest("/org/members", member.cookie))).data.mayInvite).toBe(false);

    const answer = await changeRole(owner.cookie, member.membership.id, "admin");
    expect(answer.status).toBe(200);
    expect(answer.data.done).toBe("members.roleChanged");

    const [audit] = await auditOf(owner.org.id, "membership.role_changed");
    expect(audit).toMatchObject({
      actorUserId: owner.user.id,
      subjectId: member.membership.id,
      before: { email: member.user.email, role: "member" },
      after: { email: member.user.email, role: "admin" },
    });
    const db = await getDb();
    const told = await db.select().from(notifications).where(eq(notifications.userId, member.user.id));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: "roleChanged", params: { role: "admin" } });
    // The new role takes effect on the member's very next request.
    expect((await call(membersLoader, getRequest("/org/members", member.cookie))).data.mayInvite).toBe(true);
  });

  it("setting the role a member already has records nothing and tells no one", async () => {
    const owner = await signedInMember({ role: "owner" });
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    expect((await changeRole(owner.cookie, member.membership.id, "member")).status).toBe(200);
    expect(await auditOf(owner.org.id)).toEqual([]);
    expect(await countRows(notifications)).toBe(0);
  });

  it("a removed member loses access on their next request", async () => {
    const owner = await signedInMember({ role: "owner" });
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    expect((await call(membersLoader, getRequest("/org/members", member.cookie))).status).toBe(200);
    const answer = await remove(owner.cookie, member.membership.id);
    expect(answer.data.done).toBe("members.removed");
    expect((await call(membersLoader, getRequest("/org/members", member.cookie))).status).toBe(404);
    const [audit] = await auditOf(owner.org.id, "membership.removed");
    expect(audit).toMatchObject({ actorUserId: owner.user.id, before: { email: member.user.email, role: "member" } });
  });

  it("a member may leave on their own, recorded as leaving", async () => {
    const owner = await signedInMember({ role: "owner" });
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    expect((await remove(member.cookie, member.membership.id)).status).toBe(200);
    expect((await membersOf(owner.org.id)).map((m) => m.userId)).toEqual([owner.user.id]);
    const [audit] = await auditOf(owner.org.id, "membership.left");
    expect(audit.actorUserId).toBe(member.user.id);
  });
});

describe("the invitation form", () => {
  it.each([
    ["empty", { email: "", role: "" }, { email: ["errors.required"], role: ["errors.invalidChoice"] }],
    ["a wrong email", { email: "not-an-email", role: "member" }, { email: ["errors.email"] }],
    ["a role not in the list", { email: "ok@example.test", role: "superuser" }, { role: ["errors.invalidChoice"] }],
    ["a 300-character email", { email: `${"a".repeat(287)}@example.test`, role: "member" }, { email: ["errors.tooLong"] }],
  ])("answers %s with field errors and creates no invitation", async (_label, fields, errors) => {
    const owner = await signedInMember({ role: "owner" });
    const answer = await invite(owner.cookie, fields.email, fields.role);
    expect(answer.status).toBe(400);
    expect(answer.data.result.initialValue.intent).toBe("invite");
    expect(answer.data.result.error).toEqual(errors);
    expect(await countRows(invitations)).toBe(0);
    await runDueJobs();
    expect(sentMail).toHaveLength(0);
  });

  it("an unknown intent is a 400, not a 500", async () => {
    const owner = await signedInMember({ role: "owner" });
    const answer = await call(membersAction, postRequest("/org/members", { intent: "explode" }, owner.cookie));
    expect(answer.status).toBe(400);
    expect(answer.data.result.error.intent).toEqual(["errors.badForm"]);
  });
});
