// Park events (上海AI互动生态大会, 科幻电影周 screenings, roadshows in the 路演厅): staff create and
// edit them, optionally holding a services room; members — and for public events visitors with a
// confirmed email — register; places never overbook and the waitlist moves up in order of
// arrival; every confirmed attendee has a check-in code; reminders go out the day before.
// Every registration change takes the event row's lock first (docs/decisions/018-event-registration-locks-the-event-row.md).
import { randomInt } from "node:crypto";
import { and, asc, count, desc, eq, gt, gte, inArray, lt, lte, ne, sql } from "drizzle-orm";
import { circleEventRegistrations, circleEvents } from "#db/schema/circle";
import { translator } from "~/i18n/i18n.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { config } from "~/modules/platform/config.server";
import { randomToken, sha256Hex } from "~/modules/platform/crypto.server";
import { addDaysIso, parkDate, parkMidnight } from "~/modules/platform/dates";
import { getDb, pgConstraint, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isRandomToken, isUuid } from "~/modules/platform/ids";
import { registerDailyTask } from "~/modules/platform/jobs.server";
import { sendEmail } from "~/modules/platform/mail.server";
import { notify } from "~/modules/platform/notifications.server";
import { holdForParkUse, releaseParkUse, venueResourceName } from "~/modules/services/park-use.server";
import { checkInQrDataUrl, eventCalendarFile } from "./event-files.server";
import { CHECK_IN_ALPHABET, CHECK_IN_LENGTH, formatCheckInCode, type EventInput, type EventView } from "./events-forms";
import type { CircleViewer } from "./profiles.server";

export interface EventRequestMeta {
  ip: string | null;
  origin: string;
  language: string;
}

type EventRow = typeof circleEvents.$inferSelect;
type RegistrationRow = typeof circleEventRegistrations.$inferSelect;

/** A client may ask for this many public registrations an hour (each sends an email). */
const PUBLIC_REQUESTS_PER_IP_PER_HOUR = 10;
/** One email per address and event in this many minutes, however often the form is sent. */
const EMAIL_EVERY_MINUTES = 10;

export const mayRunEvents = (member: MemberActor) => member.org.kind === "park" && hasPermission(member, "circle:events", { kind: "park" });
const mayRunEventsAs = (viewer: CircleViewer) => viewer.kind === "staff" && mayRunEvents(viewer.member);

function requireEventStaff(member: MemberActor) {
  if (!mayRunEvents(member)) throw forbidden();
}

/** A park member may register with their account: signed in, in an active tenant or the park. */
const isMember = (viewer: CircleViewer): viewer is Exclude<CircleViewer, { kind: "visitor" }> => viewer.kind !== "visitor";

const venueRef = (eventId: string) => `circle_event:${eventId}`;

function newCheckInCode() {
  return Array.from({ length: CHECK_IN_LENGTH }, () => CHECK_IN_ALPHABET[randomInt(CHECK_IN_ALPHABET.length)]).join("");
}

/** An event the viewer may see: visitors only public, published events; staff every event. */
async function loadEvent(db: DbOrTx, viewer: CircleViewer, eventId: string, options: { forUpdate?: boolean } = {}) {
  if (!isUuid(eventId)) throw notFound();
  const query = db.select().from(circleEvents).where(eq(circleEvents.id, eventId));
  const [event] = options.forUpdate ? await query.for("update") : await query;
  if (!event) throw notFound();
  if (viewer.kind === "visitor" && event.audience !== "public") throw notFound();
  return event;
}

function visibleEvents(viewer: CircleViewer) {
  if (viewer.kind === "staff") return undefined;
  if (viewer.kind === "visitor") return and(eq(circleEvents.audience, "public"), eq(circleEvents.status, "published"));
  return eq(circleEvents.status, "published");
}

