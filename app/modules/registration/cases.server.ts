// Registration cases: opening one, the guided intake saved step by step and submitted, and the
// step tracker driven by the desk. Every move is a compare-and-set on the case's status (`UPDATE …
// WHERE status = <from>`) written with its timeline event, its audit entry and a notification to
// the other side, in one transaction. Completion writes the company's USCC, name and registered
// address to its tenant organisation — or, for a case linked to an admission application whose
// company is not a tenant yet, hands them to the handler admission registered.
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { userDirectory, orgDirectory, membershipDirectory } from "~/modules/identity/directory.server";
import { writeCompanyRecord } from "~/modules/identity/organisations.server";
import { registrationCases, registrationCaseTypes, registrationDocuments, registrationEvents, type RegistrationCaseType, type RegistrationStatus } from "#db/schema/registration";
import { requireVerifiedEmail } from "~/modules/identity/accounts.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { rolesWith } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { decryptPii, encryptPii } from "~/modules/platform/crypto.server";
import { isIsoDate, parkDate } from "~/modules/platform/dates";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import { isValidUscc } from "~/modules/platform/uscc";
import { isTenantAdmin, loadCase, whoIs, type CaseRow, type RegistrationActor, type RequestMeta, type Who } from "./access.server";
import { assignParkAddress, parkAddressOf, releaseParkAddress } from "./addresses.server";
import { documentChecklist, missingApplicantItems } from "./checklist";
import { feeForCase } from "./fees.server";
import { runRegistrationCompleted } from "./hooks.server";
import { isIntakeStep, validateIntake, validateStep, type FieldErrors, type IntakeStep } from "./intake";
import { checkCompanyName } from "./names";
import { canTransition, defaultDueOn, isFinal, isIntakeEditable, progressPercent, registrationSteps, stepOwner, stepsFor } from "./workflow";

export type { RegistrationActor, RequestMeta };

const NOTE_MAX = 2000;
const isoDate = (v: unknown): v is string => typeof v === "string" && isIsoDate(v);

// ——— personal data in the intake ———

/** Resident ID numbers and phones are stored encrypted inside the intake's JSON. */
function mapPeople(intake: Record<string, unknown>, fn: (value: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...intake };
  const shareholders = intake.shareholders as { shareholders?: Record<string, unknown>[] } | undefined;
  if (shareholders?.shareholders) {
    out.shareholders = {
      ...shareholders,
      shareholders: shareholders.shareholders.map((s) => (typeof s.idNumber === "string" && s.idNumber ? { ...s, idNumber: fn(s.idNumber) } : s)),
    };
  }
  const officers = intake.officers as Record<string, Record<string, unknown> | undefined> | undefined;
  if (officers) {
    const next: Record<string, unknown> = { ...officers };
    for (const [role, person] of Object.entries(officers)) {
      if (!person || typeof person !== "object") continue;
      next[role] = {
        ...person,
        ...(typeof person.idNumber === "string" && person.idNumber ? { idNumber: fn(person.idNumber) } : {}),
        ...(typeof person.phone === "string" && person.phone ? { phone: fn(person.phone) } : {}),
      };
    }
    out.officers = next;
  }
  return out;
}

const sealed = (value: string) => value.startsWith("v1.");
export const sealIntake = (intake: Record<string, unknown>) => mapPeople(intake, (v) => (sealed(v) ? v : encryptPii(v)));
/** The intake as the applicant typed it (values stored before encryption pass through). */
export const openIntake = (intake: Record<string, unknown>) => mapPeople(intake ?? {}, (v) => (sealed(v) ? decryptPii(v) : v));

// ——— who is told ———

async function deskPeople(db: DbOrTx, row: Pick<CaseRow, "assigneeUserId">) {
  if (row.assigneeUserId) return [row.assigneeUserId];
  const people = await peopleWithPermission(db, { park: true }, "registration:manage");
  return people.map((p) => p.userId);
}

const ownerLink = (caseId: string) => `/registration/${caseId}`;
const deskLink = (caseId: string) => `/registration/desk/${caseId}`;

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

/** The name a case goes by: the approved name, else the first candidate. */
export function caseName(row: Pick<CaseRow, "approvedNameZh" | "intake">): string | null {
  if (row.approvedNameZh) return row.approvedNameZh;
  const candidates = (row.intake?.names as { candidates?: unknown } | undefined)?.candidates;
  return Array.isArray(candidates) && typeof candidates[0] === "string" ? candidates[0] : null;
}

