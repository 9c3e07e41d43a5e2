// In-app notifications: the bell in the header. Stored as a catalogue key plus parameters so each
// reader sees them in their own language.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { notifications } from "#db/schema/platform";
import { getDb, type DbOrTx } from "./db.server";
import { isUuid } from "./ids";

export async function notify(
  tx: DbOrTx,
  options: { userId: string; orgId?: string | null; kind: string; params?: Record<string, string>; link?: string },
) {
  await tx.insert(notifications).values({
    userId: options.userId,
    orgId: options.orgId ?? null,
    kind: options.kind,
    params: options.params ?? {},
    link: options.link ?? null,
  });
}

/** How many of the person's notifications are unread (the bell's number), as a question for `askTogether`. */
export function unreadNotificationsQuestion(userId: string) {
  return sql<number>`select count(*)::int from ${notifications} where ${notifications.userId} = ${userId} and ${notifications.readAt} is null`;
}

export async function listNotifications(userId: string) {
  const db = await getDb();
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(100);
}

/** Marks one (or, without an id, every) notification of this user read. */
export async function markNotificationsRead(userId: string, notificationId?: string) {
  const db = await getDb();
  if (notificationId !== undefined && !isUuid(notificationId)) return 0;
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        notificationId ? eq(notifications.id, notificationId) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}