/** /circle/events: upcoming (soonest first), past (latest first), or the viewer's own. */
export async function listEvents(viewer: CircleViewer, view: EventView, now = new Date()) {
  const db = await getDb();
  const columns = {
    id: circleEvents.id,
    title: circleEvents.title,
    startsAt: circleEvents.startsAt,
    endsAt: circleEvents.endsAt,
    venue: circleEvents.venue,
    capacity: circleEvents.capacity,
    confirmedCount: circleEvents.confirmedCount,
    audience: circleEvents.audience,
    status: circleEvents.status,
  };
  if (view === "mine") {
    if (!isMember(viewer)) return [];
    const rows = await db
      .select({ ...columns, myStatus: circleEventRegistrations.status })
      .from(circleEventRegistrations)
      .innerJoin(circleEvents, eq(circleEvents.id, circleEventRegistrations.eventId))
      .where(and(eq(circleEventRegistrations.userId, viewer.member.user.id), ne(circleEventRegistrations.status, "cancelled")))
      .orderBy(desc(circleEvents.startsAt))
      .limit(100);
    return rows;
  }
  const rows = await db
    .select(columns)
    .from(circleEvents)
    .where(and(visibleEvents(viewer), view === "upcoming" ? gt(circleEvents.endsAt, now) : lte(circleEvents.endsAt, now)))
    .orderBy(view === "upcoming" ? asc(circleEvents.startsAt) : desc(circleEvents.startsAt))
    .limit(100);
  return rows.map((r) => ({ ...r, myStatus: null as string | null }));
}

async function waitlistPosition(db: DbOrTx, registration: RegistrationRow) {
  if (registration.status !== "waitlisted") return null;
  const [row] = await db
    .select({ n: count() })
    .from(circleEventRegistrations)
    .where(
      and(
        eq(circleEventRegistrations.eventId, registration.eventId),
        eq(circleEventRegistrations.status, "waitlisted"),
        lte(circleEventRegistrations.queueNo, registration.queueNo),
      ),
    );
  return Number(row?.n ?? 0);
}

async function waitlistLength(db: DbOrTx, eventId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(circleEventRegistrations)
    .where(and(eq(circleEventRegistrations.eventId, eventId), eq(circleEventRegistrations.status, "waitlisted")));
  return Number(row?.n ?? 0);
}

async function venueName(db: DbOrTx, event: EventRow) {
  return event.venueResourceId ? venueResourceName(db, event.venueResourceId) : null;
}

function eventState(event: EventRow, now: Date) {
  if (event.status === "cancelled") return "cancelled" as const;
  if (event.endsAt <= now) return "past" as const;
  if (event.startsAt <= now) return "running" as const;
  return "open" as const;
}

/** One event's page: places left, the viewer's registration and waitlist position, what they may do. */
export async function getEvent(viewer: CircleViewer, eventId: string, now = new Date()) {
  const db = await getDb();
  const event = await loadEvent(db, viewer, eventId);
  if (viewer.kind !== "staff" && event.status === "cancelled" && !(await ownRegistration(db, viewer, event.id))) throw notFound();
  const mine = await ownRegistration(db, viewer, event.id);
  const state = eventState(event, now);
  return {
    event,
    venueResource: await venueName(db, event),
    state,
    placesLeft: event.capacity - event.confirmedCount,
    waitlist: await waitlistLength(db, event.id),
    mine: mine ? { status: mine.status, position: await waitlistPosition(db, mine), code: mine.status === "confirmed" ? formatCheckInCode(mine.checkInCode) : null, checkedInAt: mine.checkedInAt } : null,
    mayRegister: state === "open" && isMember(viewer) && !mine,
    mayRegisterPublic: state === "open" && viewer.kind === "visitor" && event.audience === "public",
    mayCancel: state === "open" && mine !== null,
    mayManage: mayRunEventsAs(viewer),
  };
}

async function ownRegistration(db: DbOrTx, viewer: CircleViewer, eventId: string) {
  if (!isMember(viewer)) return null;
  const [row] = await db
    .select()
    .from(circleEventRegistrations)
    .where(and(eq(circleEventRegistrations.eventId, eventId), eq(circleEventRegistrations.userId, viewer.member.user.id), ne(circleEventRegistrations.status, "cancelled")));
  return row ?? null;
}

// ── Staff: create, edit, cancel ──────────────────────────────────────────────────────────────

