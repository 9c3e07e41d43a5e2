/// <reference types="vite/client" />
// Every route with a parameter in its path (`$id`, `$code`, `$token`, …), loader and action, asked
// with parameters no link produces: not a uuid, too long, a path, a number out of range. Each is a
// 4xx (404 for a malformed id or code), never a 500 — for a visitor, a tenant and the park's admin.
import { describe, expect, it } from "vitest";
import { storeApiKey } from "~/modules/credits/api-keys.server";
import { getDb } from "~/modules/platform/db.server";
import { call, signedInMember } from "../support/factories";

type RouteFunction = Parameters<typeof call>[0];
interface RouteModule {
  loader?: RouteFunction;
  action?: RouteFunction;
}

const routeFiles = import.meta.glob<RouteModule>("/app/routes/*.{ts,tsx}");

/** The `$name` segments of a flat route file name: "housing.repairs.$id.photos.$index.ts" → ["id", "index"]. */
function paramNames(file: string) {
  return [...file.matchAll(/\$([A-Za-z]+)/g)].map((m) => m[1]);
}

const MALFORMED = [
  "not-a-uuid",
  "6f1c2d3e-0000-4000-8000-00000000000z",
  "6f1c2d3e00004000800000000000000a",
  "x".repeat(300),
  "../../etc/passwd",
  "1e308",
  "-1",
  "9223372036854775808",
  "🎬",
  " ",
  // The Express guards refuse these before any route; the routes refuse them too.
  "a\u0000b",
  "\u0007",
];

const withParams = Object.keys(routeFiles)
  .map((path) => ({ path, file: path.split("/").pop()!, params: paramNames(path.split("/").pop()!) }))
  .filter((r) => r.params.length > 0);

describe("malformed route parameters", () => {
  it("finds the routes with parameters", () => {
    expect(withParams.length).toBeGreaterThan(30);
  });

  it.each(withParams.map((r) => [r.file, r] as const))("%s answers every malformed parameter with a 4xx", async (_file, route) => {
    const mod = await routeFiles[route.path]();
    const admin = await signedInMember({ kind: "park", role: "admin" });
    const owner = await signedInMember({ role: "owner" });
    const db = await getDb();
    const { value: apiKey } = await storeApiKey(db, { name: "test gateway", createdBy: null });
    const failures: string[] = [];
    const urlPath = "/" + route.file.replace(/\.(tsx?)$/, "").replace(/\./g, "/");
    for (const [who, cookie] of [["visitor", undefined], ["tenant owner", owner.cookie], ["park admin", admin.cookie]] as const) {
      for (const value of MALFORMED) {
        for (const param of route.params) {
          const params = Object.fromEntries(route.params.map((p) => [p, p === param ? value : "6f1c2d3e-0000-4000-8000-000000000001"]));
          for (const kind of ["loader", "action"] as const) {
            const fn = mod[kind];
            if (!fn) continue;
            const headers: Record<string, string> = { Origin: "http://localhost" };
            if (cookie) headers.Cookie = cookie;
            if (urlPath.startsWith("/api/")) headers.Authorization = `Bearer ${apiKey}`;
            const init: RequestInit =
              kind === "action" ? { method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: "" } : { headers };
            const request = new Request(`http://localhost${urlPath.replace(/\$[A-Za-z]+/g, "x")}`, init);
            const label = `${who} ${kind} ${param}=${JSON.stringify(value.slice(0, 40))}`;
            try {
              const answer = await call(fn, request, params);
              if (answer.status >= 500) failures.push(`${label}: ${answer.status}`);
              else if (answer.status === 200 && kind === "loader" && !(param === "id" && value === "new")) failures.push(`${label}: 200`);
            } catch (error) {
              failures.push(`${label}: threw ${error instanceof Error ? error.message.split("\n")[0].slice(0, 160) : String(error)}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

/** Every query parameter a loader reads, and values no link produces for them. */
const QUERY_NAMES = ["status", "show", "month", "week", "token", "step", "redirectTo", "from", "date", "to", "start", "resource", "q", "overdue", "mine", "ending", "category", "assignee", "action", "page"];
const QUERY_VALUES = ["2026-13-01", "2026-02-30", "9999-99", "2026-W99", "-1", "1e308", "x".repeat(2000), "🎬"];

describe("malformed query parameters", () => {
  const routes = Object.keys(routeFiles).map((path) => ({ path, file: path.split("/").pop()! }));

  it("no loader answers them with a 5xx, for a visitor, a tenant or the park's admin", async () => {
    const admin = await signedInMember({ kind: "park", role: "admin" });
    const owner = await signedInMember({ role: "owner" });
    const failures: string[] = [];
    for (const route of routes) {
      const { loader } = await routeFiles[route.path]();
      if (!loader) continue;
      const params = Object.fromEntries(paramNames(route.file).map((p) => [p, "6f1c2d3e-0000-4000-8000-000000000001"]));
      const urlPath = "/" + route.file.replace(/\.(tsx?)$/, "").replace(/\[\.\]/g, ".").replace(/\./g, "/");
      for (const value of QUERY_VALUES) {
        const query = new URLSearchParams(QUERY_NAMES.map((name) => [name, value])).toString();
        for (const cookie of [undefined, owner.cookie, admin.cookie]) {
          const request = new Request(`http://localhost${urlPath}?${query}`, { headers: cookie ? { Cookie: cookie } : {} });
          try {
            const answer = await call(loader, request, params);
            if (answer.status >= 500) failures.push(`${route.file} ${value.slice(0, 20)}: ${answer.status}`);
          } catch (error) {
            failures.push(`${route.file} ${value.slice(0, 20)}: threw ${error instanceof Error ? error.message.split("\n")[0].slice(0, 160) : String(error)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
