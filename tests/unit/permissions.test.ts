import { describe, expect, it } from "vitest";
import { assignableRoles, can, parkRoles, permissions, tenantRoles, type OrgKind, type Permission } from "~/modules/identity/permissions";

const cases: [OrgKind, string, Permission, boolean][] = [
  // A tenant's plain member reads the company and its members, nothing more.
  ["tenant", "member", "org:read", true],
  ["tenant", "member", "members:read", true],
  ["tenant", "member", "members:invite", false],
  ["tenant", "member", "members:manage", false],
  ["tenant", "member", "audit:read", false],
  // A tenant admin invites and manages, but not owners.
  ["tenant", "admin", "members:invite", true],
  ["tenant", "admin", "members:manage", true],
  ["tenant", "admin", "audit:read", true],
  ["tenant", "admin", "members:manage-owners", false],
  // The owner may do all of it.
  ["tenant", "owner", "members:invite", true],
  ["tenant", "owner", "members:manage", true],
  ["tenant", "owner", "members:manage-owners", true],
  ["tenant", "owner", "audit:read", true],
  // No tenant role reaches park-wide data.
  ["tenant", "owner", "tenants:read", false],
  ["tenant", "owner", "audit:read-all", false],
  ["tenant", "owner", "outbox:read", false],
  ["tenant", "owner", "jobs:read", false],
  // Park staff read tenants; only the park admin reads the outbox, the jobs and every audit entry.
  ["park", "admissions", "tenants:read", true],
  ["park", "services", "tenants:read", true],
  ["park", "housing", "tenants:read", true],
  ["park", "finance", "tenants:read", true],
  ["park", "admin", "tenants:read", true],
  ["park", "admissions", "audit:read-all", false],
  ["park", "finance", "audit:read-all", false],
  ["park", "services", "outbox:read", false],
  ["park", "housing", "members:invite", false],
  ["park", "admin", "audit:read-all", true],
  ["park", "admin", "outbox:read", true],
  ["park", "admin", "jobs:read", true],
  ["park", "admin", "members:invite", true],
  // A tenant role name means nothing in the park and the other way round.
  ["park", "owner", "org:read", false],
  ["park", "member", "members:read", false],
  ["tenant", "finance", "org:read", false],
  ["tenant", "admissions", "members:read", false],
];

describe("can()", () => {
  it.each(cases)("%s %s → %s is %s", (kind, role, permission, expected) => {
    expect(can(kind, role, permission)).toBe(expected);
  });

  it.each(["", "superuser", "OWNER", "Admin", "__proto__", "constructor", "toString"])(
    "gives the unknown role %j nothing, in a tenant or the park",
    (role) => {
      for (const permission of permissions) {
        expect(can("tenant", role, permission)).toBe(false);
        expect(can("park", role, permission)).toBe(false);
      }
    },
  );

  it("gives the park admin every permission there is", () => {
    for (const permission of permissions) expect(can("park", "admin", permission)).toBe(true);
  });
});

describe("assignableRoles()", () => {
  it.each([
    ["tenant", "owner", ["owner", "admin", "member"]],
    ["tenant", "admin", ["admin", "member"]],
    ["tenant", "member", []],
    ["tenant", "finance", []],
    ["tenant", "nobody", []],
    ["park", "admin", ["admin", "admissions", "services", "housing", "registration", "finance"]],
    ["park", "admissions", []],
    ["park", "finance", []],
    ["park", "owner", []],
  ] as [OrgKind, string, string[]][])("%s %s may hand out %j", (kind, role, expected) => {
    expect([...assignableRoles(kind, role)].sort()).toEqual([...expected].sort());
  });

  it("never hands out a role of the other kind of organisation", () => {
    for (const role of tenantRoles) for (const r of assignableRoles("tenant", role)) expect(tenantRoles).toContain(r);
    for (const role of parkRoles) for (const r of assignableRoles("park", role)) expect(parkRoles).toContain(r);
  });

  it("only lets someone hand out a role when they may invite at all", () => {
    for (const [kind, roles] of [["tenant", tenantRoles], ["park", parkRoles]] as const) {
      for (const role of roles) {
        if (assignableRoles(kind, role).length > 0) expect(can(kind, role, "members:invite")).toBe(true);
      }
    }
  });
});
