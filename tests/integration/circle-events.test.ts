// Park events on a real database: members register, cancel and move up the waitlist; who may run
// events; the public registering with an email they confirm, without learning who else did; bad
// input answered with a 4xx; the .ics file; check-in exactly once; reminders once; a park venue
// held on the services calendar.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seedDemoPark } from "#db/seed/demo-park";
import { circleEventRegistrations, circleEvents, notifications, outboxEmails, serviceBookings } from "#db/schema/index";
import { parkLocalToInstant } from "~/modules/platform/dates";
import { cancelEvent, cancelMyRegistration, checkIn, registerForEvent, saveEvent, sendEventReminders } from "~/modules/circle/events.server";
import { getDb } from "~/modules/platform/db.server";
import { placeOrder } from "~/modules/services/place-order.server";
import { resourceCalendar } from "~/modules/services/resource-calendar.server";
import { loader as calendarLoader } from "~/routes/circle.events.$id.calendar[.]ics";
import { action as eventAction, loader as eventLoader } from "~/routes/circle.events.$id._index";
import { action as checkInAction } from "~/routes/circle.events.$id.check-in";
import { loader as csvLoader } from "~/routes/circle.events.$id.attendees[.]csv";
import { loader as listLoader } from "~/routes/circle.events._index";
import { action as newEventAction } from "~/routes/circle.events.new";
import { action as ticketAction, loader as ticketLoader } from "~/routes/circle.events.$id.ticket";
import { parkMember } from "../support/admission";
import { createEvent, eventInput, eventStaff, meta, registrationsOf, tenantMembers } from "../support/circle-events";
import { actorFor, call, getRequest, postRequest, signedInMember } from "../support/factories";
import { daysFromNow, seedCatalogue } from "../support/services";

const db = () => getDb();

describe("registering, cancelling and the waitlist", () => {
  it("fills the places, waitlists the rest in order, and a cancellation promotes the earliest, who is told", async () => {
    const { event } = await createEvent({ capacity: 2 });
    const [a, b, c, d] = await tenantMembers(4);
    expect((await registerForEvent(a.actor, event.id, meta)).status).toBe("confirmed");
    expect((await registerForEvent(b.actor, event.id, meta)).status).toBe("confirmed");
    expect((await registerForEvent(c.actor, event.id, meta)).status).toBe("waitlisted");
    expect((await registerForEvent(d.actor, event.id, meta)).status).toBe("waitlisted");
    await expect(registerForEvent(a.actor, event.id, meta)).rejects.toMatchObject({ code: "conflict", messageKey: "errors.circleEventAlreadyRegistered" });

    // What D sees: no places left, second on the waitlist.
    const page = await call(eventLoader, getRequest(`/circle/events/${event.id}`, d.cookie), { id: event.id });
    expect(page.data.placesLeft).toBe(0);
    expect(page.data.mine).toMatchObject({ status: "waitlisted", position: 2, code: null });

    // A cancels through the page: C (earliest waiting) gets the place and is told; D moves to first.
    const cancelled = await call(eventAction, postRequest(`/circle/events/${event.id}`, { intent: "cancel" }, a.cookie), { id: event.id });
    expect(cancelled.status).toBe(200);
    expect(cancelled.data.done).toBe("circleEvents.cancelled");
    const rows = await registrationsOf(event.id);
    expect(rows.find((r) => r.userId === c.user.id)?.status).toBe("confirmed");
    expect(rows.find((r) => r.userId === d.user.id)?.status).toBe("waitlisted");
    const told = await (await db()).select().from(notifications).where(eq(notifications.userId, c.user.id));
    expect(told.map((n) => n.kind)).toEqual(["circleEventPromoted"]);
    const mail = await (await db()).select().from(outboxEmails).where(eq(outboxEmails.toAddress, c.user.email));
    expect(mail[0].textBody).toContain(`/circle/events/${event.id}/ticket`);
    expect((await call(eventLoader, getRequest(`/circle/events/${event.id}`, d.cookie), { id: event.id })).data.mine.position).toBe(1);

    // A may register again, at the back of the queue.
    expect((await registerForEvent(a.actor, event.id, meta)).status).toBe("waitlisted");
    // The list's "mine" view shows C's confirmed place.
    const mine = await call(listLoader, getRequest("/circle/events?view=mine", c.cookie));
    expect(mine.data.events.map((e: { title: string; myStatus: string }) => [e.title, e.myStatus])).toEqual([["上海AI互动生态大会", "confirmed"]]);
  });

  it("more places move the waitlist up; fewer places than are confirmed is refused", async () => {
    const { staff, event } = await createEvent({ capacity: 1 });
    const [a, b] = await tenantMembers(2);
    await registerForEvent(a.actor, event.id, meta);
    await registerForEvent(b.actor, event.id, meta);
    await saveEvent(staff.actor, eventInput({ capacity: 2, startsAt: event.startsAt, endsAt: event.endsAt }), meta, event.id);
    expect((await registrationsOf(event.id)).every((r) => r.status === "confirmed")).toBe(true);
    await expect(saveEvent(staff.actor, eventInput({ capacity: 1, startsAt: event.startsAt, endsAt: event.endsAt }), meta, event.id)).rejects.toMatchObject({ messageKey: "errors.circleEventCapacityBelow" });
  });

  it("closes registration once the event has started", async () => {
    const { event } = await createEvent();
    const [a] = await tenantMembers(1);
    const during = new Date(event.startsAt.getTime() + 60_000);
    await expect(registerForEvent(a.actor, event.id, meta, undefined, during)).rejects.toMatchObject({ messageKey: "errors.circleEventClosed" });
  });
});

