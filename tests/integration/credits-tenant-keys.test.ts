// A tenant's own API keys, made on /compute/api by its owners and admins: shown once, stored as a
// hash, revocable, last use recorded; such a key acts for its own company (and project) only —
// another company's slug is a 403 `forbidden_tenant` and nothing of the batch is applied.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents, computeProjects, usageEvents } from "#db/schema/index";
import { storeApiKey } from "~/modules/credits/api-keys.server";
import { sha256Hex } from "~/modules/platform/crypto.server";
import { getDb } from "~/modules/platform/db.server";
import { action as keysAction, loader as keysLoader } from "~/routes/compute.api";
import * as balanceRoute from "~/routes/api.v1.tenants.$slug.balance";
import * as holdsRoute from "~/routes/api.v1.holds";
import * as holdRoute from "~/routes/api.v1.holds.$id";
import * as tenantsRoute from "~/routes/api.v1.tenants";
import * as usageRoute from "~/routes/api.v1.usage";
import { gpuEvent, seedPrices, tenantWithCredits } from "../support/credits";
import { call, getRequest, postRequest, signedInMember } from "../support/factories";

type RouteFn = (args: { request: Request; params: Record<string, string>; context: any }) => unknown;

/** Calls an /api/v1 route as a gateway would and reads its JSON answer. */
async function api(fn: RouteFn, path: string, key: string, options: { body?: unknown; params?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
  const request = new Request(`http://localhost${path}`, { method: options.body === undefined ? "GET" : "POST", headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const response = (await fn({ request, params: options.params ?? {}, context: {} })) as Response;
  return { status: response.status, body: await response.json() };
}

async function eventsOf(orgId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(usageEvents).where(eq(usageEvents.orgId, orgId));
  return row.n;
}

/** An owner of a company with credits, signed in. */
async function ownerWithCredits(credits = 1000) {
  const org = await tenantWithCredits(credits);
  return signedInMember({ orgId: org.id, role: "owner" });
}

async function createKey(cookie: string, fields: Record<string, string> = {}) {
  const answer = await call<typeof keysAction>(keysAction, postRequest("/compute/api", { intent: "create-key", name: "渲染农场", ...fields }, cookie));
  expect(answer.status).toBe(200);
  return answer.data.done?.created as { name: string; value: string };
}

describe("a tenant's own API keys on /compute/api", () => {
  it("an owner creates a named key, sees it once, it is stored as a hash, its last use shows, and revoking it stops it", async () => {
    await seedPrices();
    const owner = await ownerWithCredits();
    const created = await createKey(owner.cookie);
    expect(created.name).toBe("渲染农场");
    expect(created.value).toMatch(/^hpt_\S{20,}$/);

    const db = await getDb();
    const [stored] = await db.select().from(apiKeys).where(eq(apiKeys.orgId, owner.org.id));
    expect(stored.keyHash).toBe(sha256Hex(created.value));
    expect(JSON.stringify(stored)).not.toContain(created.value);

    // The page lists it afterwards without its value, never used yet.
    const page = await call<typeof keysLoader>(keysLoader, getRequest("/compute/api", owner.cookie));
    expect(page.data.canManageKeys).toBe(true);
    expect(page.data.keys).toEqual([expect.objectContaining({ name: "渲染农场", prefix: created.value.slice(0, 8), projectCode: null, lastUsedAt: null, revokedAt: null })]);
    expect(JSON.stringify(page.data)).not.toContain(created.value);

    const balance = await api(balanceRoute.loader, `/api/v1/tenants/${owner.org.slug}/balance`, created.value, { params: { slug: owner.org.slug } });
    expect(balance.status).toBe(200);
    expect(balance.body).toMatchObject({ tenant: owner.org.slug, available_milli: "1000000" });
    const afterUse = await call<typeof keysLoader>(keysLoader, getRequest("/compute/api", owner.cookie));
    expect(afterUse.data.keys[0].lastUsedAt).not.toBeNull();

    const revoked = await call<typeof keysAction>(keysAction, postRequest("/compute/api", { intent: "revoke-key", keyId: stored.id }, owner.cookie));
    expect(revoked.status).toBe(200);
    expect(revoked.data.done?.message).toMatch(/^compute\.keys\.revoked::/);
    const refused = await api(balanceRoute.loader, `/api/v1/tenants/${owner.org.slug}/balance`, created.value, { params: { slug: owner.org.slug } });
    expect(refused.status).toBe(401);
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, stored.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("a key posting usage for another company gets 403 forbidden_tenant and nothing of the batch is applied; for its own, it is applied", async () => {
    await seedPrices();
    const owner = await ownerWithCredits();
    const other = await tenantWithCredits(1000);
    const { value } = await createKey(owner.cookie);

    const mixed = await api(usageRoute.action, "/api/v1/usage", value, {
      body: { events: [gpuEvent("own-1", owner.org.slug, 3600), gpuEvent("theirs-1", other.slug, 3600)] },
    });
    expect(mixed.status).toBe(403);
    expect(mixed.body.error).toMatchObject({ code: "forbidden_tenant", tenant: owner.org.slug });
    expect(await eventsOf(owner.org.id)).toBe(0);
    expect(await eventsOf(other.id)).toBe(0);

    const theirBalance = await api(balanceRoute.loader, `/api/v1/tenants/${other.slug}/balance`, value, { params: { slug: other.slug } });
    expect(theirBalance.status).toBe(403);
    expect(theirBalance.body.error.code).toBe("forbidden_tenant");
    const hold = await api(holdsRoute.action, "/api/v1/holds", value, { body: { id: "their-hold", tenant: other.slug, amount_milli: 1000 } });
    expect(hold.status).toBe(403);

    // Its own events are applied; an event without a tenant is taken to be the key's company's.
    const own = await api(usageRoute.action, "/api/v1/usage", value, {
      body: { events: [gpuEvent("own-1", owner.org.slug, 3600), { ...gpuEvent("own-2", owner.org.slug, 3600), tenant: undefined }] },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ applied: 2, rejected: 0 });
    expect(await eventsOf(owner.org.id)).toBe(2);
    const tenants = await api(tenantsRoute.loader, "/api/v1/tenants", value);
    expect(tenants.body.map((t: { slug: string }) => t.slug)).toEqual([owner.org.slug]);
  });

  it("a key made for one project acts for that project only", async () => {
    await seedPrices();
    const owner = await ownerWithCredits();
    const db = await getDb();
    const [render] = await db.insert(computeProjects).values({ orgId: owner.org.id, code: "render", name: "渲染", budgetMilli: null }).returning();
    await db.insert(computeProjects).values({ orgId: owner.org.id, code: "llm", name: "大模型", budgetMilli: null });
    const { value } = await createKey(owner.cookie, { name: "渲染农场", projectId: render.id });
    const page = await call<typeof keysLoader>(keysLoader, getRequest("/compute/api", owner.cookie));
    expect(page.data.keys[0].projectCode).toBe("render");

    const wrong = await api(usageRoute.action, "/api/v1/usage", value, { body: { events: [gpuEvent("p-1", owner.org.slug, 3600, { project: "llm" })] } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe("forbidden_project");
    expect(await eventsOf(owner.org.id)).toBe(0);

    const right = await api(usageRoute.action, "/api/v1/usage", value, { body: { events: [gpuEvent("p-2", owner.org.slug, 3600)] } });
    expect(right.body).toMatchObject({ applied: 1 });
    const [event] = await db.select().from(usageEvents).where(eq(usageEvents.id, "p-2"));
    expect(event.projectId).toBe(render.id);

    // A hold made with the park's gateway key for the company but no project is not this key's to see.
    const { value: parkKey } = await storeApiKey(db, { name: "park gateway", createdBy: null });
    const parkHold = await api(holdsRoute.action, "/api/v1/holds", parkKey, { body: { id: "park-hold", tenant: owner.org.slug, amount_milli: 1000 } });
    expect(parkHold.status).toBe(201);
    const seen = await api(holdRoute.loader, "/api/v1/holds/park-hold", value, { params: { id: "park-hold" } });
    expect(seen.status).toBe(404);
  });

  it("a member without owner or admin cannot create or revoke keys, nor see them; another company's key id is 404", async () => {
    const owner = await ownerWithCredits();
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    const page = await call<typeof keysLoader>(keysLoader, getRequest("/compute/api", member.cookie));
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ canManageKeys: false, keys: [] });
    const refused = await call<typeof keysAction>(keysAction, postRequest("/compute/api", { intent: "create-key", name: "偷偷建的" }, member.cookie));
    expect(refused.status).toBe(403);
    const db = await getDb();
    expect(await db.select().from(apiKeys)).toEqual([]);

    await createKey(owner.cookie);
    const [key] = await db.select().from(apiKeys);
    const stranger = await ownerWithCredits();
    const notTheirs = await call<typeof keysAction>(keysAction, postRequest("/compute/api", { intent: "revoke-key", keyId: key.id }, stranger.cookie));
    expect(notTheirs.status).toBe(404);
    const [still] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(still.revokedAt).toBeNull();
    // Another company's project cannot be chosen either.
    const [theirProject] = await db.insert(computeProjects).values({ orgId: stranger.org.id, code: "x", name: "x", budgetMilli: null }).returning();
    const wrongProject = await call<typeof keysAction>(keysAction, postRequest("/compute/api", { intent: "create-key", name: "k", projectId: theirProject.id }, owner.cookie));
    expect(wrongProject.status).toBe(422);
  });
});
