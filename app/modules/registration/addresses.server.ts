// The park's pool of registered addresses (注册地址). An address goes to one case at a time: taking
// one is a single statement that claims the first free row and skips rows another transaction is
// claiming, and the unique index on case_id keeps a case from holding two.
import { asc, eq, sql } from "drizzle-orm";
import { orgDirectory } from "~/modules/identity/directory.server";
import { registrationAddresses, registrationCases } from "#db/schema/registration";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode, queryRows, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { requireDesk, type RegistrationActor, type RequestMeta } from "./access.server";

export type ParkAddress = typeof registrationAddresses.$inferSelect;

/**
 * Gives the case a free park address (or the one it already has). Two cases asking at once for
 * the last address: one gets it, the other gets `noParkAddress`.
 */
export async function assignParkAddress(tx: Tx, caseId: string): Promise<ParkAddress> {
  const [held] = await tx.select().from(registrationAddresses).where(eq(registrationAddresses.caseId, caseId));
  if (held) return held;
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update registration_addresses set case_id = ${caseId}, assigned_at = now()
        where id = (
          select id from registration_addresses
          where case_id is null
          order by address_zh
          for update skip locked
          limit 1)
        and case_id is null
        returning id`,
  );
  if (!rows[0]) throw new AppError("conflict", "registration.errors.noParkAddress");
  const [address] = await tx.select().from(registrationAddresses).where(eq(registrationAddresses.id, rows[0].id));
  return address;
}

/** Gives the case's park address back to the pool (a cancelled case, an applicant choosing their own). */
export async function releaseParkAddress(tx: Tx, caseId: string) {
  const released = await tx
    .update(registrationAddresses)
    .set({ caseId: null, assignedAt: null })
    .where(eq(registrationAddresses.caseId, caseId))
    .returning();
  return released[0] ?? null;
}

/** The park address a case holds, if any. */
export async function parkAddressOf(db: DbOrTx, caseId: string): Promise<ParkAddress | null> {
  const [row] = await db.select().from(registrationAddresses).where(eq(registrationAddresses.caseId, caseId));
  return row ?? null;
}

/** The pool for the desk: every address with the case and company using it. */
export async function listAddresses(actor: RegistrationActor) {
  await requireDesk(actor);
  const db = await getDb();
  return db
    .select({
      id: registrationAddresses.id,
      addressZh: registrationAddresses.addressZh,
      addressEn: registrationAddresses.addressEn,
      assignedAt: registrationAddresses.assignedAt,
      caseId: registrationAddresses.caseId,
      caseNumber: registrationCases.number,
      caseStatus: registrationCases.status,
      approvedNameZh: registrationCases.approvedNameZh,
      orgNameZh: orgDirectory.nameZh,
      orgNameEn: orgDirectory.nameEn,
    })
    .from(registrationAddresses)
    .leftJoin(registrationCases, eq(registrationCases.id, registrationAddresses.caseId))
    .leftJoin(orgDirectory, eq(orgDirectory.id, registrationCases.orgId))
    .orderBy(asc(registrationAddresses.addressZh));
}

/** The desk adds an address to the pool; the same Chinese address twice is refused. */
export async function addAddress(actor: RegistrationActor, input: { addressZh: string; addressEn: string }, meta: RequestMeta = {}) {
  const desk = await requireDesk(actor);
  const addressZh = (input.addressZh ?? "").trim();
  const addressEn = (input.addressEn ?? "").trim();
  if (!addressZh || !addressEn) throw new AppError("invalid", "registration.errors.addressRequired");
  if (addressZh.length > 200 || addressEn.length > 300) throw new AppError("invalid", "registration.errors.addressTooLong");
  if (/[<>]/.test(addressZh + addressEn)) throw new AppError("invalid", "registration.errors.noAngleBrackets");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [address] = await tx.insert(registrationAddresses).values({ addressZh, addressEn }).returning();
      await recordAudit(tx, {
        actorUserId: desk.userId,
        orgId: desk.deskOrgId,
        action: "registration.address_added",
        subjectType: "registration_address",
        subjectId: address.id,
        after: { addressZh, addressEn },
        ip: meta.ip ?? null,
      });
      return address;
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "registration.errors.addressTaken");
    throw error;
  }
}
