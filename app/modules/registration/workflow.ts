// The registration case's one state machine: the steps in order, who may move a case from one to
// the next, who acts at each step and by when. Pure, so pages, the module and tests share it.
//
// A new company goes through every step. A relocation (迁入) moves an existing company's
// registered address into the park: it keeps its approved name and its seals, so it skips
// `name_approved` (materials_complete → filed) and `seals_made` (licence_issued → bank_opened,
// the bank being told the new address). Individual businesses and sole proprietorships go through
// every step: they too get a name approved, seals, an account and a tax registration.
import type { RegistrationCaseType, RegistrationStatus } from "#db/schema/registration";

export type { RegistrationCaseType, RegistrationStatus };
export type StepOwner = "applicant" | "desk";
export type Mover = "desk" | "applicant";

/** The main line of a new company, in order. */
export const registrationSteps = [
  "intake",
  "materials_complete",
  "name_approved",
  "filed",
  "licence_issued",
  "seals_made",
  "bank_opened",
  "tax_registered",
  "completed",
] as const satisfies readonly RegistrationStatus[];
export type RegistrationStep = (typeof registrationSteps)[number];

const finalStatuses: readonly RegistrationStatus[] = ["completed", "cancelled"];

/** Steps a relocation does not go through (see the file's comment). */
const skippedByCaseType: Record<RegistrationCaseType, readonly RegistrationStatus[]> = {
  limited: [],
  sole_proprietorship: [],
  individual: [],
  relocation: ["name_approved", "seals_made"],
};

/** The steps of one kind of case, in order. */
export function stepsFor(caseType: RegistrationCaseType = "limited"): RegistrationStep[] {
  return registrationSteps.filter((s) => !skippedByCaseType[caseType].includes(s));
}

/** The step after `status` on this case's line, or null at the end (or off the line). */
export function nextStep(status: RegistrationStatus, caseType: RegistrationCaseType = "limited"): RegistrationStep | null {
  const steps = stepsFor(caseType);
  const index = steps.indexOf(status as RegistrationStep);
  return index < 0 || index === steps.length - 1 ? null : steps[index + 1];
}

/** Steps the desk works on, from which it may ask the applicant for something (and come back to). */
export const resumableStatuses: readonly RegistrationStatus[] = registrationSteps.filter((s) => s !== "intake" && s !== "completed");

export function isFinal(status: RegistrationStatus) {
  return finalStatuses.includes(status);
}

/** Whether the applicant may edit the intake: before submitting, and when the desk asked for something. */
export function isIntakeEditable(status: RegistrationStatus) {
  return status === "intake" || status === "waiting_for_applicant";
}

/**
 * Whether `by` may move a case from `from` to `to`:
 * - the applicant submits the intake (intake → materials_complete) and answers a request
 *   (waiting_for_applicant → the step it came from);
 * - the desk moves a case one step along its line, asks the applicant for something from any desk
 *   step (→ waiting_for_applicant), and may bring a waiting case back itself (the missing paper
 *   came by hand);
 * - either side cancels an open case.
 * `resumeStatus` is the step a waiting case returns to; other returns are refused.
 */
export function canTransition(
  from: RegistrationStatus,
  to: RegistrationStatus,
  by: Mover,
  caseType: RegistrationCaseType = "limited",
  resumeStatus?: RegistrationStatus | null,
): boolean {
  if (isFinal(from) || from === to) return false;
  if (to === "cancelled") return true;
  if (from === "waiting_for_applicant") {
    return resumableStatuses.includes(to) && (resumeStatus === undefined || resumeStatus === null || resumeStatus === to);
  }
  if (to === "waiting_for_applicant") return by === "desk" && resumableStatuses.includes(from);
  if (from === "intake") return by === "applicant" && to === "materials_complete";
  return by === "desk" && nextStep(from, caseType) === to;
}

/** Who acts next at a step; nobody once the case is over. */
export function stepOwner(status: RegistrationStatus): StepOwner | null {
  if (isFinal(status)) return null;
  return status === "intake" || status === "waiting_for_applicant" ? "applicant" : "desk";
}

/**
 * The desk's service level: working days to get a case out of this step (names are approved in
 * three working days, the licence comes about five working days after filing with Shanghai's
 * online registration). The intake has none: the applicant fills it at their own pace.
 */
const dueDaysByStatus: Partial<Record<RegistrationStatus, number>> = {
  materials_complete: 3,
  name_approved: 3,
  filed: 5,
  licence_issued: 3,
  seals_made: 5,
  bank_opened: 5,
  tax_registered: 2,
  waiting_for_applicant: 5,
};

export function defaultDueDays(status: RegistrationStatus): number | null {
  return dueDaysByStatus[status] ?? null;
}

/** `isoDate` plus `days` working days (Monday–Friday; public holidays are not known here). */
export function addWorkingDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

/** The default due date of a step entered on `today`, or null when the step has none. */
export function defaultDueOn(status: RegistrationStatus, today: string): string | null {
  const days = defaultDueDays(status);
  return days === null ? null : addWorkingDays(today, days);
}

/**
 * How far along the case is, 0–100: the share of its line's steps done. A waiting case shows the
 * progress of the step it returns to; a cancelled one shows nothing.
 */
export function progressPercent(
  status: RegistrationStatus,
  resumeStatus: RegistrationStatus | null = null,
  caseType: RegistrationCaseType = "limited",
): number {
  if (status === "cancelled") return 0;
  const at = status === "waiting_for_applicant" ? resumeStatus : status;
  const steps = stepsFor(caseType);
  const index = at ? steps.indexOf(at as RegistrationStep) : -1;
  if (index < 0) return 0;
  return Math.round((index * 100) / (steps.length - 1));
}
