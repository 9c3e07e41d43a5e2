// The navigation, by what the person may do. Each capability adds its entries here.
import { can, type OrgKind, type Permission } from "~/modules/identity/permissions";

export interface NavItem {
  to: string;
  labelKey: string;
}

interface NavRule extends NavItem {
  /** Shown when the active organisation is of this kind (any kind when absent). */
  kind?: OrgKind;
  permission?: Permission;
}

const signedInNav: NavRule[] = [
  { to: "/dashboard", labelKey: "nav.dashboard" },
  { to: "/admin/tenants", labelKey: "nav.tenants", kind: "park", permission: "tenants:read" },
  { to: "/billing", labelKey: "nav.billing", kind: "tenant", permission: "billing:read" },
  { to: "/org/members", labelKey: "nav.members", permission: "members:read" },
  { to: "/org/audit", labelKey: "nav.audit", kind: "tenant", permission: "audit:read" },
  { to: "/admin/audit", labelKey: "nav.auditAll", kind: "park", permission: "audit:read-all" },
  { to: "/admin/outbox", labelKey: "nav.outbox", kind: "park", permission: "outbox:read" },
];

export const publicNav: NavItem[] = [{ to: "/", labelKey: "nav.home" }];

export function navFor(membership: { kind: OrgKind; role: string } | null): NavItem[] {
  return signedInNav
    .filter((item) => {
      if (!item.permission && !item.kind) return true;
      if (!membership) return false;
      if (item.kind && item.kind !== membership.kind) return false;
      return item.permission ? can(membership.kind, membership.role, item.permission) : true;
    })
    .map(({ to, labelKey }) => ({ to, labelKey }));
}