// ——— the one place a case moves ———

type MoveAction = "registration.submitted" | "registration.advanced" | "registration.requested" | "registration.responded" | "registration.resumed" | "registration.cancelled";

interface MoveOptions {
  row: CaseRow;
  who: Who;
  to: RegistrationStatus;
  action: MoveAction;
  eventKind: string;
  note?: string;
  set?: Partial<typeof registrationCases.$inferInsert>;
  dueOn?: string | null;
  ip?: string | null;
}

/**
 * Moves a case from the status it was read in: a compare-and-set, so whoever moves it second is
 * told it already moved and changes nothing. Writes the event and the audit entry.
 */
async function moveCase(tx: Tx, options: MoveOptions): Promise<CaseRow> {
  const { row, who, to } = options;
  const now = new Date();
  const [moved] = await tx
    .update(registrationCases)
    .set({
      status: to,
      stepOwner: stepOwner(to) ?? "desk",
      dueOn: options.dueOn === undefined ? defaultDueOn(to, parkDate(now)) : options.dueOn,
      statusChangedAt: now,
      updatedAt: now,
      ...(to === "waiting_for_applicant" ? {} : { resumeStatus: null, waitingReason: null }),
      ...options.set,
    })
    .where(and(eq(registrationCases.id, row.id), eq(registrationCases.status, row.status)))
    .returning();
  if (!moved) throw new AppError("conflict", "registration.errors.alreadyMoved");
  await tx.insert(registrationEvents).values({
    caseId: row.id,
    actorUserId: who.userId,
    kind: options.eventKind,
    fromStatus: row.status,
    toStatus: to,
    note: options.note ?? "",
  });
  await recordAudit(tx, {
    actorUserId: who.userId,
    orgId: who.isDesk && !row.orgId ? who.deskOrgId : row.orgId,
    action: options.action,
    subjectType: "registration_case",
    subjectId: row.id,
    before: { status: row.status },
    after: { status: to, dueOn: moved.dueOn },
    reason: options.note || null,
    ip: options.ip ?? null,
  });
  return moved;
}

async function addEvent(tx: Tx, row: CaseRow, who: Who, kind: string, note = "") {
  await tx.insert(registrationEvents).values({ caseId: row.id, actorUserId: who.userId, kind, note });
}

function cleanNote(note: unknown, required = false) {
  const text = typeof note === "string" ? note.trim() : "";
  if (required && !text) throw new AppError("invalid", "registration.errors.reasonRequired");
  if (text.length > NOTE_MAX) throw new AppError("invalid", "registration.errors.noteTooLong", { max: NOTE_MAX });
  return text;
}

// ——— opening and reading ———

export async function openCase(actor: RegistrationActor, input: { caseType: string; orgId?: string | null }, meta: RequestMeta = {}) {
  if (!(registrationCaseTypes as readonly string[]).includes(input.caseType)) throw new AppError("invalid", "registration.errors.caseType");
  const caseType = input.caseType as RegistrationCaseType;
  const who = await whoIs(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const orgId = input.orgId || null;
    if (orgId && (!isUuid(orgId) || !(await isTenantAdmin(tx, who.userId, orgId)))) throw notFound();
    await requireVerifiedEmail(tx, who.userId);
    return insertCase(tx, who, { caseType, orgId, ownerUserId: who.userId, ip: meta.ip });
  });
}

/** Opens a case inside the caller's transaction (admission opens one on approval). */
export async function insertCase(tx: Tx, who: Who, input: { caseType: RegistrationCaseType; orgId: string | null; ownerUserId: string; note?: string; ip?: string | null }) {
  const [row] = await tx
    .insert(registrationCases)
    .values({
      caseType: input.caseType,
      ownerUserId: input.ownerUserId,
      orgId: input.orgId,
      feeFen: await feeForCase(tx, input.caseType, input.orgId),
    })
    .returning();
  await tx.insert(registrationEvents).values({ caseId: row.id, actorUserId: who.userId, kind: "opened", toStatus: "intake", note: input.note ?? "" });
  await recordAudit(tx, {
    actorUserId: who.userId,
    orgId: input.orgId,
    action: "registration.case_opened",
    subjectType: "registration_case",
    subjectId: row.id,
    after: { number: row.number, caseType: row.caseType, ownerUserId: row.ownerUserId, feeFen: String(row.feeFen) },
    ip: input.ip ?? null,
  });
  // The desk hears of the case when it is submitted: a draft is not work for it yet.
  return row;
}

