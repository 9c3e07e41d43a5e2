// The housing office's rules as pure functions: the state machines of applications, offers and
// leases (every transition the module makes is checked here), the offer deadline, the notice
// period for leaving early, and the version of the lease terms a resident signs.
import type { HousingApplicationStatus, HousingLeaseStatus } from "#db/schema/housing-values";
import { addDaysIso } from "~/modules/platform/dates";

/** The lease terms a resident accepts when signing; the texts are `housing.leaseTerms.*` in the catalogues. */
export const LEASE_TERMS_VERSION = "2026-11";

/** An offer stays open this long; then it lapses and the next in line is offered. */
const OFFER_DEADLINE_HOURS = 72;

/**
 * An application whose offers lapsed this many times is withdrawn instead of going back on the
 * waitlist: someone who lets two offers run out is not waiting for a room any more.
 */
const MAX_LAPSED_OFFERS = 2;

/** A resident or company leaving before the lease ends gives at least this many days' notice. */
const NOTICE_DAYS = 30;

/**
 * How often a sweep asks billing again for refunds housing decided on (rent credited back after an
 * early end, a settled deposit) that a crash or a refused request left not asked for in full.
 */
export const REFUND_SWEEP_SECONDS = 15 * 60;

/** Shortest and longest stay an application may ask for. */
export const MIN_STAY_DAYS = 30;
export const MAX_STAY_DAYS = 3 * 366;

/** How many people one application may name (a two-bedroom's household). */
export const MAX_RESIDENTS = 4;

export type OfferStatus = "open" | "accepted" | "declined" | "lapsed" | "withdrawn" | "taken";

const applicationTransitions: Record<HousingApplicationStatus, readonly HousingApplicationStatus[]> = {
  submitted: ["endorsed", "declined", "withdrawn", "rejected"],
  endorsed: ["offered", "withdrawn", "rejected"],
  // An offer that is declined, lapses, is withdrawn or finds its unit taken puts the application
  // back on the waitlist (endorsed).
  offered: ["accepted", "endorsed", "withdrawn", "rejected"],
  accepted: [],
  declined: [],
  rejected: [],
  withdrawn: [],
};

const offerTransitions: Record<OfferStatus, readonly OfferStatus[]> = {
  open: ["accepted", "declined", "lapsed", "withdrawn", "taken"],
  accepted: [],
  declined: [],
  lapsed: [],
  withdrawn: [],
  taken: [],
};

const leaseTransitions: Record<HousingLeaseStatus, readonly HousingLeaseStatus[]> = {
  // Accepted, waiting for the resident to sign; housing may cancel an unsigned lease.
  awaiting_signature: ["active", "cancelled"],
  // Check-out ends a lease; housing may terminate one (a breach, an eviction).
  active: ["ended", "terminated"],
  ended: [],
  terminated: [],
  cancelled: [],
};

export const canMoveApplication = (from: HousingApplicationStatus, to: HousingApplicationStatus) => applicationTransitions[from]?.includes(to) ?? false;
export const canMoveOffer = (from: OfferStatus, to: OfferStatus) => offerTransitions[from]?.includes(to) ?? false;
export const canMoveLease = (from: HousingLeaseStatus, to: HousingLeaseStatus) => leaseTransitions[from]?.includes(to) ?? false;

/** Statuses in which an application counts against its company's quota (waiting for a unit). */
export const PENDING_APPLICATION_STATUSES = ["endorsed", "offered"] as const satisfies readonly HousingApplicationStatus[];
/** Statuses in which a lease counts against its company's quota (holding a unit). */
export const HOLDING_LEASE_STATUSES = ["awaiting_signature", "active"] as const satisfies readonly HousingLeaseStatus[];

/** When an offer made at `now` lapses. */
export function offerDeadline(now: Date): Date {
  return new Date(now.getTime() + OFFER_DEADLINE_HOURS * 3_600_000);
}

/** Whether an endorsement fits the quota: what is held and waiting, plus this one. */
export function quotaAllows(quota: { places: number; used: number; pending: number }) {
  return quota.used + quota.pending + 1 <= quota.places;
}

/** The earliest day a lease may end when notice is given on `today` by a resident or company. */
export function earliestNoticeEnd(today: string): string {
  return addDaysIso(today, NOTICE_DAYS);
}

/**
 * Why a new (earlier) end date is refused, as a catalogue key, or null when it is allowed. Housing
 * staff may end a lease on any day after it starts; a resident or company must give NOTICE_DAYS.
 */
export function noticeProblem(input: { today: string; startsOn: string; endsOn: string; newEndsOn: string; byHousing: boolean }): string | null {
  if (input.newEndsOn <= input.startsOn) return "housing.errors.endBeforeStart";
  if (input.newEndsOn >= input.endsOn) return "housing.errors.noticeNotEarlier";
  if (!input.byHousing && input.newEndsOn < earliestNoticeEnd(input.today)) return "housing.errors.noticeTooShort";
  return null;
}

/** What happens to an application whose offer lapsed: back on the waitlist, or withdrawn after MAX_LAPSED_OFFERS. */
export function afterLapse(lapsedOffers: number): "endorsed" | "withdrawn" {
  return lapsedOffers >= MAX_LAPSED_OFFERS ? "withdrawn" : "endorsed";
}

/** Days between two park dates (`to` exclusive): the one platform rule, under housing's name. */
export { daysFromTo as daysBetween } from "~/modules/platform/dates";

/**
 * What an application's status reads as, once its lease is known: an accepted offer is "to sign"
 * until the resident signs, so the application and its lease never disagree (已签约 only once signed).
 */
export function applicationStage(status: HousingApplicationStatus, leaseStatus: HousingLeaseStatus | null | undefined): string {
  if (status !== "accepted") return status;
  if (leaseStatus === "awaiting_signature") return "to_sign";
  if (leaseStatus === "cancelled") return "lease_cancelled";
  return status;
}

/** What a lease's status reads as on `today`: a signed lease whose first day is still ahead is upcoming (待生效), not in force. */
export function leaseStage(status: HousingLeaseStatus, startsOn: string, today: string): string {
  return status === "active" && startsOn > today ? "upcoming" : status;
}

/** Whether two stays (`to` exclusive) share a night. */
export const staysOverlap = (a: { from: string; to: string }, b: { from: string; to: string }) => a.from < b.to && b.from < a.to;

/**
 * Who may confirm (endorse) an application for the company: an owner or admin who neither
 * submitted it nor will live there — nobody approves their own application.
 */
export function mayConfirm(userId: string, application: { applicantUserId: string }, primaryResidentUserId: string | null) {
  return userId !== application.applicantUserId && userId !== primaryResidentUserId;
}
