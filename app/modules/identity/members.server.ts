// Members of an organisation: who they are, their roles, inviting and removing them.
// Every function takes the acting member; every query is scoped to the actor's organisation.
import { and, asc, count, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { invitations, memberships, organisations, users } from "#db/schema/identity";
import { recordAudit } from "~/modules/platform/audit.server";
import { randomToken, sha256Hex } from "~/modules/platform/crypto.server";
import { getDb, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isRandomToken, isUuid } from "~/modules/platform/ids";
import { sendEmail } from "~/modules/platform/mail.server";
import { notify } from "~/modules/platform/notifications.server";
import { requireVerifiedEmail } from "./accounts.server";
import type { MemberActor } from "./access.server";
import { type OrgKind, type Permission, assignableRoles, hasPermission, requirePermission, rolesWith } from "./permissions";

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export function listMembers(actor: MemberActor) {
  return membersOf(actor.org.id);
}

/** How many members and open invitations the organisation has (工作台's figures), as questions for `askTogether`. */
export function memberCountQuestions(actor: MemberActor) {
  return {
    members: sql<number>`select count(*)::int from ${memberships} where ${memberships.orgId} = ${actor.org.id}`,
    invitations: sql<number>`select count(*)::int from ${invitations} where ${invitations.orgId} = ${actor.org.id} and ${invitations.acceptedAt} is null and ${invitations.revokedAt} is null`,
  };
}

/** Park staff reading a tenant's members; the tenant id comes from the URL, so it is checked. */
export async function listTenantMembers(staff: MemberActor, tenantId: string) {
  requirePermission(staff, "tenants:read", { kind: "park" });
  return membersOf(tenantId);
}

async function membersOf(orgId: string) {
  const db = await getDb();
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: memberships.role,
      title: memberships.title,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(sql`case ${memberships.role} when 'owner' then 0 when 'admin' then 1 else 2 end`, asc(users.displayName));
}

export async function listOpenInvitations(actor: MemberActor) {
  const db = await getDb();
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedByName: users.displayName,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.orgId, actor.org.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt));
}

function assertMayAssign(actor: MemberActor, role: string) {
  if (!(assignableRoles(actor.org.kind, actor.role) as readonly string[]).includes(role)) {
    throw new AppError("forbidden", "errors.roleNotAllowed");
  }
}

export async function inviteMember(
  actor: MemberActor,
  input: { email: string; role: string },
  info: { origin: string; ip: string | null; language: string },
) {
  requirePermission(actor, "members:invite");
  assertMayAssign(actor, input.role);
  const db = await getDb();
  const token = randomToken();
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, actor.org.id), eq(sql`lower(${users.email})`, input.email)));
      if (existing) throw new AppError("conflict", "errors.alreadyMember");
      const [invitation] = await tx
        .insert(invitations)
        .values({
          orgId: actor.org.id,
          email: input.email,
          role: input.role,
          tokenHash: sha256Hex(token),
          invitedBy: actor.user.id,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        })
        .returning();
      await recordAudit(tx, {
        actorUserId: actor.user.id,
        orgId: actor.org.id,
        action: "invitation.created",
        subjectType: "invitation",
        subjectId: invitation.id,
        after: { email: invitation.email, role: invitation.role },
        ip: info.ip,
      });
      const [invitee] = await tx.select({ locale: users.locale }).from(users).where(eq(sql`lower(${users.email})`, input.email));
      await sendEmail(tx, {
        to: input.email,
        template: "invitation",
        language: invitee?.locale ?? info.language,
        params: {
          inviter: actor.user.displayName,
          org: (invitee?.locale ?? info.language) === "en" ? actor.org.nameEn : actor.org.nameZh,
          link: `${info.origin}/invitations/${token}`,
        },
      });
      return invitation;
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.invitationPending");
    throw error;
  }
}

export async function revokeInvitation(actor: MemberActor, invitationId: string, info: { ip: string | null }) {
  requirePermission(actor, "members:invite");
  if (!isUuid(invitationId)) throw notFound();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.orgId, actor.org.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning();
    if (!revoked) throw notFound();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "invitation.revoked",
      subjectType: "invitation",
      subjectId: revoked.id,
      before: { email: revoked.email, role: revoked.role },
      ip: info.ip,
    });
  });
}

/** What the invitation page shows before the person accepts. */
export async function findInvitation(token: string) {
  if (!isRandomToken(token)) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      orgId: organisations.id,
      orgKind: organisations.kind,
      orgNameZh: organisations.nameZh,
      orgNameEn: organisations.nameEn,
      inviterName: users.displayName,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.orgId))
    .innerJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, sha256Hex(token)));
  return row ?? null;
}

/**
 * Accepts an invitation for the signed-in person, whose email must be the invited one and
 * verified: a forwarded link must not let whoever signed up with that address join.
 */
