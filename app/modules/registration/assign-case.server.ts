// The desk gives a case to one of its members, or to nobody.
import { peopleWithPermission } from "~/modules/identity/members.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import type { RegistrationActor, RequestMeta } from "./access.server";
import { deskLink, editCase, loadForDesk } from "./case-moves.server";

/** The desk gives the case to one of its members (or to nobody). */
export async function assignCase(actor: RegistrationActor, caseId: string, assigneeUserId: string | null, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who } = await loadForDesk(tx, actor, caseId);
    if (assigneeUserId !== null) {
      const desk = await peopleWithPermission(tx, { park: true }, "registration:manage");
      if (!isUuid(assigneeUserId) || !desk.some((p) => p.userId === assigneeUserId)) throw new AppError("invalid", "registration.errors.assigneeNotDesk");
    }
    if (row.assigneeUserId === assigneeUserId) return row;
    const updated = await editCase(tx, {
      row,
      who,
      set: { assigneeUserId },
      action: "registration.assigned",
      eventKind: "assigned",
      before: { assigneeUserId: row.assigneeUserId },
      after: { assigneeUserId },
      ip: meta.ip,
    });
    if (assigneeUserId && assigneeUserId !== who.userId) {
      await notify(tx, { userId: assigneeUserId, kind: "registrationAssigned", params: { number: row.number }, link: deskLink(row.id) });
    }
    return updated;
  });
}
