// A tenant's API keys under concurrency, on the real server: many owners' clicks at once never
// leave the company with more live keys than the cap.
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys } from "#db/schema/index";
import { MAX_TENANT_KEYS, createTenantApiKey } from "~/modules/credits/api-keys.server";
import { getDb } from "~/modules/platform/db.server";
import { tenantOwner } from "../support/billing";
import { raceCalls } from "../support/race";

describe("tenant API keys under concurrency", () => {
  it("12 keys created at once with 10 slots left: exactly 10 made, the others refused with apiKeyLimit", async () => {
    const owner = await tenantOwner();
    for (let i = 0; i < MAX_TENANT_KEYS - 10; i++) await createTenantApiKey(owner.actor, { name: `k${i}`, projectId: null });
    const outcome = await raceCalls(12, (i) => createTenantApiKey(owner.actor, { name: `race ${i}`, projectId: null }));
    expect(outcome.fulfilled).toHaveLength(10);
    expect(outcome.rejected).toHaveLength(2);
    for (const error of outcome.rejected) expect(error).toMatchObject({ code: "conflict", messageKey: "errors.apiKeyLimit" });
    const db = await getDb();
    expect(await db.select().from(apiKeys).where(and(eq(apiKeys.orgId, owner.org.id), isNull(apiKeys.revokedAt)))).toHaveLength(MAX_TENANT_KEYS);
  });
});
