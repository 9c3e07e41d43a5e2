// The one question every loader and action asks first: who is this, acting for which
// organisation, and may they do this? The organisation always comes from the session's
// membership, never from the request.
import { redirect } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { memberships, organisations } from "#db/schema/identity";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { hasPermission, type OrgKind, type Permission } from "./permissions";
import { readSession, sessionMemberships, type CurrentSession, type SessionUser } from "./session.server";

export interface Actor {
  user: SessionUser;
  session: CurrentSession;
}

export interface MemberActor extends Actor {
  org: { id: string; kind: OrgKind; slug: string; nameZh: string; nameEn: string };
  role: string;
  membershipId: string;
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function getActor(request: Request): Promise<Actor | null> {
  return readSession(request);
}

export async function requireUser(request: Request): Promise<Actor> {
  const actor = await readSession(request);
  if (!actor) throw loginRedirect(request);
  return actor;
}

/** The membership behind the session's active organisation, or null when there is none. */
/** `db`: the caller's transaction, when it has one (PGlite has a single connection). */
export async function activeMembership(actor: Actor, db?: DbOrTx): Promise<MemberActor | null> {
  const orgId = actor.session.activeOrgId;
  if (!orgId) return null;
  // Read with the session in the same statement, unless the caller works in its own transaction.
  const known = db ? undefined : sessionMemberships(actor);
  if (known) {
    const found = known.find((m) => m.org.id === orgId);
    return found ? { ...actor, ...found, org: { ...found.org } } : null;
  }
  db ??= await getDb();
  const [row] = await db
    .select({
      membershipId: memberships.id,
      role: memberships.role,
      org: {
        id: organisations.id,
        kind: organisations.kind,
        slug: organisations.slug,
        nameZh: organisations.nameZh,
        nameEn: organisations.nameEn,
      },
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, actor.user.id), eq(organisations.status, "active")));
  if (!row) return null;
  return { ...actor, ...row, org: { ...row.org, kind: row.org.kind as OrgKind } };
}

/**
 * Requires a signed-in member of the active organisation holding `permission`; `kind` narrows
 * it to the park or a tenant. Without a membership the page answers 404, without the
 * permission 403.
 */
export async function requireMember(
  request: Request,
  options: { permission: Permission; kind?: OrgKind },
): Promise<MemberActor> {
  const actor = await requireUser(request);
  const member = await activeMembership(actor);
  if (!member || (options.kind && member.org.kind !== options.kind)) {
    throw new AppError("not_found", "errors.noActiveOrg");
  }
  if (!hasPermission(member, options.permission)) throw new AppError("forbidden", "errors.forbidden");
  return member;
}
