// What the services orders hook into: billing's paid invoices and the periodic expiry of holds.
import { eq } from "drizzle-orm";
import { serviceOrders } from "#db/schema/services";
import { registerInvoiceKind } from "~/modules/billing/handlers.server";
import { registerPeriodicTask } from "~/modules/platform/jobs.server";
import { expireUnpaidOrders } from "./expire-unpaid-orders.server";
import { confirmHolds } from "./order-holds.server";
import { moveOrder } from "./order-transitions.server";

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerServicesOrders() {
  registerInvoiceKind("service_order", {
    async paidNotice(_db, invoice) {
      return invoice.sourceRef ? { messageKey: "services.order.paidNotice", returnTo: `/services/orders/${invoice.sourceRef}`, returnLabelKey: "services.order.backToOrder" } : null;
    },
    async onPaid(tx, invoice) {
      if (!invoice.sourceRef) return;
      const [order] = await tx.select().from(serviceOrders).where(eq(serviceOrders.id, invoice.sourceRef)).for("update");
      if (!order || order.status !== "approved") return;
      await moveOrder(tx, null, order, "confirmed");
      await confirmHolds(tx, order.id);
    },
  });
  registerPeriodicTask("expire-unpaid-orders", 300, async () => {
    await expireUnpaidOrders();
  });
}
