import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimitFor, createGuards, isCleanRequestTarget, isSameOriginRequest, UPLOAD_ROUTES } from "~/server/guards.js";

type Headers = Record<string, string | string[] | undefined>;
const request = (method: string, path: string, headers: Headers = {}) => ({
  method,
  path,
  headers,
  host: "hub.haopu.test",
  protocol: "https",
});

describe("isSameOriginRequest", () => {
  it.each(["GET", "HEAD", "OPTIONS"])("lets every %s through, whatever its origin", (method) => {
    expect(isSameOriginRequest(request(method, "/dashboard", { origin: "https://evil.test" }))).toBe(true);
    expect(isSameOriginRequest(request(method, "/dashboard"))).toBe(true);
  });

  it.each([
    ["a POST from this site", request("POST", "/login", { origin: "https://hub.haopu.test" }), true],
    ["a PUT from this site", request("PUT", "/org/members", { origin: "https://hub.haopu.test" }), true],
    ["a POST from another site", request("POST", "/login", { origin: "https://evil.test" }), false],
    ["a DELETE from another site", request("DELETE", "/org/members", { origin: "https://evil.test" }), false],
    ["a POST from this host over plain http", request("POST", "/login", { origin: "http://hub.haopu.test" }), false],
    ["a POST from this host on another port", request("POST", "/login", { origin: "https://hub.haopu.test:8443" }), false],
    ["a POST from a look-alike subdomain", request("POST", "/login", { origin: "https://hub.haopu.test.evil.test" }), false],
    ["no Origin but a same-site Referer", request("POST", "/login", { referer: "https://hub.haopu.test/login?redirectTo=%2F" }), true],
    ["no Origin and a foreign Referer", request("POST", "/login", { referer: "https://evil.test/hub.haopu.test/" }), false],
    ["no Origin and an unparseable Referer", request("POST", "/login", { referer: "not a url" }), false],
    ["neither Origin nor Referer", request("POST", "/login"), false],
    ["Origin: null (a sandboxed or file page)", request("POST", "/login", { origin: "null" }), false],
    ["Origin: null with a same-site Referer", request("POST", "/login", { origin: "null", referer: "https://hub.haopu.test/" }), false],
    ["a foreign Origin with a same-site Referer", request("POST", "/login", { origin: "https://evil.test", referer: "https://hub.haopu.test/" }), false],
    ["a repeated Origin header, first one ours", request("POST", "/login", { origin: ["https://hub.haopu.test", "https://evil.test"] }), true],
    ["a repeated Origin header, first one foreign", request("POST", "/login", { origin: ["https://evil.test", "https://hub.haopu.test"] }), false],
    ["a machine call to /api/ from anywhere", request("POST", "/api/usage", { origin: "https://evil.test" }), true],
    ["a webhook without any origin", request("POST", "/webhooks/stripe"), true],
    ["a path that only looks like the API", request("POST", "/apiary", { origin: "https://evil.test" }), false],
    ["/api/ deeper in the path", request("POST", "/org/api/x", { origin: "https://evil.test" }), false],
  ])("%s → %s", (_label, req, expected) => {
    expect(isSameOriginRequest(req)).toBe(expected);
  });

  it("also accepts the trusted public origin (PUBLIC_URL behind a proxy)", () => {
    const behindProxy = { ...request("POST", "/login", { origin: "https://hub.haopu.com" }), host: "127.0.0.1:3000", protocol: "http" };
    expect(isSameOriginRequest(behindProxy)).toBe(false);
    expect(isSameOriginRequest(behindProxy, ["https://hub.haopu.com/"])).toBe(true);
    expect(isSameOriginRequest(behindProxy, ["https://hub.haopu.com/some/path"])).toBe(true);
    expect(isSameOriginRequest({ ...behindProxy, headers: { origin: "https://evil.test" } }, ["https://hub.haopu.com"])).toBe(false);
  });
});

