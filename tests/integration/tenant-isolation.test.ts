// Acceptance: a tenant member cannot read or change another tenant's members, invitations or
// audit entries; the other tenant's ids answer 404, as if they did not exist.
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, invitations, memberships } from "#db/schema/index";
import { inviteMember } from "~/modules/identity/members.server";
import { readSession } from "~/modules/identity/session.server";
import { getDb } from "~/modules/platform/db.server";
import { loader as adminAuditLoader } from "~/routes/admin.audit";
import { loader as adminAuditEntryLoader } from "~/routes/admin.audit_.$id";
import { loader as outboxLoader } from "~/routes/admin.outbox";
import { loader as tenantsLoader } from "~/routes/admin.tenants";
import { loader as tenantLoader } from "~/routes/admin.tenants_.$id";
import { loader as orgAuditLoader } from "~/routes/org.audit";
import { loader as orgAuditEntryLoader } from "~/routes/org.audit_.$id";
import { action as membersAction, loader as membersLoader } from "~/routes/org.members";
import { action as switchAction } from "~/routes/orgs.switch";
import { actorFor, addMember, call, createOrg, getRequest, mailInfo, postRequest, signedInMember } from "../support/factories";

/** Tenant A (an owner and a member) and tenant B (an owner, a member, an open invitation, audit entries). */
async function twoTenants() {
  const a = await signedInMember({ role: "owner" });
  const aMember = await signedInMember({ orgId: a.org.id, role: "member" });
  const b = await signedInMember({ role: "owner" });
  const bMember = await signedInMember({ orgId: b.org.id, role: "member" });
  const bInvitation = await inviteMember(await actorFor(b.cookie), { email: "b-invitee@example.test", role: "member" }, mailInfo);
  await inviteMember(await actorFor(a.cookie), { email: "a-invitee@example.test", role: "admin" }, mailInfo);
  const db = await getDb();
  const [bAudit] = await db.select().from(auditEvents).where(eq(auditEvents.orgId, b.org.id));
  const [aAudit] = await db.select().from(auditEvents).where(eq(auditEvents.orgId, a.org.id));
  return { a, aMember, b, bMember, bInvitation, aAudit, bAudit };
}
type Tenants = Awaited<ReturnType<typeof twoTenants>>;

/** Everything a tenant's members, invitations and audit log hold, to compare before and after. */
async function stateOf(orgId: string) {
  const db = await getDb();
  return {
    members: await db
      .select({ id: memberships.id, userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.orgId, orgId))
      .orderBy(asc(memberships.id)),
    invitations: await db
      .select({ id: invitations.id, role: invitations.role, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
      .from(invitations)
      .where(eq(invitations.orgId, orgId))
      .orderBy(asc(invitations.id)),
    audit: await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.orgId, orgId)).orderBy(asc(auditEvents.id)),
  };
}

async function activeOrgOf(cookie: string) {
  const session = await readSession(getRequest("/", cookie));
  if (!session) throw new Error("the session ended");
  return session.session.activeOrgId;
}