describe("who may do what", () => {
  it("lets staff with the events permission create; tenants and other staff get 403; members-only events are 404 to visitors", async () => {
    const form = { title: "科幻电影周 · 开幕放映", description: "", startsAt: `${daysFromNow(6)}T19:00`, endsAt: `${daysFromNow(6)}T21:30`, venue: "1 号放映厅", capacity: "120", audience: "members" };
    const tenant = await signedInMember();
    expect((await call(newEventAction, postRequest("/circle/events/new", form, tenant.cookie))).status).toBe(404);
    const finance = await parkMember("finance");
    expect((await call(newEventAction, postRequest("/circle/events/new", form, finance.cookie))).status).toBe(403);
    const admissions = await parkMember("admissions");
    const made = await call(newEventAction, postRequest("/circle/events/new", form, admissions.cookie));
    expect(made.status).toBe(302);
    const eventId = made.location!.split("/").pop()!;
    const page = await call(eventLoader, getRequest(`/circle/events/${eventId}`, tenant.cookie), { id: eventId });
    expect(page.data.event).toMatchObject({ title: "科幻电影周 · 开幕放映", capacity: 120 });
    // 19:00 in Shanghai is 11:00 UTC.
    expect(new Date(page.data.event.startsAt).toISOString()).toBe(`${daysFromNow(6)}T11:00:00.000Z`);
    expect(page.data.mayManage).toBe(false);
    expect((await call(eventLoader, getRequest(`/circle/events/${eventId}`), { id: eventId })).status).toBe(404);
    expect((await call(listLoader, getRequest("/circle/events"))).data.events).toEqual([]);
    // A tenant cannot check anyone in.
    expect((await call(checkInAction, postRequest(`/circle/events/${eventId}/check-in`, { code: "ABCD2345" }, tenant.cookie), { id: eventId })).status).toBe(404);
  });
});

