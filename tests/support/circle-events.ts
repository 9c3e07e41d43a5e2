// Event fixtures: park staff who run events, an event starting in a few days, and many members.
import { eq } from "drizzle-orm";
import { circleEventRegistrations } from "#db/schema/index";
import { saveEvent } from "~/modules/circle/events.server";
import type { EventInput } from "~/modules/circle/events-forms";
import { getDb } from "~/modules/platform/db.server";
import { parkMember } from "./admission";
import { actorFor, addMember, createOrg, createUser, sessionCookie } from "./factories";

export const meta = { origin: "http://localhost", ip: "127.0.0.1", language: "zh-CN" };

/** Park staff with the events permission (the services desk role has it). */
export async function eventStaff(role = "services") {
  return parkMember(role);
}

export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  const startsAt = new Date(Date.now() + 3 * 86_400_000);
  return {
    title: "上海AI互动生态大会",
    description: "AI 与影视产业的年度聚会。",
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
    venue: "路演厅",
    venueResourceId: undefined,
    capacity: 200,
    audience: "members",
    ...overrides,
  };
}

export async function createEvent(overrides: Partial<EventInput> = {}) {
  const staff = await eventStaff();
  const event = await saveEvent(staff.actor, eventInput(overrides), meta);
  return { staff, event };
}

/** `n` members of one tenant company, each signed in. */
export async function tenantMembers(n: number) {
  const org = await createOrg();
  const people = [];
  for (let i = 0; i < n; i++) {
    const user = await createUser({ name: `观众${i}` });
    await addMember(org.id, user.id, i === 0 ? "owner" : "member");
    const cookie = await sessionCookie(user.id, org.id);
    people.push({ user, cookie, actor: await actorFor(cookie) });
  }
  return people;
}

export async function registrationsOf(eventId: string) {
  const db = await getDb();
  return db.select().from(circleEventRegistrations).where(eq(circleEventRegistrations.eventId, eventId)).orderBy(circleEventRegistrations.queueNo);
}
