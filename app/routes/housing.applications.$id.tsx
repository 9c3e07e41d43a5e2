// /housing/applications/:id — one housing application as its applicant, a resident named on it or
// the company's owner/admin sees it: status, dates, residents (masked), the offer with its deadline
// (accept or decline), and what each may do next. Anyone else gets 404.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { ApplicationStatus, ConfirmForm, Countdown, DateRange, HousingStatus, HousingTabs, LeaseStatus, OverlapWarning, parkDateLabel, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { declineApplication, endorseApplication, getApplication, withdrawApplication } from "~/modules/housing/applications.server";
import { reasonSchema } from "~/modules/housing/forms";
import { acceptOffer, declineOffer } from "~/modules/housing/offers.server";
import { offerUnits } from "~/modules/housing/console.server";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";
import { hasPermission } from "~/modules/identity/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("入住申请 · 人才公寓");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const view = await getApplication(member, params.id ?? "");
  const units = await offerUnits(await getDb(), view.offers.map((o) => o.unitId));
  const mine = view.application.applicantUserId === member.user.id || view.primaryResidentUserId === member.user.id;
  return {
    application: view.application,
    applicantName: view.applicantName,
    residents: view.residents,
    waitlistPosition: view.waitlistPosition,
    offers: view.offers.map((o) => ({ ...o, unit: units.get(o.unitId) ?? null })),
    lease: view.lease ? { id: view.lease.id, number: view.lease.number, status: view.lease.status, startsOn: view.lease.startsOn, mineToSign: view.lease.status === "awaiting_signature" && view.lease.residentUserId === member.user.id } : null,
    overlaps: view.overlaps,
    mayConfirm: view.mayConfirm,
    confirmedBy: view.confirmedBy,
    mine,
    companyAdmin: hasPermission(member, "housing:endorse", { kind: "tenant" }),
    now: new Date().toISOString(),
  };
});

