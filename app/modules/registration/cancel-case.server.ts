// The applicant's side or the desk cancels an open case.
import type { RegistrationStatus } from "#db/schema/registration";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import { loadCase, type RegistrationActor, type RequestMeta } from "./access.server";
import { releaseParkAddress } from "./addresses.server";
import { cleanNote, deskLink, deskPeople, moveCase, ownerLink } from "./case-moves.server";
import { isFinal } from "./workflow";

/**
 * The owner side or the desk cancels an open case. A park address goes back to the pool unless
 * a licence already carries it.
 */
export async function cancelCase(actor: RegistrationActor, caseId: string, reason: string, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who, isOwnerSide } = await loadCase(tx, actor, caseId, { forUpdate: true });
    const text = cleanNote(reason, true);
    if (isFinal(row.status as RegistrationStatus)) throw new AppError("conflict", "registration.errors.caseClosed");
    const licensed = row.licenceIssuedOn !== null;
    if (!licensed) await releaseParkAddress(tx, row.id);
    const moved = await moveCase(tx, { row, who, to: "cancelled", action: "registration.cancelled", eventKind: "cancelled", ip: meta.ip, note: text, set: { cancelledReason: text }, dueOn: null });
    if (isOwnerSide) {
      for (const userId of await deskPeople(tx, row)) {
        await notify(tx, { userId, kind: "registrationCancelledByApplicant", params: { number: row.number, reason: text }, link: deskLink(row.id) });
      }
    } else {
      await notify(tx, { userId: row.ownerUserId, orgId: row.orgId, kind: "registrationCancelled", params: { number: row.number, reason: text }, link: ownerLink(row.id) });
    }
    return moved;
  });
}