describe("registering as the public", () => {
  it("confirms the email by a button on the emailed link, answers the same for a known address, and limits each client", async () => {
    const { event } = await createEvent({ audience: "public", capacity: 1 });
    const path = `/circle/events/${event.id}`;
    const first = await call(eventAction, postRequest(path, { intent: "register-public", name: "陈观众", email: "Chen@Example.test" }), { id: event.id });
    expect(first.status).toBe(200);
    expect(first.data.done).toBe("circleEvents.publicSent");
    // Nothing is held until the email is confirmed.
    expect((await call(eventLoader, getRequest(path), { id: event.id })).data.placesLeft).toBe(1);
    const [mail] = await (await db()).select().from(outboxEmails).where(eq(outboxEmails.toAddress, "chen@example.test"));
    const link = /http:\/\/localhost(\/circle\/events\/[^\s]+)/.exec(mail.textBody)![1];
    const token = new URL(`http://x${link}`).searchParams.get("token")!;

    // Opening the link (a mail scanner would) confirms nothing; pressing the button does.
    const opened = await call(ticketLoader, getRequest(link), { id: event.id });
    expect(opened.data.registration.status).toBe("pending");
    expect(opened.data.qr).toBeNull();
    const confirmed = await call(ticketAction, postRequest(link, { intent: "confirm" }), { id: event.id });
    expect(confirmed.data.done).toBe("circleEvents.ticketPage.confirmed");
    const ticket = await call(ticketLoader, getRequest(link), { id: event.id });
    expect(ticket.data.registration.status).toBe("confirmed");
    expect(ticket.data.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(ticket.data.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(ticket.data.qr.split(",")[1], "base64").toString()).toContain("<svg");

    // The same address again, and a new one: the same answer; nobody learns who registered.
    const again = await call(eventAction, postRequest(path, { intent: "register-public", name: "someone", email: "chen@example.test" }), { id: event.id });
    const other = await call(eventAction, postRequest(path, { intent: "register-public", name: "李", email: "li@example.test" }), { id: event.id });
    expect([again.status, again.data.done]).toEqual([other.status, other.data.done]);
    // Within ten minutes the known address gets no second email.
    expect(await (await db()).select().from(outboxEmails).where(eq(outboxEmails.toAddress, "chen@example.test"))).toHaveLength(1);

    // A wrong token is simply not found.
    expect((await call(ticketLoader, getRequest(`${path}/ticket?token=${"x".repeat(43)}`), { id: event.id })).status).toBe(404);
    expect((await call(ticketLoader, getRequest(`${path}/ticket?token=${token.slice(0, 10)}`), { id: event.id })).status).toBe(404);

    // One client may not send a flood of registrations (each is an email).
    let limited = 0;
    for (let i = 0; i < 12; i++) {
      const answer = await call(eventAction, postRequest(path, { intent: "register-public", name: "x", email: `flood${i}@example.test` }), { id: event.id }, "203.0.113.9");
      if (answer.status === 429) limited++;
    }
    expect(limited).toBe(2);

    // Members-only events take no public registration.
    const { event: closed } = await createEvent({ audience: "members" });
    expect((await call(eventAction, postRequest(`/circle/events/${closed.id}`, { intent: "register-public", name: "x", email: "x@example.test" }), { id: closed.id })).status).toBe(404);
  });
});

describe("bad input", () => {
  it("answers 4xx with a message and changes nothing", async () => {
    const staff = await eventStaff();
    const bad = await call(newEventAction, postRequest("/circle/events/new", { title: "", startsAt: "2026-13-40T25:00", endsAt: "x", venue: "", capacity: "-3", audience: "everyone" }, staff.cookie));
    expect(bad.status).toBe(400);
    expect(bad.data.result.error).toMatchObject({ title: ["errors.required"], startsAt: ["errors.circleEventTime"], capacity: ["errors.circleNumber"], audience: ["errors.invalidChoice"] });
    const backwards = await call(newEventAction, postRequest("/circle/events/new", { title: "x", startsAt: `${daysFromNow(3)}T10:00`, endsAt: `${daysFromNow(3)}T09:00`, venue: "x", capacity: "10", audience: "members" }, staff.cookie));
    expect(backwards.status).toBe(400);
    expect(backwards.data.result.error.endsAt).toEqual(["errors.circleEventEnds"]);
    const past = await call(newEventAction, postRequest("/circle/events/new", { title: "x", startsAt: "2020-01-01T10:00", endsAt: "2020-01-01T12:00", venue: "x", capacity: "10", audience: "members" }, staff.cookie));
    expect(past.status).toBe(422);
    expect((await call(listLoader, getRequest("/circle/events", staff.cookie))).data.events).toEqual([]);

    const { event } = await createEvent();
    const [member] = await tenantMembers(1);
    expect((await call(eventAction, postRequest(`/circle/events/${event.id}`, { intent: "drop-table" }, member.cookie), { id: event.id })).status).toBe(400);
    expect((await call(eventAction, postRequest(`/circle/events/not-a-uuid`, { intent: "register" }, member.cookie), { id: "not-a-uuid" })).status).toBe(404);
    expect((await call(eventAction, postRequest(`/circle/events/${event.id}`, { intent: "cancel" }, member.cookie), { id: event.id })).status).toBe(409);
    const email = await call(eventAction, postRequest(`/circle/events/${event.id}`, { intent: "register-public", name: "x", email: "not-an-email" }), { id: event.id });
    expect(email.status).toBe(400);
    expect(email.data.result.error.email).toEqual(["errors.email"]);
    const code = await call(checkInAction, postRequest(`/circle/events/${event.id}/check-in`, { code: "<script>" }, staff.cookie), { id: event.id });
    expect(code.status).toBe(400);
    expect(code.data.result.error.code).toEqual(["errors.circleCheckInFormat"]);
    expect((await call(calendarLoader, getRequest(`/circle/events/../etc/calendar.ics`, member.cookie), { id: "../etc" })).status).toBe(404);
  });
});

describe("the calendar file", () => {
  it("gives the time in UTC and escapes text", async () => {
    const startsAt = parkLocalToInstant(`${daysFromNow(4)}T09:30`)!;
    const { event } = await createEvent({ title: "路演日; 第一场, AI", description: "第一行\n第二行；含逗号, 分号; 反斜杠\\", startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), venue: "路演厅" });
    const [member] = await tenantMembers(1);
    const response = await calendarLoader({ request: getRequest(`/circle/events/${event.id}/calendar.ics`, member.cookie), params: { id: event.id }, context: {} } as never);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const text = await response.text();
    const unfolded = text.replace(/\r\n[ \t]/g, "");
    const day = daysFromNow(4).replaceAll("-", "");
    expect(unfolded).toContain(`DTSTART:${day}T013000Z`);
    expect(unfolded).toContain(`DTEND:${day}T030000Z`);
    expect(unfolded).toContain("SUMMARY:路演日\\; 第一场\\, AI");
    expect(unfolded).toContain("DESCRIPTION:第一行\\n第二行；含逗号\\, 分号\\; 反斜杠\\\\");
    expect(unfolded).toContain("LOCATION:路演厅");
    expect(unfolded).toContain(`UID:circle-event-${event.id}@haopu-hub`);
  });
});

