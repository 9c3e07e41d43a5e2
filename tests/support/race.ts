// The race helper: runs N pieces of work at the same instant, each on its own connection to the
// real server, so that row locks, unique constraints and advisory locks really contend. PGlite has
// one connection and cannot show a race; these helpers refuse to run without a server.
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "#db/schema/index";
import type { Db } from "~/modules/platform/db.server";
import { testDatabaseUrl } from "./database";

export interface RaceOutcome<T> {
  fulfilled: T[];
  rejected: unknown[];
  results: PromiseSettledResult<T>[];
}

/**
 * Opens `n` separate connections, waits until every one is connected, then starts `work(db, i)`
 * on all of them at once (a barrier), and settles them all.
 */
export async function raceOnConnections<T>(n: number, work: (db: Db, index: number) => Promise<T>): Promise<RaceOutcome<T>> {
  if (!testDatabaseUrl) throw new Error("raceOnConnections needs the real PostgreSQL server (npm run test:pg)");
  const clients = Array.from({ length: n }, () => postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} }));
  try {
    // Connect every client before the start signal, so connection set-up does not stagger them.
    await Promise.all(clients.map((c) => c`select 1`));
    let release!: () => void;
    const barrier = new Promise<void>((resolve) => (release = resolve));
    const running = clients.map(async (client, i) => {
      await barrier;
      return work(drizzle(client, { schema }) as unknown as Db, i);
    });
    release();
    const results = await Promise.allSettled(running);
    return {
      results,
      fulfilled: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
      rejected: results.flatMap((r) => (r.status === "rejected" ? [r.reason] : [])),
    };
  } finally {
    await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
  }
}

/**
 * Fires `n` calls of an application function at once. The app's pool (10 connections in tests)
 * gives them separate connections; use this for module functions that use `getDb()`.
 */
export async function raceCalls<T>(n: number, call: (index: number) => Promise<T>): Promise<RaceOutcome<T>> {
  if (!testDatabaseUrl) throw new Error("raceCalls needs the real PostgreSQL server (npm run test:pg)");
  let release!: () => void;
  const barrier = new Promise<void>((resolve) => (release = resolve));
  const running = Array.from({ length: n }, async (_, i) => {
    await barrier;
    return call(i);
  });
  release();
  const results = await Promise.allSettled(running);
  return {
    results,
    fulfilled: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
    rejected: results.flatMap((r) => (r.status === "rejected" ? [r.reason] : [])),
  };
}
