// Small pieces the talent-apartment pages share: the header and tabs (resident and company, housing office),
// park date ranges in words, statuses as badges, a deadline countdown, a repair's age,
// confirmation on submit, the occupancy map's legend, and a company's card in the console's lists.
import { useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { DoneNotice } from "~/components/form-messages";
import { BillingStatus } from "~/components/money";
import { SelectFilter } from "~/components/select-filter";
import { PageHeader, parkDateLabel, StatusBadge, Tabs, type Tone } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import type { HousingApplicationStatus, HousingLeaseStatus, RepairStatus } from "#db/schema/housing-values";
import type { unitStatuses } from "~/modules/housing/forms";
import { applicationStage, leaseStage, type OfferStatus } from "~/modules/housing/rules";
import { parkDate } from "~/modules/platform/dates";

type T = (key: string, options?: Record<string, unknown>) => string;

export function useT() {
  const { t, i18n } = useTranslation();
  return { t: t as unknown as T, language: i18n.language, en: i18n.language === "en" };
}

/** `from` to `to` (the move-out day, exclusive end). */
export function DateRange({ from, to }: { from: string; to: string }) {
  const { t, language } = useT();
  return <span>{t("housing.pages.dateRange", { from: parkDateLabel(from, language), to: parkDateLabel(to, language) })}</span>;
}

export function When({ at }: { at: string | Date | null | undefined }) {
  const { language } = useT();
  return <span className="nowrap">{at ? formatDateTime(at, language) : ""}</span>;
}

/** A term and what it says in a `<dl className="details">`; nothing at all when there is nothing to say. */
export function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  if (children === null || children === undefined || children === false || children === "") return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/**
 * What the last form did, from the address's `done` (the redirect after it): the sentence `keys`
 * names for it, or `message` whatever it was.
 */
export function RedirectNotice({ keys = {}, message, done }: { keys?: Record<string, string>; message?: string; done?: string | null }) {
  const [params] = useSearchParams();
  const what = done === undefined ? params.get("done") : done;
  return <DoneNotice message={what ? (message ?? keys[what]) : undefined} />;
}

/** A unit code, with the bed of a shared room. */
export function UnitLabel({ code, bedNo }: { code: string; bedNo?: number | null }) {
  const { t } = useT();
  return <>{bedNo ? t("housing.pages.unitWithBed", { unit: code, n: bedNo }) : code}</>;
}

export function UnitTypeLabel({ type }: { type: string }) {
  const { t } = useT();
  return <>{t(`housing.pages.unitTypes.${type}`)}</>;
}

// How each housing status reads on the one colour scale (app.css `.badge-*`).
const applicationTone: Record<HousingApplicationStatus | "to_sign" | "lease_cancelled", Tone> = {
  submitted: "warning",
  endorsed: "progress",
  offered: "warning",
  to_sign: "warning",
  accepted: "success",
  declined: "danger",
  rejected: "danger",
  withdrawn: "neutral",
  lease_cancelled: "neutral",
};
const leaseTone: Record<HousingLeaseStatus | "upcoming", Tone> = {
  awaiting_signature: "warning",
  upcoming: "progress",
  active: "success",
  ended: "neutral",
  terminated: "neutral",
  cancelled: "neutral",
};
const offerTone: Record<OfferStatus, Tone> = { open: "warning", accepted: "success", declined: "neutral", lapsed: "neutral", withdrawn: "neutral", taken: "neutral" };
const repairTone: Record<RepairStatus, Tone> = { reported: "warning", assigned: "progress", scheduled: "progress", resolved: "warning", confirmed: "success", cancelled: "neutral" };
const unitTone: Record<(typeof unitStatuses)[number], Tone> = { available: "success", let: "neutral", reserved: "warning", maintenance: "danger" };

const tones = { applicationStatus: applicationTone, leaseStatus: leaseTone, offerStatus: offerTone, repairStatus: repairTone, unitStatus: unitTone } as const;

export function HousingStatus({ kind, status }: { kind: keyof typeof tones; status: string }) {
  const { t } = useT();
  return <StatusBadge tone={(tones[kind] as Record<string, Tone>)[status] ?? "neutral"}>{t(`housing.pages.${kind}.${status}`)}</StatusBadge>;
}

/** A lease's status as it reads today: 待生效 (upcoming) before its first day, not 生效中. */
export function LeaseStatus({ status, startsOn }: { status: string; startsOn: string }) {
  return <HousingStatus kind="leaseStatus" status={leaseStage(status as HousingLeaseStatus, startsOn, parkDate())} />;
}

/** An application's status as it reads with its lease: 待签约 until the lease is signed. */
export function ApplicationStatus({ status, leaseStatus }: { status: string; leaseStatus?: string | null }) {
  return <HousingStatus kind="applicationStatus" status={applicationStage(status as HousingApplicationStatus, leaseStatus as HousingLeaseStatus | null)} />;
}

/** A rent or deposit invoice's status as billing names it; an overdue one in billing's overdue colour. */
export function InvoiceStatus({ status, overdue = false }: { status: string | null; overdue?: boolean }) {
  return status ? <BillingStatus status={overdue ? "void" : status} labelKey={`billing.status.${status}`} /> : null;
}

/** Leases the resident already holds on some of an application's nights, flagged to whoever reads it. */
export function OverlapWarning({ overlaps }: { overlaps: { id: string; number: string; startsOn: string; endsOn: string }[] }) {
  const { t, language } = useT();
  if (overlaps.length === 0) return null;
  return (
    <div className="form-errors" role="alert" data-testid="lease-overlap">
      <strong>{t("housing.company.overlapTitle")}</strong>
      <ul>
        {overlaps.map((l) => (
          <li key={l.id}>{t("housing.company.overlapLine", { number: l.number, from: parkDateLabel(l.startsOn, language), to: parkDateLabel(l.endsOn, language) })}</li>
        ))}
      </ul>
    </div>
  );
}

/** Whole days and hours (or hours and minutes) from now until `until`; "expired" once past. */
function timeLeft(t: T, until: Date, now: Date) {
  const ms = until.getTime() - now.getTime();
  if (ms <= 0) return t("housing.pages.expired");
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return t("housing.pages.daysHours", { days, hours });
  return t("housing.pages.hoursMinutes", { hours, minutes: minutes % 60 });
}

/** A deadline with the time left, ticking each minute once the page has hydrated. */
export function Countdown({ until, now }: { until: string; now: string }) {
  const { t } = useT();
  const [current, setCurrent] = useState(() => new Date(now));
  useEffect(() => {
    setCurrent(new Date());
    const id = setInterval(() => setCurrent(new Date()), 60_000);
    return () => clearInterval(id);
  }, []);
  const left = timeLeft(t, new Date(until), current);
  const late = new Date(until).getTime() - current.getTime() < 24 * 3_600_000;
  return (
    <span className={late ? "countdown countdown-late" : "countdown"} data-testid="offer-countdown">
      {t("housing.pages.deadlineLeft", { left })}
    </span>
  );
}

/** How long something has been open: hours under a day, then days. */
export function Age({ since, now }: { since: string; now: string }) {
  const { t } = useT();
  const hours = Math.max(0, Math.floor((Date.parse(now) - Date.parse(since)) / 3_600_000));
  const text = hours < 24 ? t("housing.pages.ageHours", { count: hours }) : t("housing.pages.ageDays", { count: Math.floor(hours / 24) });
  return <span className={hours >= 72 ? "age age-late" : "age"}>{text}</span>;
}

/** A console list's filter: a status and one checkbox ("ending within 30 days", "assigned to me"). */
export function ListFilter({
  check,
  ...select
}: { id: string; label: string; value: string; all?: string; options: { value: string; label: string }[]; check: { name: string; value: string; checked: boolean; label: string } }) {
  const { t } = useT();
  return (
    <SelectFilter {...select} name="status" submitLabel={t("housing.console.show")} card>
      <label className="check">
        <input type="checkbox" name={check.name} value={check.value} defaultChecked={check.checked} /> {check.label}
      </label>
    </SelectFilter>
  );
}

/** The tenant tabs: my apartment, apply, unit types, and — for owners and admins — company housing. */
export function HousingTabs({ company }: { company: boolean }) {
  const { t } = useT();
  const tabs = [
    { to: "/housing", label: t("housing.pages.tabs.home"), end: true },
    { to: "/housing/apply", label: t("housing.pages.tabs.apply") },
    { to: "/apartments", label: t("housing.pages.tabs.apartments") },
    ...(company ? [{ to: "/housing/company", label: t("housing.pages.tabs.company") }] : []),
  ];
  return <Tabs label={t("housing.pages.tabsLabel")} items={tabs} />;
}

/** A tenant housing page's heading with the tenant tabs below it. */
export function HousingHeader({ company, ...header }: Parameters<typeof PageHeader>[0] & { company: boolean }) {
  return (
    <>
      <PageHeader {...header} />
      <HousingTabs company={company} />
    </>
  );
}

const consoleTabs = ["overview", "map", "waitlist", "offers", "leases", "arrears", "repairs", "units", "quotas"] as const;

/** The housing office's tabs. */
export function ConsoleTabs() {
  const { t } = useT();
  const tabs = consoleTabs.map((tab) => ({ to: tab === "overview" ? "/housing/console" : `/housing/console/${tab}`, label: t(`housing.console.tabs.${tab}`), end: tab === "overview" }));
  return <Tabs label={t("housing.console.title")} items={tabs} />;
}

export const placeStateList = ["free", "let", "awaiting_signature", "short_stay", "maintenance"] as const;

export function PlaceLegend() {
  const { t } = useT();
  return (
    <ul className="hs-legend" aria-label={t("housing.console.legend")}>
      {placeStateList.map((state) => (
        <li key={state}>
          <span className={`hs-swatch hs-${state}`} aria-hidden="true" /> {t(`housing.pages.placeState.${state}`)}
        </li>
      ))}
    </ul>
  );
}

/** Companies as cards in a console list (quotas, arrears): each name in its card's header beside `aside`, then `children`. */
export function CompanyCards<Company extends { orgId: string; nameZh: string; nameEn: string }>({
  companies,
  testId,
  aside,
  children,
}: {
  companies: readonly Company[];
  testId: string;
  aside: (company: Company) => React.ReactNode;
  children: (company: Company) => React.ReactNode;
}) {
  const { en } = useT();
  return (
    <ul className="stack list-plain">
      {companies.map((company) => (
        <li key={company.orgId} className="card" data-testid={testId}>
          <div className="card-header">
            <h3 className="card-title">{en ? company.nameEn : company.nameZh}</h3>
            {aside(company)}
          </div>
          {children(company)}
        </li>
      ))}
    </ul>
  );
}