/** Creates an event, or edits one (`eventId`), holding its services room when it names one. */
export async function saveEvent(staff: MemberActor, input: EventInput, meta: { ip: string | null }, eventId?: string, now = new Date()) {
  requireEventStaff(staff);
  if (input.endsAt <= input.startsAt) throw new AppError("invalid", "errors.circleEventEnds");
  if (!eventId && input.startsAt <= now) throw new AppError("invalid", "errors.circleEventPast");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = eventId ? await loadEvent(tx, { kind: "staff", member: staff }, eventId, { forUpdate: true }) : null;
    if (before?.status === "cancelled") throw new AppError("conflict", "errors.circleEventCancelled");
    if (before && input.capacity < before.confirmedCount) throw new AppError("conflict", "errors.circleEventCapacityBelow", { confirmed: before.confirmedCount });
    const values = {
      title: input.title,
      description: input.description,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      venue: input.venue,
      venueResourceId: input.venueResourceId ?? null,
      capacity: input.capacity,
      audience: input.audience,
      updatedAt: now,
    };
    const [event] = before
      ? await tx.update(circleEvents).set(values).where(eq(circleEvents.id, before.id)).returning()
      : await tx.insert(circleEvents).values({ ...values, createdBy: staff.user.id }).returning();
    if (event.venueResourceId) {
      await holdForParkUse(tx, { ref: venueRef(event.id), resourceId: event.venueResourceId, parkOrgId: staff.org.id, startsAt: event.startsAt, endsAt: event.endsAt });
    } else if (before?.venueResourceId) {
      await releaseParkUse(tx, venueRef(event.id));
    }
    // More places: the waitlist moves up into them, earliest first.
    if (before && event.capacity > before.confirmedCount) await promoteWaitlisted(tx, event, event.capacity - event.confirmedCount, meta.ip);
    await recordAudit(tx, {
      actorUserId: staff.user.id,
      orgId: staff.org.id,
      action: before ? "circle.event_updated" : "circle.event_created",
      subjectType: "circle_event",
      subjectId: event.id,
      before: before ? { title: before.title, startsAt: before.startsAt, capacity: before.capacity } : undefined,
      after: { title: event.title, startsAt: event.startsAt, capacity: event.capacity, audience: event.audience },
      ip: meta.ip,
    });
    return event;
  });
}

/** Staff cancel an event: the room goes back, every registrant is told why. */
export async function cancelEvent(staff: MemberActor, eventId: string, reason: string, meta: EventRequestMeta) {
  requireEventStaff(staff);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const event = await loadEvent(tx, { kind: "staff", member: staff }, eventId, { forUpdate: true });
    if (event.status === "cancelled") throw new AppError("conflict", "errors.circleEventCancelled");
    await tx.update(circleEvents).set({ status: "cancelled", updatedAt: new Date() }).where(eq(circleEvents.id, event.id));
    await releaseParkUse(tx, venueRef(event.id));
    const people = await tx
      .select()
      .from(circleEventRegistrations)
      .where(and(eq(circleEventRegistrations.eventId, event.id), inArray(circleEventRegistrations.status, ["confirmed", "waitlisted"])));
    for (const person of people) await tell(tx, person, { kind: "circleEventCancelled", params: { title: event.title, reason }, link: `/circle/events/${event.id}`, origin: meta.origin });
    await recordAudit(tx, { actorUserId: staff.user.id, orgId: staff.org.id, action: "circle.event_cancelled", subjectType: "circle_event", subjectId: event.id, reason, ip: meta.ip });
    return people.length;
  });
}

// ── Registration ─────────────────────────────────────────────────────────────────────────────

/**
 * Puts a registration in the queue, under the event's lock (the caller took it): a place when one
 * is free, else the waitlist. The queue number is taken now, so the waitlist is in arrival order.
 */
async function enqueue(tx: Tx, event: EventRow, registrationId: string, now: Date) {
  const confirm = event.confirmedCount < event.capacity;
  const [row] = await tx
    .update(circleEventRegistrations)
    .set({
      status: confirm ? "confirmed" : "waitlisted",
      confirmedAt: confirm ? now : null,
      queueNo: sql`nextval(pg_get_serial_sequence('circle_event_registrations', 'queue_no'))`,
    })
    .where(eq(circleEventRegistrations.id, registrationId))
    .returning();
  if (confirm) {
    await tx.update(circleEvents).set({ confirmedCount: sql`${circleEvents.confirmedCount} + 1` }).where(eq(circleEvents.id, event.id));
    event.confirmedCount += 1;
  }
  return row;
}

function requireOpen(event: EventRow, now: Date) {
  const state = eventState(event, now);
  if (state === "cancelled") throw new AppError("conflict", "errors.circleEventCancelled");
  if (state !== "open") throw new AppError("conflict", "errors.circleEventClosed");
}

