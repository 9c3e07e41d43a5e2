// The compute gateway's API through the route loaders and actions: authentication, every
// validation error, per-event usage answers, the holds lifecycle and its retries.
import { and, count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { apiKeys, computeProjects, creditAccounts, creditHolds, creditPrices, organisations, usageEvents } from "#db/schema/index";
import { ensureDemoGatewayKey, storeApiKey } from "~/modules/credits/api-keys.server";
import { grantCreditsInTx, expireLots } from "~/modules/credits/grants.server";
import { expireHolds } from "~/modules/credits/holds.server";
import { addLot } from "~/modules/credits/ledger.server";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { getDb } from "~/modules/platform/db.server";
import * as holdRoute from "~/routes/api.v1.holds.$id";
import * as captureRoute from "~/routes/api.v1.holds.$id.capture";
import * as voidRoute from "~/routes/api.v1.holds.$id.void";
import * as holdsRoute from "~/routes/api.v1.holds";
import * as pricesRoute from "~/routes/api.v1.prices";
import * as balanceRoute from "~/routes/api.v1.tenants.$slug.balance";
import * as tenantsRoute from "~/routes/api.v1.tenants";
import * as usageRoute from "~/routes/api.v1.usage";
import { call, createOrg } from "../support/factories";
import { PRICE_FROM, USAGE_DAY, computeProject, creditBalancesOf, gpuEvent, seedPrices, tenantWithCredits } from "../support/credits";

type RouteFn = (args: { request: Request; params: Record<string, string>; context: any }) => unknown;

interface ApiAnswer {
  status: number;
  body: any;
  headers: Headers;
}

async function newKey() {
  const db = await getDb();
  const { value } = await storeApiKey(db, { name: "test gateway", createdBy: null });
  return value;
}

/**
 * Calls a route's loader or action the way Remix would (through `call`), and reads the JSON body
 * of its answer. Every API answer is a Response; a thrown error (a 500) rejects.
 */
async function api(fn: RouteFn, path: string, options: { method?: string; key?: string | null; body?: unknown; rawBody?: string; params?: Record<string, string> } = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  const hasBody = options.rawBody !== undefined || options.body !== undefined;
  if (hasBody) headers["Content-Type"] = "application/json";
  const request = new Request(`http://localhost${path}`, {
    method: options.method ?? (hasBody ? "POST" : "GET"),
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  let response: Response | undefined;
  const answer = await call(
    async (args) => {
      const value = await fn(args);
      if (value instanceof Response) response = value;
      return value;
    },
    request,
    options.params ?? {},
  );
  expect(response, `${path} answers with a Response`).toBeInstanceOf(Response);
  expect(response!.headers.get("Content-Type")).toMatch(/application\/json/);
  return { status: answer.status, body: await response!.json(), headers: answer.headers };
}

const DAY = 24 * 3600 * 1000;

afterEach(async () => {
  expect((await reconcileLedger()).problems).toEqual([]);
});

describe("API authentication", () => {
  const routes: [string, RouteFn, string, Record<string, string>, unknown?][] = [
    ["GET /api/v1/tenants", tenantsRoute.loader, "/api/v1/tenants", {}],
    ["GET /api/v1/tenants/:slug/balance", balanceRoute.loader, "/api/v1/tenants/x/balance", { slug: "x" }],
    ["GET /api/v1/prices", pricesRoute.loader, "/api/v1/prices", {}],
    ["POST /api/v1/usage", usageRoute.action, "/api/v1/usage", {}, { events: [] }],
    ["POST /api/v1/holds", holdsRoute.action, "/api/v1/holds", {}, { id: "h", tenant: "x", amount_milli: 1 }],
    ["GET /api/v1/holds/:id", holdRoute.loader, "/api/v1/holds/h", { id: "h" }],
    ["POST /api/v1/holds/:id/capture", captureRoute.action, "/api/v1/holds/h/capture", { id: "h" }, { amount_milli: 1 }],
    ["POST /api/v1/holds/:id/void", voidRoute.action, "/api/v1/holds/h/void", { id: "h" }, {}],
  ];

  it.each(routes)("%s refuses a request without a valid key, with a JSON 401", async (_name, fn, path, params, body) => {
    const db = await getDb();
    const revoked = await newKey();
    await db.update(apiKeys).set({ revokedAt: new Date() });
    for (const key of [null, "", "short", "not-a-key-we-issued-0123456789", revoked]) {
      const answer = await api(fn, path, { key, body, params });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe("unauthorized");
      expect(answer.body.error.message).toMatch(/Bearer/);
      expect(answer.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    }
  });

  it("accepts only the Bearer scheme, and records when a key was last used", async () => {
    const key = await newKey();
    const basic = new Request("http://localhost/api/v1/tenants", { headers: { Authorization: `Basic ${key}` } });
    expect((await call(tenantsRoute.loader, basic)).status).toBe(401);
    expect((await api(tenantsRoute.loader, "/api/v1/tenants", { key })).status).toBe(200);
    const db = await getDb();
    const [row] = await db.select().from(apiKeys);
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it("answers a wrong method with 405", async () => {
    const key = await newKey();
    expect((await api(usageRoute.loader as RouteFn, "/api/v1/usage", { key })).status).toBe(405);
    expect((await api(holdsRoute.loader as RouteFn, "/api/v1/holds", { key })).status).toBe(405);
    expect((await api(tenantsRoute.action as RouteFn, "/api/v1/tenants", { key, body: {} })).status).toBe(405);
    const wrong = await api(usageRoute.action, "/api/v1/usage", { key, method: "PUT", body: [] });
    expect(wrong.status).toBe(405);
    expect(wrong.body.error.code).toBe("method_not_allowed");
  });

  it("creates the demo gateway key from DEMO_GATEWAY_KEY once, and the gateway can use it", async () => {
    const value = "hpk_demo_gateway_key_2026";
    const first = await ensureDemoGatewayKey(value);
    expect(first?.prefix).toBe(value.slice(0, 8));
    expect(await ensureDemoGatewayKey(value)).toBeNull();
    expect(await ensureDemoGatewayKey("too short")).toBeNull();
    expect(await ensureDemoGatewayKey("")).toBeNull();
    const db = await getDb();
    const [keys] = await db.select({ n: count() }).from(apiKeys);
    expect(Number(keys.n)).toBe(1);
    expect((await api(tenantsRoute.loader, "/api/v1/tenants", { key: value })).status).toBe(200);
  });
});

describe("GET tenants, balance and prices", () => {
  it("lists the tenant companies with slug, name and status, not the park", async () => {
    const key = await newKey();
    await createOrg({ kind: "park", slug: "park" });
    const a = await createOrg({ slug: "alpha", nameZh: "阿尔法动画" });
    const b = await createOrg({ slug: "bravo" });
    const db = await getDb();
    await db.update(organisations).set({ status: "suspended" }).where(eq(organisations.id, b.id));
    const answer = await api(tenantsRoute.loader, "/api/v1/tenants", { key });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { slug: "alpha", name: "阿尔法动画", name_en: a.nameEn, status: "active" },
      { slug: "bravo", name: b.nameZh, name_en: b.nameEn, status: "suspended" },
    ]);
    expect(answer.headers.get("Cache-Control")).toBe("no-store");
  });

  it("gives a tenant's available, held and soon-expiring credits, in milli-credits and credits", async () => {
    const key = await newKey();
    const org = await tenantWithCredits(100);
    const db = await getDb();
    await db.transaction(async (tx) => {
      await grantCreditsInTx(tx, { orgId: org.id, amountMilli: 20_500n, category: "programme", reason: "soon", expiresAt: new Date(Date.now() + 10 * DAY) }, null);
      await grantCreditsInTx(tx, { orgId: org.id, amountMilli: 5_000n, category: "programme", reason: "later", expiresAt: new Date(Date.now() + 60 * DAY) }, null);
    });
    // The hold takes from the soonest-expiring grant first.
    const hold = await api(holdsRoute.action, "/api/v1/holds", { key, body: { id: "job-b", tenant: org.slug, amount_milli: 10_000 } });
    expect(hold.status).toBe(201);
    const answer = await api(balanceRoute.loader, `/api/v1/tenants/${org.slug}/balance`, { key, params: { slug: org.slug } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      tenant: org.slug,
      status: "active",
      available_milli: "115500",
      available: "115.5",
      held_milli: "10000",
      held: "10",
      expiring_soon_milli: "10500",
      expiring_soon: "10.5",
      expiring_soon_days: 30,
    });
    expect(new Date(answer.body.next_expiry_at).getTime()).toBeGreaterThan(Date.now() + 9 * DAY);
  });

  it("answers 404 for a tenant that does not exist, and zero for one that never had credits", async () => {
    const key = await newKey();
    const missing = await api(balanceRoute.loader, "/api/v1/tenants/nobody/balance", { key, params: { slug: "nobody" } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("unknown_tenant");
    const odd = await api(balanceRoute.loader, "/api/v1/tenants/x%00/balance", { key, params: { slug: "x\u0000" } });
    expect(odd.status).toBe(404);
    const park = await createOrg({ kind: "park" });
    expect((await api(balanceRoute.loader, `/api/v1/tenants/${park.slug}/balance`, { key, params: { slug: park.slug } })).status).toBe(404);
    const empty = await createOrg();
    const zero = await api(balanceRoute.loader, `/api/v1/tenants/${empty.slug}/balance`, { key, params: { slug: empty.slug } });
    expect(zero.body).toMatchObject({ available_milli: "0", held_milli: "0", expiring_soon_milli: "0", next_expiry_at: null });
  });

  it("lists the prices in force with their units, not superseded or scheduled ones", async () => {
    const key = await newKey();
    await seedPrices();
    const db = await getDb();
    await db.insert(creditPrices).values([
      { meter: "gpu_seconds", model: "H800", priceMilli: 25_000n, effectiveFrom: new Date("2025-01-01T00:00:00Z") },
      { meter: "gpu_seconds", model: "H800", priceMilli: 99_000n, effectiveFrom: new Date(Date.now() + 30 * DAY) },
    ]);
    const answer = await api(pricesRoute.loader, "/api/v1/prices", { key });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { meter: "gpu_seconds", model: "H800", unit: "gpu_hour", quantity_unit: "gpu_seconds", price_milli: "18000", price: "18", effective_from: PRICE_FROM.toISOString() },
      { meter: "llm_tokens_in", model: "deepseek-v3", unit: "million_tokens", quantity_unit: "tokens", price_milli: "2000", price: "2", effective_from: PRICE_FROM.toISOString() },
      { meter: "llm_tokens_out", model: "deepseek-v3", unit: "million_tokens", quantity_unit: "tokens", price_milli: "8000", price: "8", effective_from: PRICE_FROM.toISOString() },
    ]);
  });
});

describe("POST /api/v1/usage", () => {
  const post = (key: string, body: unknown, rawBody?: string) => api(usageRoute.action, "/api/v1/usage", { key, body, rawBody });

  it("refuses a body that is not a batch, whole, with a 400 and a message", async () => {
    const key = await newKey();
    const cases: [string | undefined, unknown, string][] = [
      ["{not json", undefined, "invalid_json"],
      ["", undefined, "invalid_request"],
      [undefined, {}, "invalid_request"],
      [undefined, { events: "e1" }, "invalid_request"],
      [undefined, { events: { id: "e1" } }, "invalid_request"],
      [undefined, "events", "invalid_request"],
      [undefined, 42, "invalid_request"],
      [undefined, null, "invalid_request"],
      [undefined, [], "empty_batch"],
      [undefined, { events: [] }, "empty_batch"],
    ];
    for (const [raw, body, code] of cases) {
      const answer = await post(key, body, raw ?? (body === undefined ? "" : undefined));
      expect(answer.status, JSON.stringify(raw ?? body)).toBe(400);
      expect(answer.body.error.code).toBe(code);
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
    const shape = await post(key, { events: "e1" });
    expect(shape.body.error.message).toMatch(/events/);
  });

  it("refuses a batch of more than 1,000 events with a 413, and applies none of it", async () => {
    const key = await newKey();
    await seedPrices();
    const org = await tenantWithCredits(1000);
    const events = Array.from({ length: 1001 }, (_, i) => gpuEvent(`big-${i}`, org.slug, 1));
    const answer = await post(key, { events });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: "batch_too_large", max_events: 1000 });
    expect((await creditBalancesOf(org.id)).available).toBe(1_000_000n);
    const ok = await post(key, events.slice(0, 1000));
    expect(ok.status).toBe(200);
    expect(ok.body.applied).toBe(1000);
    expect(ok.body.applied_cost_milli).toBe("5000"); // 1 GPU-second at 18 credits/hour rounds up to 5 milli
  });

  it("answers every event on its own: applied, duplicate, or rejected with a reason", async () => {
    const key = await newKey();
    await seedPrices();
    const org = await tenantWithCredits(100);
    const other = await tenantWithCredits(100);
    const suspended = await tenantWithCredits(100);
    const db = await getDb();
    await db.update(organisations).set({ status: "suspended" }).where(eq(organisations.id, suspended.id));
    await db.insert(creditPrices).values({ meter: "gpu_seconds", model: "B200", priceMilli: 30_000n, effectiveFrom: new Date(Date.now() + DAY) });
    await computeProject(org.id, "film-a", 5_000n);
    await ingestOne(key, gpuEvent("taken", other.slug, 200)); // 1 credit, for another tenant
    const llm = { tenant: org.slug, meter: "llm_tokens_out", model: "deepseek-v3", started_at: `${USAGE_DAY}T09:00:00+08:00`, ended_at: `${USAGE_DAY}T09:00:05.250+08:00` };
    const events: unknown[] = [
      gpuEvent("ok-1", org.slug, 2000), // 10 credits
      { ...llm, id: "ok-2", quantity: "1500000" }, // 12 credits, quantity as a string
      gpuEvent("ok-1", org.slug, 2000), // the same id again in the batch
      gpuEvent("e-tenant", "no-such-tenant", 10),
      gpuEvent("e-suspended", suspended.slug, 10),
      { ...gpuEvent("e-meter", org.slug, 10), meter: "gpu_minutes" },
      { ...gpuEvent("e-model", org.slug, 10), model: "A100" },
      gpuEvent("e-zero", org.slug, 0),
      gpuEvent("e-negative", org.slug, -5),
      gpuEvent("e-fraction", org.slug, 1.5),
      { ...gpuEvent("e-text", org.slug, 1), quantity: "12a" },
      { ...gpuEvent("e-huge", org.slug, 1), quantity: "9".repeat(18) },
      { ...gpuEvent("e-order", org.slug, 10), started_at: `${USAGE_DAY}T02:00:00Z`, ended_at: `${USAGE_DAY}T01:00:00Z` },
      { ...gpuEvent("e-time", org.slug, 10), started_at: "yesterday" },
      { ...gpuEvent("e-local", org.slug, 10), started_at: `${USAGE_DAY}T01:00:00` },
      { ...gpuEvent("e-early", org.slug, 10), started_at: `${USAGE_DAY}T01:00:00Z`, model: "B200" }, // priced only from tomorrow
      { ...gpuEvent("", org.slug, 10) },
      { ...gpuEvent("x".repeat(201), org.slug, 10) },
      null,
      "e-string",
      gpuEvent("e-project", org.slug, 10, { project: "no-such-project" }),
      gpuEvent("p-ok", org.slug, 800, { project: "film-a" }), // 4 credits of a 5-credit budget
      gpuEvent("p-over", org.slug, 400, { project: "film-a" }), // 2 more: over budget
      gpuEvent("e-poor", org.slug, 36_000), // 180 credits
      gpuEvent("taken", org.slug, 200),
      gpuEvent("ok-3", org.slug, 1), // still applied after all of that
    ];
    const answer = await post(key, { events });
    expect(answer.status).toBe(200);
    const byId = (id: string) => answer.body.results.find((r: { id: string }) => r.id === id);
    expect(answer.body.results).toHaveLength(events.length);
    expect(answer.body.results[0]).toEqual({ id: "ok-1", status: "applied", cost_milli: "10000" });
    expect(answer.body.results[1]).toEqual({ id: "ok-2", status: "applied", cost_milli: "12000" });
    expect(answer.body.results[2]).toEqual({ id: "ok-1", status: "duplicate", cost_milli: "10000" });
    const reasons = Object.fromEntries(answer.body.results.filter((r: { status: string }) => r.status === "rejected").map((r: { id: string; reason: string }, i: number) => [r.id || `#${i}`, r.reason]));
    expect(reasons).toMatchObject({
      "e-tenant": "unknown_tenant",
      "e-suspended": "tenant_inactive",
      "e-meter": "unknown_meter",
      "e-model": "unknown_model",
      "e-zero": "bad_quantity",
      "e-negative": "bad_quantity",
      "e-fraction": "bad_quantity",
      "e-text": "bad_quantity",
      "e-huge": "bad_quantity",
      "e-order": "bad_time_range",
      "e-time": "bad_time_range",
      "e-local": "bad_time_range",
      "e-early": "no_price",
      ["x".repeat(201)]: "invalid_id",
      "e-project": "unknown_project",
      "p-over": "budget_exceeded",
      "e-poor": "insufficient_credits",
      taken: "id_conflict",
    });
    expect(answer.body.results[16]).toEqual({ id: "", status: "rejected", reason: "invalid_id" });
    expect(answer.body.results[18]).toEqual({ id: "", status: "rejected", reason: "invalid_id" });
    expect(answer.body.results[19]).toEqual({ id: "", status: "rejected", reason: "invalid_id" });
    expect(byId("p-ok")).toEqual({ id: "p-ok", status: "applied", cost_milli: "4000" });
    expect(byId("ok-3")).toEqual({ id: "ok-3", status: "applied", cost_milli: "5" });
    expect(answer.body).toMatchObject({ applied: 4, duplicates: 1, rejected: events.length - 5, applied_cost_milli: "26005", applied_cost: "26.005" });

    expect((await creditBalancesOf(org.id)).available).toBe(100_000n - 26_005n);
    expect((await creditBalancesOf(other.id)).available).toBe(99_000n);
    const [film] = await db.select().from(computeProjects).where(eq(computeProjects.code, "film-a"));
    expect(film.spentMilli).toBe(4_000n);
    const [taken] = await db.select().from(usageEvents).where(eq(usageEvents.id, "taken"));
    expect(taken.orgId).toBe(other.id);
    // Stored as sent: the tenant, the project, the quantity, the exact instants.
    const [ok2] = await db.select().from(usageEvents).where(eq(usageEvents.id, "ok-2"));
    expect(ok2).toMatchObject({ orgId: org.id, projectId: null, meter: "llm_tokens_out", model: "deepseek-v3", quantity: 1_500_000n, costMilli: 12_000n });
    expect(ok2.startedAt.toISOString()).toBe(`${USAGE_DAY}T01:00:00.000Z`);
    expect(ok2.endedAt.toISOString()).toBe(`${USAGE_DAY}T01:00:05.250Z`);
    const [pOk] = await db.select().from(usageEvents).where(eq(usageEvents.id, "p-ok"));
    expect(pOk.projectId).toBe(film.id);

    // A retry of the whole batch changes nothing: what was applied is now a duplicate with its cost.
    const retry = await post(key, events);
    expect(retry.body).toMatchObject({ applied: 0, duplicates: 5 });
    expect(retry.body.results[0]).toEqual({ id: "ok-1", status: "duplicate", cost_milli: "10000" });
    expect(retry.body.results[2]).toEqual({ id: "ok-1", status: "duplicate", cost_milli: "10000" });
    expect((await creditBalancesOf(org.id)).available).toBe(100_000n - 26_005n);
  });

  it("accepts only real calendar instants inside the documented window around now", async () => {
    const key = await newKey();
    await seedPrices();
    const org = await tenantWithCredits(100);
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const year = new Date().getUTCFullYear();
    const events = [
      { ...gpuEvent("far-future", org.slug, 1), started_at: "9999-12-31T00:00:00Z", ended_at: "9999-12-31T01:00:00Z" },
      { ...gpuEvent("feb-30", org.slug, 1), started_at: `${year}-02-30T01:00:00Z`, ended_at: `${year}-02-30T02:00:00Z` },
      { ...gpuEvent("month-13", org.slug, 1), started_at: `${year}-13-01T01:00:00Z` },
      { ...gpuEvent("hour-24", org.slug, 1), started_at: `${USAGE_DAY}T24:00:00Z`, ended_at: `${USAGE_DAY}T24:30:00Z` },
      { ...gpuEvent("offset-15h", org.slug, 1), started_at: `${USAGE_DAY}T01:00:00+15:00` },
      { ...gpuEvent("36-days", org.slug, 1), started_at: ago(36 * DAY), ended_at: ago(36 * DAY - 60_000) },
      { ...gpuEvent("34-days", org.slug, 1), started_at: ago(34 * DAY), ended_at: ago(34 * DAY - 60_000) },
      { ...gpuEvent("ends-in-10-min", org.slug, 1), started_at: ago(3_600_000), ended_at: ago(-10 * 60_000) },
      { ...gpuEvent("ends-in-1-min", org.slug, 1), started_at: ago(3_600_000), ended_at: ago(-60_000) },
      { ...gpuEvent("compact-offset", org.slug, 1), started_at: `${USAGE_DAY}T09:00:00.5+0800` },
    ];
    const answer = await post(key, events);
    expect(answer.status).toBe(200);
    expect(Object.fromEntries(answer.body.results.map((r: { id: string; status: string; reason?: string }) => [r.id, r.reason ?? r.status]))).toEqual({
      "far-future": "in_future",
      "feb-30": "bad_time_range",
      "month-13": "bad_time_range",
      "hour-24": "bad_time_range",
      "offset-15h": "bad_time_range",
      "36-days": "too_old",
      "34-days": "applied",
      "ends-in-10-min": "in_future",
      "ends-in-1-min": "applied",
      "compact-offset": "applied",
    });
    const db = await getDb();
    const [compact] = await db.select().from(usageEvents).where(eq(usageEvents.id, "compact-offset"));
    expect(compact.startedAt.toISOString()).toBe(`${USAGE_DAY}T01:00:00.500Z`);
  });

  async function ingestOne(key: string, event: unknown) {
    const answer = await post(key, [event]);
    expect(answer.body.results[0].status).toBe("applied");
    return answer;
  }

  it("stores any well-formed id exactly, quotes and backslashes included, and refuses ids the database cannot hold", async () => {
    const key = await newKey();
    await seedPrices();
    const org = await tenantWithCredits(100);
    const odd = ["it's", "back\\slash", "\\'", "'; drop table usage_events; --", 'dq"uote', "渲染任务-🎬", "E'x'", "$$", "\\u0000"];
    const answer = await post(key, [
      ...odd.map((id) => gpuEvent(id, org.slug, 1)),
      gpuEvent("nul\u0000id", org.slug, 1),
      gpuEvent("lone\ud800", org.slug, 1),
      gpuEvent("ok", "te\u0000nant", 1),
      { ...gpuEvent("ok2", org.slug, 1), model: "H\udc00" },
      gpuEvent("ok3", org.slug, 1, { project: "p\u0000" }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.results.slice(0, odd.length)).toEqual(odd.map((id) => ({ id, status: "applied", cost_milli: "5" })));
    expect(answer.body.results.slice(odd.length).map((r: { reason: string }) => r.reason)).toEqual(["invalid_id", "invalid_id", "unknown_tenant", "unknown_model", "unknown_project"]);
    const db = await getDb();
    const stored = await db.select({ id: usageEvents.id }).from(usageEvents);
    expect(stored.map((r) => r.id).sort()).toEqual([...odd].sort());
    const again = await post(key, odd.map((id) => gpuEvent(id, org.slug, 1)));
    expect(again.body).toMatchObject({ applied: 0, duplicates: odd.length });
  });

  it("applies a batch for several tenants at once, each paying its own usage", async () => {
    const key = await newKey();
    await seedPrices();
    const a = await tenantWithCredits(50);
    const b = await tenantWithCredits(50);
    const events = [
      ...Array.from({ length: 5 }, (_, i) => gpuEvent(`a-${i}`, a.slug, 2000)),
      ...Array.from({ length: 3 }, (_, i) => gpuEvent(`b-${i}`, b.slug, 2000)),
    ];
    const answer = await post(key, { events });
    expect(answer.body).toMatchObject({ applied: 8, duplicates: 0, rejected: 0 });
    expect((await creditBalancesOf(a.id)).available).toBe(0n);
    expect((await creditBalancesOf(b.id)).available).toBe(20_000n);
    const more = await post(key, [gpuEvent("a-5", a.slug, 1)]);
    expect(more.body.results[0]).toEqual({ id: "a-5", status: "rejected", reason: "insufficient_credits" });
  });
});

describe("holds", () => {
  const create = (key: string, body: unknown, rawBody?: string) => api(holdsRoute.action, "/api/v1/holds", { key, body, rawBody });
  const capture = (key: string, id: string, body: unknown, rawBody?: string) => api(captureRoute.action, `/api/v1/holds/${id}/capture`, { key, body, rawBody, params: { id } });
  const voidIt = (key: string, id: string) => api(voidRoute.action, `/api/v1/holds/${id}/void`, { key, method: "POST", params: { id } });
  const get = (key: string, id: string) => api(holdRoute.loader, `/api/v1/holds/${id}`, { key, params: { id } });

  it("refuses a malformed hold with a 400 and says what is wrong", async () => {
    const key = await newKey();
    const org = await tenantWithCredits(100);
    const good = { id: "job-1", tenant: org.slug, amount_milli: 1000 };
    const cases: [unknown, RegExp][] = [
      [{ ...good, id: undefined }, /^id: /],
      [{ ...good, id: "" }, /^id: /],
      [{ ...good, id: 7 }, /^id: /],
      [{ ...good, id: "j".repeat(201) }, /^id: /],
      [{ ...good, tenant: undefined }, /^tenant: /],
      [{ ...good, amount_milli: undefined }, /^amount_milli: /],
      [{ ...good, amount_milli: 0 }, /^amount_milli: /],
      [{ ...good, amount_milli: -5 }, /^amount_milli: /],
      [{ ...good, amount_milli: 1.5 }, /^amount_milli: /],
      [{ ...good, amount_milli: "1e3" }, /^amount_milli: /],
      [{ ...good, amount_milli: "12.5" }, /^amount_milli: /],
      [{ ...good, amount_milli: 2 ** 60 }, /^amount_milli: /],
      [{ ...good, ttl_seconds: 10 }, /^ttl_seconds: /],
      [{ ...good, ttl_seconds: 1.5 }, /^ttl_seconds: /],
      [{ ...good, project: 5 }, /^project: /],
      [{ ...good, description: "d".repeat(301) }, /^description: /],
      [{ ...good, id: "nul\u0000" }, /^id: /],
      [{ ...good, tenant: "x\ud800" }, /^tenant: /],
      [{ ...good, description: "\u0000" }, /^description: /],
      [{ ...good, project: "" }, /^project: /],
      [[good], /./],
    ];
    for (const [body, message] of cases) {
      const answer = await create(key, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe("invalid_request");
      expect(answer.body.error.message).toMatch(message);
      expect(answer.body.error.issues.length).toBeGreaterThan(0);
    }
    expect((await create(key, undefined, "{oops")).body.error.code).toBe("invalid_json");
    const db = await getDb();
    const [holds] = await db.select({ n: count() }).from(creditHolds);
    expect(Number(holds.n)).toBe(0);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 100_000n, held: 0n });
  });

  it("reserves, captures the actual cost and releases the rest; retries answer the same", async () => {
    const key = await newKey();
    const org = await tenantWithCredits(100);
    const created = await create(key, { id: "job-1", tenant: org.slug, amount_milli: "40000", ttl_seconds: 3600, description: "render" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "job-1", tenant: org.slug, status: "active", amount_milli: "40000", amount: "40", captured_milli: null, duplicate: false });
    expect(new Date(created.body.expires_at).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 60_000n, held: 40_000n });

    const again = await create(key, { id: "job-1", tenant: org.slug, amount_milli: 40_000 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: "job-1", status: "active", duplicate: true });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 60_000n, held: 40_000n });

    expect((await get(key, "job-1")).body).toMatchObject({ id: "job-1", status: "active", amount_milli: "40000" });

    const captured = await capture(key, "job-1", { amount_milli: 25_500 });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: "captured", captured_milli: "25500", captured: "25.5", duplicate: false });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 74_500n, held: 0n });

    const retried = await capture(key, "job-1", { amount_milli: 25_500 });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: "captured", captured_milli: "25500", duplicate: true });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 74_500n, held: 0n });

    const voided = await voidIt(key, "job-1");
    expect(voided.status).toBe(409);
    expect(voided.body.error).toMatchObject({ code: "hold_resolved", hold_status: "captured" });

    // A retried create of a resolved hold answers with the hold as it is, and holds nothing again.
    const late = await create(key, { id: "job-1", tenant: org.slug, amount_milli: 40_000 });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: "captured", duplicate: true });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 74_500n, held: 0n });
  });

  it("voids a hold once; a capture after a void is a 409", async () => {
    const key = await newKey();
    const org = await tenantWithCredits(100);
    expect((await create(key, { id: "job-v", tenant: org.slug, amount_milli: 30_000 })).status).toBe(201);
    const voided = await voidIt(key, "job-v");
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: "voided", duplicate: false });
    expect((await voidIt(key, "job-v")).body).toMatchObject({ status: "voided", duplicate: true });
    const late = await capture(key, "job-v", { amount_milli: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: "hold_resolved", hold_status: "voided" });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 100_000n, held: 0n });
  });

  it("caps a capture at the hold, and refuses a capture body that is not an amount", async () => {
    const key = await newKey();
    const org = await tenantWithCredits(100);
    await create(key, { id: "job-c", tenant: org.slug, amount_milli: 10_000 });
    for (const body of [{}, { amount_milli: -1 }, { amount_milli: "ten" }, { amount_milli: 0.5 }]) {
      const bad = await capture(key, "job-c", body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.message).toMatch(/^amount_milli: /);
    }
    expect((await capture(key, "job-c", undefined, "not json")).body.error.code).toBe("invalid_json");
    const capped = await capture(key, "job-c", { amount_milli: 99_000 });
    expect(capped.body).toMatchObject({ status: "captured", captured_milli: "10000" });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 90_000n, held: 0n });
    const zero = await create(key, { id: "job-z", tenant: org.slug, amount_milli: 10_000 });
    expect(zero.status).toBe(201);
    expect((await capture(key, "job-z", { amount_milli: "0" })).body).toMatchObject({ status: "captured", captured_milli: "0" });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 90_000n, held: 0n });
  });

  it("refuses a hold the tenant cannot cover, over a budget, for an unknown tenant or project, or with another tenant's id", async () => {
    const key = await newKey();
    const org = await tenantWithCredits(50);
    const other = await tenantWithCredits(50);
    await computeProject(org.id, "film-b", 20_000n);
    const poor = await create(key, { id: "big", tenant: org.slug, amount_milli: 50_001 });
    expect(poor.status).toBe(409);
    expect(poor.body.error.code).toBe("insufficient_credits");
    const over = await create(key, { id: "over", tenant: org.slug, project: "film-b", amount_milli: 20_001 });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("budget_exceeded");
    expect((await create(key, { id: "in", tenant: org.slug, project: "film-b", amount_milli: 20_000 })).status).toBe(201);
    const nobody = await create(key, { id: "n", tenant: "nobody", amount_milli: 1 });
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.code).toBe("unknown_tenant");
    const noProject = await create(key, { id: "np", tenant: org.slug, project: "nope", amount_milli: 1 });
    expect(noProject.status).toBe(404);
    expect(noProject.body.error.code).toBe("unknown_project");
    const stolen = await create(key, { id: "in", tenant: other.slug, amount_milli: 1 });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.code).toBe("hold_id_conflict");
    expect(await creditBalancesOf(org.id)).toEqual({ available: 30_000n, held: 20_000n });
    expect(await creditBalancesOf(other.id)).toEqual({ available: 50_000n, held: 0n });
    const db = await getDb();
    const [film] = await db.select().from(computeProjects).where(eq(computeProjects.code, "film-b"));
    expect(film.heldMilli).toBe(20_000n);
    expect((await capture(key, "in", { amount_milli: 5_000 })).status).toBe(200);
    const [after] = await db.select().from(computeProjects).where(eq(computeProjects.code, "film-b"));
    expect({ held: after.heldMilli, spent: after.spentMilli }).toEqual({ held: 0n, spent: 5_000n });
  });

  it("answers 404 for a hold that does not exist", async () => {
    const key = await newKey();
    for (const answer of [await get(key, "nope"), await capture(key, "nope", { amount_milli: 1 }), await voidIt(key, "nope")]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe("unknown_hold");
    }
  });

  it("refuses to capture a hold past its expiry, before and after the expiry task releases it", async () => {
    const key = await newKey();
    const org = await tenantWithCredits(100);
    await create(key, { id: "job-e", tenant: org.slug, amount_milli: 30_000, ttl_seconds: 60 });
    const db = await getDb();
    await db.update(creditHolds).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(creditHolds.id, "job-e"));
    const early = await capture(key, "job-e", { amount_milli: 10_000 });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "hold_resolved", hold_status: "expired" });
    expect(await expireHolds()).toBe(1);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 100_000n, held: 0n });
    const late = await capture(key, "job-e", { amount_milli: 10_000 });
    expect(late.body.error).toMatchObject({ code: "hold_resolved", hold_status: "expired" });
    expect((await voidIt(key, "job-e")).status).toBe(409);
    expect((await get(key, "job-e")).body.status).toBe("expired");
  });

  it("captures from the credits usage would spend first and releases the rest to where it came from", async () => {
    const key = await newKey();
    const org = await createOrg();
    const db = await getDb();
    await db.transaction(async (tx) => {
      await addLot(tx, { orgId: org.id, source: "purchase", sourceRef: "p-1", amountMilli: 50_000n });
      await grantCreditsInTx(tx, { orgId: org.id, amountMilli: 10_000n, category: "welcome", reason: "welcome", expiresAt: new Date(Date.now() + 90 * DAY) }, null);
    });
    await create(key, { id: "job-m", tenant: org.slug, amount_milli: 30_000 }); // 10 of the grant, 20 purchased
    await capture(key, "job-m", { amount_milli: 12_000 });
    const lots = await db.query.creditLots.findMany({ where: (l, { eq: equals }) => equals(l.orgId, org.id) });
    expect(lots.find((l) => l.source === "grant")!.remainingMilli).toBe(0n);
    expect(lots.find((l) => l.source === "purchase")!.remainingMilli).toBe(48_000n);
  });

  it("expires credits released to a grant that expired while they were held", async () => {
    const key = await newKey();
    const expiresAt = new Date(Date.now() + 5 * DAY);
    const org = await tenantWithCredits(40, { expiresAt });
    await create(key, { id: "job-x", tenant: org.slug, amount_milli: 30_000, ttl_seconds: 7 * 24 * 3600 });
    expect(await expireLots(new Date(expiresAt.getTime() + 1000))).toBe(10_000n);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 0n, held: 30_000n });
    const voided = await voidIt(key, "job-x");
    expect(voided.body.status).toBe("voided");
    expect(await creditBalancesOf(org.id)).toEqual({ available: 0n, held: 0n });
    const db = await getDb();
    const [expired] = await db
      .select({ balance: creditAccounts.balanceMilli })
      .from(creditAccounts)
      .where(and(eq(creditAccounts.kind, "expired")));
    expect(expired.balance).toBe(40_000n);
  });
});
