// What a company registered in Shanghai has to do every year, with dates. Pure. Only duties whose
// dates are fixed by national rules are listed; the wording says where a date may move (tax
// deadlines fall on the next working day after a holiday; the social-insurance base window is
// announced each year). The park cannot see whether a company filed: a duty whose date has
// passed is "passed", never "overdue".
import type { RegistrationCaseType } from "#db/schema/registration";

export type DutyCode = "annual_report" | "income_tax_settlement" | "owner_income_tax_settlement" | "social_insurance_base" | "tax_declaration";

export interface Duty {
  code: DutyCode;
  /** `registration.duties.<code>.title` / `.detail` */
  labelKey: string;
  detailKey: string;
  frequency: "yearly" | "monthly";
  /** The year (or month, `YYYY-MM`) the duty is for. */
  period: string;
  /** The filing window: first and last day (park dates). */
  opensOn: string;
  dueOn: string;
  /** From when the park reminds the company (yearly duties only). */
  remindFrom: string | null;
}

export type DutyState = "upcoming" | "open" | "passed";

const yearly = (
  code: DutyCode,
  year: number,
  opens: string,
  due: string,
  remind: string,
  forYear: number,
): Duty => ({
  code,
  labelKey: `registration.duties.${code}.title`,
  detailKey: `registration.duties.${code}.detail`,
  frequency: "yearly",
  period: String(forYear),
  opensOn: `${year}-${opens}`,
  dueOn: `${year}-${due}`,
  remindFrom: `${year}-${remind}`,
});

/**
 * The duties falling in `year`, earliest deadline first except that the annual report — the one
 * the park is asked about most — leads:
 * - 企业年度报告公示: 1 January – 30 June, for the previous year (National Enterprise Credit
 *   Information Publicity System; reminded from 1 April);
 * - 企业所得税汇算清缴 (companies): by 31 May, for the previous year;
 * - 个人所得税经营所得汇算 (sole proprietorships and individual businesses): by 31 March;
 * - 社保缴费基数申报: usually in July in Shanghai — the window is announced each year;
 * - monthly (or quarterly) tax declarations: the 1st to the 15th of the following month.
 */
export function yearlyDuties(year: number, caseType: RegistrationCaseType = "limited"): Duty[] {
  const incorporated = caseType === "limited" || caseType === "relocation";
  const duties: Duty[] = [
    yearly("annual_report", year, "01-01", "06-30", "04-01", year - 1),
    incorporated
      ? yearly("income_tax_settlement", year, "01-01", "05-31", "04-15", year - 1)
      : yearly("owner_income_tax_settlement", year, "01-01", "03-31", "02-15", year - 1),
    yearly("social_insurance_base", year, "07-01", "07-31", "06-20", year),
  ];
  const monthly: Duty[] = Array.from({ length: 12 }, (_, i) => {
    const month = String(i + 1).padStart(2, "0");
    return {
      code: "tax_declaration",
      labelKey: "registration.duties.tax_declaration.title",
      detailKey: "registration.duties.tax_declaration.detail",
      frequency: "monthly",
      period: i === 0 ? `${year - 1}-12` : `${year}-${String(i).padStart(2, "0")}`,
      opensOn: `${year}-${month}-01`,
      dueOn: `${year}-${month}-15`,
      remindFrom: null,
    };
  });
  const [annualReport, ...rest] = duties;
  return [annualReport, ...rest.sort((a, b) => a.dueOn.localeCompare(b.dueOn)), ...monthly];
}

export function dutyState(duty: Pick<Duty, "opensOn" | "dueOn">, today: string): DutyState {
  if (today < duty.opensOn) return "upcoming";
  return today <= duty.dueOn ? "open" : "passed";
}

/**
 * What a company should look at from `today`: each yearly duty's next occurrence (this year's
 * until its deadline passes, then next year's) and the next monthly declaration. A company
 * licensed this year files its first annual report next year.
 */
export function upcomingDuties(today: string, options: { caseType?: RegistrationCaseType; licensedOn?: string | null } = {}) {
  const year = Number(today.slice(0, 4));
  const thisYear = yearlyDuties(year, options.caseType);
  const nextYear = yearlyDuties(year + 1, options.caseType);
  const licensedYear = options.licensedOn ? Number(options.licensedOn.slice(0, 4)) : null;
  const out: (Duty & { state: DutyState })[] = [];
  for (const duty of thisYear.filter((d) => d.frequency === "yearly")) {
    let pick = duty;
    if (today > duty.dueOn) pick = nextYear.find((d) => d.code === duty.code)!;
    // Reports and settlements are for a past year: none for a year before the company existed.
    if (licensedYear !== null && pick.code !== "social_insurance_base" && Number(pick.period) < licensedYear) {
      pick = nextYear.find((d) => d.code === duty.code)!;
      if (Number(pick.period) < licensedYear) continue;
    }
    out.push({ ...pick, state: dutyState(pick, today) });
  }
  const monthly = [...thisYear, ...nextYear].find((d) => d.frequency === "monthly" && d.dueOn >= today)!;
  out.push({ ...monthly, state: dutyState(monthly, today) });
  return out;
}

/** Whether today falls in the reminder window of a yearly duty (from its reminder day to its deadline). */
export function isReminderDue(duty: Duty, today: string) {
  return duty.remindFrom !== null && today >= duty.remindFrom && today <= duty.dueOn;
}
