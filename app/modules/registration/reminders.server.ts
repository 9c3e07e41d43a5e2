// The yearly duties of each registered tenant (one with a USCC), and the daily task that reminds
// its owners and admins of each one once a year, when the duty's reminder window opens. The
// unique (org, duty, year) row makes a second run — or a second instance — send nothing.
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { orgDirectory } from "~/modules/identity/directory.server";
import { registrationCases, registrationDutyReminders, type RegistrationCaseType } from "#db/schema/registration";
import { peopleWithRoles } from "~/modules/identity/members.server";
import { parkDate } from "~/modules/platform/dates";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { registerDailyTask } from "~/modules/platform/jobs.server";
import { notify } from "~/modules/platform/notifications.server";
import { isReminderDue, upcomingDuties, yearlyDuties, type DutyCode } from "./duties";

/** How the company was registered, as far as the park knows: its latest completed case. */
async function registrationOf(db: DbOrTx, orgId: string) {
  const [row] = await db
    .select({ caseType: registrationCases.caseType, licenceIssuedOn: registrationCases.licenceIssuedOn })
    .from(registrationCases)
    .where(and(eq(registrationCases.orgId, orgId), eq(registrationCases.status, "completed")))
    .orderBy(desc(registrationCases.completedAt))
    .limit(1);
  return row ? { caseType: row.caseType as RegistrationCaseType, licensedOn: row.licenceIssuedOn } : { caseType: undefined, licensedOn: null };
}

/**
 * The duties a company should look at from `today` (park date), each with its window and state;
 * empty for an organisation that is not a registered tenant.
 */
export async function dutiesForOrg(db: DbOrTx, orgId: string, today = parkDate()) {
  const [org] = await db.select({ kind: orgDirectory.kind, uscc: orgDirectory.uscc }).from(orgDirectory).where(eq(orgDirectory.id, orgId));
  if (!org || org.kind !== "tenant" || !org.uscc) return [];
  return upcomingDuties(today, await registrationOf(db, orgId));
}

/** The notification (`notification.<kind>`) each yearly duty sends. */
const reminderKinds: Partial<Record<DutyCode, string>> = {
  annual_report: "registrationDutyAnnualReport",
  income_tax_settlement: "registrationDutyIncomeTax",
  owner_income_tax_settlement: "registrationDutyOwnerIncomeTax",
  social_insurance_base: "registrationDutySocialInsurance",
};

/** Reminds every registered tenant of each yearly duty whose window is open today, once per duty and year. Returns how many were sent. */
export async function sendDutyReminders(today = parkDate()) {
  const db = await getDb();
  const year = Number(today.slice(0, 4));
  const tenants = await db
    .select({ id: orgDirectory.id })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.kind, "tenant"), eq(orgDirectory.status, "active"), isNotNull(orgDirectory.uscc)));
  let sent = 0;
  for (const tenant of tenants) {
    const { caseType, licensedOn } = await registrationOf(db, tenant.id);
    for (const duty of yearlyDuties(year, caseType)) {
      const kind = reminderKinds[duty.code];
      if (!kind || !isReminderDue(duty, today)) continue;
      // A company licensed this year has no report or settlement for last year.
      if (licensedOn && duty.code !== "social_insurance_base" && Number(duty.period) < Number(licensedOn.slice(0, 4))) continue;
      await db.transaction(async (tx) => {
        const [claimed] = await tx
          .insert(registrationDutyReminders)
          .values({ orgId: tenant.id, duty: duty.code, year })
          .onConflictDoNothing()
          .returning({ id: registrationDutyReminders.id });
        if (!claimed) return;
        for (const person of await peopleWithRoles(tx, { orgId: tenant.id }, ["owner", "admin"])) {
          await notify(tx, { userId: person.userId, orgId: tenant.id, kind, params: { dueOn: duty.dueOn, period: duty.period }, link: "/org/profile" });
        }
        sent++;
      });
    }
  }
  return sent;
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerRegistrationReminders() {
  registerDailyTask("registration-duty-reminders", async () => {
    await sendDutyReminders();
  });
}
