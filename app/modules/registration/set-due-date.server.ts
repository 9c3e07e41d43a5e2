// The desk sets when a case's current step is due; the owner is told.
import type { RegistrationStatus } from "#db/schema/registration";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import type { RegistrationActor, RequestMeta } from "./access.server";
import { checkDueOn, editCase, loadForDesk, ownerLink } from "./case-moves.server";
import { isFinal } from "./workflow";

/** The desk sets when the current step is due; the owner is told. */
export async function setDueDate(actor: RegistrationActor, caseId: string, dueOn: string, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who } = await loadForDesk(tx, actor, caseId);
    if (isFinal(row.status as RegistrationStatus)) throw new AppError("conflict", "registration.errors.caseClosed");
    const due = checkDueOn(dueOn);
    if (!due) throw new AppError("invalid", "registration.errors.date");
    const updated = await editCase(tx, {
      row,
      who,
      set: { dueOn: due },
      action: "registration.due_date_set",
      eventKind: "due_date",
      eventNote: due,
      before: { dueOn: row.dueOn },
      after: { dueOn: due },
      ip: meta.ip,
    });
    await notify(tx, { userId: row.ownerUserId, orgId: row.orgId, kind: "registrationDueDate", params: { number: row.number, dueOn: due }, link: ownerLink(row.id) });
    return updated;
  });
}
