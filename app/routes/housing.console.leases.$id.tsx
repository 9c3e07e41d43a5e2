// /housing/console/leases/:id — one lease for the housing office: details and signature, residents
// (masked; "show in full" reveals one through revealResident, which is audited), check-in and
// check-out with keys and meter readings, notice and renewal, rent charges, and the deposit's
// deductions and settlement.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import { DepositCard, EndDateForm, HandoverForm, ResidentsCard } from "~/components/housing-console-lease";
import { PageErrors } from "~/components/housing-forms";
import { RentCredited } from "~/components/housing-lease";
import { DateRange, Detail, RedirectNotice, InvoiceStatus, LeaseStatus, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { formatMonth } from "~/i18n/format";
import { getApplication } from "~/modules/housing/applications.server";
import { addDeduction, depositSummary, removeDeduction, settleDeposit } from "~/modules/housing/deposits.server";
import { checkIn, checkOut, getLease, giveNotice, renewLease } from "~/modules/housing/leases.server";
import { rentChargesForLease } from "~/modules/housing/rent.server";
import { consoleLeaseForms } from "~/modules/housing/repair-forms";
import { revealResident } from "~/modules/housing/residents.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  const view = await getLease(member, id);
  const [charges, deposit, application] = await Promise.all([
    rentChargesForLease(member, id),
    depositSummary(member, id),
    view.lease.applicationId ? getApplication(member, view.lease.applicationId) : Promise.resolve(null),
  ]);
  return { view, charges, deposit, residents: application?.residents ?? [] };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  const done = (what: string) => redirect(`/housing/console/leases/${id}?done=${what}`);
  return submitForm(request, consoleLeaseForms, async (form) =>
    byIntent(form, {
      reveal: async ({ residentId }) => ({ revealed: await revealResident(member, residentId) }),
      checkIn: async ({ intent: _intent, ...handover }) => {
        await checkIn(member, id, handover);
        return done("checkIn");
      },
      checkOut: async ({ intent: _intent, ...handover }) => {
        await checkOut(member, id, handover);
        return done("checkOut");
      },
      notice: async ({ endsOn }) => {
        await giveNotice(member, id, endsOn);
        return done("notice");
      },
      renew: async ({ endsOn }) => {
        await renewLease(member, id, endsOn);
        return done("renew");
      },
      addDeduction: async ({ descriptionZh, descriptionEn, amount }) => {
        await addDeduction(member, id, { descriptionZh, descriptionEn: descriptionEn ?? "", amountFen: amount });
        return done("deduction");
      },
      removeDeduction: async ({ deductionId }) => {
        await removeDeduction(member, id, deductionId);
        return done("deduction");
      },
      settle: async () => {
        await settleDeposit(member, id, { ip: context?.clientIp ?? null });
        return done("settled");
      },
    }),
  );
});

export default function ConsoleLease() {
  const { t, en, language } = useT();
  const { view, charges, deposit, residents } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const { lease } = view;
  const checkedIn = view.handovers.some((h) => h.kind === "check_in");
  const checkedOut = view.handovers.some((h) => h.kind === "check_out");
  return (
    <>
      <p>
        <Link to="/housing/console/leases">← {t("housing.console.leasesTitle")}</Link>
      </p>
      <div className="card-header">
        <h2>{t("housing.console.leaseTitle", { number: lease.number })}</h2>
        <LeaseStatus status={lease.status} startsOn={lease.startsOn} />
      </div>
      <RedirectNotice message="housing.console.done" />
      <PageErrors />
      <div className="card">
        <dl className="details">
          <dt>{t("housing.console.unit")}</dt>
          <dd>
            <UnitLabel code={view.unitCode} bedNo={lease.bedNo} /> · <UnitTypeLabel type={view.unitType} /> · {en ? view.buildingNameEn : view.buildingNameZh}
          </dd>
          <dt>{t("housing.console.company")}</dt>
          <dd>{en ? view.orgNameEn : view.orgNameZh}</dd>
          <dt>{t("housing.console.resident")}</dt>
          <dd>{view.residentName}</dd>
          <dt>{t("housing.console.dates")}</dt>
          <dd>
            <DateRange from={lease.startsOn} to={lease.endsOn} />
          </dd>
          <dt>{t("housing.console.rent")}</dt>
          <dd>
            <Money fen={lease.monthlyRentFen} /> · {t(`housing.pages.payer.${lease.payer}`)}
          </dd>
          <dt>{t("housing.console.signed")}</dt>
          <dd>
            {lease.signedAt ? (
              <>
                <When at={lease.signedAt} /> · {t("housing.leaseTerms.version", { version: lease.termsVersion })} {lease.signedIp ? <span className="muted small">· {lease.signedIp}</span> : null}
              </>
            ) : (
              t("housing.console.notSigned")
            )}
          </dd>
          {(
            [
              ["housing.console.noticeTitle", lease.noticeGivenAt],
              ["housing.console.checkInTitle", lease.checkedInAt],
              ["housing.console.checkOutTitle", lease.checkedOutAt],
            ] as const
          ).map(([label, at]) => (
            <Detail key={label} label={t(label)}>
              {at ? <When at={at} /> : null}
            </Detail>
          ))}
        </dl>
      </div>

      <ResidentsCard residents={residents} />

      {lease.status === "active" && !checkedIn ? <HandoverForm intent="checkIn" busy={busy} /> : null}
      {lease.status === "active" && checkedIn && !checkedOut ? <HandoverForm intent="checkOut" busy={busy} /> : null}
      {view.handovers.length ? (
        <div className="card">
          <ul className="list">
            {view.handovers.map((h) => {
              const reading = view.readings.find((r) => r.id === h.readingId);
              return (
                <li key={h.id}>
                  <strong>{t(h.kind === "check_in" ? "housing.console.checkInTitle" : "housing.console.checkOutTitle")}</strong> · <When at={h.recordedAt} /> ·{" "}
                  {t("housing.console.keys")} {h.keys} · {t("housing.console.accessCards")} {h.accessCards}
                  {reading ? ` · ${reading.electricityKwh} kWh · ${reading.waterM3} m³` : ""}
                  {h.note ? <span className="muted"> · {h.note}</span> : null}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}

      {lease.status === "active" ? (
        <div className="grid-2">
          <EndDateForm intent="notice" endsOn={lease.endsOn} busy={busy} />
          <EndDateForm intent="renew" endsOn={lease.endsOn} busy={busy} />
        </div>
      ) : null}

      <div className="card">
        <h3 className="card-title">{t("housing.console.rentCharges")}</h3>
        {charges.length === 0 ? (
          <p className="hint">{t("housing.resident.noBills")}</p>
        ) : (
          <ul className="list">
            {charges.map((c) => (
              <li key={c.id} className="list-row">
                <span>
                  {formatMonth(c.month, language)} · {t("housing.pages.ageDays", { count: c.days })} · <Money fen={c.rentFen} /> + <Money fen={c.utilitiesFen} />
                  <RentCredited fen={c.creditFen} pendingFen={c.refundPendingFen} />
                </span>
                <span>
                  <span className="nowrap">{c.invoiceNumber}</span> <InvoiceStatus status={c.invoiceStatus} overdue={c.overdue} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <DepositCard deposit={deposit} ended={lease.status === "ended" || lease.status === "terminated"} busy={busy} />
    </>
  );
}