describe("a tenant owner acting on another tenant's data", () => {
  it.each([
    ["promote B's member", (t: Tenants) => ({ intent: "changeRole", membershipId: t.bMember.membership.id, role: "admin" })],
    ["demote B's owner", (t: Tenants) => ({ intent: "changeRole", membershipId: t.b.membership.id, role: "member" })],
    ["remove B's member", (t: Tenants) => ({ intent: "remove", membershipId: t.bMember.membership.id })],
    ["remove B's owner", (t: Tenants) => ({ intent: "remove", membershipId: t.b.membership.id })],
    ["revoke B's invitation", (t: Tenants) => ({ intent: "revoke", invitationId: t.bInvitation.id })],
  ])("cannot %s: 404, and B is unchanged", async (_label, fieldsFor) => {
    const tenants = await twoTenants();
    const before = await stateOf(tenants.b.org.id);
    const answer = await call(membersAction, postRequest("/org/members", fieldsFor(tenants), tenants.a.cookie));
    expect(answer.status).toBe(404);
    expect(await stateOf(tenants.b.org.id)).toEqual(before);
    expect(before.invitations.filter((i) => !i.acceptedAt && !i.revokedAt)).toHaveLength(1);
  });

  it("sees only its own members and invitations on the members page", async () => {
    const { a, aMember, b, bMember } = await twoTenants();
    const page = await call(membersLoader, getRequest("/org/members", a.cookie));
    expect(page.status).toBe(200);
    expect(page.data.members.map((m: { email: string }) => m.email).sort()).toEqual([a.user.email, aMember.user.email].sort());
    expect(page.data.invitations.map((i: { email: string }) => i.email)).toEqual(["a-invitee@example.test"]);
    const shown = JSON.stringify(page.data);
    for (const foreign of [b.user.email, bMember.user.email, "b-invitee@example.test", b.org.id]) expect(shown).not.toContain(foreign);
  });

  it("opens its own audit entry but gets 404 for B's", async () => {
    const { a, aAudit, bAudit } = await twoTenants();
    const own = await call(orgAuditEntryLoader, getRequest(`/org/audit/${aAudit.id}`, a.cookie), { id: aAudit.id });
    expect(own.status).toBe(200);
    expect(own.data.row.action).toBe("invitation.created");
    const foreign = await call(orgAuditEntryLoader, getRequest(`/org/audit/${bAudit.id}`, a.cookie), { id: bAudit.id });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.data)).not.toContain("b-invitee");
  });

  it("lists only its own organisation's entries in the activity log", async () => {
    const { a, aAudit, bAudit } = await twoTenants();
    const log = await call(orgAuditLoader, getRequest("/org/audit", a.cookie));
    expect(log.status).toBe(200);
    const ids = log.data.rows.map((r: { id: string }) => r.id);
    expect(ids).toContain(aAudit.id);
    expect(ids).not.toContain(bAudit.id);
    expect(log.data.rows.every((r: { orgId: string }) => r.orgId === a.org.id)).toBe(true);
  });

  it("cannot switch its session to B: 404, and the session still acts for A", async () => {
    const { a, b } = await twoTenants();
    const answer = await call(switchAction, postRequest("/orgs/switch", { orgId: b.org.id, redirectTo: "/org/members" }, a.cookie));
    expect(answer.status).toBe(404);
    expect(await activeOrgOf(a.cookie)).toBe(a.org.id);
    const page = await call(membersLoader, getRequest("/org/members", a.cookie));
    expect(page.data.org.id).toBe(a.org.id);
  });

  it("can switch to an organisation it does belong to (the 404 above is not a blanket refusal)", async () => {
    const { a } = await twoTenants();
    const other = await createOrg();
    await addMember(other.id, a.user.id, "member");
    const answer = await call(switchAction, postRequest("/orgs/switch", { orgId: other.id, redirectTo: "/org/members" }, a.cookie));
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/org/members");
    expect(await activeOrgOf(a.cookie)).toBe(other.id);
  });

  it.each([
    ["/admin/tenants", tenantsLoader, () => ({})],
    ["/admin/tenants/:id", tenantLoader, (t: Tenants) => ({ id: t.b.org.id })],
    ["/admin/audit", adminAuditLoader, () => ({})],
    ["/admin/audit/:id", adminAuditEntryLoader, (t: Tenants) => ({ id: t.bAudit.id })],
    ["/admin/outbox", outboxLoader, () => ({})],
  ] as const)("gets 404 on the park's page %s: it is not a park member", async (path, loader, paramsFor) => {
    const tenants = await twoTenants();
    const params: Record<string, string> = paramsFor(tenants);
    const answer = await call(loader, getRequest(path.replace(":id", params.id ?? ""), tenants.a.cookie), params);
    expect(answer.status).toBe(404);
  });
});

describe("ids that name nothing", () => {
  it.each(["not-a-uuid", "' or 1=1 --", "00000000-0000-0000-0000-000000000000", "x".repeat(5000)])(
    "answer 404, never 500: %s",
    async (garbage) => {
      const { a } = await twoTenants();
      const before = await stateOf(a.org.id);
      const audit = await call(orgAuditEntryLoader, getRequest(`/org/audit/${encodeURIComponent(garbage)}`, a.cookie), { id: garbage });
      expect(audit.status).toBe(404);
      const attempts: Record<string, string>[] = [
        { intent: "remove", membershipId: garbage },
        { intent: "revoke", invitationId: garbage },
      ];
      for (const fields of attempts) {
        expect((await call(membersAction, postRequest("/org/members", fields, a.cookie))).status).toBe(404);
      }
      expect((await call(switchAction, postRequest("/orgs/switch", { orgId: garbage }, a.cookie))).status).toBe(404);

      const admin = await signedInMember({ kind: "park" });
      for (const loader of [tenantLoader, adminAuditEntryLoader]) {
        expect((await call(loader, getRequest(`/admin/x/${encodeURIComponent(garbage)}`, admin.cookie), { id: garbage })).status).toBe(404);
      }
      expect(await stateOf(a.org.id)).toEqual(before);
    },
  );

  it("a role change for a malformed membership id is refused with a message and changes nothing", async () => {
    const { a } = await twoTenants();
    const before = await stateOf(a.org.id);
    const answer = await call(membersAction, postRequest("/org/members", { intent: "changeRole", membershipId: "not-a-uuid", role: "admin" }, a.cookie));
    expect(answer.status).toBe(400);
    expect(answer.data.result.error.membershipId).toEqual(["errors.invalidChoice"]);
    expect(await stateOf(a.org.id)).toEqual(before);
  });
});