/**
 * Attaches a tenant organisation to a case that had none (the applicant's company was just
 * admitted); the fee is worked out again, as tenants may be free. Runs in the caller's transaction.
 */
/** One case by its id, inside the caller's transaction (for modules that link to a case they opened). */
export async function caseById(tx: DbOrTx, caseId: string) {
  const [row] = await tx.select().from(registrationCases).where(eq(registrationCases.id, caseId));
  return row;
}

export async function attachOrganisation(tx: Tx, caseId: string, orgId: string, actorUserId: string) {
  const [row] = await tx.select().from(registrationCases).where(eq(registrationCases.id, caseId)).for("update");
  if (!row || row.orgId === orgId) return row ?? null;
  if (row.orgId) throw new AppError("conflict", "registration.errors.caseHasCompany");
  const feeFen = row.feeInvoiceId ? row.feeFen : await feeForCase(tx, row.caseType as RegistrationCaseType, orgId);
  const [updated] = await tx.update(registrationCases).set({ orgId, feeFen, updatedAt: new Date() }).where(eq(registrationCases.id, row.id)).returning();
  await tx.insert(registrationEvents).values({ caseId: row.id, actorUserId, kind: "company_attached" });
  await recordAudit(tx, {
    actorUserId,
    orgId,
    action: "registration.company_attached",
    subjectType: "registration_case",
    subjectId: row.id,
    before: { orgId: null, feeFen: String(row.feeFen) },
    after: { orgId, feeFen: String(feeFen) },
  });
  return updated;
}

/** The actor's cases: opened by them, or of a company where they are owner or admin. */
export async function listMyCases(actor: RegistrationActor) {
  const db = await getDb();
  const adminOf = db
    .select({ orgId: membershipDirectory.orgId })
    .from(membershipDirectory)
    .where(and(eq(membershipDirectory.userId, actor.user.id), inArray(membershipDirectory.role, rolesWith("tenant", "registration:open"))));
  const rows = await db
    .select({ row: registrationCases, orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn })
    .from(registrationCases)
    .leftJoin(orgDirectory, eq(orgDirectory.id, registrationCases.orgId))
    .where(or(eq(registrationCases.ownerUserId, actor.user.id), inArray(registrationCases.orgId, adminOf)))
    .orderBy(desc(registrationCases.openedAt));
  return rows.map(({ row, orgNameZh, orgNameEn }) => ({
    id: row.id,
    number: row.number,
    caseType: row.caseType as RegistrationCaseType,
    status: row.status as RegistrationStatus,
    resumeStatus: row.resumeStatus as RegistrationStatus | null,
    waitingReason: row.waitingReason,
    stepOwner: stepOwner(row.status as RegistrationStatus),
    dueOn: row.dueOn,
    approvedNameZh: row.approvedNameZh,
    /** Only the names step: the rest holds personal data a list has no need for. */
    intake: { names: row.intake?.names } as Record<string, unknown>,
    name: caseName(row),
    orgNameZh,
    orgNameEn,
    progress: progressPercent(row.status as RegistrationStatus, row.resumeStatus as RegistrationStatus | null, row.caseType as RegistrationCaseType),
    openedAt: row.openedAt,
    statusChangedAt: row.statusChangedAt,
  }));
}

/** Applicant-owned uploads of a case (requirements with a live document). */
async function uploadedRequirements(db: DbOrTx, caseId: string) {
  const rows = await db
    .selectDistinct({ requirement: registrationDocuments.requirement })
    .from(registrationDocuments)
    .where(and(eq(registrationDocuments.caseId, caseId), isNull(registrationDocuments.removedAt)));
  return rows.map((r) => r.requirement);
}

/**
 * Everything a case page shows: the case with its intake in clear, the steps of its line, where
 * it stands, its park address, its people, and what still stands between it and submitting.
 */
