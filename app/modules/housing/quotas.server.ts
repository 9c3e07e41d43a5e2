// Companies' housing quotas: how many units or beds a tenant may hold at once (from its admission
// terms, edited by housing staff), and how much of it is used and waiting.
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { housingApplications, housingLeases, housingQuotas } from "#db/schema/housing";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { peopleWithRoles } from "~/modules/identity/members.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, queryRows, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import { parseInput, quotaSchema } from "./forms";
import { HOLDING_LEASE_STATUSES, isHousingStaff, PENDING_APPLICATION_STATUSES } from "./rules";

export interface QuotaUse {
  places: number;
  /** Leases holding a unit or bed (awaiting signature or active). */
  used: number;
  /** Endorsed applications waiting on the list or holding an open offer. */
  pending: number;
}

/**
 * A company's quota and what counts against it; a company without a quota row has 0 places.
 * One statement, so one snapshot: an offer being accepted meanwhile (an application leaving
 * "pending" as its lease arrives in "used") is seen wholly before or wholly after, never half.
 */
export async function quotaUse(db: DbOrTx, orgId: string): Promise<QuotaUse> {
  const [row] = await queryRows<{ places: number | null; used: string; pending: string }>(
    db,
    sql`select
          (select ${housingQuotas.places} from ${housingQuotas} where ${housingQuotas.orgId} = ${orgId}) as places,
          (select count(*) from ${housingLeases}
            where ${housingLeases.orgId} = ${orgId} and ${inArray(housingLeases.status, [...HOLDING_LEASE_STATUSES])}) as used,
          (select count(*) from ${housingApplications}
            where ${housingApplications.orgId} = ${orgId} and ${inArray(housingApplications.status, [...PENDING_APPLICATION_STATUSES])}) as pending`,
  );
  return { places: row.places ?? 0, used: Number(row.used), pending: Number(row.pending) };
}

/**
 * Locks a company's quota row for the rest of the transaction, so that endorsements of one company
 * are counted one after another (the count that follows sees every committed endorsement).
 */
export async function lockQuota(tx: Tx, orgId: string) {
  await tx.select({ orgId: housingQuotas.orgId }).from(housingQuotas).where(eq(housingQuotas.orgId, orgId)).for("update");
}

/** Sets a quota inside the caller's transaction (admission's approval, housing staff). */
export async function setQuotaInTx(tx: Tx, orgId: string, places: number, actorUserId: string | null, note = "") {
  if (!Number.isInteger(places) || places < 0) throw new AppError("invalid", "housing.errors.numberRange", { field: "places" });
  const [before] = await tx.select().from(housingQuotas).where(eq(housingQuotas.orgId, orgId)).for("update");
  const [after] = await tx
    .insert(housingQuotas)
    .values({ orgId, places, note, updatedBy: actorUserId, updatedAt: new Date() })
    .onConflictDoUpdate({ target: housingQuotas.orgId, set: { places, note, updatedBy: actorUserId, updatedAt: new Date() } })
    .returning();
  await recordAudit(tx, {
    actorUserId,
    orgId,
    action: "housing.quota_set",
    subjectType: "organisation",
    subjectId: orgId,
    before: before ? { places: before.places } : null,
    after: { places },
    reason: note || null,
  });
  return after;
}

/** Housing staff change a company's quota, with the reason; the company's owners and admins are told. */
export async function setQuota(actor: MemberActor, orgId: string, places: number, note: string) {
  if (!isHousingStaff(actor)) throw forbidden();
  const values = parseInput(quotaSchema, { places, note });
  if (!isUuid(orgId)) throw new AppError("not_found", "errors.unknownTenant");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [tenant] = await tx.select().from(orgDirectory).where(and(eq(orgDirectory.id, orgId), eq(orgDirectory.kind, "tenant")));
    if (!tenant) throw new AppError("not_found", "errors.unknownTenant");
    const quota = await setQuotaInTx(tx, orgId, values.places, actor.user.id, values.note);
    for (const admin of await peopleWithRoles(tx, { orgId }, ["owner", "admin"])) {
      await notify(tx, { userId: admin.userId, orgId, kind: "housingQuotaChanged", params: { places: String(values.places) }, link: "/housing/company" });
    }
    return quota;
  });
}

/** Every tenant company with its quota and use, for the housing console. */
export async function listQuotas(actor: MemberActor) {
  if (!isHousingStaff(actor)) throw forbidden();
  const db = await getDb();
  const tenants = await db
    .select({ orgId: orgDirectory.id, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, places: housingQuotas.places, note: housingQuotas.note, updatedAt: housingQuotas.updatedAt })
    .from(orgDirectory)
    .leftJoin(housingQuotas, eq(housingQuotas.orgId, orgDirectory.id))
    .where(and(eq(orgDirectory.kind, "tenant"), eq(orgDirectory.status, "active")))
    .orderBy(asc(orgDirectory.nameZh));
  const leases = await db
    .select({ orgId: housingLeases.orgId, n: count() })
    .from(housingLeases)
    .where(inArray(housingLeases.status, [...HOLDING_LEASE_STATUSES]))
    .groupBy(housingLeases.orgId);
  const waiting = await db
    .select({ orgId: housingApplications.orgId, n: count() })
    .from(housingApplications)
    .where(inArray(housingApplications.status, [...PENDING_APPLICATION_STATUSES]))
    .groupBy(housingApplications.orgId);
  const usedBy = new Map(leases.map((l) => [l.orgId, Number(l.n)]));
  const pendingBy = new Map(waiting.map((w) => [w.orgId, Number(w.n)]));
  return tenants.map((t) => ({ ...t, places: t.places ?? 0, note: t.note ?? "", used: usedBy.get(t.orgId) ?? 0, pending: pendingBy.get(t.orgId) ?? 0 }));
}
