// The desk asks the applicant for something; the case waits for them.
import type { RegistrationCaseType, RegistrationStatus } from "#db/schema/registration";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import type { RegistrationActor, RequestMeta } from "./access.server";
import { cleanNote, loadForDesk, moveCase, ownerLink } from "./case-moves.server";
import { canTransition } from "./workflow";

/** The desk asks the applicant for something, saying exactly what; the case waits for them. */
export async function requestFromApplicant(actor: RegistrationActor, caseId: string, input: { from: string; reason: string }, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who } = await loadForDesk(tx, actor, caseId);
    const reason = cleanNote(input.reason, true);
    if (row.status !== input.from) throw new AppError("conflict", "registration.errors.alreadyMoved");
    if (!canTransition(row.status as RegistrationStatus, "waiting_for_applicant", "desk", row.caseType as RegistrationCaseType)) {
      throw new AppError("conflict", "registration.errors.transition");
    }
    const moved = await moveCase(tx, {
      row,
      who,
      to: "waiting_for_applicant",
      action: "registration.requested",
      eventKind: "requested",
      ip: meta.ip,
      note: reason,
      set: { resumeStatus: row.status, waitingReason: reason },
    });
    await notify(tx, { userId: row.ownerUserId, orgId: row.orgId, kind: "registrationWaiting", params: { number: row.number, reason }, link: ownerLink(row.id) });
    return moved;
  });
}
