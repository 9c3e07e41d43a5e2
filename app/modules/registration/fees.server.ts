// The desk's fee per kind of case. Admitted tenants pay nothing unless the park switches
// `freeForTenants` off; a case's fee is fixed when it is opened (and again when a tenant company
// is attached to it) and becomes a billing invoice when the desk charges it — once.
import { eq } from "drizzle-orm";
import { orgDirectory } from "~/modules/identity/directory.server";
import { registrationCases, registrationCaseTypes, registrationFees, type RegistrationCaseType } from "#db/schema/registration";
import { registerInvoiceKind } from "~/modules/billing/handlers.server";
import { createInvoice, invoiceById } from "~/modules/billing/invoices.server";
import { fenToYuanString } from "~/modules/billing/money";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import { loadCase, requireDesk, type RegistrationActor, type RequestMeta } from "./access.server";

const REGISTRATION_FEE_KIND = "registration_fee";
/** Business services carry 6 % VAT, as the park's other services do. */
const REGISTRATION_VAT_RATE_BP = 600;
/** ¥100,000: no registration fee is larger; a bigger number is a typing mistake. */
const MAX_FEE_FEN = 10_000_000n;

function isCaseType(value: unknown): value is RegistrationCaseType {
  return typeof value === "string" && (registrationCaseTypes as readonly string[]).includes(value);
}

/** The fee of every kind of case; a kind the park never priced is free. */
export async function listFees(db: DbOrTx) {
  const rows = await db.select().from(registrationFees);
  return registrationCaseTypes.map((caseType) => {
    const row = rows.find((r) => r.caseType === caseType);
    return { caseType, feeFen: row?.feeFen ?? 0n, freeForTenants: row?.freeForTenants ?? true, updatedAt: row?.updatedAt ?? null };
  });
}

/** What a case of this kind costs this company (null: a person without a company yet). */
export async function feeForCase(db: DbOrTx, caseType: RegistrationCaseType, orgId: string | null): Promise<bigint> {
  const [fee] = await db.select().from(registrationFees).where(eq(registrationFees.caseType, caseType));
  if (!fee) return 0n;
  if (orgId && fee.freeForTenants) {
    const [org] = await db.select({ kind: orgDirectory.kind, status: orgDirectory.status }).from(orgDirectory).where(eq(orgDirectory.id, orgId));
    if (org?.kind === "tenant" && org.status === "active") return 0n;
  }
  return fee.feeFen;
}

export async function setFee(actor: RegistrationActor, caseType: string, input: { feeFen: bigint; freeForTenants: boolean }, meta: RequestMeta = {}) {
  const desk = await requireDesk(actor);
  if (!isCaseType(caseType)) throw new AppError("invalid", "registration.errors.caseType");
  if (typeof input.feeFen !== "bigint" || input.feeFen < 0n || input.feeFen > MAX_FEE_FEN) {
    throw new AppError("invalid", "registration.errors.feeRange", { max: fenToYuanString(MAX_FEE_FEN) });
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(registrationFees).where(eq(registrationFees.caseType, caseType)).for("update");
    const values = { feeFen: input.feeFen, freeForTenants: Boolean(input.freeForTenants), updatedBy: desk.userId, updatedAt: new Date() };
    const [fee] = await tx
      .insert(registrationFees)
      .values({ caseType, ...values })
      .onConflictDoUpdate({ target: registrationFees.caseType, set: values })
      .returning();
    await recordAudit(tx, {
      actorUserId: desk.userId,
      orgId: desk.deskOrgId,
      action: "registration.fee_set",
      subjectType: "registration_fee",
      subjectId: caseType,
      before: before ? { feeFen: String(before.feeFen), freeForTenants: before.freeForTenants } : null,
      after: { feeFen: String(fee.feeFen), freeForTenants: fee.freeForTenants },
      ip: meta.ip ?? null,
    });
    return fee;
  });
}

/**
 * The desk charges the case's fee: an invoice to the case's company (kind `registration_fee`,
 * source `case:<id>`). Charging again returns the same invoice; a case without a company yet, or
 * with nothing to pay, is refused with a reason.
 */
export async function chargeFee(actor: RegistrationActor, caseId: string, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who } = await loadCase(tx, actor, caseId, { forUpdate: true });
    if (!who.isDesk) throw new AppError("forbidden", "errors.forbidden");
    if (row.feeInvoiceId) {
      const existing = await invoiceById(tx, row.feeInvoiceId);
      if (!existing) throw new Error(`registration case ${row.id}: fee invoice ${row.feeInvoiceId} is missing`);
      return existing;
    }
    if (!row.orgId) throw new AppError("conflict", "registration.errors.feeNeedsCompany");
    if (row.feeFen <= 0n) throw new AppError("conflict", "registration.errors.feeNothingToCharge");
    if (row.status === "cancelled") throw new AppError("conflict", "registration.errors.caseClosed");
    const invoice = await createInvoice(tx, {
      orgId: row.orgId,
      kind: REGISTRATION_FEE_KIND,
      sourceRef: `case:${row.id}`,
      lines: [
        {
          descriptionZh: `公司注册代办服务费（${row.number}）`,
          descriptionEn: `Company registration service fee (${row.number})`,
          quantity: 1,
          unitPriceFen: row.feeFen,
        },
      ],
      vatRateBp: REGISTRATION_VAT_RATE_BP,
      createdBy: who.userId,
    });
    await tx.update(registrationCases).set({ feeInvoiceId: invoice.id, updatedAt: new Date() }).where(eq(registrationCases.id, row.id));
    await recordAudit(tx, {
      actorUserId: who.userId,
      orgId: row.orgId,
      action: "registration.fee_charged",
      subjectType: "registration_case",
      subjectId: row.id,
      after: { invoiceId: invoice.id, number: invoice.number, feeFen: String(row.feeFen) },
      ip: meta.ip ?? null,
    });
    await notify(tx, {
      userId: row.ownerUserId,
      orgId: row.orgId,
      kind: "registrationFeeCharged",
      params: { number: row.number, amount: fenToYuanString(invoice.totalFen) },
      link: `/billing/invoices/${invoice.id}`,
    });
    return invoice;
  });
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerRegistrationFees() {
  // Paying the fee changes nothing on the case: the desk's work does not wait for it.
  registerInvoiceKind(REGISTRATION_FEE_KIND, {});
}
