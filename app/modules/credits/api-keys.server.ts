// API keys for machine clients (the GPU scheduler, the LLM gateway): created by park admins,
// shown once, stored as a SHA-256, revocable.
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiKeys } from "#db/schema/credits";
import type { MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { randomToken, sha256Hex } from "~/modules/platform/crypto.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { logger } from "~/modules/platform/logger.server";

function assertAdmin(actor: MemberActor) {
  if (actor.org.kind !== "park" || !can("park", actor.role, "credits:admin")) throw forbidden();
}

/** Stores a key; `value` lets the demo seed install a known key. Returns the plaintext once. */
export async function storeApiKey(db: DbOrTx, input: { name: string; createdBy: string | null; value?: string }) {
  const value = input.value ?? `hpk_${randomToken()}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ name: input.name, prefix: value.slice(0, 8), keyHash: sha256Hex(value), createdBy: input.createdBy })
    .onConflictDoNothing()
    .returning();
  return { key: row ?? null, value };
}

export async function createApiKey(actor: MemberActor, name: string) {
  assertAdmin(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const created = await storeApiKey(tx, { name, createdBy: actor.user.id });
    await recordAudit(tx, { actorUserId: actor.user.id, orgId: actor.org.id, action: "api_key.created", subjectType: "api_key", subjectId: created.key!.id, after: { name, prefix: created.key!.prefix } });
    return created;
  });
}

export async function revokeApiKey(actor: MemberActor, keyId: string) {
  assertAdmin(actor);
  if (!isUuid(keyId)) throw notFound();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt))).returning();
    if (!row) throw notFound();
    await recordAudit(tx, { actorUserId: actor.user.id, orgId: actor.org.id, action: "api_key.revoked", subjectType: "api_key", subjectId: row.id, before: { name: row.name, prefix: row.prefix } });
  });
}

export async function listApiKeys(actor: MemberActor) {
  assertAdmin(actor);
  const db = await getDb();
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}

/** The key behind an `Authorization: Bearer …` header, or null. */
export async function authenticateApiKey(header: string | null) {
  const match = header ? /^Bearer\s+(\S{10,200})$/.exec(header) : null;
  if (!match) return null;
  const db = await getDb();
  const [key] = await db.select().from(apiKeys).where(and(eq(apiKeys.keyHash, sha256Hex(match[1])), isNull(apiKeys.revokedAt)));
  if (!key) return null;
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, key.id));
  }
  return key;
}

/** A key the Bearer header can carry: what `authenticateApiKey` accepts. */
const KEY_SHAPE = /^\S{10,200}$/;

/**
 * The demo gateway key: when `DEMO_GATEWAY_KEY` is set, an API key with exactly that value exists
 * (created once; a key an admin revoked stays revoked). Runs at start-up, after the migrations.
 */
export async function ensureDemoGatewayKey(value = process.env.DEMO_GATEWAY_KEY) {
  if (!value) return null;
  if (!KEY_SHAPE.test(value)) {
    logger.warn("DEMO_GATEWAY_KEY must be 10 to 200 characters without spaces; no demo key was created");
    return null;
  }
  const db = await getDb();
  const { key } = await storeApiKey(db, { name: "Demo compute gateway (DEMO_GATEWAY_KEY)", createdBy: null, value });
  if (key) logger.info({ prefix: key.prefix }, "created the demo compute gateway API key from DEMO_GATEWAY_KEY");
  return key;
}
