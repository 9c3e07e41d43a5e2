// /housing/console/leases/:id — one lease for the housing office: details and signature, residents
// (masked; "show in full" reveals one through revealResident, which is audited), check-in and
// check-out with keys and meter readings, notice and renewal, rent charges, and the deposit's
// deductions and settlement.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { ConfirmForm, DateRange, DepositRefund, fieldErrorsOf, LeaseStatus, RentCredited, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { formatDateTime, formatMonth } from "~/i18n/format";
import { getApplication } from "~/modules/housing/applications.server";
import { addDeduction, depositSummary, removeDeduction, settleDeposit } from "~/modules/housing/deposits.server";
import { handoverSchema, noticeSchema, renewSchema } from "~/modules/housing/forms";
import { checkIn, checkOut, getLease, giveNotice, renewLease } from "~/modules/housing/leases.server";
import { rentChargesForLease } from "~/modules/housing/rent.server";
import { depositDeductionSchema } from "~/modules/housing/repair-forms";
import { revealResident, type ResidentView } from "~/modules/housing/residents.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
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

type Answer = { intent: string; fieldErrors?: Record<string, string[]>; error?: string; revealed?: ResidentView };

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const field = (name: string) => String(form.get(name) ?? "");
  const fail = (status: number, answer: Omit<Answer, "intent">) => data<Answer>({ intent, ...answer }, { status });
  const done = (what: string) => redirect(`/housing/console/leases/${id}?done=${what}`);
  try {
    switch (intent) {
      case "reveal":
        return data<Answer>({ intent, revealed: await revealResident(member, field("residentId")) });
      case "checkIn":
      case "checkOut": {
        const parsed = handoverSchema.safeParse({
          keys: field("keys"),
          accessCards: field("accessCards"),
          electricityKwh: field("electricityKwh"),
          waterM3: field("waterM3"),
          note: field("note") || undefined,
        });
        if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
        await (intent === "checkIn" ? checkIn : checkOut)(member, id, parsed.data);
        return done(intent);
      }
      case "notice": {
        const parsed = noticeSchema.safeParse({ endsOn: field("endsOn") });
        if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
        await giveNotice(member, id, parsed.data.endsOn);
        return done("notice");
      }
      case "renew": {
        const parsed = renewSchema.safeParse({ endsOn: field("endsOn") });
        if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
        await renewLease(member, id, parsed.data.endsOn);
        return done("renew");
      }
      case "addDeduction": {
        const parsed = depositDeductionSchema.safeParse({ descriptionZh: field("descriptionZh"), descriptionEn: field("descriptionEn") || undefined, amount: field("amount") });
        if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
        await addDeduction(member, id, { descriptionZh: parsed.data.descriptionZh, descriptionEn: parsed.data.descriptionEn ?? "", amountFen: parsed.data.amount });
        return done("deduction");
      }
      case "removeDeduction":
        await removeDeduction(member, id, field("deductionId"));
        return done("deduction");
      case "settle":
        await settleDeposit(member, id, { ip: context?.clientIp ?? null });
        return done("settled");
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      const message = encodeMessage(error.messageKey, error.params);
      const name = typeof error.params.field === "string" ? error.params.field : "";
      return fail(error.code === "invalid" ? 422 : 409, name ? { fieldErrors: { [name]: [message] } } : { error: message });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

function HandoverForm({ intent, errors, busy }: { intent: "checkIn" | "checkOut"; errors: Record<string, string[]>; busy: boolean }) {
  const { t } = useT();
  const f = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement>) => (
    <div className="field">
      <label htmlFor={`${intent}-${name}`}>{label}</label>
      <input id={`${intent}-${name}`} name={name} aria-describedby={`${intent}-${name}-errors`} {...props} />
      <FieldErrors id={`${intent}-${name}-errors`} errors={errors[name]} />
    </div>
  );
  return (
    <Form method="post" className="card stack" data-testid={`${intent}-form`}>
      <h3 className="card-title">{t(intent === "checkIn" ? "housing.console.checkInTitle" : "housing.console.checkOutTitle")}</h3>
      <input type="hidden" name="intent" value={intent} />
      <div className="handover-grid">
        {f("keys", t("housing.console.keys"), { type: "number", min: 0, max: 50, step: 1, defaultValue: 2 })}
        {f("accessCards", t("housing.console.accessCards"), { type: "number", min: 0, max: 50, step: 1, defaultValue: 1 })}
        {f("electricityKwh", t("housing.console.electricity"), { type: "text", inputMode: "decimal" })}
        {f("waterM3", t("housing.console.water"), { type: "text", inputMode: "decimal" })}
      </div>
      {f("note", t("housing.console.note"), { type: "text", maxLength: 1000 })}
      <button type="submit" className="button" disabled={busy}>
        {t(intent === "checkIn" ? "housing.console.checkInSubmit" : "housing.console.checkOutSubmit")}
      </button>
    </Form>
  );
}

export default function ConsoleLease() {
  const { t, en, language } = useT();
  const { view, charges, deposit, residents } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const { lease } = view;
  const errors = answer?.fieldErrors ?? {};
  const errorsFor = (intent: string) => (answer?.intent === intent ? errors : {});
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
      {params.get("done") ? (
        <p className="notice" role="status">
          {t("housing.console.done")}
        </p>
      ) : null}
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}
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
          {lease.noticeGivenAt ? (
            <>
              <dt>{t("housing.console.noticeTitle")}</dt>
              <dd>
                <When at={lease.noticeGivenAt} />
              </dd>
            </>
          ) : null}
          {lease.checkedInAt ? (
            <>
              <dt>{t("housing.console.checkInTitle")}</dt>
              <dd>
                <When at={lease.checkedInAt} />
              </dd>
            </>
          ) : null}
          {lease.checkedOutAt ? (
            <>
              <dt>{t("housing.console.checkOutTitle")}</dt>
              <dd>
                <When at={lease.checkedOutAt} />
              </dd>
            </>
          ) : null}
        </dl>
      </div>

      <div className="card">
        <h3 className="card-title">{t("housing.console.residents")}</h3>
        <p className="hint">{t("housing.console.revealNote")}</p>
        <ul className="list">
          {residents.map((r) => {
            const shown = answer?.revealed?.id === r.id ? answer.revealed : r;
            return (
              <li key={r.id} className="list-row" data-testid="console-resident">
                <span className="pii">
                  {shown.name}
                  {r.primary ? ` (${t("housing.console.primary")})` : ""} · {shown.idNumber} · {shown.phone}
                </span>
                {shown.masked ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="reveal" />
                    <input type="hidden" name="residentId" value={r.id} />
                    <button type="submit" className="link-button">
                      {t("housing.console.showFullId")}
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>

      {lease.status === "active" && !checkedIn ? <HandoverForm intent="checkIn" errors={errorsFor("checkIn")} busy={busy} /> : null}
      {lease.status === "active" && checkedIn && !checkedOut ? <HandoverForm intent="checkOut" errors={errorsFor("checkOut")} busy={busy} /> : null}
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
          <Form method="post" className="card stack">
            <h3 className="card-title">{t("housing.console.noticeTitle")}</h3>
            <input type="hidden" name="intent" value="notice" />
            <div className="field">
              <label htmlFor="notice-ends">{t("housing.console.noticeEndsOn")}</label>
              <input id="notice-ends" type="date" name="endsOn" max={lease.endsOn} />
              <FieldErrors id="notice-ends-errors" errors={errorsFor("notice").endsOn} />
            </div>
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("housing.console.noticeSubmit")}
            </button>
          </Form>
          <Form method="post" className="card stack">
            <h3 className="card-title">{t("housing.console.renewTitle")}</h3>
            <input type="hidden" name="intent" value="renew" />
            <div className="field">
              <label htmlFor="renew-ends">{t("housing.console.renewEndsOn")}</label>
              <input id="renew-ends" type="date" name="endsOn" min={lease.endsOn} />
              <FieldErrors id="renew-ends-errors" errors={errorsFor("renew").endsOn} />
            </div>
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("housing.console.renewSubmit")}
            </button>
          </Form>
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
                  <span className="nowrap">{c.invoiceNumber}</span>{" "}
                  {c.invoiceStatus ? <span className={`status status-${c.overdue ? "void" : c.invoiceStatus}`}>{t(`billing.status.${c.invoiceStatus}`)}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card stack" data-testid="deposit">
        <h3 className="card-title">{t("housing.console.depositTitle")}</h3>
        <p>
          <Money fen={deposit.depositFen} /> · {t("housing.console.depositPaid")} <span className="nowrap">{deposit.invoiceNumber ?? "—"}</span>{" "}
          {deposit.invoiceStatus ? <span className={`status status-${deposit.invoiceStatus}`}>{t(`billing.status.${deposit.invoiceStatus}`)}</span> : null}
        </p>
        <h4>{t("housing.console.deductions")}</h4>
        {deposit.deductions.length === 0 ? <p className="hint">{t("housing.console.noDeductions")}</p> : null}
        <ul className="list">
          {deposit.deductions.map((d) => (
            <li key={d.id} className="list-row">
              <span>
                {en ? d.descriptionEn : d.descriptionZh} · <Money fen={d.amountFen} />
              </span>
              {!deposit.settledAt ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="removeDeduction" />
                  <input type="hidden" name="deductionId" value={d.id} />
                  <button type="submit" className="link-button">
                    {t("housing.console.removeDeduction")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        <p>
          {t("housing.console.refundable")}: <strong><Money fen={deposit.refundFen} /></strong>{" "}
          <DepositRefund pendingFen={deposit.refundPendingFen} sentFen={deposit.refundSentFen} />
        </p>
        {deposit.settledAt ? (
          <p className="notice">{t("housing.console.settled", { time: formatDateTime(deposit.settledAt, language) })}</p>
        ) : (
          <>
            <Form method="post" className="form-row">
              <input type="hidden" name="intent" value="addDeduction" />
              <div className="field">
                <label htmlFor="ded-zh">{t("housing.console.deductionZh")}</label>
                <input id="ded-zh" type="text" name="descriptionZh" maxLength={200} />
                <FieldErrors id="ded-zh-errors" errors={errorsFor("addDeduction").descriptionZh} />
              </div>
              <div className="field">
                <label htmlFor="ded-en">{t("housing.console.deductionEn")}</label>
                <input id="ded-en" type="text" name="descriptionEn" maxLength={200} />
                <FieldErrors id="ded-en-errors" errors={errorsFor("addDeduction").descriptionEn} />
              </div>
              <div className="field field-narrow">
                <label htmlFor="ded-amount">{t("housing.console.amountYuan")}</label>
                <input id="ded-amount" type="text" name="amount" inputMode="decimal" />
                <FieldErrors id="ded-amount-errors" errors={errorsFor("addDeduction").amount} />
              </div>
              <div className="field field-narrow">
                <span aria-hidden="true">&nbsp;</span>
                <button type="submit" className="button button-secondary" disabled={busy}>
                  {t("housing.console.addDeduction")}
                </button>
              </div>
            </Form>
            {lease.status === "ended" || lease.status === "terminated" ? (
              <ConfirmForm message={t("housing.console.settleConfirm")}>
                <input type="hidden" name="intent" value="settle" />
                <button type="submit" className="button" disabled={busy}>
                  {t("housing.console.settle")}
                </button>
              </ConfirmForm>
            ) : null}
          </>
        )}
      </div>
    </>
  );
}