describe("checking in", () => {
  it("checks a confirmed attendee in once; a second time says when; an unknown code says so; the CSV lists them", async () => {
    const { staff, event } = await createEvent({ capacity: 1 });
    const [a, b] = await tenantMembers(2);
    await registerForEvent(a.actor, event.id, meta);
    await registerForEvent(b.actor, event.id, meta);
    const [ticketA] = (await registrationsOf(event.id)).filter((r) => r.userId === a.user.id);
    const typed = `${ticketA.checkInCode.slice(0, 4).toLowerCase()}-${ticketA.checkInCode.slice(4)}`;
    const path = `/circle/events/${event.id}/check-in`;
    const first = await call(checkInAction, postRequest(path, { code: typed }, staff.cookie), { id: event.id });
    expect(first.status).toBe(200);
    expect(first.data.done).toMatchObject({ outcome: "checked_in", name: a.user.displayName });
    const second = await call(checkInAction, postRequest(path, { code: ticketA.checkInCode }, staff.cookie), { id: event.id });
    expect(second.status).toBe(409);
    expect(second.data.done.outcome).toBe("already");
    expect(new Date(second.data.done.at).toISOString()).toBe(new Date(first.data.done.at).toISOString());
    const unknown = await call(checkInAction, postRequest(path, { code: "ZZZZ-2222" }, staff.cookie), { id: event.id });
    expect([unknown.status, unknown.data.done.outcome]).toEqual([404, "unknown"]);
    // The waitlisted person's code does not get in.
    const [ticketB] = (await registrationsOf(event.id)).filter((r) => r.userId === b.user.id);
    expect((await checkIn(staff.actor, event.id, ticketB.checkInCode, meta)).outcome).toBe("not_confirmed");

    const csv = await csvLoader({ request: getRequest(`/circle/events/${event.id}/attendees.csv`, staff.cookie), params: { id: event.id }, context: {} } as never);
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body).toContain(a.user.email);
    expect(body).toContain("已确认");
    expect(body).toContain("候补中");
  });
});

describe("reminders the day before", () => {
  it("reach each confirmed attendee once, in-app and by email, only for tomorrow's events", async () => {
    const { event } = await createEvent({ capacity: 1 });
    const [a, b] = await tenantMembers(2);
    await registerForEvent(a.actor, event.id, meta);
    await registerForEvent(b.actor, event.id, meta);
    const dayBefore = new Date(event.startsAt.getTime() - 24 * 3600_000);
    const twoDaysBefore = new Date(event.startsAt.getTime() - 48 * 3600_000);
    expect(await sendEventReminders({ now: twoDaysBefore, origin: "http://localhost" })).toBe(0);
    expect(await sendEventReminders({ now: dayBefore, origin: "http://localhost" })).toBe(1);
    expect(await sendEventReminders({ now: dayBefore, origin: "http://localhost" })).toBe(0);
    const database = await db();
    expect(await database.select().from(notifications).where(and(eq(notifications.userId, a.user.id), eq(notifications.kind, "circleEventReminder")))).toHaveLength(1);
    expect(await database.select().from(notifications).where(eq(notifications.userId, b.user.id))).toHaveLength(0);
    const mail = await database.select().from(outboxEmails).where(eq(outboxEmails.toAddress, a.user.email));
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toContain("明天");
  });
});