export async function getCase(actor: RegistrationActor, caseId: string) {
  const db = await getDb();
  const { row, who, isOwnerSide } = await loadCase(db, actor, caseId);
  const intake = openIntake(row.intake);
  const caseType = row.caseType as RegistrationCaseType;
  const status = row.status as RegistrationStatus;
  const [owner] = await db.select({ displayName: userDirectory.displayName, email: userDirectory.email }).from(userDirectory).where(eq(userDirectory.id, row.ownerUserId));
  const [org] = row.orgId
    ? await db.select({ id: orgDirectory.id, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, uscc: orgDirectory.uscc }).from(orgDirectory).where(eq(orgDirectory.id, row.orgId))
    : [];
  const [assignee] = row.assigneeUserId ? await db.select({ displayName: userDirectory.displayName }).from(userDirectory).where(eq(userDirectory.id, row.assigneeUserId)) : [];
  const parkAddress = await parkAddressOf(db, row.id);
  const checklist = documentChecklist(caseType, intake);
  const uploaded = await uploadedRequirements(db, row.id);
  const { errors } = validateIntake(caseType, intake);
  return {
    ...row,
    caseType,
    status,
    resumeStatus: row.resumeStatus as RegistrationStatus | null,
    intake,
    name: caseName(row),
    steps: stepsFor(caseType),
    progress: progressPercent(status, row.resumeStatus as RegistrationStatus | null, caseType),
    editable: isOwnerSide && isIntakeEditable(status),
    ownerName: owner?.displayName ?? "",
    ownerEmail: owner?.email ?? "",
    org: org ?? null,
    assigneeName: assignee?.displayName ?? null,
    parkAddress,
    viewer: { isDesk: who.isDesk, isOwnerSide },
    /** What stops a submit (or a reply to a request): field errors and missing uploads. */
    submitCheck: { errors, missingDocuments: missingApplicantItems(checklist, uploaded) },
  };
}

export async function caseTimeline(actor: RegistrationActor, caseId: string) {
  const db = await getDb();
  await loadCase(db, actor, caseId);
  return db
    .select({
      id: registrationEvents.id,
      kind: registrationEvents.kind,
      fromStatus: registrationEvents.fromStatus,
      toStatus: registrationEvents.toStatus,
      note: registrationEvents.note,
      at: registrationEvents.at,
      actorUserId: registrationEvents.actorUserId,
      actorName: userDirectory.displayName,
    })
    .from(registrationEvents)
    .leftJoin(userDirectory, eq(userDirectory.id, registrationEvents.actorUserId))
    .where(eq(registrationEvents.caseId, caseId))
    .orderBy(asc(registrationEvents.at), asc(registrationEvents.id));
}

// ——— the intake ———

/** A step is saved whole and valid, or not at all: refused answers come back as field errors. */
export type SaveStepResult = { ok: true; intake: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/**
 * Saves one step of the intake as a draft. Invalid answers are not saved: the field errors come
 * back instead. Only the case's owner side edits, and only before submitting or while the desk
 * is waiting for them.
 */
export async function saveIntakeStep(actor: RegistrationActor, caseId: string, step: string, values: unknown, meta: RequestMeta = {}): Promise<SaveStepResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who, isOwnerSide } = await loadCase(tx, actor, caseId, { forUpdate: true });
    if (!isOwnerSide) throw forbidden();
    if (!isIntakeStep(step)) throw new AppError("invalid", "registration.errors.unknownStep");
    if (!isIntakeEditable(row.status as RegistrationStatus)) throw new AppError("conflict", "registration.errors.notEditable");
    const intake = openIntake(row.intake);
    const result = validateStep(row.caseType as RegistrationCaseType, step as IntakeStep, values, intake);
    if (!result.ok) return result;
    const next = { ...intake, [step]: result.data };
    const set: Partial<typeof registrationCases.$inferInsert> = { intake: sealIntake(next), updatedAt: new Date() };
    if (step === "address") set.ownAddress = (result.data as { ownAddress: string | null }).ownAddress;
    await tx.update(registrationCases).set(set).where(eq(registrationCases.id, row.id));
    await recordAudit(tx, {
      actorUserId: who.userId,
      orgId: row.orgId,
      action: "registration.intake_saved",
      subjectType: "registration_case",
      subjectId: row.id,
      after: { step },
      ip: meta.ip ?? null,
    });
    return { ok: true, intake: next };
  });
}

/** The whole intake valid and every applicant document uploaded, or an `invalid` error saying what is missing. */
async function assertReady(tx: Tx, row: CaseRow, intake: Record<string, unknown>) {
  const caseType = row.caseType as RegistrationCaseType;
  const { errors } = validateIntake(caseType, intake);
  const fields = Object.keys(errors);
  if (fields.length > 0) {
    const steps = [...new Set(fields.map((f) => f.split(".")[0]))];
    throw new AppError("invalid", "registration.errors.intakeIncomplete", { count: fields.length, steps: steps.join(", ") });
  }
  const missing = missingApplicantItems(documentChecklist(caseType, intake), await uploadedRequirements(tx, row.id));
  if (missing.length > 0) throw new AppError("invalid", "registration.errors.documentsMissing", { count: missing.length });
}

