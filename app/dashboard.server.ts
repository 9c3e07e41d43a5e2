// 工作台: what needs the person's attention today, one card per capability they work in. It only
// composes what each module already answers for its own pages (the desk queues, the finance
// overview, the tenant's invoices and balance), so a figure here is the figure on that page.
import { deskCounts } from "~/modules/registration/console.server";
import { pipeline } from "~/modules/admission/console.server";
import { getFinanceOverview } from "~/modules/billing/finance.server";
import { openInvoiceQuestions } from "~/modules/billing/invoices.server";
import { getBalances } from "~/modules/credits/statements.server";
import { applicationsToEndorseQuestion } from "~/modules/housing/applications.server";
import { housingOverview } from "~/modules/housing/console.server";
import { myUnitCodeQuestion } from "~/modules/housing/leases.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { memberCountQuestions } from "~/modules/identity/members.server";
import { can, hasPermission } from "~/modules/identity/permissions";
import { askTogether } from "~/modules/platform/db.server";
import { parkDate } from "~/modules/platform/dates";
import { deskOverview, openOrderQuestions } from "~/modules/services/console.server";
import { circleOverview } from "~/modules/circle/matches.server";

/** A number on a card: a count, money in fen, or credits in milli-credits (as strings, for JSON). */
export interface Figure {
  labelKey: string;
  value: string;
  kind: "count" | "fen" | "credits" | "text";
  /** The value for English readers, when a "text" value has one (a company's English name). */
  valueEn?: string;
  /** Something is late or waiting too long: shown in the alert colour. */
  alert?: boolean;
}

export interface Card {
  key: string;
  to: string;
  titleKey: string;
  figures: Figure[];
}

/** The service desk answers each order within this many hours (as on its own page). */
const SERVICE_SLA_HOURS = 24;

const count = (labelKey: string, n: number, alert = false): Figure => ({ labelKey, value: String(n), kind: "count", alert: alert && n > 0 });

async function parkCards(member: MemberActor, now: Date): Promise<Card[]> {
  const allowed = (permission: Parameters<typeof can>[2]) => hasPermission(member, permission, { kind: "park" });
  const cards: Promise<Card>[] = [];
  if (allowed("admission:review")) {
    cards.push(
      pipeline(member).then((rows) => {
        const of = (...statuses: string[]) => rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r.count, 0);
        const waiting = rows.filter((r) => r.status === "submitted" || r.status === "resubmitted");
        const oldest = Math.max(0, ...waiting.map((r) => r.oldestDays ?? 0));
        return {
          key: "admissions",
          to: "/admissions",
          titleKey: "dashboard.cards.admissions",
          figures: [
            count("dashboard.figures.toReview", of("submitted", "resubmitted"), oldest > 3),
            count("dashboard.figures.inReview", of("in_review", "interview_scheduled")),
            count("dashboard.figures.oldestDays", oldest, oldest > 3),
          ],
        };
      }),
    );
  }
  if (allowed("services:manage")) {
    cards.push(
      deskOverview(member, now).then((desk) => ({
        key: "services",
        to: "/services/desk",
        titleKey: "dashboard.cards.services",
        figures: [
          count("dashboard.figures.toApprove", desk.waiting.length),
          count("dashboard.figures.overSla", desk.waiting.filter((o) => o.ageHours >= SERVICE_SLA_HOURS).length, true),
          count("dashboard.figures.underway", desk.active.length),
        ],
      })),
    );
  }
  if (allowed("finance:manage")) {
    cards.push(
      getFinanceOverview(member).then((finance) => {
        const overdue = finance.buckets.filter((b) => b.bucket !== "current");
        const overdueFen = overdue.reduce((sum, b) => sum + b.outstandingFen, 0n);
        return {
          key: "finance",
          to: "/finance",
          titleKey: "dashboard.cards.finance",
          figures: [
            { labelKey: "dashboard.figures.overdueAmount", value: String(overdueFen), kind: "fen", alert: overdueFen > 0n },
            { labelKey: "dashboard.figures.receivedToday", value: String(finance.receipts.totalFen), kind: "fen" },
            count("dashboard.figures.unallocatedTransfers", finance.unallocated.length, true),
            count("dashboard.figures.toRefund", finance.needsRefund.length, true),
          ],
        };
      }),
    );
  }
  if (allowed("housing:manage")) {
    cards.push(
      housingOverview(member, now).then((housing) => ({
        key: "housing",
        to: "/housing/console",
        titleKey: "dashboard.cards.housingConsole",
        figures: [
          count("dashboard.figures.waitlist", housing.waitlist),
          count("dashboard.figures.openRepairs", housing.repairs.under1 + housing.repairs.under3 + housing.repairs.under7 + housing.repairs.over7),
          count("dashboard.figures.repairsOverWeek", housing.repairs.over7, true),
          count("dashboard.figures.leasesEnding", housing.endingSoon),
          { labelKey: "dashboard.figures.rentArrears", value: housing.arrearsFen, kind: "fen", alert: BigInt(housing.arrearsFen) > 0n },
        ],
      })),
    );
  }
  if (allowed("registration:manage")) {
    cards.push(
      deskCounts(member, now).then((desk) => ({
        key: "registration",
        to: "/registration/desk",
        titleKey: "dashboard.cards.registration",
        figures: [
          count("dashboard.figures.deskActs", desk.deskActs),
          count("dashboard.figures.pastDue", desk.overdue, true),
          count("dashboard.figures.unassigned", desk.unassigned),
        ],
      })),
    );
  }
  return Promise.all(cards);
}