/** A member registers with their account: a place if one is free, else the waitlist. */
export async function registerForEvent(member: MemberActor, eventId: string, meta: EventRequestMeta, db?: DbOrTx, now = new Date()) {
  const viewer: CircleViewer = member.org.kind === "park" ? { kind: "staff", member } : { kind: "member", member };
  db ??= await getDb();
  return db.transaction(async (tx) => {
    const event = await loadEvent(tx, viewer, eventId, { forUpdate: true });
    requireOpen(event, now);
    let inserted: RegistrationRow;
    try {
      [inserted] = await tx.transaction((inner) =>
        inner
          .insert(circleEventRegistrations)
          .values({ eventId: event.id, userId: member.user.id, name: member.user.displayName || member.user.email, email: member.user.email.toLowerCase(), locale: meta.language, status: "pending", checkInCode: newCheckInCode() })
          .returning(),
      );
    } catch (error) {
      if (pgErrorCode(error) === "23505" && pgConstraint(error) !== "circle_event_registrations_code_key") throw new AppError("conflict", "errors.circleEventAlreadyRegistered");
      throw error;
    }
    const registration = await enqueue(tx, event, inserted.id, now);
    await recordAudit(tx, {
      actorUserId: member.user.id,
      orgId: member.org.id,
      action: "circle.event_registered",
      subjectType: "circle_event",
      subjectId: event.id,
      after: { status: registration.status },
      ip: meta.ip,
    });
    return registration;
  });
}

/**
 * Cancels one registration under the event's lock. A freed place goes to the earliest on the
 * waitlist, who is told; with nobody waiting the place is simply free again.
 */
async function cancelLocked(tx: Tx, event: EventRow, registration: RegistrationRow, meta: { ip: string | null; origin: string }, actorUserId: string | null, now: Date) {
  const [cancelled] = await tx
    .update(circleEventRegistrations)
    .set({ status: "cancelled", cancelledAt: now })
    .where(and(eq(circleEventRegistrations.id, registration.id), inArray(circleEventRegistrations.status, ["pending", "confirmed", "waitlisted"])))
    .returning();
  if (!cancelled) throw new AppError("conflict", "errors.circleEventNotRegistered");
  if (registration.status === "confirmed") {
    await tx.update(circleEvents).set({ confirmedCount: sql`${circleEvents.confirmedCount} - 1` }).where(eq(circleEvents.id, event.id));
    event.confirmedCount -= 1;
    await promoteWaitlisted(tx, event, 1, meta.ip, meta.origin);
  }
  await recordAudit(tx, { actorUserId, orgId: null, action: "circle.event_registration_cancelled", subjectType: "circle_event", subjectId: event.id, before: { status: registration.status }, ip: meta.ip });
}

/** Gives `places` free places to the earliest waitlisted, telling each. Caller holds the event's lock. */
async function promoteWaitlisted(tx: Tx, event: EventRow, places: number, ip: string | null, origin = "") {
  if (places <= 0) return;
  const next = await tx
    .select()
    .from(circleEventRegistrations)
    .where(and(eq(circleEventRegistrations.eventId, event.id), eq(circleEventRegistrations.status, "waitlisted")))
    .orderBy(asc(circleEventRegistrations.queueNo))
    .limit(places);
  for (const person of next) {
    await tx.update(circleEventRegistrations).set({ status: "confirmed", confirmedAt: new Date() }).where(eq(circleEventRegistrations.id, person.id));
    await tx.update(circleEvents).set({ confirmedCount: sql`${circleEvents.confirmedCount} + 1` }).where(eq(circleEvents.id, event.id));
    event.confirmedCount += 1;
    await recordAudit(tx, { actorUserId: null, orgId: null, action: "circle.event_promoted", subjectType: "circle_event", subjectId: event.id, after: { registrationId: person.id }, ip });
    await tell(tx, person, { kind: "circleEventPromoted", params: { title: event.title }, link: ticketLink(event.id, person), origin });
  }
}

/** A member cancels their own registration. */
export async function cancelMyRegistration(member: MemberActor, eventId: string, meta: EventRequestMeta, db?: DbOrTx, now = new Date()) {
  const viewer: CircleViewer = member.org.kind === "park" ? { kind: "staff", member } : { kind: "member", member };
  db ??= await getDb();
  return db.transaction(async (tx) => {
    const event = await loadEvent(tx, viewer, eventId, { forUpdate: true });
    requireOpen(event, now);
    const mine = await ownRegistration(tx, viewer, event.id);
    if (!mine) throw new AppError("conflict", "errors.circleEventNotRegistered");
    await cancelLocked(tx, event, mine, meta, member.user.id, now);
  });
}