/** Puts the case's registered address in place: a park address from the pool, or the applicant's own. */
async function settleAddress(tx: Tx, row: CaseRow, intake: Record<string, unknown>) {
  const address = intake.address as { kind?: string; ownAddress?: string | null } | undefined;
  if (address?.kind === "park") {
    await assignParkAddress(tx, row.id);
    return null;
  }
  await releaseParkAddress(tx, row.id);
  return address?.ownAddress ?? null;
}

/**
 * The applicant hands the case to the desk: the intake is checked in full, every document the
 * applicant owes is uploaded, a park address is taken from the pool when they chose one.
 */
export async function submitIntake(actor: RegistrationActor, caseId: string, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who, isOwnerSide } = await loadCase(tx, actor, caseId, { forUpdate: true });
    if (!isOwnerSide) throw forbidden();
    if (row.status !== "intake") throw new AppError("conflict", "registration.errors.alreadySubmitted");
    const intake = openIntake(row.intake);
    await assertReady(tx, row, intake);
    const ownAddress = await settleAddress(tx, row, intake);
    const moved = await moveCase(tx, { row, who, to: "materials_complete", action: "registration.submitted", eventKind: "submitted", ip: meta.ip, set: { intakeSubmittedAt: new Date(), ownAddress } });
    for (const userId of await deskPeople(tx, row)) {
      await notify(tx, { userId, kind: "registrationSubmitted", params: { number: row.number, name: caseName(row) ?? "" }, link: deskLink(row.id) });
    }
    return moved;
  });
}

// ——— the desk's moves ———

export interface AdvanceInput {
  from: string;
  to: string;
  note?: string;
  dueOn?: string | null;
  uscc?: string;
  licenceIssuedOn?: string;
  approvedNameZh?: string;
}

async function loadForDesk(tx: Tx, actor: RegistrationActor, caseId: string) {
  const loaded = await loadCase(tx, actor, caseId);
  if (!loaded.who.isDesk) throw forbidden();
  return loaded;
}

function checkDueOn(dueOn: string | null | undefined) {
  if (dueOn === undefined || dueOn === null || dueOn === "") return undefined;
  if (!isoDate(dueOn)) throw new AppError("invalid", "registration.errors.date");
  if (dueOn < parkDate()) throw new AppError("invalid", "registration.errors.dueInPast");
  return dueOn;
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
    const [updated] = await tx.update(registrationCases).set({ assigneeUserId, updatedAt: new Date() }).where(eq(registrationCases.id, row.id)).returning();
    await addEvent(tx, row, who, "assigned");
    await recordAudit(tx, {
      actorUserId: who.userId,
      orgId: row.orgId ?? who.deskOrgId,
      action: "registration.assigned",
      subjectType: "registration_case",
      subjectId: row.id,
      before: { assigneeUserId: row.assigneeUserId },
      after: { assigneeUserId },
      ip: meta.ip ?? null,
    });
    if (assigneeUserId && assigneeUserId !== who.userId) {
      await notify(tx, { userId: assigneeUserId, kind: "registrationAssigned", params: { number: row.number }, link: deskLink(row.id) });
    }
    return updated;
  });
}

/** The desk sets when the current step is due; the owner is told. */
export async function setDueDate(actor: RegistrationActor, caseId: string, dueOn: string, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who } = await loadForDesk(tx, actor, caseId);
    if (isFinal(row.status as RegistrationStatus)) throw new AppError("conflict", "registration.errors.caseClosed");
    const due = checkDueOn(dueOn);
    if (!due) throw new AppError("invalid", "registration.errors.date");
    const [updated] = await tx.update(registrationCases).set({ dueOn: due, updatedAt: new Date() }).where(eq(registrationCases.id, row.id)).returning();
    await addEvent(tx, row, who, "due_date", due);
    await recordAudit(tx, {
      actorUserId: who.userId,
      orgId: row.orgId ?? who.deskOrgId,
      action: "registration.due_date_set",
      subjectType: "registration_case",
      subjectId: row.id,
      before: { dueOn: row.dueOn },
      after: { dueOn: due },
      ip: meta.ip ?? null,
    });
    await notify(tx, { userId: row.ownerUserId, orgId: row.orgId, kind: "registrationDueDate", params: { number: row.number, dueOn: due }, link: ownerLink(row.id) });
    return updated;
  });
}
