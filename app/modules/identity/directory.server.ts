// What other modules may read of identity's tables: people's names and addresses, organisations'
// names and standing, and who belongs where. Each directory is a subquery over identity's own
// table (PostgreSQL inlines it, so a join costs what joining the table costs); other modules join
// and filter on it, never on the tables themselves, so identity can change its tables behind it.
// Writes go through identity's functions (createTenantOrganisation, addOwner, …).
import { QueryBuilder } from "drizzle-orm/pg-core";
import { memberships, organisations, users } from "#db/schema/identity";

const qb = new QueryBuilder();

/** People: id, email, display name, locale. `name` lets one query join it twice (owner, assignee). */
export function userDirectoryAs<N extends string>(name: N) {
  return qb
    .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
    .from(users)
    .as(name);
}

/** An organisation as a list names it: id, kind, slug and both names. */
export const orgNameColumns = {
  id: organisations.id,
  kind: organisations.kind,
  slug: organisations.slug,
  nameZh: organisations.nameZh,
  nameEn: organisations.nameEn,
};

/** Organisations: the park and the tenants, with the names, standing and company record. */
function orgDirectoryAs<N extends string>(name: N) {
  return qb
    .select({
      ...orgNameColumns,
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
function membershipDirectoryAs<N extends string>(name: N) {
  return qb
    .select({ id: memberships.id, orgId: memberships.orgId, userId: memberships.userId, role: memberships.role, title: memberships.title, createdAt: memberships.createdAt })
    .from(memberships)
    .as(name);
}

export const userDirectory = userDirectoryAs("user_directory");
export const orgDirectory = orgDirectoryAs("org_directory");
export const membershipDirectory = membershipDirectoryAs("membership_directory");
