// Who may do what: one table answers "may this role in this kind of organisation do X".
// Later capabilities add their permissions here; routes ask through `requireMember`.
import { forbidden } from "~/modules/platform/errors";

export const tenantRoles = ["owner", "admin", "member"] as const;
export const parkRoles = ["admin", "admissions", "services", "housing", "registration", "finance"] as const;
type TenantRole = (typeof tenantRoles)[number];
type ParkRole = (typeof parkRoles)[number];
export type Role = TenantRole | ParkRole;
export type OrgKind = "park" | "tenant";

export const permissions = [
  "org:read",
  "members:read",
  "members:invite",
  "members:manage",
  "members:manage-owners",
  "audit:read",
  "billing:read",
  "billing:pay",
  "credits:read",
  "credits:buy",
  "credits:manage",
  "services:order",
  "housing:apply",
  "housing:endorse",
  "registration:open",
  // The friend circle (生态朋友圈): read the directory and board, post and answer, edit the company profile
  "circle:read",
  "circle:post",
  "circle:profile",
  // Enter the park's programmes and open calls for the company (owners and admins)
  "circle:enter-calls",
  // Park staff only
  "tenants:read",
  "audit:read-all",
  "outbox:read",
  "jobs:read",
  "finance:manage",
  "credits:grant",
  "credits:admin",
  "services:manage",
  "admission:review",
  "admission:configure",
  "housing:manage",
  "registration:manage",
  "circle:moderate",
  // Run programmes and open calls: create, open, close, decide winners and award them
  "circle:programmes",
  // Run events: create, edit, cancel, see attendees, check people in
  "circle:events",
] as const;
export type Permission = (typeof permissions)[number];

const tenantMember: Permission[] = ["org:read", "members:read", "credits:read", "services:order", "housing:apply", "circle:read", "circle:post"];
const tenantAdmin: Permission[] = [...tenantMember, "circle:profile", "circle:enter-calls", "housing:endorse", "registration:open", "members:invite", "members:manage", "audit:read", "billing:read", "billing:pay", "credits:buy", "credits:manage"];
const parkStaff: Permission[] = ["org:read", "members:read", "tenants:read", "circle:read"];

const grants: Record<OrgKind, Record<string, readonly Permission[]>> = {
  tenant: {
    owner: [...tenantAdmin, "members:manage-owners"],
    admin: tenantAdmin,
    member: tenantMember,
  },
  park: {
    admin: permissions,
    admissions: [...parkStaff, "admission:review", "circle:moderate", "circle:programmes", "circle:events"],
    services: [...parkStaff, "services:manage", "circle:events"],
    housing: [...parkStaff, "housing:manage"],
    registration: [...parkStaff, "registration:manage"],
    finance: [...parkStaff, "finance:manage", "credits:grant"],
  },
};

export function can(kind: OrgKind, role: string, permission: Permission): boolean {
  // Own properties only: a role named like an Object.prototype member ("constructor") is unknown.
  const granted = Object.hasOwn(grants[kind], role) ? grants[kind][role] : undefined;
  return granted?.includes(permission) ?? false;
}

/** Roles an actor may hand out: nobody grants more than they hold; only owners make owners. */
export function assignableRoles(kind: OrgKind, actorRole: string): readonly Role[] {
  if (kind === "park") return actorRole === "admin" ? parkRoles : [];
  if (actorRole === "owner") return tenantRoles;
  if (actorRole === "admin") return ["admin", "member"];
  return [];
}

/** Who is acting: their active organisation's kind and their role in it (a MemberActor). */
interface Acting {
  org: { kind: OrgKind };
  role: string;
}

/**
 * Whether the actor may do this in its active organisation. With `kind`, the organisation must
 * also be of that kind (a park permission asked of a tenant is no, whatever the role is called).
 * The one permission check every module uses; no module names roles.
 */
export function hasPermission(actor: Acting, permission: Permission, options: { kind?: OrgKind } = {}): boolean {
  if (options.kind && actor.org.kind !== options.kind) return false;
  return can(actor.org.kind, actor.role, permission);
}

/** hasPermission or a 403. */
export function requirePermission(actor: Acting, permission: Permission, options: { kind?: OrgKind } = {}): void {
  if (!hasPermission(actor, permission, options)) throw forbidden();
}

/** The roles of this kind of organisation that hold a permission (for "tell everyone who may …"). */
export function rolesWith(kind: OrgKind, permission: Permission): string[] {
  return Object.keys(grants[kind]).filter((role) => can(kind, role, permission));
}