// ── The public: name + email, confirmed by a link ────────────────────────────────────────────

/**
 * A visitor asks to register for a public event. The answer is the same whatever happened ("we
 * sent you an email"), so nobody learns who registered; the email either confirms a new
 * registration or, to someone already registered, opens their ticket. Limited per client and
 * per address, since each request sends an email.
 */
export async function requestPublicRegistration(eventId: string, input: { name: string; email: string }, meta: EventRequestMeta, now = new Date()) {
  const db = await getDb();
  const event = await loadEvent(db, { kind: "visitor" }, eventId);
  requireOpen(event, now);
  const ipHash = sha256Hex(`circle-event-ip:${meta.ip ?? "unknown"}`);
  const [recent] = await db
    .select({ n: count() })
    .from(circleEventRegistrations)
    .where(and(eq(circleEventRegistrations.requestIpHash, ipHash), gt(circleEventRegistrations.createdAt, new Date(now.getTime() - 3600_000))));
  if (Number(recent?.n ?? 0) >= PUBLIC_REQUESTS_PER_IP_PER_HOUR) throw new AppError("rate_limited", "errors.circleEventTooMany");
  const email = input.email.trim().toLowerCase();
  const token = randomToken();
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(circleEventRegistrations)
      .where(and(eq(circleEventRegistrations.eventId, event.id), eq(circleEventRegistrations.email, email), ne(circleEventRegistrations.status, "cancelled")))
      .for("update");
    if (existing) {
      if (existing.lastEmailedAt && existing.lastEmailedAt.getTime() > now.getTime() - EMAIL_EVERY_MINUTES * 60_000) return;
      // A new link for the address's owner; the old one stops working.
      await tx.update(circleEventRegistrations).set({ accessTokenHash: sha256Hex(token), lastEmailedAt: now }).where(eq(circleEventRegistrations.id, existing.id));
      await mailLink(tx, { ...existing, locale: meta.language }, event, token, meta.origin, existing.status === "pending" ? "circleEventConfirmEmail" : "circleEventYourTicket");
      return;
    }
    try {
      const [created] = await tx.transaction((inner) =>
        inner
          .insert(circleEventRegistrations)
          .values({ eventId: event.id, name: input.name, email, locale: meta.language, status: "pending", checkInCode: newCheckInCode(), accessTokenHash: sha256Hex(token), lastEmailedAt: now, requestIpHash: ipHash })
          .returning(),
      );
      await mailLink(tx, created, event, token, meta.origin, "circleEventConfirmEmail");
    } catch (error) {
      // The same address asked twice at once: the first request's email is on its way.
      if (pgErrorCode(error) === "23505") return;
      throw error;
    }
  });
}

function ticketLink(eventId: string, person: Pick<RegistrationRow, "userId">, token?: string) {
  return person.userId || !token ? `/circle/events/${eventId}/ticket` : `/circle/events/${eventId}/ticket?token=${token}`;
}

async function mailLink(tx: Tx, person: RegistrationRow, event: EventRow, token: string, origin: string, kind: string) {
  const t = await translator(person.locale);
  await sendEmail(tx, {
    to: person.email,
    template: "circleUpdate",
    language: person.locale,
    params: { name: person.name, message: t(`notification.${kind}`, { title: event.title }), link: `${origin}/circle/events/${event.id}/ticket?token=${token}` },
  });
}

/** Tells a registrant in-app (members) and by email (everyone). */
async function tell(tx: Tx, person: RegistrationRow, options: { kind: string; params: Record<string, string>; link: string; origin: string }) {
  if (person.userId) await notify(tx, { userId: person.userId, kind: options.kind, params: options.params, link: options.link });
  const t = await translator(person.locale);
  // The public's link needs its token, which only the person holds: their email says to use the
  // link they already have.
  const link = person.userId ? `${options.origin}${options.link}` : `${options.origin}/circle/events/${person.eventId}`;
  await sendEmail(tx, { to: person.email, template: "circleUpdate", language: person.locale, params: { name: person.name, message: t(`notification.${options.kind}`, options.params), link } });
}

async function registrationByToken(db: DbOrTx, eventId: string, token: string) {
  if (!isUuid(eventId) || !isRandomToken(token)) throw notFound();
  const [row] = await db
    .select()
    .from(circleEventRegistrations)
    .where(and(eq(circleEventRegistrations.eventId, eventId), eq(circleEventRegistrations.accessTokenHash, sha256Hex(token)), ne(circleEventRegistrations.status, "cancelled")));
  if (!row) throw notFound();
  return row;
}

