// The application's state machine, in one place: every state, every event that moves an
// application, who may cause it, what it is audited as and whom it tells. Pure, so the browser
// (which buttons to show) and the server (what to allow) read the same table.

export const applicationStatuses = [
  "draft",
  "submitted",
  "in_review",
  "info_requested",
  "resubmitted",
  "interview_scheduled",
  "approved",
  "rejected",
  "waitlisted",
  "withdrawn",
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** States the applicant may still edit (their answers and attachments). */
export const editableStatuses = ["draft", "info_requested"] as const satisfies readonly ApplicationStatus[];
/** States a reviewer is working in: scoring, assigning, interviewing, deciding. */
const reviewStatuses = ["in_review", "resubmitted", "interview_scheduled"] as const satisfies readonly ApplicationStatus[];
/** A decision was made; a second reviewer deciding now is told so. */
const decidedStatuses = ["approved", "rejected", "waitlisted"] as const satisfies readonly ApplicationStatus[];
/**
 * Nothing moves out of these, and the person may apply again: at most one application per person
 * is outside them (a partial unique index in db/schema/admission.ts holds it).
 */
export const finalStatuses = ["approved", "rejected", "withdrawn"] as const satisfies readonly ApplicationStatus[];

export type Actor = "applicant" | "staff";

export interface Transition {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  by: Actor;
  /** Recorded in the audit log (labels under `audit.actions`). */
  audit: string;
  /** In-app notification kind for the applicant (labels under `notification`), when they are told. */
  tellApplicant?: string;
  /** Notification kind for the reviewers (the assignee, or every admissions officer when none). */
  tellStaff?: string;
}

export const transitions = {
  submit: { from: ["draft"], to: "submitted", by: "applicant", audit: "admission.submitted", tellApplicant: "admissionReceived", tellStaff: "admissionNew" },
  startReview: { from: ["submitted"], to: "in_review", by: "staff", audit: "admission.review_started", tellApplicant: "admissionInReview" },
  requestInfo: {
    from: reviewStatuses,
    to: "info_requested",
    by: "staff",
    audit: "admission.info_requested",
    tellApplicant: "admissionInfoRequested",
  },
  resubmit: { from: ["info_requested"], to: "resubmitted", by: "applicant", audit: "admission.resubmitted", tellStaff: "admissionResubmitted" },
  scheduleInterview: {
    from: reviewStatuses,
    to: "interview_scheduled",
    by: "staff",
    audit: "admission.interview_scheduled",
    tellApplicant: "admissionInterviewScheduled",
  },
  approve: { from: reviewStatuses, to: "approved", by: "staff", audit: "admission.approved", tellApplicant: "admissionApproved" },
  reject: { from: reviewStatuses, to: "rejected", by: "staff", audit: "admission.rejected", tellApplicant: "admissionRejected" },
  waitlist: { from: reviewStatuses, to: "waitlisted", by: "staff", audit: "admission.waitlisted", tellApplicant: "admissionWaitlisted" },
  reopen: { from: ["waitlisted"], to: "in_review", by: "staff", audit: "admission.reopened", tellApplicant: "admissionReopened" },
  withdraw: {
    from: ["draft", "submitted", "in_review", "info_requested", "resubmitted", "interview_scheduled", "waitlisted"],
    to: "withdrawn",
    by: "applicant",
    audit: "admission.withdrawn",
    tellStaff: "admissionWithdrawn",
  },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof transitions;
export const decisions = ["approve", "reject", "waitlist"] as const satisfies readonly TransitionName[];

/** The state `event` leads to from `status`, or null when it is not allowed there. */
export function nextStatus(status: ApplicationStatus, event: TransitionName): ApplicationStatus | null {
  const transition: Transition = transitions[event];
  return transition.from.includes(status) ? transition.to : null;
}

/** The events `by` may cause from `status`, in table order (which buttons a page shows). */
export function allowedEvents(status: ApplicationStatus, by: Actor): TransitionName[] {
  return (Object.keys(transitions) as TransitionName[]).filter((name) => transitions[name].by === by && nextStatus(status, name) !== null);
}

export function isStatus(value: unknown): value is ApplicationStatus {
  return typeof value === "string" && (applicationStatuses as readonly string[]).includes(value);
}

export const isEditable = (status: ApplicationStatus) => (editableStatuses as readonly string[]).includes(status);
export const isInReview = (status: ApplicationStatus) => (reviewStatuses as readonly string[]).includes(status);
export const isDecided = (status: ApplicationStatus) => (decidedStatuses as readonly string[]).includes(status);

/** Actions that are not transitions but are still audited. */
export const otherAuditActions = [
  "admission.started",
  "admission.assigned",
  "admission.scored",
  "admission.commented",
  "admission.attachment_added",
  "admission.attachment_removed",
  "admission.rubric_changed",
  "admission.tenant_created",
] as const;