describe("bodyLimitFor", () => {
  const MB = 1024 * 1024;
  it.each([
    ["/signup", MB],
    ["/org/members", MB],
    ["/api/usage", MB],
    ["/apply/attachments", 12 * MB],
    ["/registration/6f1c2d3e-0000-4000-8000-000000000001/documents", 12 * MB],
    ["/finance/fapiao/uploads", 6 * MB],
    ["/housing/console/uploads/6f1c2d3e-0000-4000-8000-000000000001", 6 * MB],
    ["/housing/uploads/repair", 12 * MB],
    ["/circle/calls/6f1c2d3e-0000-4000-8000-000000000001/files", 12 * MB],
    // Only the routes that take files: a path that merely mentions uploads or documents does not.
    ["/uploads", MB],
    ["/registration/documents", MB],
    ["/registration/6f1c2d3e/documents/extra", MB],
    ["/apply/attachments/6f1c2d3e", MB],
    ["/my-documents-list", MB],
    ["/circle/calls/files/6f1c2d3e-0000-4000-8000-000000000001", MB],
    ["/circle/profile/logo", 2 * MB],
    ["/circle/board", 22 * MB],
    ["/circle/board/6f1c2d3e-0000-4000-8000-000000000000/attachments", 22 * MB],
    ["/circle/board/6f1c2d3e-0000-4000-8000-000000000000", MB],
    ["/circle/profile", MB],
  ])("%s accepts up to %d bytes", (path, limit) => {
    expect(bodyLimitFor(path)).toBe(limit);
  });

  it("names an existing route for every upload limit", async () => {
    const fs = await import("node:fs");
    const routes = fs.readdirSync("app/routes");
    for (const file of ["apply.attachments.ts", "registration.$id_.documents.ts", "finance.fapiao_.uploads.ts", "housing.console.uploads.$id.ts", "housing.uploads.repair.tsx", "circle.calls.$id.files.ts", "circle.profile_.logo.ts", "circle.board._index.tsx", "circle.board.$id_.attachments.ts", "finance.transfers.tsx"]) {
      expect(routes).toContain(file);
    }
    expect(UPLOAD_ROUTES).toHaveLength(9);
  });
});

describe("isCleanRequestTarget", () => {
  // The four addresses that answered 500: PostgreSQL refuses a NUL inside a text or uuid value.
  it.each([
    "/services/x%00y",
    "/services/packages/x%00y",
    "/registration/x%00y/documents",
    "/billing/checkout/cs_x%00y",
    "/services/x%01y",
    "/services/x%1Fy",
    "/services/x%7Fy",
    "/services/a%0Ab",
    "/services/a%0D%0Ab",
    "/services/a%09b",
    "/services?category=stage%00",
    "/services?category%00=stage",
    "/login?redirectTo=%2F%0Aevil",
    "/login?redirectTo=/\tevil",
    "/services?q=a\u0000b",
    // Not UTF-8 or a broken escape: no route can name it.
    "/services/%E0%A4%A",
    "/services/%FF",
    "/services/%",
  ])("refuses %s", (target) => {
    expect(isCleanRequestTarget(target)).toBe(false);
  });

  it.each([
    "/",
    "/services",
    "/services/stage-a-day",
    "/services/%E6%91%84%E5%BD%B1%E6%A3%9A",
    "/registration/6f1c2d3e-0000-4000-8000-000000000001/documents",
    "/services?category=stage&page=2",
    "/services?q=%E6%91%84%E5%BD%B1+%E6%A3%9A",
    "/login?redirectTo=%2Fservices%3Fcategory%3Dstage",
    "/services?q=100%25",
    "/services?",
    "/services?flag",
  ])("lets %s through", (target) => {
    expect(isCleanRequestTarget(target)).toBe(true);
  });
});

describe("the guards in front of the routes", () => {
  let server: ReturnType<express.Express["listen"]>;
  let base = "";
  const reached: string[] = [];
  beforeAll(async () => {
    const app = express();
    app.use(createGuards({ trustedOrigins: [], allowedHosts: ["localhost", "127.0.0.1"], messages: () => ({ forbidden: "forbidden", tooLarge: "too large", badHost: "bad host", badAddress: "bad address" }) }));
    app.all("*", (req, res) => {
      reached.push(req.originalUrl);
      res.send("the route");
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, "127.0.0.1", () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(["/services/x%00y", "/services/packages/x%00y", "/registration/x%00y/documents", "/billing/checkout/cs_x%00y", "/locale?redirectTo=%2F%0D%0Aevil"])(
    "answers %s with 400 and a sentence, and no route sees it",
    async (target) => {
      const res = await fetch(`${base}${target}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toBe("bad address");
      expect(reached).not.toContain(target);
    },
  );

  it("lets an ordinary address through", async () => {
    const res = await fetch(`${base}/services/stage-a-day?page=2`);
    expect(res.status).toBe(200);
    expect(reached).toContain("/services/stage-a-day?page=2");
  });
});