describe("a plain member of tenant A", () => {
  it("may not read A's activity log (403)", async () => {
    const { aMember, aAudit } = await twoTenants();
    expect((await call(orgAuditLoader, getRequest("/org/audit", aMember.cookie))).status).toBe(403);
    expect((await call(orgAuditEntryLoader, getRequest(`/org/audit/${aAudit.id}`, aMember.cookie), { id: aAudit.id })).status).toBe(403);
  });

  it("may not invite (403) and no invitation is created", async () => {
    const { a, aMember } = await twoTenants();
    const before = await stateOf(a.org.id);
    const answer = await call(membersAction, postRequest("/org/members", { intent: "invite", email: "friend@example.test", role: "member" }, aMember.cookie));
    expect(answer.status).toBe(403);
    expect(answer.data.messageKey).toBe("errors.forbidden");
    expect(await stateOf(a.org.id)).toEqual(before);
  });

  it("may not remove the owner or revoke an invitation (403), but sees the members", async () => {
    const { a, aMember } = await twoTenants();
    const before = await stateOf(a.org.id);
    const remove = await call(membersAction, postRequest("/org/members", { intent: "remove", membershipId: a.membership.id }, aMember.cookie));
    expect(remove.status).toBe(403);
    const [aInvitation] = before.invitations;
    const revoke = await call(membersAction, postRequest("/org/members", { intent: "revoke", invitationId: aInvitation.id }, aMember.cookie));
    expect(revoke.status).toBe(403);
    expect(await stateOf(a.org.id)).toEqual(before);
    const page = await call(membersLoader, getRequest("/org/members", aMember.cookie));
    expect(page.status).toBe(200);
    expect(page.data.mayInvite).toBe(false);
    expect(page.data.invitations).toEqual([]);
    expect(page.data.members).toHaveLength(2);
  });
});

describe("park staff", () => {
  it("a park admin lists every tenant and opens B's page with its members", async () => {
    const { a, b, bMember } = await twoTenants();
    const admin = await signedInMember({ kind: "park" });
    const list = await call(tenantsLoader, getRequest("/admin/tenants", admin.cookie));
    expect(list.status).toBe(200);
    const byId = new Map(list.data.tenants.map((t: { id: string; members: number }) => [t.id, Number(t.members)]));
    expect(byId).toEqual(new Map([[a.org.id, 2], [b.org.id, 2]]));

    const page = await call(tenantLoader, getRequest(`/admin/tenants/${b.org.id}`, admin.cookie), { id: b.org.id });
    expect(page.status).toBe(200);
    expect(page.data.tenant.id).toBe(b.org.id);
    expect(page.data.members.map((m: { email: string }) => m.email).sort()).toEqual([b.user.email, bMember.user.email].sort());

    // The park itself is not a tenant page.
    const park = await call(tenantLoader, getRequest(`/admin/tenants/${admin.org.id}`, admin.cookie), { id: admin.org.id });
    expect(park.status).toBe(404);
  });

  it("a park admin reads every organisation's audit entries; other staff may list tenants but not the audit log", async () => {
    const { a, b, aAudit, bAudit } = await twoTenants();
    const admin = await signedInMember({ kind: "park" });
    const log = await call(adminAuditLoader, getRequest("/admin/audit", admin.cookie));
    expect(log.status).toBe(200);
    const ids = log.data.rows.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([aAudit.id, bAudit.id]));
    expect(new Set(log.data.rows.map((r: { orgId: string }) => r.orgId))).toEqual(new Set([a.org.id, b.org.id]));
    const entry = await call(adminAuditEntryLoader, getRequest(`/admin/audit/${bAudit.id}`, admin.cookie), { id: bAudit.id });
    expect(entry.status).toBe(200);

    const finance = await signedInMember({ orgId: admin.org.id, role: "finance" });
    expect((await call(tenantsLoader, getRequest("/admin/tenants", finance.cookie))).status).toBe(200);
    expect((await call(adminAuditLoader, getRequest("/admin/audit", finance.cookie))).status).toBe(403);
    expect((await call(outboxLoader, getRequest("/admin/outbox", finance.cookie))).status).toBe(403);
  });

  it("a park admin acting for the park cannot manage a tenant's members through the members page", async () => {
    const { b, bMember } = await twoTenants();
    const admin = await signedInMember({ kind: "park" });
    const before = await stateOf(b.org.id);
    const answer = await call(
      membersAction,
      postRequest("/org/members", { intent: "changeRole", membershipId: bMember.membership.id, role: "admin" }, admin.cookie),
    );
    expect(answer.status).toBe(404);
    expect(await stateOf(b.org.id)).toEqual(before);
    const db = await getDb();
    const [still] = await db.select().from(memberships).where(eq(memberships.id, bMember.membership.id));
    expect(still.role).toBe("member");
  });
});
