// The applicant answers the desk's request; the case goes back to the step it waited in.
import type { RegistrationStatus, registrationCases } from "#db/schema/registration";
import { getDb } from "~/modules/platform/db.server";
import { AppError, forbidden } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import { loadCase, type RegistrationActor, type RequestMeta } from "./access.server";
import { cleanNote, deskLink, deskPeople, moveCase } from "./case-moves.server";
import { openIntake } from "./intake-seal.server";
import { assertReady, settleAddress } from "./submit-case.server";

/**
 * The applicant answers the desk's request; the case goes back to the step it was waiting in. The
 * intake and the documents are checked again, as the applicant may have changed them.
 */
export async function respondToRequest(actor: RegistrationActor, caseId: string, input: { note?: string }, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who, isOwnerSide } = await loadCase(tx, actor, caseId, { forUpdate: true });
    if (!isOwnerSide) throw forbidden();
    if (row.status !== "waiting_for_applicant" || !row.resumeStatus) throw new AppError("conflict", "registration.errors.notWaiting");
    const note = cleanNote(input.note);
    const intake = openIntake(row.intake);
    await assertReady(tx, row, intake);
    const set: Partial<typeof registrationCases.$inferInsert> = {};
    // Before the licence the address may still change; after it, it is the company's.
    if (!["licence_issued", "seals_made", "bank_opened", "tax_registered"].includes(row.resumeStatus)) set.ownAddress = await settleAddress(tx, row, intake);
    const moved = await moveCase(tx, { row, who, to: row.resumeStatus as RegistrationStatus, action: "registration.responded", eventKind: "responded", ip: meta.ip, note, set });
    for (const userId of await deskPeople(tx, row)) {
      await notify(tx, { userId, kind: "registrationResponded", params: { number: row.number, note }, link: deskLink(row.id) });
    }
    return moved;
  });
}
