// The host allow-list (decision 013): the table of names, and the Express guard that refuses any
// other Host — or a trusted proxy's X-Forwarded-Host — with 400 before a route sees the request.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuards } from "~/server/guards.js";
import { allowedHostsFrom, isAllowedHost } from "~/server/hosts.js";

describe("allowedHostsFrom and isAllowedHost", () => {
  const defaults = allowedHostsFrom({});
  const configured = allowedHostsFrom({ allowedHosts: "hub.haopu.example, .sfg.example", publicUrl: "https://www.haopu.example" });

  it.each([
    ["localhost", defaults, true],
    ["127.0.0.1", defaults, true],
    ["[::1]", defaults, true],
    ["LOCALHOST", defaults, true],
    ["localhost.", defaults, true],
    ["evil.example", defaults, false],
    ["localhost.evil.example", defaults, false],
    ["127.0.0.1.evil.example", defaults, false],
    ["", defaults, false],
    [undefined, defaults, false],
    ["evil.example/x", defaults, false],
    ["hub.haopu.example", configured, true],
    ["www.haopu.example", configured, true],
    ["sfg.example", configured, true],
    ["park.sfg.example", configured, true],
    ["evilsfg.example", configured, false],
    ["haopu.example", configured, false],
  ])("%j is allowed: %s", (host, list, expected) => {
    expect(isAllowedHost(host as string | undefined, list)).toBe(expected);
  });

  it("`*` lets any host through, for a deployment whose proxy checks it", () => {
    expect(isAllowedHost("anything.example", allowedHostsFrom({ allowedHosts: "*" }))).toBe(true);
  });
});

describe("the Express guard", () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    const app = express();
    app.set("trust proxy", "loopback");
    app.use(createGuards({ trustedOrigins: [], allowedHosts: allowedHostsFrom({ allowedHosts: "hub.haopu.example" }), messages: () => ({ forbidden: "forbidden", tooLarge: "too large", badHost: "bad host", badAddress: "bad address" }) }));
    app.all("*", (req, res) => res.json({ hostname: req.hostname, forwarded: req.get("x-forwarded-host") ?? null }));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function get(headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: "/forgot-password", method: "GET", headers }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("refuses a forged Host with 400 before any route", async () => {
    expect(await get({ Host: "evil.example" })).toEqual({ status: 400, body: "bad host" });
    expect(await get({ Host: "evil.example:3000" })).toMatchObject({ status: 400 });
  });

  it("refuses a forged X-Forwarded-Host from a trusted (loopback) proxy with 400", async () => {
    expect(await get({ Host: "localhost:3000", "X-Forwarded-Host": "evil.example" })).toMatchObject({ status: 400 });
  });

  it("lets the allowed names through, with their port", async () => {
    expect(await get({ Host: "localhost:3000" })).toMatchObject({ status: 200 });
    expect(JSON.parse((await get({ Host: "hub.haopu.example" })).body)).toMatchObject({ hostname: "hub.haopu.example" });
    expect(JSON.parse((await get({ Host: "localhost", "X-Forwarded-Host": "hub.haopu.example" })).body)).toMatchObject({ hostname: "hub.haopu.example" });
  });
});