/** The emailed link's page: a pending registration is confirmed by a button (a POST), not by opening it. */
export async function confirmPublicRegistration(eventId: string, token: string, meta: EventRequestMeta, now = new Date()) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const event = await loadEvent(tx, { kind: "visitor" }, eventId, { forUpdate: true });
    const registration = await registrationByToken(tx, event.id, token);
    if (registration.status !== "pending") return registration;
    requireOpen(event, now);
    const queued = await enqueue(tx, event, registration.id, now);
    await recordAudit(tx, { actorUserId: null, orgId: null, action: "circle.event_registered", subjectType: "circle_event", subjectId: event.id, after: { status: queued.status, public: true }, ip: meta.ip });
    return queued;
  });
}

export async function cancelPublicRegistration(eventId: string, token: string, meta: EventRequestMeta, now = new Date()) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const event = await loadEvent(tx, { kind: "visitor" }, eventId, { forUpdate: true });
    const registration = await registrationByToken(tx, event.id, token);
    requireOpen(event, now);
    await cancelLocked(tx, event, registration, meta, null, now);
  });
}

// ── Tickets, calendar file, check-in ─────────────────────────────────────────────────────────

async function ticketView(db: DbOrTx, event: EventRow, registration: RegistrationRow) {
  const confirmed = registration.status === "confirmed";
  return {
    event: { id: event.id, title: event.title, startsAt: event.startsAt, endsAt: event.endsAt, venue: event.venue, status: event.status },
    venueResource: await venueName(db, event),
    registration: { name: registration.name, status: registration.status, checkedInAt: registration.checkedInAt, position: await waitlistPosition(db, registration) },
    code: confirmed ? formatCheckInCode(registration.checkInCode) : null,
    qr: confirmed ? await checkInQrDataUrl(formatCheckInCode(registration.checkInCode)) : null,
  };
}

/** A member's own ticket for an event (404 without a live registration). */
export async function myTicket(member: MemberActor, eventId: string) {
  const viewer: CircleViewer = member.org.kind === "park" ? { kind: "staff", member } : { kind: "member", member };
  const db = await getDb();
  const event = await loadEvent(db, viewer, eventId);
  const mine = await ownRegistration(db, viewer, event.id);
  if (!mine) throw notFound();
  return ticketView(db, event, mine);
}

/** A visitor's ticket, opened by the secret in their emailed link. */
export async function publicTicket(eventId: string, token: string, now = new Date()) {
  const db = await getDb();
  const event = await loadEvent(db, { kind: "visitor" }, eventId);
  const registration = await registrationByToken(db, event.id, token);
  return { ...(await ticketView(db, event, registration)), open: eventState(event, now) === "open" };
}

/** The event as an .ics calendar file. */
export async function eventCalendar(viewer: CircleViewer, eventId: string, origin: string) {
  const db = await getDb();
  const event = await loadEvent(db, viewer, eventId);
  if (event.status === "cancelled") throw notFound();
  const resource = await venueName(db, event);
  return eventCalendarFile({
    id: event.id,
    title: event.title,
    description: event.description,
    location: [resource?.nameZh, event.venue].filter(Boolean).join(" · "),
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    url: `${origin}/circle/events/${event.id}`,
  });
}

export type CheckInResult =
  | { outcome: "checked_in"; name: string; at: Date }
  | { outcome: "already"; name: string; at: Date }
  | { outcome: "not_confirmed"; name: string; status: string }
  | { outcome: "unknown" };

