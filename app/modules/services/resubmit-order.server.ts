import type { MemberActor } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { forbidden } from "~/modules/platform/errors";
import { renewHolds } from "./order-holds.server";
import { lockOrder, moveOrder, notifyStaff } from "./order-transitions.server";

/** The tenant resubmits after the desk asked for changes. */
export async function resubmitOrder(actor: MemberActor, input: { orderId: string; note: string }) {
  if (actor.org.kind !== "tenant") throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    const updated = await moveOrder(tx, actor, order, "submitted", { note: input.note.slice(0, 2000) }, input.note);
    await renewHolds(tx, order.id);
    await notifyStaff(tx, "orderSubmitted", { title: order.title }, `/services/desk/${order.id}`);
    return updated;
  });
}
