// 工作台: each person sees one card per capability they work in, and its figures are the ones the
// capability's own page shows — what a tenant owes and how much of it is late, what finance has
// overdue, what waits for the housing office. Nobody sees a card for work that is not theirs.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { housingUnits, invoices } from "#db/schema/index";
import { submitApplication } from "~/modules/admission/apply.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { loader as dashboardLoader } from "~/routes/dashboard";
import { openInvoice, parkStaff, STAGE_TOTAL_FEN } from "../support/billing";
import { completedDraft, DECLARED, meta, newApplicant } from "../support/admission";
import { call, getRequest } from "../support/factories";
import { activeLease, seedHousing, submittedApplication, tenantWithQuota } from "../support/housing";

type Card = { key: string; to: string; figures: { labelKey: string; value: string; kind: string; alert?: boolean }[] };

async function cardsOf(cookie: string): Promise<Card[]> {
  const answer = await call(dashboardLoader, getRequest("/dashboard", cookie));
  expect(answer.status).toBe(200);
  return answer.data.cards as Card[];
}

function figure(cards: Card[], card: string, label: string) {
  const found = cards.find((c) => c.key === card)?.figures.find((f) => f.labelKey === `dashboard.figures.${label}`);
  if (!found) throw new Error(`no ${label} on the ${card} card`);
  return found;
}

async function makeOverdue(invoiceId: string) {
  const db = await getDb();
  await db.update(invoices).set({ dueOn: addDaysIso(parkDate(), -10) }).where(eq(invoices.id, invoiceId));
}

describe("the dashboard's cards", () => {
  it("a tenant owner sees what the company owes, how many invoices are late, and members' housing applications to endorse", async () => {
    await seedHousing();
    const tenant = await tenantWithQuota(2);
    const late = await openInvoice(tenant.org.id);
    await openInvoice(tenant.org.id);
    await makeOverdue(late.id);
    await submittedApplication(tenant);

    const cards = await cardsOf(tenant.owner.cookie);
    expect(cards.map((c) => c.key)).toEqual(["billing", "compute", "services", "housing"]);
    expect(figure(cards, "billing", "amountDue")).toMatchObject({ kind: "fen", value: String(2n * STAGE_TOTAL_FEN) });
    expect(figure(cards, "billing", "openInvoices").value).toBe("2");
    expect(figure(cards, "billing", "overdueInvoices")).toMatchObject({ value: "1", alert: true });
    expect(figure(cards, "compute", "creditsAvailable")).toMatchObject({ kind: "credits", value: "0" });
    expect(figure(cards, "housing", "toEndorse")).toMatchObject({ value: "1", alert: true });
    expect(cards.find((c) => c.key === "housing")?.to).toBe("/housing/company");
  });

  it("a plain member sees no billing card, and no housing card until they live in the park", async () => {
    const tenant = await tenantWithQuota(2);
    await openInvoice(tenant.org.id);
    const cards = await cardsOf(tenant.member.cookie);
    expect(cards.map((c) => c.key)).toEqual(["compute", "services"]);
  });

  it("a member with a signed lease sees the unit on the housing card before moving in, and no one else's", async () => {
    const { tenant, unitId } = await activeLease();
    const [unit] = await (await getDb()).select({ code: housingUnits.code }).from(housingUnits).where(eq(housingUnits.id, unitId));
    const cards = await cardsOf(tenant.member.cookie);
    expect(figure(cards, "housing", "myUnit")).toMatchObject({ kind: "text", value: unit.code });
    expect(cards.find((c) => c.key === "housing")?.to).toBe("/housing");
    // The company's owner does not live there: the card shows only what waits for endorsement.
    const ownerCards = await cardsOf(tenant.owner.cookie);
    expect(ownerCards.find((c) => c.key === "housing")?.figures.map((f) => f.labelKey)).toEqual(["dashboard.figures.toEndorse"]);
  });

  it("finance sees the overdue receivables across tenants; nothing is flagged when nothing is late", async () => {
    const finance = await parkStaff("finance");
    const quiet = await cardsOf(finance.cookie);
    expect(quiet.map((c) => c.key)).toEqual(["finance"]);
    expect(figure(quiet, "finance", "overdueAmount")).toMatchObject({ value: "0", alert: false });

    const tenant = await tenantWithQuota(1);
    const late = await openInvoice(tenant.org.id);
    await makeOverdue(late.id);
    await openInvoice(tenant.org.id);
    const cards = await cardsOf(finance.cookie);
    expect(figure(cards, "finance", "overdueAmount")).toMatchObject({ kind: "fen", value: String(STAGE_TOTAL_FEN), alert: true });
  });

  it("each desk sees its own card only; the park admin sees every desk", async () => {
    await seedHousing();
    const tenant = await tenantWithQuota(2);
    await submittedApplication(tenant);
    const housing = await parkStaff("housing");
    const housingCards = await cardsOf(housing.cookie);
    expect(housingCards.map((c) => c.key)).toEqual(["housing"]);
    expect(figure(housingCards, "housing", "openRepairs").value).toBe("0");

    expect((await cardsOf((await parkStaff("registration")).cookie)).map((c) => c.key)).toEqual(["registration"]);
    expect((await cardsOf((await parkStaff("services")).cookie)).map((c) => c.key)).toEqual(["services"]);
    expect((await cardsOf((await parkStaff("admissions")).cookie)).map((c) => c.key)).toEqual(["admissions"]);
    expect((await cardsOf((await parkStaff("admin")).cookie)).map((c) => c.key)).toEqual(["admissions", "services", "finance", "housing", "registration"]);
  });
});

describe("工作台 for someone who has applied to move in", () => {
  it("shows the application's state, its progress over all six steps while a draft, and nothing once there is none", async () => {
    const applicant = await newApplicant();
    const none = await call(dashboardLoader, getRequest("/dashboard", applicant.cookie));
    expect(none.data.org).toBeNull();
    expect(none.data.application).toBeNull();

    const draft = await completedDraft(applicant);
    const drafting = await call(dashboardLoader, getRequest("/dashboard", applicant.cookie));
    expect(drafting.data.application).toMatchObject({ status: "draft", nameZh: draft.company!.nameZh, progress: { done: 5, total: 6 } });

    await submitApplication(applicant.actor, draft.id, DECLARED, meta);
    const submitted = await call(dashboardLoader, getRequest("/dashboard", applicant.cookie));
    expect(submitted.data.application).toMatchObject({ status: "submitted", progress: null });
  });
});