describe("a park venue", () => {
  it("is held on the services calendar, refuses a clashing order or event, and is released when the event moves off it", async () => {
    const { suite } = await seedCatalogue();
    const day = daysFromNow(8);
    const startsAt = parkLocalToInstant(`${day}T14:00`)!;
    const endsAt = parkLocalToInstant(`${day}T16:00`)!;
    const { staff, event } = await createEvent({ venueResourceId: suite.id, venue: "", startsAt, endsAt });
    const calendar = await resourceCalendar(null, suite.id, parkLocalToInstant(`${day}T00:00`)!, parkLocalToInstant(`${day}T23:59`)!);
    expect(calendar.bookings).toHaveLength(1);
    // 16:00 plus the suite's 30 minutes of tear-down.
    expect(calendar.bookings[0].endsAt).toBe(new Date(endsAt.getTime() + 30 * 60_000).toISOString());

    const tenant = await signedInMember();
    const buyer = await actorFor(tenant.cookie);
    await expect(placeOrder(buyer, { lines: [{ offeringCode: "post-suite-hour", quantity: 1, startsAt: parkLocalToInstant(`${day}T15:00`)!.toISOString(), endsAt: parkLocalToInstant(`${day}T17:00`)!.toISOString() }] })).rejects.toMatchObject({ code: "conflict" });
    await expect(saveEvent(staff.actor, eventInput({ venueResourceId: suite.id, startsAt, endsAt, title: "另一场" }), meta)).rejects.toMatchObject({ code: "conflict", messageKey: "errors.slotTaken" });

    await saveEvent(staff.actor, eventInput({ venueResourceId: undefined, venue: "3 号楼大堂", startsAt, endsAt }), meta, event.id);
    const live = await (await db()).select().from(serviceBookings).where(and(eq(serviceBookings.resourceId, suite.id), eq(serviceBookings.status, "confirmed")));
    expect(live).toHaveLength(0);
    await placeOrder(buyer, { lines: [{ offeringCode: "post-suite-hour", quantity: 1, startsAt: parkLocalToInstant(`${day}T15:00`)!.toISOString(), endsAt: parkLocalToInstant(`${day}T17:00`)!.toISOString() }] });
  });
});

describe("staff cancel an event", () => {
  it("tells every registrant and closes registration", async () => {
    const { staff, event } = await createEvent({ capacity: 1 });
    const [a, b] = await tenantMembers(2);
    await registerForEvent(a.actor, event.id, meta);
    await registerForEvent(b.actor, event.id, meta);
    expect(await cancelEvent(staff.actor, event.id, "场地检修", meta)).toBe(2);
    await expect(cancelMyRegistration(a.actor, event.id, meta)).rejects.toMatchObject({ messageKey: "errors.circleEventCancelled" });
    const told = await (await db()).select().from(notifications).where(eq(notifications.kind, "circleEventCancelled"));
    expect(told).toHaveLength(2);
    const kept = await (await db()).select().from(circleEventRegistrations).where(eq(circleEventRegistrations.eventId, event.id));
    expect(kept.map((r) => r.status).sort()).toEqual(["confirmed", "waitlisted"]);
    expect((await call(eventLoader, getRequest(`/circle/events/${event.id}`, b.cookie), { id: event.id })).data.state).toBe("cancelled");
  });
});

describe("the demo park", () => {
  it("has an upcoming conference in the 路演厅, held on its calendar, with members registered", async () => {
    await seedDemoPark();
    const database = await db();
    const [conference] = await database.select().from(circleEvents).where(eq(circleEvents.title, "上海AI互动生态大会"));
    expect(conference.startsAt.getTime()).toBeGreaterThan(Date.now());
    expect(conference.confirmedCount).toBe(6);
    const held = await database.select().from(serviceBookings).where(eq(serviceBookings.parkUseRef, `circle_event:${conference.id}`));
    expect(held.map((b) => b.status)).toEqual(["confirmed"]);
    const visitor = await call(listLoader, getRequest("/circle/events"));
    expect(visitor.data.events.map((e: { title: string }) => e.title)).toEqual(["科幻电影周 · 开幕放映与映后交流"]);
    // Seeding the whole demo park takes a few seconds alone, far more on two busy cores.
  }, 90_000);
});
