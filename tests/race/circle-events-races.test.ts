// Event registration under concurrency on the real server: 300 members registering at the same
// instant for 200 places get exactly 200 places and 100 waitlist spots, in the order their
// transactions took the event's lock; cancellations — one, then twenty at once — each promote
// exactly the earliest waiting person, who is told in-app and by email.
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { circleEvents, notifications, outboxEmails } from "#db/schema/index";
import { cancelMyRegistration, registerForEvent } from "~/modules/circle/events.server";
import { getDb } from "~/modules/platform/db.server";
import { createEvent, meta, registrationsOf, tenantMembers } from "../support/circle-events";
import { raceCalls } from "../support/race";

describe("300 members register at once for 200 places", () => {
  it("confirms exactly 200 and waitlists 100 in arrival order; cancellations promote exactly one each, the earliest", async () => {
    const { event } = await createEvent({ capacity: 200 });
    const people = await tenantMembers(300);

    const outcome = await raceCalls(300, (i) => registerForEvent(people[i].actor, event.id, meta));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.filter((r) => r.status === "confirmed")).toHaveLength(200);
    expect(outcome.fulfilled.filter((r) => r.status === "waitlisted")).toHaveLength(100);

    const db = await getDb();
    const [after] = await db.select().from(circleEvents).where(eq(circleEvents.id, event.id));
    expect(after.confirmedCount).toBe(200);
    let rows = await registrationsOf(event.id);
    const confirmed = rows.filter((r) => r.status === "confirmed");
    const waitlisted = rows.filter((r) => r.status === "waitlisted").sort((a, b) => a.queueNo - b.queueNo);
    expect(confirmed).toHaveLength(200);
    expect(waitlisted).toHaveLength(100);
    // Arrival order: every confirmed person took the lock before every waitlisted one.
    expect(Math.max(...confirmed.map((r) => r.queueNo))).toBeLessThan(Math.min(...waitlisted.map((r) => r.queueNo)));
    expect(new Set(rows.map((r) => r.checkInCode)).size).toBe(300);

    // One cancellation: exactly one promoted, the earliest waiting, and told.
    const leaver = people.find((p) => p.user.id === confirmed[0].userId)!;
    await cancelMyRegistration(leaver.actor, event.id, meta);
    rows = await registrationsOf(event.id);
    expect(rows.filter((r) => r.status === "confirmed")).toHaveLength(200);
    expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(99);
    const first = rows.find((r) => r.id === waitlisted[0].id)!;
    expect(first.status).toBe("confirmed");
    const told = await db.select().from(notifications).where(and(eq(notifications.userId, first.userId!), eq(notifications.kind, "circleEventPromoted")));
    expect(told).toHaveLength(1);
    expect(await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, first.email))).toHaveLength(1);

    // Twenty confirmed people cancel at the same instant: the next twenty waiting move up, no more.
    // Chosen among those confirmed from the start (the first leaver aside), never the person just promoted:
    // rows come back in the table's physical order, which an update may change.
    const leaving = confirmed.slice(1, 21);
    const cancels = await raceCalls(20, (i) => cancelMyRegistration(people.find((p) => p.user.id === leaving[i].userId)!.actor, event.id, meta));
    expect(cancels.rejected).toEqual([]);
    rows = await registrationsOf(event.id);
    expect(rows.filter((r) => r.status === "confirmed")).toHaveLength(200);
    expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(79);
    const promotedIds = waitlisted.slice(0, 21).map((r) => r.id);
    expect(rows.filter((r) => promotedIds.includes(r.id)).every((r) => r.status === "confirmed")).toBe(true);
    expect(rows.filter((r) => waitlisted.slice(21).some((w) => w.id === r.id)).every((r) => r.status === "waitlisted")).toBe(true);
    const promotions = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, "circleEventPromoted"), inArray(notifications.userId, rows.filter((r) => promotedIds.includes(r.id)).map((r) => r.userId!))));
    expect(promotions).toHaveLength(21);
    const [final] = await db.select().from(circleEvents).where(eq(circleEvents.id, event.id));
    expect(final.confirmedCount).toBe(200);
  });

  it("one member pressing register many times at once gets one registration", async () => {
    const { event } = await createEvent({ capacity: 5 });
    const [person] = await tenantMembers(1);
    const outcome = await raceCalls(10, () => registerForEvent(person.actor, event.id, meta));
    expect(outcome.fulfilled).toHaveLength(1);
    expect(outcome.rejected).toHaveLength(9);
    expect((await registrationsOf(event.id)).filter((r) => r.status !== "cancelled")).toHaveLength(1);
  });
});
