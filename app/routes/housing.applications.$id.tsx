// /housing/applications/:id — one housing application as its applicant, a resident named on it or
// the company's owner/admin sees it: status, dates, residents (masked), the offer with its deadline
// (accept or decline), and what each may do next. Anyone else gets 404.
import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { ActionButton, TextareaField } from "~/components/forms";
import { ApplicationFacts, OfferHistory, OpenOfferCard } from "~/components/housing-application";
import { PageErrors, useLastResult } from "~/components/housing-forms";
import { ApplicationStatus, RedirectNotice, HousingHeader, LeaseStatus, OverlapWarning, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { parkDateLabel } from "~/components/ui";
import { declineApplication, endorseApplication, getApplication, withdrawApplication } from "~/modules/housing/applications.server";
import { applicationPageForms } from "~/modules/housing/forms";
import { acceptOffer, declineOffer } from "~/modules/housing/offers.server";
import { offerUnits } from "~/modules/housing/console.server";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
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

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const id = params.id ?? "";
  return submitForm(request, applicationPageForms, (form) =>
    byIntent(form, {
      endorse: async () => {
        await endorseApplication(member, id);
        return redirect(`/housing/applications/${id}?done=endorsed`);
      },
      decline: async ({ reason }) => {
        await declineApplication(member, id, reason);
        return redirect(`/housing/applications/${id}?done=declined`);
      },
      withdraw: async () => {
        await withdrawApplication(member, id);
        return redirect(`/housing/applications/${id}?done=withdrawn`);
      },
      accept: async ({ offerId }) => {
        await acceptOffer(member, offerId);
        return redirect("/housing?done=accepted");
      },
      declineOffer: async ({ offerId }) => {
        await declineOffer(member, offerId);
        return redirect(`/housing/applications/${id}?done=offerDeclined`);
      },
    }),
  );
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
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const [declineForm, declineFields] = useForm({ id: "decline", lastResult: useLastResult({ intent: "decline" }) });
  const openOffer = offers.find((o) => o.status === "open");
  const canWithdraw = mine && ["submitted", "endorsed", "offered"].includes(application.status);
  return (
    <section className="stack housing">
      <HousingHeader
        title={
          <>
            {t("housing.resident.applicationTitle")} · <UnitTypeLabel type={application.unitType} />
          </>
        }
        company={companyAdmin}
      >
        <p>
          <ApplicationStatus status={application.status} leaseStatus={lease?.status} /> · {applicantName} ·{" "}
          <span className="muted small">
            {t("housing.resident.applied")} <When at={application.createdAt} />
          </span>
        </p>
      </HousingHeader>
      <RedirectNotice keys={doneKeys} done={params.get("done") ?? (params.get("submitted") ? "submitted" : null)} />
      <PageErrors />

      {openOffer && mine ? (
        <OpenOfferCard
          offer={openOffer}
          now={now}
          what={t("housing.resident.offerWhat", {
            unit: openOffer.unit ? (openOffer.bedNo ? t("housing.pages.unitWithBed", { unit: openOffer.unit.code, n: openOffer.bedNo }) : openOffer.unit.code) : "",
            building: openOffer.unit ? (en ? openOffer.unit.buildingNameEn : openOffer.unit.buildingNameZh) : "",
            from: parkDateLabel(openOffer.startsOn, language),
            to: parkDateLabel(openOffer.endsOn, language),
          })}
        />
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
        <ApplicationFacts
          application={application}
          waitlistPosition={waitlistPosition}
          lead={
            <>
              <dt>{t("housing.resident.unitType")}</dt>
              <dd>
                <UnitTypeLabel type={application.unitType} />
              </dd>
            </>
          }
        />
      </div>

      <div className="card">
        <h2 className="card-title">{t("housing.apply.residents")}</h2>
        <DataTable
          rows={residents}
          rowKey={(r) => r.id}
          rowProps={() => ({ "data-testid": "resident-row" })}
          columns={[
            {
              header: t("housing.apply.name"),
              cell: (r) => (
                <>
                  {r.name}
                  {r.primary ? <span className="muted small"> · {t("housing.console.primary")}</span> : null}
                </>
              ),
            },
            { header: t("housing.apply.idNumber"), className: "pii", cell: (r) => r.idNumber },
            { header: t("housing.apply.phone"), className: "pii", cell: (r) => r.phone },
          ]}
        />
      </div>

      {companyAdmin && application.status === "submitted" && !mayConfirm ? (
        <p className="card hint" data-testid="not-yours-to-confirm">
          {t(confirmedBy === "park" ? "housing.company.parkConfirms" : "housing.company.ownApplication")}
        </p>
      ) : null}

      {mayConfirm ? (
        <div className="card stack" data-testid="endorse-panel">
          <h2 className="card-title">{t("housing.company.toEndorse")}</h2>
          <ActionButton intent="endorse" confirm={t("housing.company.endorseConfirm")} label={t("housing.company.endorse")} busy={busy} />
          <Form method="post" {...getFormProps(declineForm)} className="stack">
            <input type="hidden" name="intent" value="decline" />
            <TextareaField meta={declineFields.reason} label={t("housing.pages.reasonLabel")} rows={2} maxLength={2000} />
            <button type="submit" className="button button-danger" disabled={busy}>
              {t("housing.company.declineSubmit")}
            </button>
          </Form>
        </div>
      ) : null}

      <OfferHistory offers={offers} />

      {canWithdraw ? (
        <ActionButton intent="withdraw" confirm={t("housing.resident.withdrawConfirm")} formClassName="card" className="button button-danger" label={t("housing.resident.withdraw")} busy={busy} />
      ) : null}
    </section>
  );
}
