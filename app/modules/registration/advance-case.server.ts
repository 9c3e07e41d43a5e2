// The desk moves a case one step along its line; completing it writes the company's identity back.
import type { RegistrationCaseType, RegistrationStatus, registrationCases } from "#db/schema/registration";
import { writeCompanyRecord } from "~/modules/identity/organisations.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { parkDate } from "~/modules/platform/dates";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import { isValidUscc } from "~/modules/platform/uscc";
import type { CaseRow, RegistrationActor, RequestMeta, Who } from "./access.server";
import { parkAddressOf } from "./addresses.server";
import { caseName } from "./case-name";
import { checkDueOn, cleanNote, isoDate, loadForDesk, moveCase, ownerLink } from "./case-moves.server";
import { uploadedRequirements } from "./get-case.server";
import { runRegistrationCompleted } from "./hooks.server";
import { checkCompanyName } from "./names";
import { canTransition, registrationSteps } from "./workflow";

/** The sentence (`notification.<kind>`) the case's owner gets when the desk moves it to a step. */
const stepNotice: Partial<Record<RegistrationStatus, string>> = {
  name_approved: "registrationNameApproved",
  filed: "registrationFiled",
  licence_issued: "registrationLicenceIssued",
  seals_made: "registrationSealsMade",
  bank_opened: "registrationBankOpened",
  tax_registered: "registrationTaxRegistered",
  completed: "registrationCompleted",
};

export interface AdvanceInput {
  from: string;
  to: string;
  note?: string;
  dueOn?: string | null;
  uscc?: string;
  licenceIssuedOn?: string;
  approvedNameZh?: string;
}

/**
 * The desk moves a case one step along its line. `from` is the step the desk saw: if the case
 * moved meanwhile (another desk member), nothing changes and they are told it already moved.
 * Licence issued needs a valid USCC and the licence scan; completed writes the company's USCC,
 * approved name and registered address back.
 */
export async function advanceCase(actor: RegistrationActor, caseId: string, input: AdvanceInput, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who } = await loadForDesk(tx, actor, caseId);
    const caseType = row.caseType as RegistrationCaseType;
    const from = input.from as RegistrationStatus;
    const to = input.to as RegistrationStatus;
    if (!(registrationSteps as readonly string[]).includes(to)) throw new AppError("invalid", "registration.errors.transition");
    if (row.status !== from) throw new AppError("conflict", "registration.errors.alreadyMoved");
    if (!canTransition(from, to, "desk", caseType, row.resumeStatus as RegistrationStatus | null)) throw new AppError("conflict", "registration.errors.transition");
    const note = cleanNote(input.note);
    const dueOn = checkDueOn(input.dueOn);
    if (from === "waiting_for_applicant") {
      // The desk resumes a waiting case itself (what was missing came another way).
      const moved = await moveCase(tx, { row, who, to, action: "registration.resumed", eventKind: "resumed", note, dueOn, ip: meta.ip });
      await notify(tx, { userId: row.ownerUserId, orgId: row.orgId, kind: "registrationResumed", params: { number: row.number }, link: ownerLink(row.id) });
      return moved;
    }
    const set: Partial<typeof registrationCases.$inferInsert> = {};

    const approvedNameZh = (input.approvedNameZh ?? "").trim().replace(/\s+/g, "");
    if (approvedNameZh) {
      const problem = checkCompanyName(approvedNameZh, caseType)[0];
      if (problem) throw new AppError("invalid", problem.key, problem.params);
      set.approvedNameZh = approvedNameZh;
    } else if (to === "name_approved") {
      throw new AppError("invalid", "registration.errors.approvedNameRequired");
    }

    if (to === "licence_issued") {
      const uscc = (input.uscc ?? "").toUpperCase().replace(/\s+/g, "");
      if (!uscc) throw new AppError("invalid", "registration.errors.usccRequired");
      if (!isValidUscc(uscc)) throw new AppError("invalid", "registration.errors.usccCheck");
      const licenceIssuedOn = input.licenceIssuedOn || parkDate();
      if (!isoDate(licenceIssuedOn)) throw new AppError("invalid", "registration.errors.date");
      if (licenceIssuedOn > parkDate()) throw new AppError("invalid", "registration.errors.licenceDateFuture");
      if (!(await uploadedRequirements(tx, row.id)).includes("licence")) throw new AppError("invalid", "registration.errors.licenceMissing");
      Object.assign(set, { uscc, licenceIssuedOn });
    }

    if (to === "completed") {
      set.completedAt = new Date();
      set.approvedNameZh = set.approvedNameZh ?? caseName(row);
    }
    const moved = await moveCase(tx, { row, who, to, action: "registration.advanced", eventKind: "advanced", ip: meta.ip, note, set, dueOn: to === "completed" ? null : dueOn });
    if (to === "completed") await writeBack(tx, moved, who, meta);
    const kind = stepNotice[to];
    if (kind) {
      await notify(tx, {
        userId: row.ownerUserId,
        orgId: row.orgId,
        kind,
        params: { number: row.number, name: moved.approvedNameZh ?? caseName(row) ?? "", uscc: moved.uscc ?? "" },
        link: ownerLink(row.id),
      });
    }
    return moved;
  });
}

/** Completion: the company's identity goes where it is kept — the tenant organisation, or the linked application. */
async function writeBack(tx: Tx, row: CaseRow, who: Who, meta: RequestMeta) {
  if (!row.uscc) throw new AppError("conflict", "registration.errors.usccRequired");
  const address = await parkAddressOf(tx, row.id);
  const registeredAddress = address?.addressZh ?? row.ownAddress ?? null;
  const name = row.approvedNameZh ?? "";
  if (row.orgId) {
    const written = await writeCompanyRecord(tx, row.orgId, { uscc: row.uscc, nameZh: name || undefined, registeredAddress });
    if (written.clash) throw new AppError("conflict", "registration.errors.usccTaken");
    const before = written.before;
    await recordAudit(tx, {
      actorUserId: who.userId,
      orgId: row.orgId,
      action: "registration.company_registered",
      subjectType: "organisation",
      subjectId: row.orgId,
      before,
      after: { uscc: row.uscc, nameZh: name || before?.nameZh, registeredAddress, caseNumber: row.number },
      ip: meta.ip ?? null,
    });
    return;
  }
  await runRegistrationCompleted(tx, {
    caseId: row.id,
    caseNumber: row.number,
    uscc: row.uscc,
    approvedNameZh: name,
    registeredAddress,
    licenceIssuedOn: row.licenceIssuedOn,
    actorUserId: who.userId,
  });
}