export async function acceptInvitation(
  user: { id: string; email: string },
  token: string,
  info: { ip: string | null },
) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await requireVerifiedEmail(tx, user.id);
    const [invitation] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: user.id })
      .where(
        and(
          eq(invitations.tokenHash, sha256Hex(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
          eq(sql`lower(${invitations.email})`, user.email.toLowerCase()),
        ),
      )
      .returning();
    if (!invitation) throw new AppError("gone", "errors.invitationInvalid");
    const [membership] = await tx
      .insert(memberships)
      .values({ orgId: invitation.orgId, userId: user.id, role: invitation.role })
      .onConflictDoNothing()
      .returning();
    if (!membership) throw new AppError("conflict", "errors.alreadyMember");
    await recordAudit(tx, {
      actorUserId: user.id,
      orgId: invitation.orgId,
      action: "membership.joined",
      subjectType: "membership",
      subjectId: membership.id,
      after: { userId: user.id, email: user.email, role: membership.role, invitationId: invitation.id },
      ip: info.ip,
    });
    await notify(tx, {
      userId: invitation.invitedBy,
      orgId: invitation.orgId,
      kind: "invitationAccepted",
      params: { email: user.email },
      link: "/org/members",
    });
    return { orgId: invitation.orgId };
  });
}

async function lockMembership(tx: Tx, actor: MemberActor, membershipId: string) {
  if (!isUuid(membershipId)) throw notFound();
  const [target] = await tx
    .select({ id: memberships.id, role: memberships.role, userId: memberships.userId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.orgId, actor.org.id)))
    .for("update", { of: memberships });
  if (!target) throw notFound();
  return target;
}

/** An organisation always keeps an owner (tenants) or an admin (the park). */
async function assertNotLastKeyHolder(tx: Tx, kind: OrgKind, orgId: string, role: string) {
  const keyRole = kind === "tenant" ? "owner" : "admin";
  if (role !== keyRole) return;
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, keyRole)));
  if (Number(row.n) <= 1) throw new AppError("conflict", kind === "tenant" ? "errors.lastOwner" : "errors.lastAdmin");
}

function assertMayManage(actor: MemberActor, targetRole: string) {
  requirePermission(actor, "members:manage");
  if (actor.org.kind === "tenant" && targetRole === "owner" && !hasPermission(actor, "members:manage-owners", { kind: "tenant" })) {
    throw new AppError("forbidden", "errors.roleNotAllowed");
  }
}

export async function changeMemberRole(
  actor: MemberActor,
  input: { membershipId: string; role: string },
  info: { ip: string | null },
) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    // Serialise role changes per organisation so two admins cannot demote the last owner together.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"members:" + actor.org.id}))`);
    const target = await lockMembership(tx, actor, input.membershipId);
    assertMayManage(actor, target.role);
    assertMayAssign(actor, input.role);
    if (target.role === input.role) return;
    await assertNotLastKeyHolder(tx, actor.org.kind, actor.org.id, target.role);
    await tx.update(memberships).set({ role: input.role }).where(eq(memberships.id, target.id));
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "membership.role_changed",
      subjectType: "membership",
      subjectId: target.id,
      before: { email: target.email, role: target.role },
      after: { email: target.email, role: input.role },
      ip: info.ip,
    });
    await notify(tx, {
      userId: target.userId,
      orgId: actor.org.id,
      kind: "roleChanged",
      params: { role: input.role },
      link: "/dashboard",
    });
  });
}

export async function removeMember(actor: MemberActor, membershipId: string, info: { ip: string | null }) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"members:" + actor.org.id}))`);
    const target = await lockMembership(tx, actor, membershipId);
    if (target.userId !== actor.user.id) assertMayManage(actor, target.role);
    await assertNotLastKeyHolder(tx, actor.org.kind, actor.org.id, target.role);
    await tx.delete(memberships).where(eq(memberships.id, target.id));
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: target.userId === actor.user.id ? "membership.left" : "membership.removed",
      subjectType: "membership",
      subjectId: target.id,
      before: { email: target.email, role: target.role },
      ip: info.ip,
    });
  });
}

export interface Person {
  userId: string;
  email: string;
  locale: string;
  displayName: string;
}

/**
 * The people holding any of `roles` in one organisation, or in the park: who to notify when a
 * module needs "the tenant's owners and admins" or "park finance". Each person once.
 */
export async function peopleWithRoles(db: DbOrTx, scope: { orgId: string } | { park: true }, roles: readonly string[]): Promise<Person[]> {
  const rows = await db
    .selectDistinct({ userId: users.id, email: users.email, locale: users.locale, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(
      and(
        "orgId" in scope ? eq(memberships.orgId, scope.orgId) : eq(organisations.kind, "park"),
        inArray(memberships.role, [...roles]),
      ),
    );
  return rows;
}

/**
 * The people who hold a permission in one organisation, or in the park: "the tenant's people who
 * may pay its bills", "park finance". The roles come from the permission table, so no module
 * names them.
 */
export function peopleWithPermission(db: DbOrTx, scope: { orgId: string } | { park: true }, permission: Permission): Promise<Person[]> {
  return peopleWithRoles(db, scope, rolesWith("orgId" in scope ? "tenant" : "park", permission));
}