/** Staff check an attendee in by their code, once: a second scan says when they came in. */
export async function checkIn(staff: MemberActor, eventId: string, code: string, meta: { ip: string | null }, now = new Date()): Promise<CheckInResult> {
  requireEventStaff(staff);
  const db = await getDb();
  const event = await loadEvent(db, { kind: "staff", member: staff }, eventId);
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(circleEventRegistrations)
      .set({ checkedInAt: now, checkedInBy: staff.user.id })
      .where(
        and(
          eq(circleEventRegistrations.eventId, event.id),
          eq(circleEventRegistrations.checkInCode, code),
          eq(circleEventRegistrations.status, "confirmed"),
          sql`${circleEventRegistrations.checkedInAt} is null`,
        ),
      )
      .returning();
    if (done) {
      await recordAudit(tx, { actorUserId: staff.user.id, orgId: staff.org.id, action: "circle.event_checked_in", subjectType: "circle_event", subjectId: event.id, after: { registrationId: done.id }, ip: meta.ip });
      return { outcome: "checked_in", name: done.name, at: now };
    }
    const [known] = await tx
      .select()
      .from(circleEventRegistrations)
      .where(and(eq(circleEventRegistrations.eventId, event.id), eq(circleEventRegistrations.checkInCode, code)));
    if (!known) return { outcome: "unknown" };
    if (known.checkedInAt) return { outcome: "already", name: known.name, at: known.checkedInAt };
    return { outcome: "not_confirmed", name: known.name, status: known.status };
  });
}

/** Staff: the event and everyone on it, confirmed first then the waitlist, each in arrival order. */
export async function eventAttendees(staff: MemberActor, eventId: string) {
  requireEventStaff(staff);
  const db = await getDb();
  const event = await loadEvent(db, { kind: "staff", member: staff }, eventId);
  const rows = await db
    .select({
      id: circleEventRegistrations.id,
      name: circleEventRegistrations.name,
      email: circleEventRegistrations.email,
      status: circleEventRegistrations.status,
      member: sql<boolean>`${circleEventRegistrations.userId} is not null`,
      checkedInAt: circleEventRegistrations.checkedInAt,
      createdAt: circleEventRegistrations.createdAt,
    })
    .from(circleEventRegistrations)
    .where(and(eq(circleEventRegistrations.eventId, event.id), inArray(circleEventRegistrations.status, ["confirmed", "waitlisted"])))
    .orderBy(sql`case ${circleEventRegistrations.status} when 'confirmed' then 0 else 1 end`, asc(circleEventRegistrations.queueNo));
  const checkedIn = rows.filter((r) => r.checkedInAt).length;
  return { event, attendees: rows, checkedIn };
}

/** Staff: an event's fields for the edit form. */
export async function eventForEditing(staff: MemberActor, eventId: string) {
  requireEventStaff(staff);
  const db = await getDb();
  return loadEvent(db, { kind: "staff", member: staff }, eventId);
}

// ── Reminders the day before ─────────────────────────────────────────────────────────────────

/**
 * Reminds every confirmed attendee of events starting tomorrow (park calendar), in-app and by
 * email, once each: `reminder_sent_at` is set in the same transaction as the messages, by a
 * compare-and-set, so a second run or a second worker sends nothing.
 */
export async function sendEventReminders(options: { now?: Date; origin: string }) {
  const now = options.now ?? new Date();
  const tomorrow = addDaysIso(parkDate(now), 1);
  const db = await getDb();
  const due = await db
    .select({ registration: circleEventRegistrations, event: circleEvents })
    .from(circleEventRegistrations)
    .innerJoin(circleEvents, eq(circleEvents.id, circleEventRegistrations.eventId))
    .where(
      and(
        eq(circleEvents.status, "published"),
        gte(circleEvents.startsAt, parkMidnight(tomorrow)),
        lt(circleEvents.startsAt, parkMidnight(addDaysIso(tomorrow, 1))),
        eq(circleEventRegistrations.status, "confirmed"),
        sql`${circleEventRegistrations.reminderSentAt} is null`,
      ),
    );
  let sent = 0;
  for (const { registration, event } of due) {
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(circleEventRegistrations)
        .set({ reminderSentAt: now })
        .where(and(eq(circleEventRegistrations.id, registration.id), eq(circleEventRegistrations.status, "confirmed"), sql`${circleEventRegistrations.reminderSentAt} is null`))
        .returning();
      if (!claimed) return;
      const start = new Intl.DateTimeFormat(claimed.locale === "en" ? "en-GB" : "zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(event.startsAt);
      await tell(tx, claimed, { kind: "circleEventReminder", params: { title: event.title, time: start }, link: ticketLink(event.id, claimed), origin: options.origin });
      sent++;
    });
  }
  return sent;
}

export function registerCircleEvents() {
  registerDailyTask("circle.eventReminders", async () => {
    // A job has no request: links come from the configured origin (the embedded demo: this machine).
    const { PUBLIC_URL, PORT } = config();
    await sendEventReminders({ origin: PUBLIC_URL ?? `http://localhost:${PORT}` });
  });
}
