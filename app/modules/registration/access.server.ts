// Who may see and act on a registration case. A case is its owner's and, when it has one, its
// company's owners' and admins'; the desk (park members with `registration:manage`) sees every
// case. Anyone else asking for a case is told it does not exist.
import { and, eq, inArray } from "drizzle-orm";
import { orgDirectory, membershipDirectory } from "~/modules/identity/directory.server";
import { registrationCases } from "#db/schema/registration";
import { activeMembership, type Actor, type MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import type { DbOrTx } from "~/modules/platform/db.server";
import { forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";

/**
 * What `requireUser` or `requireMember` returns. With only a session (`requireUser`), the desk is
 * recognised through the session's active organisation.
 */
export type RegistrationActor = { user: { id: string } } & Partial<Pick<Actor, "session">> & Partial<Pick<MemberActor, "org" | "role">>;

export interface Who {
  userId: string;
  isDesk: boolean;
  /** The park organisation, when acting as the desk (audit entries belong to it). */
  deskOrgId: string | null;
}

export type CaseRow = typeof registrationCases.$inferSelect;

/** What the audit log keeps of the request (routes pass `requestInfo`'s answer). */
export interface RequestMeta {
  ip?: string | null;
}

/** Pass `db` when inside a transaction, so the membership is read on the same connection. */
export async function whoIs(actor: RegistrationActor, db?: DbOrTx): Promise<Who> {
  let member: Pick<MemberActor, "org" | "role"> | null = null;
  if (actor.org && actor.role) member = { org: actor.org, role: actor.role };
  else if (actor.session) member = await activeMembership(actor as Actor, db);
  const isDesk = member?.org.kind === "park" && can("park", member.role, "registration:manage");
  return { userId: actor.user.id, isDesk, deskOrgId: isDesk ? member!.org.id : null };
}

export async function requireDesk(actor: RegistrationActor): Promise<Who> {
  const who = await whoIs(actor);
  if (!who.isDesk) throw forbidden();
  return who;
}

/** Whether the user is an owner or admin of this tenant organisation. */
export async function isTenantAdmin(db: DbOrTx, userId: string, orgId: string) {
  const [row] = await db
    .select({ id: membershipDirectory.id })
    .from(membershipDirectory)
    .innerJoin(orgDirectory, eq(orgDirectory.id, membershipDirectory.orgId))
    .where(and(eq(membershipDirectory.orgId, orgId), eq(membershipDirectory.userId, userId), inArray(membershipDirectory.role, ["owner", "admin"]), eq(orgDirectory.kind, "tenant")));
  return Boolean(row);
}

export interface LoadedCase {
  row: CaseRow;
  who: Who;
  /** The owner, or an owner/admin of the case's company. */
  isOwnerSide: boolean;
}

/**
 * A case the actor may see, optionally locked for update; someone with no relationship to it
 * gets not-found, so they cannot tell whether it exists.
 */
export async function loadCase(db: DbOrTx, actor: RegistrationActor, caseId: string, options: { forUpdate?: boolean; who?: Who } = {}): Promise<LoadedCase> {
  if (!isUuid(caseId)) throw notFound();
  const who = options.who ?? (await whoIs(actor, db));
  const query = db.select().from(registrationCases).where(eq(registrationCases.id, caseId));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound();
  const isOwnerSide = row.ownerUserId === who.userId || (row.orgId !== null && (await isTenantAdmin(db, who.userId, row.orgId)));
  if (!isOwnerSide && !who.isDesk) throw notFound();
  return { row, who, isOwnerSide };
}
