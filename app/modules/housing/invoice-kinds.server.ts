// What billing tells housing about its invoices: rent and deposits paid (the resident hears of it)
// and how much of a deposit (deposits.server.ts) or of a month's rent (rent-credits.server.ts) may
// be refunded.
import { eq } from "drizzle-orm";
import { housingLeases, housingRentCharges } from "#db/schema/housing";
import { registerInvoiceKind, type PaidInvoice } from "~/modules/billing/handlers.server";
import { fenToGroupedYuan } from "~/modules/billing/money";
import type { Tx } from "~/modules/platform/db.server";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import { refundableDepositFen } from "./deposits.server";
import { refundableRentFen } from "./rent-credits.server";

/** "lease:<uuid>:<month>" → the lease id. */
function rentLeaseId(sourceRef: string | null) {
  const id = sourceRef?.split(":")[1];
  return sourceRef?.startsWith("lease:") && isUuid(id) ? id : null;
}

function depositLeaseId(sourceRef: string | null) {
  const id = sourceRef?.startsWith("deposit:") ? sourceRef.slice("deposit:".length) : null;
  return isUuid(id) ? id : null;
}

async function tellResident(tx: Tx, leaseId: string | null, kind: string, params: Record<string, string>) {
  if (!leaseId) return;
  const [lease] = await tx.select().from(housingLeases).where(eq(housingLeases.id, leaseId));
  if (!lease) return;
  await notify(tx, { userId: lease.residentUserId, orgId: lease.orgId, kind, params: { lease: lease.number, ...params }, link: "/housing" });
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerHousingInvoiceKinds() {
  registerInvoiceKind("housing_rent", {
    async onPaid(tx: Tx, invoice: PaidInvoice) {
      const [charge] = await tx.select({ month: housingRentCharges.month }).from(housingRentCharges).where(eq(housingRentCharges.invoiceId, invoice.id));
      await tellResident(tx, rentLeaseId(invoice.sourceRef), "housingRentPaid", {
        month: charge?.month.slice(0, 7) ?? "",
        amount: fenToGroupedYuan(invoice.totalFen),
      });
    },
    // Rent goes back only as credit for days no longer let after an early end.
    refundableFen(tx: Tx, invoice: PaidInvoice) {
      return refundableRentFen(tx, invoice);
    },
  });
  registerInvoiceKind("housing_deposit", {
    async onPaid(tx: Tx, invoice: PaidInvoice) {
      await tellResident(tx, depositLeaseId(invoice.sourceRef), "housingDepositPaid", { amount: fenToGroupedYuan(invoice.totalFen) });
    },
    refundableFen(tx: Tx, invoice: PaidInvoice) {
      return refundableDepositFen(tx, invoice.id, invoice.sourceRef);
    },
  });
}

