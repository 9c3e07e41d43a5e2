// Failed-login limits per account and per IP, counted in PostgreSQL so they hold across app
// instances. A login first reserves a slot (a row) under an advisory lock on each key; a correct
// password gives the slot back. So at most `limit` failures fit in any rolling hour, even when
// many attempts arrive at once. See docs/decisions/004-login-throttle.md.
import { inArray, sql } from "drizzle-orm";
import { loginFailures } from "#db/schema/index";
import { config } from "~/modules/platform/config.server";
import { getDb, queryRows } from "~/modules/platform/db.server";
import { registerDailyTask } from "~/modules/platform/jobs.server";

const WINDOW_SECONDS = 3600;

export type Reservation =
  | { ok: true; ids: string[] }
  | { ok: false; retryAfterSeconds: number };

export function throttleKeys(email: string, ip: string | null) {
  const keys = [{ key: `account:${email.trim().toLowerCase()}`, limit: config().LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR }];
  if (ip) keys.push({ key: `ip:${ip}`, limit: config().LOGIN_FAILURES_PER_IP_PER_HOUR });
  return keys;
}

export async function reserveLoginAttempt(keys: { key: string; limit: number }[]): Promise<Reservation> {
  const db = await getDb();
  // Keys are locked in a fixed order so two logins never wait on each other in a circle.
  const ordered = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  let limited: Reservation | undefined;
  try {
    return await db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const { key, limit } of ordered) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"login:" + key}))`);
        const [window] = await queryRows<{ failures: number; oldest: Date | string | null }>(
          tx,
          sql`select count(*)::int as failures, min(at) as oldest from login_failures
              where key = ${key} and at > now() - make_interval(secs => ${WINDOW_SECONDS})`,
        );
        if (window.failures >= limit) {
          const oldest = window.oldest ? new Date(window.oldest).getTime() : Date.now();
          const retryAfterSeconds = Math.max(1, Math.ceil((oldest + WINDOW_SECONDS * 1000 - Date.now()) / 1000));
          limited = { ok: false, retryAfterSeconds };
          // Gives back the slots already taken for the keys before this one.
          tx.rollback();
        }
        const [row] = await tx.insert(loginFailures).values({ key }).returning({ id: loginFailures.id });
        ids.push(row.id);
      }
      return { ok: true as const, ids };
    });
  } catch (error) {
    if (limited) return limited;
    throw error;
  }
}

/** A successful login is not a failure: its reserved slots are returned. */
export async function releaseLoginAttempt(ids: string[]) {
  if (ids.length === 0) return;
  const db = await getDb();
  await db.delete(loginFailures).where(inArray(loginFailures.id, ids));
}

/** Old rows are of no use to the sliding window; a daily job removes them. */
export async function pruneLoginFailures() {
  const db = await getDb();
  await db.execute(sql`delete from login_failures where at < now() - interval '1 day'`);
}

registerDailyTask("prune-login-failures", pruneLoginFailures);
