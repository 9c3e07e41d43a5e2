// API keys for machine clients, shown once, stored as a SHA-256, revocable. The park's gateway keys
// (the GPU scheduler, the LLM gateway) are made by park admins and act for every tenant; a tenant's
// own keys are made by its owners and admins on /compute/api and act for that company only
// (optionally one project).
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiKeys, computeProjects } from "#db/schema/credits";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { randomToken, sha256Hex } from "~/modules/platform/crypto.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { logger } from "~/modules/platform/logger.server";

/** Stores a key; `value` lets the demo seed install a known key. Returns the plaintext once. */
export async function storeApiKey(db: DbOrTx, input: { name: string; createdBy: string | null; value?: string; orgId?: string; projectId?: string | null }) {
  // hpt_ marks a tenant's key, hpk_ the park's: a leaked key found in a log says whose it is.
  const value = input.value ?? `${input.orgId ? "hpt" : "hpk"}_${randomToken()}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ name: input.name, prefix: value.slice(0, 8), keyHash: sha256Hex(value), createdBy: input.createdBy, orgId: input.orgId ?? null, projectId: input.projectId ?? null })
    .onConflictDoNothing()
    .returning();
  return { key: row ?? null, value };
}

export async function createApiKey(actor: MemberActor, name: string) {
  requirePermission(actor, "credits:admin", { kind: "park" });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const created = await storeApiKey(tx, { name, createdBy: actor.user.id });
    await recordAudit(tx, { actorUserId: actor.user.id, orgId: actor.org.id, action: "api_key.created", subjectType: "api_key", subjectId: created.key!.id, after: { name, prefix: created.key!.prefix } });
    return created;
  });
}

export async function revokeApiKey(actor: MemberActor, keyId: string) {
  requirePermission(actor, "credits:admin", { kind: "park" });
  if (!isUuid(keyId)) throw notFound();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt))).returning();
    if (!row) throw notFound();
    await recordAudit(tx, { actorUserId: actor.user.id, orgId: actor.org.id, action: "api_key.revoked", subjectType: "api_key", subjectId: row.id, before: { name: row.name, prefix: row.prefix } });
  });
}

/** The park's gateway keys (tenants' own keys are theirs to see, on /compute/api). */
export async function listApiKeys(actor: MemberActor) {
  requirePermission(actor, "credits:admin", { kind: "park" });
  const db = await getDb();
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(isNull(apiKeys.orgId))
    .orderBy(desc(apiKeys.createdAt));
}

function assertTenantKeyManager(actor: MemberActor) {
  if (actor.org.kind !== "tenant" || !hasPermission(actor, "credits:manage", { kind: "tenant" })) throw forbidden();
}

/** At most this many live keys per company: enough for every gateway and project, not a leak's worth. */
export const MAX_TENANT_KEYS = 20;

/**
 * A tenant's owner or admin makes an API key for the company (and, with `projectId`, for that one
 * project only). The plaintext is returned here once and never stored.
 */
export async function createTenantApiKey(actor: MemberActor, input: { name: string; projectId: string | null }, meta: { ip: string | null } = { ip: null }) {
  assertTenantKeyManager(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    let projectCode: string | null = null;
    if (input.projectId) {
      const [project] = isUuid(input.projectId)
        ? await tx
            .select({ id: computeProjects.id, code: computeProjects.code })
            .from(computeProjects)
            .where(and(eq(computeProjects.id, input.projectId), eq(computeProjects.orgId, actor.org.id)))
        : [];
      if (!project) throw new AppError("invalid", "errors.invalidChoice");
      projectCode = project.code;
    }
    // Counted under a per-company lock, so two clicks cannot pass the cap together.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"api-keys:" + actor.org.id}))`);
    const live = await tx
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, actor.org.id), isNull(apiKeys.revokedAt)));
    if (live.length >= MAX_TENANT_KEYS) throw new AppError("conflict", "errors.apiKeyLimit", { max: MAX_TENANT_KEYS });
    const created = await storeApiKey(tx, { name: input.name, createdBy: actor.user.id, orgId: actor.org.id, projectId: input.projectId });
    const key = created.key!;
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "api_key.created",
      subjectType: "api_key",
      subjectId: key.id,
      after: { name: key.name, prefix: key.prefix, project: projectCode },
      ip: meta.ip,
    });
    return { id: key.id, name: key.name, prefix: key.prefix, projectCode, value: created.value };
  });
}

/** Revokes one of the company's own keys; another company's key id is not found. */
export async function revokeTenantApiKey(actor: MemberActor, keyId: string, meta: { ip: string | null } = { ip: null }) {
  assertTenantKeyManager(actor);
  if (!isUuid(keyId)) throw notFound();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, actor.org.id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw notFound();
    await recordAudit(tx, { actorUserId: actor.user.id, orgId: actor.org.id, action: "api_key.revoked", subjectType: "api_key", subjectId: row.id, before: { name: row.name, prefix: row.prefix }, ip: meta.ip });
    return row;
  });
}

/** The company's own keys, newest first: name, prefix, project, when made, last used, revoked. */
export async function listTenantApiKeys(actor: MemberActor) {
  assertTenantKeyManager(actor);
  const db = await getDb();
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      projectCode: computeProjects.code,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(computeProjects, eq(computeProjects.id, apiKeys.projectId))
    .where(eq(apiKeys.orgId, actor.org.id))
    .orderBy(desc(apiKeys.createdAt))
    .limit(100);
}

/** Who is calling the API: the park's gateway (any tenant), or one tenant (and maybe one project). */
export type ApiCaller =
  | { keyId: string; tenant: null; project: null }
  | { keyId: string; tenant: { id: string; slug: string }; project: { id: string; code: string } | null };

/** The caller behind an `Authorization: Bearer …` header, or null; notes when the key was last used. */
export async function authenticateApiKey(header: string | null): Promise<ApiCaller | null> {
  const match = header ? /^Bearer\s+(\S{10,200})$/.exec(header) : null;
  if (!match) return null;
  const db = await getDb();
  const [key] = await db
    .select({ id: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt, orgId: apiKeys.orgId, slug: orgDirectory.slug, projectId: apiKeys.projectId, projectCode: computeProjects.code })
    .from(apiKeys)
    .leftJoin(orgDirectory, eq(orgDirectory.id, apiKeys.orgId))
    .leftJoin(computeProjects, eq(computeProjects.id, apiKeys.projectId))
    .where(and(eq(apiKeys.keyHash, sha256Hex(match[1])), isNull(apiKeys.revokedAt)));
  if (!key) return null;
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, key.id));
  }
  if (!key.orgId || !key.slug) return { keyId: key.id, tenant: null, project: null };
  return {
    keyId: key.id,
    tenant: { id: key.orgId, slug: key.slug },
    project: key.projectId && key.projectCode ? { id: key.projectId, code: key.projectCode } : null,
  };
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
