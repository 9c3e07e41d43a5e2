// The one place a registration case moves, and who is told: a compare-and-set on the case's status
// (`UPDATE … WHERE status = <from>`) written with its timeline event and audit entry, in the
// caller's transaction; the desk's people and the links notifications carry; the checks on a note
// and a due date every move shares.
import { and, eq } from "drizzle-orm";
import { registrationCases, registrationEvents, type RegistrationStatus } from "#db/schema/registration";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { isIsoDate, parkDate } from "~/modules/platform/dates";
import type { DbOrTx, Tx } from "~/modules/platform/db.server";
import { AppError, forbidden } from "~/modules/platform/errors";
import { loadCase, type CaseRow, type RegistrationActor, type Who } from "./access.server";
import { defaultDueOn, stepOwner } from "./workflow";

const NOTE_MAX = 2000;
export const isoDate = (v: unknown): v is string => typeof v === "string" && isIsoDate(v);

// ——— who is told ———

export async function deskPeople(db: DbOrTx, row: Pick<CaseRow, "assigneeUserId">) {
  if (row.assigneeUserId) return [row.assigneeUserId];
  const people = await peopleWithPermission(db, { park: true }, "registration:manage");
  return people.map((p) => p.userId);
}

export const ownerLink = (caseId: string) => `/registration/${caseId}`;
export const deskLink = (caseId: string) => `/registration/desk/${caseId}`;

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
export async function moveCase(tx: Tx, options: MoveOptions): Promise<CaseRow> {
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

interface EditOptions {
  row: CaseRow;
  who: Who;
  set: Partial<typeof registrationCases.$inferInsert>;
  action: "registration.assigned" | "registration.due_date_set";
  eventKind: string;
  eventNote?: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  ip?: string | null;
}

/** A desk change to a case that does not move it (assignee, due date): the row, its event and its audit entry. */
export async function editCase(tx: Tx, options: EditOptions) {
  const { row, who } = options;
  const [updated] = await tx
    .update(registrationCases)
    .set({ ...options.set, updatedAt: new Date() })
    .where(eq(registrationCases.id, row.id))
    .returning();
  await addEvent(tx, row, who, options.eventKind, options.eventNote);
  await recordAudit(tx, {
    actorUserId: who.userId,
    orgId: row.orgId ?? who.deskOrgId,
    action: options.action,
    subjectType: "registration_case",
    subjectId: row.id,
    before: options.before,
    after: options.after,
    ip: options.ip ?? null,
  });
  return updated;
}

export function cleanNote(note: unknown, required = false) {
  const text = typeof note === "string" ? note.trim() : "";
  if (required && !text) throw new AppError("invalid", "registration.errors.reasonRequired");
  if (text.length > NOTE_MAX) throw new AppError("invalid", "registration.errors.noteTooLong", { max: NOTE_MAX });
  return text;
}

/** The case as the desk may act on it, or forbidden. */
export async function loadForDesk(tx: Tx, actor: RegistrationActor, caseId: string) {
  const loaded = await loadCase(tx, actor, caseId);
  if (!loaded.who.isDesk) throw forbidden();
  return loaded;
}

export function checkDueOn(dueOn: string | null | undefined) {
  if (dueOn === undefined || dueOn === null || dueOn === "") return undefined;
  if (!isoDate(dueOn)) throw new AppError("invalid", "registration.errors.date");
  if (dueOn < parkDate()) throw new AppError("invalid", "registration.errors.dueInPast");
  return dueOn;
}
