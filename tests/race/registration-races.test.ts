// Company registration under concurrency on the real server: desk members moving the same step at
// once move it once (the others are told it already moved), cases taking the last park address
// at once leave it with exactly one of them, and double clicks on "open a registration case" from
// an application open one case.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { admissionApplications, registrationAddresses, registrationCases, registrationEvents } from "#db/schema/index";
import { openRegistrationCaseFromApplication } from "~/modules/admission/registration-link.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { advanceCase } from "~/modules/registration/advance-case.server";
import { submitIntake } from "~/modules/registration/submit-case.server";
import { submittedApplication } from "../support/admission";
import { raceCalls } from "../support/race";
import { addParkAddresses, caseWithCompleteIntake, deskMember, submittedCase } from "../support/registration";

const refusalKeys = (rejected: unknown[]) => rejected.map((e) => (e instanceof AppError ? e.messageKey : String(e)));

describe("desk members advancing the same step at once", () => {
  it("moves the case once; every other member is told it already moved, and one event is written", async () => {
    const { caseId } = await submittedCase();
    const desks: Awaited<ReturnType<typeof deskMember>>[] = [];
    for (let i = 0; i < 8; i++) desks.push(await deskMember(i % 2 ? "registration" : "admin"));
    const outcome = await raceCalls(desks.length, (i) =>
      advanceCase(desks[i].actor, caseId, { from: "materials_complete", to: "name_approved", approvedNameZh: "上海星河影视文化有限公司", note: `desk ${i}` }),
    );
    expect(outcome.fulfilled).toHaveLength(1);
    expect(refusalKeys(outcome.rejected)).toEqual(Array(desks.length - 1).fill("registration.errors.alreadyMoved"));
    const db = await getDb();
    const events = await db
      .select()
      .from(registrationEvents)
      .where(and(eq(registrationEvents.caseId, caseId), eq(registrationEvents.fromStatus, "materials_complete"), eq(registrationEvents.toStatus, "name_approved")));
    expect(events).toHaveLength(1);
    const [row] = await db.select().from(registrationCases).where(eq(registrationCases.id, caseId));
    expect(row.status).toBe("name_approved");
    expect(events[0].note).toBe(`desk ${outcome.results.findIndex((r) => r.status === "fulfilled")}`);
  }, 120_000);
});

describe("cases taking the last park address at once", () => {
  it("gives it to exactly one case; the others are told none is left and stay in their intake", async () => {
    const [address] = await addParkAddresses(1);
    const cases: Awaited<ReturnType<typeof caseWithCompleteIntake>>[] = [];
    for (let i = 0; i < 6; i++) cases.push(await caseWithCompleteIntake({ overrides: { address: { kind: "park", ownAddress: "" } } }));
    const outcome = await raceCalls(cases.length, (i) => submitIntake(cases[i].owner.actor, cases[i].caseId));
    expect(outcome.fulfilled).toHaveLength(1);
    expect(refusalKeys(outcome.rejected)).toEqual(Array(cases.length - 1).fill("registration.errors.noParkAddress"));
    const winner = outcome.fulfilled[0];
    const db = await getDb();
    const [taken] = await db.select().from(registrationAddresses).where(eq(registrationAddresses.id, address.id));
    expect(taken.caseId).toBe(winner.id);
    const rows = await db.select().from(registrationCases);
    expect(rows.filter((r) => r.status === "materials_complete").map((r) => r.id)).toEqual([winner.id]);
    expect(rows.filter((r) => r.status === "intake")).toHaveLength(cases.length - 1);
  }, 120_000);

  it("never gives two cases the same address when there are fewer addresses than cases", async () => {
    await addParkAddresses(3);
    const cases: Awaited<ReturnType<typeof caseWithCompleteIntake>>[] = [];
    for (let i = 0; i < 8; i++) cases.push(await caseWithCompleteIntake({ overrides: { address: { kind: "park", ownAddress: "" } } }));
    const outcome = await raceCalls(cases.length, (i) => submitIntake(cases[i].owner.actor, cases[i].caseId));
    expect(outcome.fulfilled).toHaveLength(3);
    const db = await getDb();
    const assigned = (await db.select().from(registrationAddresses)).map((a) => a.caseId);
    expect(new Set(assigned).size).toBe(3);
    expect(assigned.sort()).toEqual(outcome.fulfilled.map((c) => c.id).sort());
  }, 120_000);
});

describe("an applicant clicking 'open a registration case' several times at once", () => {
  it("opens one case, linked to the application", async () => {
    const { applicant, application } = await submittedApplication({ company: { registered: "no" } });
    const outcome = await raceCalls(5, () => openRegistrationCaseFromApplication(applicant.actor, application.id));
    expect(outcome.rejected).toEqual([]);
    expect(new Set(outcome.fulfilled.map((c) => c.id)).size).toBe(1);
    const db = await getDb();
    expect(await db.select().from(registrationCases)).toHaveLength(1);
    const [linked] = await db.select().from(admissionApplications).where(eq(admissionApplications.id, application.id));
    expect(linked.registrationCaseId).toBe(outcome.fulfilled[0].id);
  }, 120_000);
});
