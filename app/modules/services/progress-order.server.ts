import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { getDb } from "~/modules/platform/db.server";
import { forbidden } from "~/modules/platform/errors";
import { lockOrder, moveOrder } from "./order-transitions.server";

/** The desk marks a confirmed order under way, then done. */
export async function progressOrder(actor: MemberActor, input: { orderId: string; to: "in_progress" | "completed" }) {
  if (!hasPermission(actor, "services:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => moveOrder(tx, actor, await lockOrder(tx, actor, input.orderId), input.to));
}
