// Failed-login limits, counted in PostgreSQL so they hold across app instances. Two keys per
// attempt: the client (its address), which is slowed down once it has failed a few times, and the
// client together with the account, which may fail at most 100 times an hour (OWASP ASVS 2.2.1).
// No limit belongs to the account alone, so failures from one client never lock the account's
// owner out from another. A login first reserves a slot (a row) under an advisory lock on each
// key; a correct password gives the slots back. See docs/decisions/004-login-throttle.md.
import { inArray, sql } from "drizzle-orm";
import { loginFailures } from "#db/schema/identity";
import { config } from "~/modules/platform/config.server";
import { getDb, queryRows } from "~/modules/platform/db.server";
import { registerDailyTask } from "~/modules/platform/jobs.server";

const WINDOW_SECONDS = 3600;
/** Failures a client may make in an hour before it has to wait between attempts. */
const FREE_FAILURES_PER_CLIENT = 5;
const LONGEST_WAIT_SECONDS = 60;

export type Reservation =
  | { ok: true; ids: string[] }
  | { ok: false; retryAfterSeconds: number; reason: "limit" | "slowDown" };

export interface ThrottleKey {
  key: string;
  /** Failures allowed in any rolling hour. */
  limit: number;
  /** Whether each failure past the free ones makes the next attempt wait longer. */
  slowDown: boolean;
}

/**
 * How long a client with `failures` failures in the last hour waits after its latest attempt:
 * nothing for the first five, then 1 s, 2 s, 4 s … and at most a minute.
 */
export function slowDownSeconds(failures: number) {
  if (failures < FREE_FAILURES_PER_CLIENT) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES_PER_CLIENT), LONGEST_WAIT_SECONDS);
}

export function throttleKeys(email: string, ip: string | null): ThrottleKey[] {
  const client = `ip:${ip ?? "unknown"}`;
  return [
    { key: `account:${email.trim().toLowerCase()}|${client}`, limit: config().LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR, slowDown: false },
    { key: client, limit: config().LOGIN_FAILURES_PER_IP_PER_HOUR, slowDown: true },
  ];
}

export async function reserveLoginAttempt(keys: ThrottleKey[]): Promise<Reservation> {
  const db = await getDb();
  // Keys are locked in a fixed order so two logins never wait on each other in a circle.
  const ordered = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  let refused: Reservation | undefined;
  try {
    return await db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const { key, limit, slowDown } of ordered) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"login:" + key}))`);
        // Times are the database's clock at this moment (not the transaction's start, which may
        // be before the lock was granted), so app servers with drifting clocks agree and two
        // attempts that waited on each other are measured in the order they got the lock.
        const [window] = await queryRows<{ failures: number; agesOutIn: number | null; sinceLatest: number | null }>(
          tx,
          sql`select count(*)::int as failures,
                extract(epoch from min(at) + make_interval(secs => ${WINDOW_SECONDS}) - clock_timestamp())::float8 as "agesOutIn",
                extract(epoch from clock_timestamp() - max(at))::float8 as "sinceLatest"
              from login_failures
              where key = ${key} and at > clock_timestamp() - make_interval(secs => ${WINDOW_SECONDS})`,
        );
        if (window.failures >= limit) {
          refused = { ok: false, reason: "limit", retryAfterSeconds: Math.max(1, Math.ceil(Number(window.agesOutIn ?? 1))) };
        } else if (slowDown) {
          const wait = slowDownSeconds(window.failures) - Number(window.sinceLatest ?? Infinity);
          if (wait > 0) refused = { ok: false, reason: "slowDown", retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
        }
        // Gives back the slots already taken for the keys before this one.
        if (refused) tx.rollback();
        const [row] = await tx.insert(loginFailures).values({ key, at: sql`clock_timestamp()` }).returning({ id: loginFailures.id });
        ids.push(row.id);
      }
      return { ok: true as const, ids };
    });
  } catch (error) {
    if (refused) return refused;
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
async function pruneLoginFailures() {
  const db = await getDb();
  await db.execute(sql`delete from login_failures where at < now() - interval '1 day'`);
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerIdentityLoginThrottle() {
  registerDailyTask("prune-login-failures", pruneLoginFailures);
}
