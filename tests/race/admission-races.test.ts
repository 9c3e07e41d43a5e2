// Admission decisions under concurrency, on the real server: reviewers deciding the same
// application at the same instant get one decision — one tenant, one grant of welcome credits —
// and everyone else is told it was already decided.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { admissionApplications, admissionEvents, auditEvents, creditGrants, memberships, organisations } from "#db/schema/index";
import { withdraw } from "~/modules/admission/apply.server";
import { decide } from "~/modules/admission/decide.server";
import { assignReviewer } from "~/modules/admission/review.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { meta, parkMember, submittedApplication } from "../support/admission";
import { raceCalls } from "../support/race";

const moveInOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const approve = { decision: "approve" as const, reason: "通过", seats: 6, moveInOn, welcomeCredits: 500 };

async function inReview() {
  const first = await parkMember("admissions");
  const second = await parkMember("admin");
  const { applicant, application } = await submittedApplication({ company: { nameEn: "Race Condition Films" } });
  await assignReviewer(first.actor, application.id, { assigneeUserId: first.user.id }, meta);
  return { first, second, applicant, application };
}

async function decisionsOf(applicationId: string) {
  const db = await getDb();
  const events = await db.select({ kind: admissionEvents.kind }).from(admissionEvents).where(eq(admissionEvents.applicationId, applicationId));
  const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, applicationId));
  return {
    events: events.map((e) => e.kind).filter((k) => ["approve", "reject", "waitlist", "withdraw"].includes(k)),
    audit: audit.map((a) => a.action).filter((a) => /approved|rejected|waitlisted|withdrawn/.test(a)),
  };
}

describe("deciding at the same time", () => {
  it("two reviewers, one approving and one rejecting: exactly one decision, the other told it was already decided", async () => {
    const { first, second, application } = await inReview();
    const outcome = await raceCalls(2, (i) =>
      i === 0 ? decide(first.actor, application.id, approve, meta) : decide(second.actor, application.id, { decision: "reject", reason: "不通过" }, meta),
    );
    expect(outcome.fulfilled).toHaveLength(1);
    expect(outcome.rejected).toHaveLength(1);
    expect(outcome.rejected[0]).toBeInstanceOf(AppError);
    expect(outcome.rejected[0]).toMatchObject({ code: "conflict", messageKey: "errors.admissionAlreadyDecided" });

    const db = await getDb();
    const [row] = await db.select().from(admissionApplications).where(eq(admissionApplications.id, application.id));
    const { events, audit } = await decisionsOf(application.id);
    expect(events).toHaveLength(1);
    expect(audit).toHaveLength(1);
    const tenants = await db.select({ n: count() }).from(organisations).where(eq(organisations.kind, "tenant"));
    if (row.status === "approved") {
      expect(Number(tenants[0].n)).toBe(1);
      expect(row.orgId).not.toBeNull();
    } else {
      expect(row.status).toBe("rejected");
      expect(Number(tenants[0].n)).toBe(0);
    }
  });

  it("five approvals at once create one tenant, one owner and one grant of welcome credits", async () => {
    const { first, second, applicant, application } = await inReview();
    const third = await parkMember("admissions");
    const reviewers = [first, second, third, first, second];
    const outcome = await raceCalls(5, (i) => decide(reviewers[i].actor, application.id, approve, meta));
    expect(outcome.fulfilled).toHaveLength(1);
    expect(outcome.rejected.map((e) => (e as AppError).messageKey)).toEqual(Array(4).fill("errors.admissionAlreadyDecided"));

    const db = await getDb();
    const orgs = await db.select().from(organisations).where(eq(organisations.kind, "tenant"));
    expect(orgs).toHaveLength(1);
    expect(orgs[0].slug).toBe("race-condition-films");
    const owners = await db.select().from(memberships).where(eq(memberships.orgId, orgs[0].id));
    expect(owners).toEqual([expect.objectContaining({ userId: applicant.user.id, role: "owner" })]);
    const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgs[0].id));
    expect(grants).toHaveLength(1);
    expect((await decisionsOf(application.id)).events).toEqual(["approve"]);
  });

  it("an applicant withdrawing while a reviewer approves: one of them wins, cleanly", async () => {
    const { first, applicant, application } = await inReview();
    const outcome = await raceCalls(2, (i) => (i === 0 ? decide(first.actor, application.id, approve, meta) : withdraw(applicant.actor, application.id, {}, meta)));
    expect(outcome.fulfilled).toHaveLength(1);
    expect(outcome.rejected).toHaveLength(1);
    expect((outcome.rejected[0] as AppError).code).toBe("conflict");
    const db = await getDb();
    const [row] = await db.select().from(admissionApplications).where(eq(admissionApplications.id, application.id));
    const tenants = await db.select().from(organisations).where(eq(organisations.kind, "tenant"));
    expect(tenants).toHaveLength(row.status === "approved" ? 1 : 0);
    expect((await decisionsOf(application.id)).events).toHaveLength(1);
  });
});
