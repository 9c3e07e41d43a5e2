// Awarding a call's winner under concurrency, on the real server: many award requests for the same
// entry at the same instant — one staff member double-clicking, several staff at once — give one
// award and one grant of credits; the winner's balance rises once; everyone else is told it was
// already awarded.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { circleCallAwards, creditGrants, creditTransfers, notifications } from "#db/schema/index";
import { actOnEntry, awardSubmission, getEntry, moveCall } from "~/modules/circle/calls.server";
import { getBalances } from "~/modules/credits/statements.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { parkMember } from "../support/admission";
import { meta, openCall, parkPeople, tenant } from "../support/circle-calls";
import { raceCalls } from "../support/race";

async function closedCallWithEntries(companies: number) {
  const { runner, reviewer } = await parkPeople();
  const theCall = await openCall(runner.actor, [reviewer.actor], { requiredAttachments: [], awardMilli: 5_000_000n });
  const studios = [];
  for (let i = 0; i < companies; i++) {
    const studio = await tenant(`竞赛短剧${i}`);
    await actOnEntry(studio.actor, theCall.id, { intent: "submit", title: `项目${i}`, summary: "" }, meta);
    studios.push({ ...studio, entryId: (await getEntry(studio.actor, theCall.id)).entry!.id });
  }
  await moveCall(runner.actor, theCall.id, "close", meta);
  return { runner, theCall, studios };
}

describe("awarding at the same time", () => {
  it("30 award requests for one entry from three staff: one award, one grant, the balance up once", async () => {
    const { runner, theCall, studios } = await closedCallWithEntries(1);
    const [studio] = studios;
    const others = [runner, await parkMember("admissions"), await parkMember("admin")];
    const before = (await getBalances(studio.actor)).availableMilli;

    const outcome = await raceCalls(30, (i) => awardSubmission(others[i % 3].actor, theCall.id, { submissionId: studio.entryId, note: "" }, meta));
    expect(outcome.fulfilled).toHaveLength(1);
    expect(outcome.rejected).toHaveLength(29);
    for (const error of outcome.rejected) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "conflict", messageKey: "errors.callAlreadyAwarded" });
    }

    const db = await getDb();
    expect(await db.select().from(circleCallAwards).where(eq(circleCallAwards.submissionId, studio.entryId))).toHaveLength(1);
    const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, studio.org.id));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ category: "programme", amountMilli: 5_000_000n });
    const transfers = await db.select().from(creditTransfers).where(eq(creditTransfers.reference, `grant:${grants[0].id}`));
    expect(transfers).toHaveLength(1);
    expect((await getBalances(studio.actor)).availableMilli - before).toBe(5_000_000n);
    expect(await db.select().from(notifications).where(eq(notifications.userId, studio.owner.id))).toHaveLength(1);
  });

  it("awarding different entries of one call at once: each winner granted exactly once", async () => {
    const { runner, theCall, studios } = await closedCallWithEntries(4);
    const outcome = await raceCalls(16, (i) => awardSubmission(runner.actor, theCall.id, { submissionId: studios[i % 4].entryId, note: "" }, meta));
    expect(outcome.fulfilled).toHaveLength(4);
    expect(outcome.rejected.map((e) => (e as AppError).messageKey)).toEqual(Array(12).fill("errors.callAlreadyAwarded"));
    const db = await getDb();
    for (const studio of studios) {
      expect(await db.select().from(creditGrants).where(eq(creditGrants.orgId, studio.org.id))).toHaveLength(1);
      expect((await getBalances(studio.actor)).availableMilli).toBe(5_000_000n);
    }
  });
});
