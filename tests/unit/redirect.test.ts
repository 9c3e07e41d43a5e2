import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/modules/identity/schemas";

describe("safeRedirect", () => {
  it.each([
    ["//evil.com", "a protocol-relative URL"],
    ["//evil.com/dashboard", "a protocol-relative URL with a path"],
    ["/\\evil.com", "a backslash browsers read as //"],
    ["https://evil.com", "an absolute URL"],
    ["http://localhost/dashboard", "an absolute URL even to this host"],
    ["javascript:alert(1)", "a javascript: URL"],
    ["evil.com", "a relative host name"],
    ["", "an empty string"],
  ])("refuses %s (%s)", (to) => {
    expect(safeRedirect(to)).toBe("/dashboard");
  });

  it.each([[undefined], [null], [42], [["/org/members"]], [{ toString: () => "/org/members" }]])("refuses the non-string %j", (to) => {
    expect(safeRedirect(to)).toBe("/dashboard");
  });

  it("uses the caller's fallback", () => {
    expect(safeRedirect("//evil.com", "/")).toBe("/");
  });

  it.each(["/org/members?x=1", "/dashboard", "/invitations/abc#accept", "/"])("keeps the same-site path %s", (to) => {
    expect(safeRedirect(to)).toBe(to);
  });
});