type Answer = { intent: string; fieldErrors?: Record<string, string[]>; error?: string };

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const fail = (status: number, answer: Omit<Answer, "intent">) => data<Answer>({ intent, ...answer }, { status });
  try {
    if (intent === "endorse") {
      await endorseApplication(member, id);
      return redirect(`/housing/applications/${id}?done=endorsed`);
    }
    if (intent === "decline") {
      const parsed = reasonSchema.safeParse({ reason: form.get("reason") ?? "" });
      if (!parsed.success) return fail(400, { fieldErrors: { reason: parsed.error.issues.map((i) => i.message) } });
      await declineApplication(member, id, parsed.data.reason);
      return redirect(`/housing/applications/${id}?done=declined`);
    }
    if (intent === "withdraw") {
      await withdrawApplication(member, id);
      return redirect(`/housing/applications/${id}?done=withdrawn`);
    }
    if (intent === "accept") {
      await acceptOffer(member, String(form.get("offerId") ?? ""));
      return redirect("/housing?done=accepted");
    }
    if (intent === "declineOffer") {
      await declineOffer(member, String(form.get("offerId") ?? ""));
      return redirect(`/housing/applications/${id}?done=offerDeclined`);
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid" || error.code === "gone")) {
      return fail(error.code === "invalid" ? 422 : 409, { error: encodeMessage(error.messageKey, error.params) });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

const doneKeys: Record<string, string> = {
  submitted: "housing.apply.submitted",
  endorsed: "housing.company.endorsed",
  declined: "housing.company.declined",
  withdrawn: "housing.resident.withdrawn",
  offerDeclined: "housing.resident.declined",
};

export default function ApplicationPage() {
  const { t, language, en } = useT();
  const { application, applicantName, residents, waitlistPosition, offers, lease, mine, companyAdmin, mayConfirm, confirmedBy, overlaps, now } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("done") ?? (params.get("submitted") ? "submitted" : null);
  const openOffer = offers.find((o) => o.status === "open");
  const canWithdraw = mine && ["submitted", "endorsed", "offered"].includes(application.status);
  return (
    <section className="stack housing">
      <header className="page-header">
        <h1>
          {t("housing.resident.applicationTitle")} · <UnitTypeLabel type={application.unitType} />
        </h1>
        <p>
          <ApplicationStatus status={application.status} leaseStatus={lease?.status} /> · {applicantName} ·{" "}
          <span className="muted small">
            {t("housing.resident.applied")} <When at={application.createdAt} />
          </span>
        </p>
      </header>
      <HousingTabs company={companyAdmin} />
      {done && doneKeys[done] ? (
        <p className="notice" role="status">
          {t(doneKeys[done])}
        </p>
      ) : null}
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}

      {openOffer && mine ? (
        <div className="card offer-card stack" data-testid="open-offer">
          <h2 className="card-title">{t("housing.resident.offerTitle")}</h2>
          <p>
            {t("housing.resident.offerWhat", {
              unit: openOffer.unit ? (openOffer.bedNo ? t("housing.pages.unitWithBed", { unit: openOffer.unit.code, n: openOffer.bedNo }) : openOffer.unit.code) : "",
              building: openOffer.unit ? (en ? openOffer.unit.buildingNameEn : openOffer.unit.buildingNameZh) : "",
              from: parkDateLabel(openOffer.startsOn, language),
              to: parkDateLabel(openOffer.endsOn, language),
            })}
          </p>
          <p>
            {t("housing.resident.rent")} <Money fen={openOffer.monthlyRentFen} /> · {t("housing.resident.deposit")} <Money fen={openOffer.depositFen} />
          </p>
          <p>
            {t("housing.console.expiresAt")}: <When at={openOffer.expiresAt} /> · <Countdown until={String(openOffer.expiresAt)} now={now} />
          </p>
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="offerId" value={openOffer.id} />
              <button type="submit" className="button" disabled={busy}>
                {t("housing.resident.accept")}
              </button>
            </Form>
            <ConfirmForm message={t("housing.resident.declineConfirm")}>
              <input type="hidden" name="intent" value="declineOffer" />
              <input type="hidden" name="offerId" value={openOffer.id} />
              <button type="submit" className="button button-secondary" disabled={busy}>
                {t("housing.resident.decline")}
              </button>
            </ConfirmForm>
          </div>
        </div>
      ) : null}

      <OverlapWarning overlaps={overlaps} />

      {lease ? (
        <div className="card list-row" data-testid="application-lease">
          <span>
            {t("housing.resident.leaseNumber")}: <Link to={`/housing/leases/${lease.id}`}>{lease.number}</Link> · <LeaseStatus status={lease.status} startsOn={lease.startsOn} />
          </span>
          {lease.mineToSign ? (
            <Link className="button button-small" to={`/housing/leases/${lease.id}`}>
              {t("housing.company.signLease")}
            </Link>
          ) : null}
        </div>
      ) : null}

      <div className="card">
        <dl className="details">
          <dt>{t("housing.resident.unitType")}</dt>
          <dd>
            <UnitTypeLabel type={application.unitType} />
          </dd>
          <dt>{t("housing.company.dates")}</dt>
          <dd>
            <DateRange from={application.moveInOn} to={application.moveOutOn} />
          </dd>
          <dt>{t("housing.resident.payer")}</dt>
          <dd>{t(`housing.pages.payer.${application.payer}`)}</dd>
          {waitlistPosition ? (
            <>
              <dt>{t("housing.console.rank")}</dt>
              <dd>{waitlistPosition}</dd>
            </>
          ) : null}
          {application.note ? (
            <>
              <dt>{t("housing.console.note")}</dt>
              <dd>{application.note}</dd>
            </>
          ) : null}
          {application.decisionReason ? (
            <>
              <dt>{t("housing.pages.reasonLabel")}</dt>
              <dd>{application.decisionReason}</dd>
            </>
          ) : null}
        </dl>
      </div>

      <div className="card">
        <h2 className="card-title">{t("housing.apply.residents")}</h2>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("housing.apply.name")}</th>
                <th scope="col">{t("housing.apply.idNumber")}</th>
                <th scope="col">{t("housing.apply.phone")}</th>
              </tr>
            </thead>
            <tbody>
              {residents.map((r) => (
                <tr key={r.id} data-testid="resident-row">
                  <td data-label={t("housing.apply.name")}>
                    {r.name}
                    {r.primary ? <span className="muted small"> · {t("housing.console.primary")}</span> : null}
                  </td>
                  <td data-label={t("housing.apply.idNumber")} className="pii">
                    {r.idNumber}
                  </td>
                  <td data-label={t("housing.apply.phone")} className="pii">
                    {r.phone}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {companyAdmin && application.status === "submitted" && !mayConfirm ? (
        <p className="card hint" data-testid="not-yours-to-confirm">
          {t(confirmedBy === "park" ? "housing.company.parkConfirms" : "housing.company.ownApplication")}
        </p>
      ) : null}

      {mayConfirm ? (
        <div className="card stack" data-testid="endorse-panel">
          <h2 className="card-title">{t("housing.company.toEndorse")}</h2>
          <ConfirmForm message={t("housing.company.endorseConfirm")}>
            <input type="hidden" name="intent" value="endorse" />
            <button type="submit" className="button" disabled={busy}>
              {t("housing.company.endorse")}
            </button>
          </ConfirmForm>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="decline" />
            <div className="field">
              <label htmlFor="decline-reason">{t("housing.pages.reasonLabel")}</label>
              <textarea id="decline-reason" name="reason" rows={2} maxLength={2000} aria-describedby="decline-reason-errors" />
              <FieldErrors id="decline-reason-errors" errors={answer?.intent === "decline" ? answer.fieldErrors?.reason : undefined} />
            </div>
            <button type="submit" className="button button-danger" disabled={busy}>
              {t("housing.company.declineSubmit")}
            </button>
          </Form>
        </div>
      ) : null}

      {offers.length > 0 ? (
        <div className="card">
          <h2 className="card-title">{t("housing.console.offersTitle")}</h2>
          <ul className="list">
            {offers.map((o) => (
              <li key={o.id} className="list-row">
                <span>
                  {o.unit ? <UnitLabel code={o.unit.code} bedNo={o.bedNo} /> : null} · <DateRange from={o.startsOn} to={o.endsOn} />
                </span>
                <HousingStatus kind="offerStatus" status={o.status} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {canWithdraw ? (
        <ConfirmForm message={t("housing.resident.withdrawConfirm")} className="card">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("housing.resident.withdraw")}
          </button>
        </ConfirmForm>
      ) : null}
    </section>
  );
}
