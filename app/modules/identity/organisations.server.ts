// Organisations: the park and its tenant companies, and which of them a person acts for.
import { and, asc, count, eq, ilike, ne, or } from "drizzle-orm";
import { memberships, organisations } from "#db/schema/identity";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { orgNameColumns } from "./directory.server";
import type { OrgKind } from "./permissions";
import { sessionMemberships, setActiveOrg, type SessionRead } from "./session.server";

export interface OrgSummary {
  id: string;
  kind: OrgKind;
  slug: string;
  nameZh: string;
  nameEn: string;
  role: string;
}

export async function listMyOrganisations(userId: string): Promise<OrgSummary[]> {
  const db = await getDb();
  const rows = await db
    .select({ ...orgNameColumns, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(organisations.status, "active")))
    .orderBy(asc(organisations.kind), asc(organisations.nameZh));
  return rows as OrgSummary[];
}

/** The signed-in person's organisations, as read with their session when it was (no second query). */
export async function myOrganisations(actor: SessionRead): Promise<OrgSummary[]> {
  const known = sessionMemberships(actor);
  if (!known) return listMyOrganisations(actor.user.id);
  return known.map((m) => ({ ...m.org, role: m.role }));
}

/** Switches the session's active organisation; only to one the person belongs to. */
export async function switchOrganisation(options: { userId: string; sessionId: string; orgId: string }) {
  if (!isUuid(options.orgId)) throw notFound();
  const mine = await listMyOrganisations(options.userId);
  if (!mine.some((o) => o.id === options.orgId)) throw notFound();
  await setActiveOrg(options.sessionId, options.orgId);
}

/** Park staff's view of every tenant. The caller has checked `tenants:read` on the park. */
export async function listTenants(options: { search?: string } = {}) {
  const db = await getDb();
  const q = options.search?.trim();
  return db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      nameZh: organisations.nameZh,
      nameEn: organisations.nameEn,
      category: organisations.category,
      status: organisations.status,
      uscc: organisations.uscc,
      createdAt: organisations.createdAt,
      members: count(memberships.id),
    })
    .from(organisations)
    .leftJoin(memberships, eq(memberships.orgId, organisations.id))
    .where(
      and(
        eq(organisations.kind, "tenant"),
        q ? or(ilike(organisations.nameZh, `%${q}%`), ilike(organisations.nameEn, `%${q}%`), ilike(organisations.slug, `%${q}%`)) : undefined,
      ),
    )
    .groupBy(organisations.id)
    .orderBy(asc(organisations.nameZh));
}

export async function getTenant(tenantId: string) {
  if (!isUuid(tenantId)) throw notFound();
  const db = await getDb();
  const [tenant] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, tenantId), eq(organisations.kind, "tenant")));
  if (!tenant) throw notFound();
  return tenant;
}

/**
 * A new tenant organisation under this slug, or null when the slug is taken (ON CONFLICT DO
 * NOTHING, so a taken slug does not fail the caller's transaction and it can try the next one).
 */
export async function insertTenantOrganisation(
  tx: Tx,
  values: Pick<typeof organisations.$inferInsert, "slug" | "nameZh" | "nameEn" | "category" | "uscc" | "summaryZh" | "summaryEn">,
) {
  const [org] = await tx
    .insert(organisations)
    .values({ ...values, kind: "tenant" })
    .onConflictDoNothing({ target: organisations.slug })
    .returning();
  return org ?? null;
}

/** Makes a person a member of an organisation in a role, inside the caller's transaction. */
export async function addMembership(tx: Tx, values: { orgId: string; userId: string; role: string; title?: string }) {
  await tx.insert(memberships).values({ ...values, title: values.title ?? "" });
}

/**
 * The company record a completed registration writes back (USCC, name, registered address), under
 * a row lock. Another organisation holding the same USCC is a clash and nothing is written; the
 * record as it was is returned for the caller's audit.
 */
export async function writeCompanyRecord(tx: Tx, orgId: string, values: { uscc: string; nameZh?: string; registeredAddress: string | null }) {
  const [before] = await tx
    .select({ uscc: organisations.uscc, nameZh: organisations.nameZh, registeredAddress: organisations.registeredAddress })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .for("update");
  const [clash] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.uscc, values.uscc), ne(organisations.id, orgId)));
  if (clash) return { clash: true as const, before };
  await tx.update(organisations).set(values).where(eq(organisations.id, orgId));
  return { clash: false as const, before };
}
