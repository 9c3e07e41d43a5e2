import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/modules/identity/schemas";

describe("safeRedirect", () => {
  it.each([
    ["//evil.com", "a protocol-relative URL"],
    ["//evil.example/x", "a protocol-relative URL with a path"],
    ["/\\evil.com", "a backslash browsers read as //"],
    ["/\\/evil.example", "a backslash then a slash"],
    ["/\t/evil.example", "a tab browsers strip, leaving //"],
    ["/\n/evil.example", "a newline browsers strip (and a header cannot carry)"],
    ["/\r\n/evil.example", "CR LF"],
    ["/%09/evil.example/../x", "an encoded tab is a path, but parsed"],
    ["https://evil.com", "an absolute URL"],
    ["https://evil.example", "an absolute URL to another site"],
    ["http://localhost/dashboard", "an absolute URL even to this host"],
    ["javascript:alert(1)", "a javascript: URL"],
    ["evil.com", "a relative host name"],
    ["%2F%2Fevil.example", "an encoded protocol-relative URL that is not a path"],
    ["", "an empty string"],
    ["/dash\u0000board", "a NUL byte"],
    [`/${"a".repeat(3000)}`, "an absurdly long path"],
  ])("refuses %j (%s)", (to) => {
    const answer = safeRedirect(to);
    if (to.startsWith("/%09")) {
      // Kept as a same-site path: the encoded tab stays encoded, no host is ever reached.
      expect(new URL(answer, "https://haopu.example").origin).toBe("https://haopu.example");
      return;
    }
    expect(answer).toBe("/dashboard");
  });

  it.each(["//evil.example/x", "/\\evil.example", "/\t/evil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "https://evil.example"])(
    "never leaves the site for %j, as a browser resolves the answer",
    (to) => {
      const answer = safeRedirect(to);
      expect(new URL(answer, "https://haopu.example").origin).toBe("https://haopu.example");
      // eslint-disable-next-line no-control-regex -- the answer must hold none
      expect(answer).not.toMatch(/[\u0000-\u001f]/);
    },
  );

  it.each([[undefined], [null], [42], [["/org/members"]], [{ toString: () => "/org/members" }]])("refuses the non-string %j", (to) => {
    expect(safeRedirect(to)).toBe("/dashboard");
  });

  it("uses the caller's fallback", () => {
    expect(safeRedirect("//evil.com", "/")).toBe("/");
  });

  it.each(["/org/members?x=1", "/dashboard", "/invitations/abc#accept", "/", "/services?q=%E7%B9%81%E8%8A%B1"])("keeps the same-site path %s", (to) => {
    expect(safeRedirect(to)).toBe(to);
  });
});
