// Guard tests: prove that the race helper really runs work concurrently on separate connections,
// so that a race test that passes means something.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organisations } from "#db/schema/index";
import { queryRows } from "~/modules/platform/db.server";
import { createOrg } from "../support/factories";
import { raceOnConnections } from "../support/race";

describe("the race helper", () => {
  it("uses a separate server connection for each piece of work", async () => {
    const outcome = await raceOnConnections(8, async (db) => {
      const [row] = await queryRows<{ pid: number }>(db, sql`select pg_backend_pid() as pid`);
      return row.pid;
    });
    expect(new Set(outcome.fulfilled).size).toBe(8);
  });

  it("contends: while one transaction holds a row lock, the other must wait for it", async () => {
    const org = await createOrg();
    const events: string[] = [];
    const outcome = await raceOnConnections(2, async (db, i) => {
      if (i === 0) {
        await db.transaction(async (tx) => {
          await tx.execute(sql`select id from ${organisations} where id = ${org.id} for update`);
          events.push("holder locked");
          await new Promise((r) => setTimeout(r, 400));
          events.push("holder releasing");
        });
        return 0;
      }
      // Give the holder a head start, then try to take the same row.
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      await db.transaction(async (tx) => {
        await tx.execute(sql`select id from ${organisations} where id = ${org.id} for update`);
        events.push("waiter locked");
      });
      return Date.now() - started;
    });
    expect(outcome.rejected).toEqual([]);
    expect(events).toEqual(["holder locked", "holder releasing", "waiter locked"]);
    // The waiter was blocked for most of the holder's 400 ms.
    expect(outcome.fulfilled[1]).toBeGreaterThanOrEqual(200);
  });

  it("starts the work together: all of it is in flight before any of it finishes", async () => {
    let inFlight = 0;
    let peak = 0;
    await raceOnConnections(6, async (db) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await db.execute(sql`select pg_sleep(0.2)`);
      inFlight--;
    });
    expect(peak).toBe(6);
  });
});