/**
 * The tenant cards' counts and sums as questions for `askTogether`, each written by the module
 * that owns its table: one statement instead of reading the invoices, orders and applications
 * only to count them.
 */
function tenantQuestions(member: MemberActor, now: Date) {
  const allowed = (permission: Parameters<typeof can>[2]) => hasPermission(member, permission, { kind: "tenant" });
  return {
    ...(allowed("billing:read") ? openInvoiceQuestions(member, parkDate(now)) : {}),
    ...(allowed("services:order") ? openOrderQuestions(member) : {}),
    ...(allowed("housing:apply") ? { myUnit: myUnitCodeQuestion(member) } : {}),
    ...(allowed("housing:apply") && allowed("housing:endorse") ? { toEndorse: applicationsToEndorseQuestion(member) } : {}),
  };
}

type Answers = Record<string, unknown>;

async function tenantCards(member: MemberActor, now: Date, asked: Promise<Answers>): Promise<Card[]> {
  const allowed = (permission: Parameters<typeof can>[2]) => hasPermission(member, permission, { kind: "tenant" });
  const cards: Promise<Card | null>[] = [];
  if (allowed("billing:read")) {
    cards.push(
      asked.then((a) => ({
        key: "billing",
        to: "/billing",
        titleKey: "dashboard.cards.billing",
        figures: [
          { labelKey: "dashboard.figures.amountDue", value: String(a.dueFen), kind: "fen" as const },
          count("dashboard.figures.openInvoices", Number(a.openInvoices)),
          count("dashboard.figures.overdueInvoices", Number(a.overdueInvoices), true),
        ],
      })),
    );
  }
  if (allowed("credits:read")) {
    cards.push(
      getBalances(member, now).then((balances) => ({
        key: "compute",
        to: "/compute",
        titleKey: "dashboard.cards.compute",
        figures: [
          { labelKey: "dashboard.figures.creditsAvailable", value: String(balances.availableMilli), kind: "credits" as const },
          { labelKey: "dashboard.figures.creditsExpiring", value: String(balances.expiringMilli), kind: "credits" as const, alert: balances.expiringMilli > 0n },
        ],
      })),
    );
  }
  if (allowed("services:order")) {
    cards.push(
      asked.then((a) => ({
        key: "services",
        to: "/services/orders",
        titleKey: "dashboard.cards.serviceOrders",
        figures: [
          count("dashboard.figures.openOrders", Number(a.openOrders)),
          count("dashboard.figures.toPay", Number(a.ordersToPay), true),
          count("dashboard.figures.toAnswer", Number(a.ordersToAnswer), true),
        ],
      })),
    );
  }
  if (allowed("housing:apply")) {
    const endorses = allowed("housing:endorse");
    cards.push(
      asked.then((a) => {
        const figures: Figure[] = [];
        if (typeof a.myUnit === "string") figures.push({ labelKey: "dashboard.figures.myUnit", value: a.myUnit, kind: "text" });
        if (endorses) figures.push(count("dashboard.figures.toEndorse", Number(a.toEndorse), true));
        if (figures.length === 0) return null;
        return { key: "housing", to: endorses ? "/housing/company" : "/housing", titleKey: "dashboard.cards.housing", figures };
      }),
    );
  }
  if (allowed("circle:read")) {
    // The circle: the best suggested partner (its reason is on /circle) and the posts that fit.
    cards.push(
      circleOverview(member).then((circle): Card | null => {
        if (!circle.top && circle.posts === 0) return null;
        const figures: Figure[] = [];
        if (circle.top) figures.push({ labelKey: "dashboard.figures.suggestedPartner", value: circle.top.nameZh, valueEn: circle.top.nameEn, kind: "text" });
        figures.push(count("dashboard.figures.suggestions", circle.partners), count("dashboard.figures.fittingPosts", circle.posts));
        return { key: "circle", to: "/circle", titleKey: "dashboard.cards.circle", figures };
      }),
    );
  }
  return (await Promise.all(cards)).filter((card): card is Card => card !== null);
}

/**
 * 工作台 for the person's active organisation: its cards, in the order of the header's menu, and
 * how many members and open invitations it has (invitations only for those who may invite). The
 * counts and the tenant cards' figures go to the database as one statement.
 */
export async function dashboardOf(member: MemberActor, now = new Date()): Promise<{ cards: Card[]; members: number; invitations: number }> {
  const counts = memberCountQuestions(member);
  const tenant = member.org.kind === "tenant";
  const asked: Promise<Answers> = askTogether({
    members: counts.members,
    ...(hasPermission(member, "members:invite") ? { invitations: counts.invitations } : {}),
    ...(tenant ? tenantQuestions(member, now) : {}),
  });
  const [answers, cards] = await Promise.all([asked, tenant ? tenantCards(member, now, asked) : parkCards(member, now)]);
  return { cards, members: Number(answers.members), invitations: Number(answers.invitations ?? 0) };
}
