// An approved order is invoiced through billing.
import { asc, eq } from "drizzle-orm";
import { serviceOfferings, serviceOrderLines, serviceOrders } from "#db/schema/services";
import { createInvoice } from "~/modules/billing/invoices.server";
import { type Tx } from "~/modules/platform/db.server";
import { holdDeadline, quantityLabel, SERVICES_VAT_RATE_BP, type PricingUnit } from "./pricing";

export async function invoiceOrder(tx: Tx, order: typeof serviceOrders.$inferSelect, createdBy: string | null) {
  const lines = await tx
    .select({ line: serviceOrderLines, offering: serviceOfferings })
    .from(serviceOrderLines)
    .innerJoin(serviceOfferings, eq(serviceOfferings.id, serviceOrderLines.offeringId))
    .where(eq(serviceOrderLines.orderId, order.id))
    .orderBy(asc(serviceOrderLines.startsAt), asc(serviceOrderLines.id));
  // A line counts what the catalogue prices: 30 people × 3 days is 90 person-days at the day rate.
  const invoiceLines = lines.map(({ line, offering }) => ({
    descriptionZh: offering.nameZh,
    descriptionEn: offering.nameEn,
    quantity: line.quantity * line.units,
    quantityLabel: quantityLabel(offering.pricingUnit as PricingUnit, line.quantity, line.units),
    unitPriceFen: line.unitPriceFen ?? 0n,
  }));
  // A package is charged its package price, as one line.
  const invoice = await createInvoice(tx, {
    orgId: order.orgId,
    kind: "service_order",
    sourceRef: order.id,
    lines: order.packageId
      ? [{ descriptionZh: order.title, descriptionEn: order.title, quantity: 1, unitPriceFen: order.totalFen }]
      : invoiceLines,
    vatRateBp: SERVICES_VAT_RATE_BP,
    // Due the day the order's hold ends: pay by then, or the time is given back.
    dueOn: holdDeadline(new Date()).payBy,
    createdBy,
  });
  await tx.update(serviceOrders).set({ invoiceId: invoice.id }).where(eq(serviceOrders.id, order.id));
  return invoice;
}
