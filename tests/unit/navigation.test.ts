// The header's entries by role: park staff with many consoles get them under one 园区管理 menu; a
// tenant's members and activity log share one 企业管理 menu.
import { describe, expect, test } from "vitest";
import { navFor } from "~/navigation.server";

describe("navFor", () => {
  test("the park admin's consoles are grouped under one menu, the dashboard and the circle stay in the bar", () => {
    const items = navFor({ kind: "park", role: "admin" });
    expect(items[0]).toEqual({ to: "/dashboard", labelKey: "nav.dashboard" });
    const grouped = items.filter((i) => i.group === "park").map((i) => i.to);
    expect(grouped).toEqual(expect.arrayContaining(["/admin/tenants", "/finance", "/housing/console", "/admin/outbox"]));
    expect(grouped.length).toBe(items.length - 2);
  });

  test("staff with a few consoles keep them in the bar", () => {
    const items = navFor({ kind: "park", role: "finance" });
    expect(items.map((i) => i.to)).toContain("/finance");
    expect(items.filter((i) => i.group)).toEqual([]);
  });

  test("a tenant's work stays in the bar; only members and the activity log share one 企业管理 menu", () => {
    const items = navFor({ kind: "tenant", role: "owner" });
    expect(items.map((i) => i.to)).toEqual(expect.arrayContaining(["/compute", "/services", "/billing", "/housing"]));
    expect(items.filter((i) => i.group).map((i) => [i.to, i.group])).toEqual([
      ["/org/members", "company"],
      ["/org/audit", "company"],
    ]);
  });

  test("a tenant member who may not read the activity log keeps 成员 in the bar, not a menu of one", () => {
    const items = navFor({ kind: "tenant", role: "member" });
    expect(items.map((i) => i.to)).not.toContain("/org/audit");
    expect(items.filter((i) => i.group)).toEqual([]);
  });
});

describe("the circle in the menu", () => {
  test("tenants of every role and park staff have it, never grouped among the consoles", () => {
    for (const role of ["owner", "admin", "member"]) expect(navFor({ kind: "tenant", role }).map((i) => i.to)).toContain("/circle");
    const admin = navFor({ kind: "park", role: "admin" });
    expect(admin.find((i) => i.to === "/circle")).toEqual({ to: "/circle", labelKey: "nav.circle" });
    expect(navFor(null).map((i) => i.to)).not.toContain("/circle");
  });
});
