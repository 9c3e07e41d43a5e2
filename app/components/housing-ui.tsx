// Small pieces the talent-apartment pages share: the tabs (resident and company, housing office),
// park dates and ranges in words, statuses, a deadline countdown, a repair's age, confirmation
// on submit, and the occupancy map's cells.
import { Form, Link, NavLink } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/forms";
import { Money } from "~/components/money";
import { formatDate, formatDateTime, formatMonth } from "~/i18n/format";
import type { HousingApplicationStatus, HousingLeaseStatus } from "#db/schema/housing-values";
import { applicationStage, leaseStage } from "~/modules/housing/rules";
import { parkDate } from "~/modules/platform/dates";

type T = (key: string, options?: Record<string, unknown>) => string;

export function useT() {
  const { t, i18n } = useTranslation();
  return { t: t as unknown as T, language: i18n.language, en: i18n.language === "en" };
}

/** A park date ("YYYY-MM-DD") in the reader's language; noon in Shanghai so no zone shifts it. */
export function parkDateLabel(day: string | null | undefined, language: string) {
  return day ? formatDate(`${day}T12:00:00+08:00`, language) : "";
}

export function ParkDate({ day }: { day: string | null | undefined }) {
  const { language } = useT();
  return <span className="nowrap">{parkDateLabel(day, language)}</span>;
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

/** A unit code, with the bed of a shared room. */
export function UnitLabel({ code, bedNo }: { code: string; bedNo?: number | null }) {
  const { t } = useT();
  return <>{bedNo ? t("housing.pages.unitWithBed", { unit: code, n: bedNo }) : code}</>;
}

export function UnitTypeLabel({ type }: { type: string }) {
  const { t } = useT();
  return <>{t(`housing.pages.unitTypes.${type}`)}</>;
}

type StatusKind = "applicationStatus" | "leaseStatus" | "offerStatus" | "repairStatus" | "unitStatus" | "placeState";

export function HousingStatus({ kind, status }: { kind: StatusKind; status: string }) {
  const { t } = useT();
  return <span className={`status hs-${kind}-${status}`}>{t(`housing.pages.${kind}.${status}`)}</span>;
}

/** A lease's status as it reads today: 待生效 (upcoming) before its first day, not 生效中. */
export function LeaseStatus({ status, startsOn }: { status: string; startsOn: string }) {
  return <HousingStatus kind="leaseStatus" status={leaseStage(status as HousingLeaseStatus, startsOn, parkDate())} />;
}

/** An application's status as it reads with its lease: 待签约 until the lease is signed. */
export function ApplicationStatus({ status, leaseStatus }: { status: string; leaseStatus?: string | null }) {
  return <HousingStatus kind="applicationStatus" status={applicationStage(status as HousingApplicationStatus, leaseStatus as HousingLeaseStatus | null)} />;
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

/** A POST form whose submission asks first (a decline, a withdrawal, settling a deposit). */
export function ConfirmForm({
  message,
  children,
  className,
  encType,
  action,
}: {
  message: string;
  children: React.ReactNode;
  className?: string;
  encType?: "multipart/form-data";
  action?: string;
}) {
  return (
    <Form
      method="post"
      action={action}
      className={className}
      encType={encType}
      onSubmit={(event) => {
        if (!window.confirm(message)) event.preventDefault();
      }}
    >
      {children}
    </Form>
  );
}

/** The tenant tabs: my apartment, apply, unit types, and — for owners and admins — company housing. */
export function HousingTabs({ company }: { company: boolean }) {
  const { t } = useT();
  const tabs = [
    { to: "/housing", label: t("housing.pages.tabs.home"), end: true },
    { to: "/housing/apply", label: t("housing.pages.tabs.apply"), end: false },
    { to: "/apartments", label: t("housing.pages.tabs.apartments"), end: false },
    ...(company ? [{ to: "/housing/company", label: t("housing.pages.tabs.company"), end: false }] : []),
  ];
  return (
    <nav aria-label={t("housing.pages.tabsLabel")}>
      <ul className="tabs">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end} prefetch="intent" className="tab">
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const consoleTabs = ["overview", "map", "waitlist", "offers", "leases", "arrears", "repairs", "units", "quotas"] as const;

export function ConsoleTabs() {
  const { t } = useT();
  return (
    <nav aria-label={t("housing.console.title")}>
      <ul className="tabs">
        {consoleTabs.map((tab) => (
          <li key={tab}>
            <NavLink to={tab === "overview" ? "/housing/console" : `/housing/console/${tab}`} end={tab === "overview"} prefetch="intent" className="tab">
              {t(`housing.console.tabs.${tab}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
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

/** A 400 answer's field errors, by field name. */
export type FieldErrorMap = Record<string, string[]>;

/** Zod issues → field errors keyed by their path ("residents.0.idNumber"). */
export function fieldErrorsOf(issues: { path: (string | number)[]; message: string }[]): FieldErrorMap {
  const errors: FieldErrorMap = {};
  for (const issue of issues) (errors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return errors;
}

export interface LeasePanelData {
  lease: {
    id: string;
    number: string;
    status: string;
    startsOn: string;
    endsOn: string;
    bedNo: number;
    payer: string;
    monthlyRentFen: bigint | string;
    depositFen: bigint | string;
    termsVersion: string;
    signedAt: Date | string | null;
    noticeGivenAt: Date | string | null;
    checkedInAt: Date | string | null;
    unitCode: string;
    unitType: string;
    buildingNameZh: string;
    buildingNameEn: string;
    residentName: string;
  };
  charges: {
    id: string;
    month: string;
    days: number;
    rentFen: bigint | string;
    utilitiesFen: bigint | string;
    /** Rent billed beyond the days let and going back to the payer (an early end after payment). */
    creditFen: bigint | string;
    /** Of what goes back, the part billing has not yet sent (a bank refund finance has to send). */
    refundPendingFen: bigint | string;
    invoiceId: string | null;
    invoiceNumber: string | null;
    invoiceStatus: string | null;
    totalFen: bigint | string | null;
    overdue: boolean;
  }[];
  deposit: {
    invoiceId: string | null;
    invoiceNumber: string | null;
    invoiceStatus: string | null;
    depositFen: bigint | string;
    refundPendingFen: bigint | string;
    refundSentFen: bigint | string;
  } | null;
  termsVersionCurrent: string;
  isResident: boolean;
  canOpenInvoices: boolean;
  earliestNoticeEnd: string;
}

/**
 * The line under a month's rent when part of what was paid for it goes back (an early end), and
 * whether that money is still to be sent (a refund is pending until finance or the gateway says so).
 */
export function RentCredited({ fen, pendingFen = 0n }: { fen: bigint | string; pendingFen?: bigint | string }) {
  const { t } = useT();
  if (BigInt(fen) <= 0n) return null;
  return (
    <span className="hint rent-credited" data-testid="rent-credited">
      {t("housing.resident.rentCredited")} <Money fen={fen} />
      {BigInt(pendingFen) > 0n ? <span data-testid="refund-pending"> · {t("housing.resident.refundPending")}</span> : null}
    </span>
  );
}

/** The deposit's way back: pending until the money has left, then sent. */
export function DepositRefund({ pendingFen, sentFen }: { pendingFen: bigint | string; sentFen: bigint | string }) {
  const { t } = useT();
  if (BigInt(pendingFen) <= 0n && BigInt(sentFen) <= 0n) return null;
  return (
    <span className="hint" data-testid="deposit-refund">
      {BigInt(pendingFen) > 0n ? (
        <span data-testid="refund-pending">
          {t("housing.resident.depositRefundPending")} <Money fen={pendingFen} />
        </span>
      ) : null}
      {BigInt(pendingFen) > 0n && BigInt(sentFen) > 0n ? " · " : null}
      {BigInt(sentFen) > 0n ? (
        <span>
          {t("housing.resident.depositRefundSent")} <Money fen={sentFen} />
        </span>
      ) : null}
    </span>
  );
}

/**
 * A lease as its resident (or the company's admin) sees it: the unit and dates, signing online
 * (terms, checkbox, version and time), the bills, and notice. Forms post to /housing/leases/:id.
 */
export function LeasePanel({ data, fieldErrors, back }: { data: LeasePanelData; fieldErrors?: Record<string, string[]>; back: string }) {
  const { t, en, language } = useT();
  const { lease } = data;
  const action = `/housing/leases/${lease.id}`;
  const [agreed, setAgreed] = useState(false);
  const invoiceLink = (id: string | null, label: string | null) =>
    id && data.canOpenInvoices ? (
      <Link to={`/billing/invoices/${id}`} className="nowrap">
        {label ?? t("housing.resident.viewInvoice")}
      </Link>
    ) : (
      <span className="nowrap">{label ?? ""}</span>
    );
  return (
    <>
      <div className="card" data-testid="my-lease">
        <div className="card-header">
          <h2 className="card-title">{t("housing.resident.apartment")}</h2>
          <LeaseStatus status={lease.status} startsOn={lease.startsOn} />
        </div>
        <dl className="details">
          <dt>{t("housing.resident.unit")}</dt>
          <dd>
            <strong>
              <UnitLabel code={lease.unitCode} bedNo={lease.bedNo} />
            </strong>{" "}
            · <UnitTypeLabel type={lease.unitType} />
          </dd>
          <dt>{t("housing.resident.building")}</dt>
          <dd>{en ? lease.buildingNameEn : lease.buildingNameZh}</dd>
          <dt>{t("housing.resident.dates")}</dt>
          <dd>
            <DateRange from={lease.startsOn} to={lease.endsOn} />
          </dd>
          <dt>{t("housing.resident.rent")}</dt>
          <dd>
            <Money fen={lease.monthlyRentFen} />
          </dd>
          <dt>{t("housing.resident.deposit")}</dt>
          <dd>
            <Money fen={lease.depositFen} />
            {data.deposit?.invoiceId ? (
              <>
                {" "}
                · {invoiceLink(data.deposit.invoiceId, data.deposit.invoiceNumber)}{" "}
                {data.deposit.invoiceStatus ? <span className={`status status-${data.deposit.invoiceStatus}`}>{t(`billing.status.${data.deposit.invoiceStatus}`)}</span> : null}{" "}
                <DepositRefund pendingFen={data.deposit.refundPendingFen} sentFen={data.deposit.refundSentFen} />
              </>
            ) : null}
          </dd>
          <dt>{t("housing.resident.payer")}</dt>
          <dd>{t(`housing.pages.payer.${lease.payer}`)}</dd>
          <dt>{t("housing.resident.leaseNumber")}</dt>
          <dd>{lease.number}</dd>
        </dl>
        {lease.signedAt ? (
          <p className="hint" data-testid="signed-at">
            {t("housing.resident.signedAt", { time: formatDateTime(lease.signedAt, en ? "en" : "zh-CN"), version: lease.termsVersion })}
          </p>
        ) : null}
      </div>

      {lease.status === "awaiting_signature" && data.isResident ? (
        <Form method="post" action={action} className="card stack" data-testid="sign-form">
          <h2 className="card-title">{t("housing.resident.signTitle")}</h2>
          <div className="terms" tabIndex={0} aria-label={t("housing.leaseTerms.title")}>
            <p>
              <strong>{t("housing.leaseTerms.title")}</strong> · {t("housing.leaseTerms.version", { version: data.termsVersionCurrent })}
            </p>
            {(["use", "rent", "deposit", "notice", "care", "rules"] as const).map((key) => (
              <p key={key}>{t(`housing.leaseTerms.${key}`)}</p>
            ))}
          </div>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="termsVersion" value={data.termsVersionCurrent} />
          <input type="hidden" name="back" value={back} />
          <label className="check">
            <input type="checkbox" name="agree" value="yes" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} aria-describedby="agree-errors" />
            {t("housing.leaseTerms.accept")}
          </label>
          <FieldErrors id="agree-errors" errors={fieldErrors?.agree} />
          <div className="actions">
            <button type="submit" className="button">
              {t("housing.resident.signSubmit")}
            </button>
          </div>
        </Form>
      ) : null}

      <div className="card">
        <h2 className="card-title">{t("housing.resident.billsTitle")}</h2>
        {lease.payer === "company" && !data.canOpenInvoices ? <p className="hint">{t("housing.resident.companyPays")}</p> : null}
        {data.charges.length === 0 ? (
          <p className="empty-state">{t("housing.resident.noBills")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("housing.resident.month")}</th>
                  <th scope="col">{t("housing.resident.days")}</th>
                  <th scope="col">{t("housing.resident.rentAmount")}</th>
                  <th scope="col">{t("housing.resident.utilities")}</th>
                  <th scope="col">{t("housing.resident.invoice")}</th>
                </tr>
              </thead>
              <tbody>
                {data.charges.map((c) => (
                  <tr key={c.id} data-testid="rent-charge">
                    <td data-label={t("housing.resident.month")}>{formatMonth(c.month, language)}</td>
                    <td data-label={t("housing.resident.days")}>{c.days}</td>
                    <td data-label={t("housing.resident.rentAmount")}>
                      <Money fen={c.rentFen} />
                      <RentCredited fen={c.creditFen} pendingFen={c.refundPendingFen} />
                    </td>
                    <td data-label={t("housing.resident.utilities")}>
                      <Money fen={c.utilitiesFen} />
                    </td>
                    <td data-label={t("housing.resident.invoice")}>
                      {invoiceLink(c.invoiceId, c.invoiceNumber)}{" "}
                      {c.invoiceStatus ? <span className={`status status-${c.overdue ? "void" : c.invoiceStatus}`}>{t(`billing.status.${c.invoiceStatus}`)}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {lease.status === "active" ? (
        <div className="card">
          <h2 className="card-title">{t("housing.resident.noticeTitle")}</h2>
          {lease.noticeGivenAt ? (
            <p className="hint">{t("housing.resident.noticeGiven", { time: formatDateTime(lease.noticeGivenAt, en ? "en" : "zh-CN") })}</p>
          ) : null}
          <details className="inline-panel" open={Boolean(fieldErrors?.endsOn)}>
            <summary>{t("housing.resident.noticeSubmit")}</summary>
            <ConfirmForm message={t("housing.resident.noticeConfirm")} className="stack" action={action}>
              <input type="hidden" name="intent" value="notice" />
              <input type="hidden" name="back" value={back} />
              <p className="hint">{t("housing.resident.noticeLead")}</p>
              <div className="field">
                <label htmlFor="notice-ends">{t("housing.resident.noticeEndsOn")}</label>
                <input id="notice-ends" type="date" name="endsOn" min={data.earliestNoticeEnd} max={lease.endsOn} defaultValue={data.earliestNoticeEnd} aria-describedby="notice-ends-errors" />
                <FieldErrors id="notice-ends-errors" errors={fieldErrors?.endsOn} />
              </div>
              <button type="submit" className="button button-secondary">
                {t("housing.resident.noticeSubmit")}
              </button>
            </ConfirmForm>
          </details>
        </div>
      ) : null}
    </>
  );
}

export interface RepairDetailsData {
  id: string;
  status: string;
  category: string;
  description: string;
  unitCode: string;
  buildingNameZh: string;
  buildingNameEn: string;
  reporterName: string | null;
  assigneeName: string | null;
  createdAt: Date | string;
  scheduledFor: Date | string | null;
  resolutionNote: string | null;
  rating: number | null;
  ratingComment: string | null;
  open: boolean;
  photos: { index: number; filename: string }[];
}

/** A repair request's facts and photos, for its reporter and for housing staff alike. */
export function RepairDetails({ repair, now }: { repair: RepairDetailsData; now: string }) {
  const { t, en } = useT();
  return (
    <div className="card stack" data-testid="repair-details">
      <div className="card-header">
        <h2 className="card-title">
          {t(`housing.pages.repairCategory.${repair.category}`)} · {repair.unitCode}
        </h2>
        <HousingStatus kind="repairStatus" status={repair.status} />
      </div>
      <p>{repair.description}</p>
      <dl className="details">
        <dt>{t("housing.resident.building")}</dt>
        <dd>{en ? repair.buildingNameEn : repair.buildingNameZh}</dd>
        <dt>{t("housing.console.reportedBy")}</dt>
        <dd>
          {repair.reporterName} · <When at={repair.createdAt} />
        </dd>
        {repair.open ? (
          <>
            <dt>{t("housing.console.age")}</dt>
            <dd>
              <Age since={String(repair.createdAt)} now={now} />
            </dd>
          </>
        ) : null}
        {repair.assigneeName ? (
          <>
            <dt>{t("housing.console.assignee")}</dt>
            <dd>{repair.assigneeName}</dd>
          </>
        ) : null}
        {repair.scheduledFor ? (
          <>
            <dt>{t("housing.console.scheduledFor")}</dt>
            <dd>
              <When at={repair.scheduledFor} />
            </dd>
          </>
        ) : null}
        {repair.resolutionNote ? (
          <>
            <dt>{t("housing.console.resolutionNote")}</dt>
            <dd>{repair.resolutionNote}</dd>
          </>
        ) : null}
        {repair.rating ? (
          <>
            <dt>{t("housing.console.rating")}</dt>
            <dd>
              {"★".repeat(repair.rating)}
              {repair.ratingComment ? ` · ${repair.ratingComment}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {repair.photos.length ? (
        <div className="repair-photos">
          {repair.photos.map((p) => (
            <a key={p.index} href={`/housing/repairs/${repair.id}/photos/${p.index}`} target="_blank" rel="noreferrer">
              <img src={`/housing/repairs/${repair.id}/photos/${p.index}`} alt={t("housing.pages.photoAlt", { unit: repair.unitCode, n: p.index + 1 })} loading="lazy" />
            </a>
          ))}
        </div>
      ) : null}
    </div>
  );
}
