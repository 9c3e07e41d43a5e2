// The park finance console's reads and its manual invoices: what is owed and how overdue, what
// came in today, payments waiting for a refund, and transfers still to allocate.
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { bankTransfers, invoices, payments } from "#db/schema/billing";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { getTenant, listTenants } from "~/modules/identity/organisations.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { addDays, createInvoice, getInvoiceDetail, openInvoicesWithTenant } from "./invoices.server";
import { ageingBucket, type AgeingBucket, type LineInput } from "./money";
import { listUnallocatedTransfers } from "./transfers.server";
import { parkDate, parkMidnight } from "~/modules/platform/dates";
import { requirePermission } from "~/modules/identity/permissions";

const AGEING_BUCKETS: AgeingBucket[] = ["current", "1-30", "31-60", "61-90", "90+"];

export async function getFinanceOverview(actor: MemberActor) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const db = await getDb();
  const today = parkDate();
  const [open, [online], [byTransfer], needsRefund, unallocated] = await Promise.all([
    openInvoicesWithTenant(db),
    // Money in today: online payments received today, and transfers that reached the bank today
    // (allocated or not) — a transfer's payments are not counted again.
    db
      .select({ totalFen: sql<string>`coalesce(sum(${payments.amountFen}), 0)`, count: sql<number>`count(*)::int` })
      .from(payments)
      .where(
        and(
          eq(payments.method, "stripe"),
          gte(payments.receivedAt, parkMidnight(today)),
          lt(payments.receivedAt, parkMidnight(addDays(today, 1))),
        ),
      ),
    db
      .select({ totalFen: sql<string>`coalesce(sum(${bankTransfers.amountFen}), 0)`, count: sql<number>`count(*)::int` })
      .from(bankTransfers)
      .where(eq(bankTransfers.receivedOn, today)),
    db
      .select({
        paymentId: payments.id,
        invoiceId: invoices.id,
        invoiceNumber: invoices.number,
        method: payments.method,
        amountFen: payments.amountFen,
        appliedFen: payments.appliedFen,
        refundedFen: payments.refundedFen,
        receivedAt: payments.receivedAt,
        orgNameZh: orgDirectory.nameZh,
        orgNameEn: orgDirectory.nameEn,
      })
      .from(payments)
      .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
      .innerJoin(orgDirectory, eq(orgDirectory.id, payments.orgId))
      .where(eq(payments.status, "needs_refund"))
      .orderBy(asc(payments.receivedAt)),
    listUnallocatedTransfers(actor),
  ]);
  const openInvoices = open.map((invoice) => ({
    ...invoice,
    outstandingFen: invoice.totalFen - invoice.paidFen,
    bucket: ageingBucket(invoice.dueOn, today),
  }));
  const buckets = AGEING_BUCKETS.map((bucket) => {
    const inBucket = openInvoices.filter((i) => i.bucket === bucket);
    return { bucket, count: inBucket.length, outstandingFen: inBucket.reduce((sum, i) => sum + i.outstandingFen, 0n) };
  });
  const onlineFen = BigInt(online.totalFen);
  const transferFen = BigInt(byTransfer.totalFen);
  return {
    today,
    openInvoices,
    buckets,
    outstandingFen: buckets.reduce((sum, b) => sum + b.outstandingFen, 0n),
    receipts: { onlineFen, onlineCount: online.count, transferFen, transferCount: byTransfer.count, totalFen: onlineFen + transferFen },
    // What is still to be refunded: the part the invoice did not need, less what went back already.
    needsRefund: needsRefund.map((p) => ({ ...p, toRefundFen: p.amountFen - p.appliedFen - p.refundedFen })),
    unallocated,
  };
}

/** Active tenants finance may invoice. */
export async function listInvoiceableTenants(actor: MemberActor) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const tenants = await listTenants();
  return tenants.filter((t) => t.status === "active").map((t) => ({ id: t.id, nameZh: t.nameZh, nameEn: t.nameEn }));
}

export interface ManualInvoiceInput {
  orgId: string;
  lines: LineInput[];
  vatRateBp: number;
  dueOn: string;
  note?: string;
}

/** Finance invoices a tenant for something no module sells (kind 'manual'), issued right away. */
export async function createManualInvoice(actor: MemberActor, input: ManualInvoiceInput) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const tenant = await getTenant(input.orgId);
  if (tenant.status !== "active") throw new AppError("conflict", "errors.tenantNotActive");
  const db = await getDb();
  return db.transaction((tx) =>
    createInvoice(tx, {
      orgId: tenant.id,
      kind: "manual",
      lines: input.lines,
      vatRateBp: input.vatRateBp,
      dueOn: input.dueOn,
      note: input.note,
      createdBy: actor.user.id,
    }),
  );
}

/** One invoice as finance works on it: its detail and the transfers that could pay it. */
export async function getFinanceInvoice(actor: MemberActor, invoiceId: string) {
  requirePermission(actor, "finance:manage", { kind: "park" });
  const [detail, transfers] = await Promise.all([getInvoiceDetail(actor, invoiceId), listUnallocatedTransfers(actor)]);
  return { ...detail, transfers };
}
