// What other modules may read of identity's tables: people's names and addresses, organisations'
// names and standing, and who belongs where. Each directory is a subquery over identity's own
// table (PostgreSQL inlines it, so a join costs what joining the table costs); other modules join
// and filter on it, never on the tables themselves, so identity can change its tables behind it.
// Writes go through identity's functions (createTenantOrganisation, addOwner, …).
import { and, eq, inArray } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { memberships, organisations, users } from "#db/schema/identity";
import type { DbOrTx } from "~/modules/platform/db.server";

const qb = new QueryBuilder();

/** People: id, email, display name, locale. `name` lets one query join it twice (owner, assignee). */
export function userDirectoryAs<N extends string>(name: N) {
  return qb
    .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
    .from(users)
    .as(name);
}

/** Organisations: the park and the tenants, with the names, standing and company record. */
export function orgDirectoryAs<N extends string>(name: N) {
  return qb
    .select({
      id: organisations.id,
      kind: organisations.kind,
      slug: organisations.slug,
      nameZh: organisations.nameZh,
      nameEn: organisations.nameEn,
      category: organisations.category,
      uscc: organisations.uscc,
      registeredAddress: organisations.registeredAddress,
      status: organisations.status,
      createdAt: organisations.createdAt,
    })
    .from(organisations)
    .as(name);
}

/** Who belongs to which organisation, in which role and with which title. */
export function membershipDirectoryAs<N extends string>(name: N) {
  return qb
    .select({ id: memberships.id, orgId: memberships.orgId, userId: memberships.userId, role: memberships.role, title: memberships.title, createdAt: memberships.createdAt })
    .from(memberships)
    .as(name);
}

export const userDirectory = userDirectoryAs("user_directory");
export const orgDirectory = orgDirectoryAs("org_directory");
export const membershipDirectory = membershipDirectoryAs("membership_directory");

export type OrgRecord = {
  id: string;
  kind: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  category: string | null;
  uscc: string | null;
  registeredAddress: string | null;
  status: string;
  createdAt: Date;
};

/** One organisation's record, or undefined. */
export async function organisationById(db: DbOrTx, orgId: string): Promise<OrgRecord | undefined> {
  const [row] = await db.select().from(orgDirectory).where(eq(orgDirectory.id, orgId));
  return row;
}

/** The park's own organisation (there is exactly one once the park is set up). */
export async function parkOrganisation(db: DbOrTx): Promise<OrgRecord | undefined> {
  const [row] = await db.select().from(orgDirectory).where(eq(orgDirectory.kind, "park"));
  return row;
}

/** Active tenants, by Chinese name. */
export function activeTenants(db: DbOrTx): Promise<OrgRecord[]> {
  return db
    .select()
    .from(orgDirectory)
    .where(and(eq(orgDirectory.kind, "tenant"), eq(orgDirectory.status, "active")))
    .orderBy(orgDirectory.nameZh);
}

/** A person's record, or undefined. */
export async function userById(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(userDirectory).where(eq(userDirectory.id, userId));
  return row;
}

/** The memberships of these people in one organisation. */
export function membershipsIn(db: DbOrTx, orgId: string, userIds: string[]) {
  if (!userIds.length) return Promise.resolve([]);
  return db
    .select()
    .from(membershipDirectory)
    .where(and(eq(membershipDirectory.orgId, orgId), inArray(membershipDirectory.userId, userIds)));
}
