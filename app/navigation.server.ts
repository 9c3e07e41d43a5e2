// The navigation, by what the person may do. Each capability adds its entries here.
import { can, type OrgKind, type Permission } from "~/modules/identity/permissions";

export interface NavItem {
  to: string;
  labelKey: string;
  /**
   * Entries of one group sit together under a menu in the header: "park", the park's consoles;
   * "company", a tenant's members and activity log (so the English bar stays on one line at 1280 px).
   */
  group?: "park" | "company";
}

/** Park staff with more consoles than this see them under one 园区管理 menu instead of in the bar. */
const PARK_ITEMS_INLINE = 4;

interface NavRule extends NavItem {
  /** Shown when the active organisation is of this kind (any kind when absent). */
  kind?: OrgKind;
  permission?: Permission;
}

const signedInNav: NavRule[] = [
  { to: "/dashboard", labelKey: "nav.dashboard" },
  { to: "/circle", labelKey: "nav.circle", kind: "tenant", permission: "circle:read" },
  { to: "/admin/tenants", labelKey: "nav.tenants", kind: "park", permission: "tenants:read" },
  { to: "/services/desk", labelKey: "nav.serviceDesk", kind: "park", permission: "services:manage" },
  { to: "/admissions", labelKey: "admission.nav.console", kind: "park", permission: "admission:review" },
  { to: "/registration/desk", labelKey: "nav.registrationDesk", kind: "park", permission: "registration:manage" },
  { to: "/admin/credits", labelKey: "nav.creditsAdmin", kind: "park", permission: "credits:grant" },
  { to: "/finance", labelKey: "nav.finance", kind: "park", permission: "finance:manage" },
  { to: "/housing/console", labelKey: "nav.housingConsole", kind: "park", permission: "housing:manage" },
  { to: "/circle", labelKey: "nav.circle", kind: "park", permission: "circle:read" },
  { to: "/compute", labelKey: "nav.compute", kind: "tenant", permission: "credits:read" },
  { to: "/services", labelKey: "nav.services", kind: "tenant", permission: "services:order" },
  { to: "/housing", labelKey: "nav.housing", kind: "tenant", permission: "housing:apply" },
  { to: "/billing", labelKey: "nav.billing", kind: "tenant", permission: "billing:read" },
  { to: "/registration", labelKey: "nav.registration", kind: "tenant", permission: "registration:open" },
  { to: "/org/members", labelKey: "nav.members", permission: "members:read" },
  { to: "/org/audit", labelKey: "nav.audit", kind: "tenant", permission: "audit:read" },
  { to: "/admin/audit", labelKey: "nav.auditAll", kind: "park", permission: "audit:read-all" },
  { to: "/admin/outbox", labelKey: "nav.outbox", kind: "park", permission: "outbox:read" },
];

export const publicNav: NavItem[] = [
  { to: "/", labelKey: "nav.home" },
  { to: "/services", labelKey: "nav.services" },
];

/**
 * `applicant`: whether the person has applied to move in, and whether they belong to any
 * organisation — someone with an application, or with no organisation yet, sees 入驻申请.
 */
export function navFor(
  membership: { kind: OrgKind; role: string } | null,
  applicant?: { hasApplication: boolean; hasOrganisation: boolean; hasRegistrationCase?: boolean },
): NavItem[] {
  const items = signedInNav
    .filter((item) => {
      if (!item.permission && !item.kind) return true;
      if (!membership) return false;
      if (item.kind && item.kind !== membership.kind) return false;
      return item.permission ? can(membership.kind, membership.role, item.permission) : true;
    })
    .map(({ to, labelKey }): NavItem => ({ to, labelKey }));
  if (applicant && (applicant.hasApplication || !applicant.hasOrganisation)) {
    items.splice(1, 0, { to: applicant.hasApplication ? "/apply/status" : "/apply", labelKey: "admission.nav.apply" });
  }
  // Someone with a registration case of their own follows it from the header, tenant or not.
  if (applicant?.hasRegistrationCase && !items.some((i) => i.to === "/registration")) {
    items.splice(applicant.hasApplication || !applicant.hasOrganisation ? 2 : 1, 0, { to: "/registration", labelKey: "nav.registration" });
  }
  if (membership?.kind === "park") {
    // 工作台 and the circle are where staff meet the park, not consoles: they stay in the bar.
    const parkItems = items.filter((item) => item.to !== "/dashboard" && item.to !== "/circle");
    if (parkItems.length > PARK_ITEMS_INLINE) for (const item of parkItems) item.group = "park";
  }
  if (membership?.kind === "tenant") {
    const company = items.filter((item) => item.to === "/org/members" || item.to === "/org/audit");
    if (company.length > 1) for (const item of company) item.group = "company";
  }
  return items;
}
