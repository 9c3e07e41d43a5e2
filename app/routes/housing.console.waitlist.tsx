// /housing/console/waitlist — endorsed applications in waitlist order (priority, then endorsement
// time): set a priority with a reason, offer a free unit of the type asked for (chosen from the
// units free for those dates), or reject with a reason. Every decision is audited by the module.
import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, InputField } from "~/components/forms";
import { FormPanel, PageErrors, ReasonPanel, RowSubmit, useAnswered, useLastResult, type FormFields } from "~/components/housing-forms";
import { Countdown, DateRange, RedirectNotice, HousingStatus, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { formatCny } from "~/i18n/format";
import { listWaitlist, rejectApplication, setPriority } from "~/modules/housing/applications.server";
import { freePlacesFor } from "~/modules/housing/console.server";
import { waitlistForms } from "~/modules/housing/forms";
import { makeOffer } from "~/modules/housing/offers.server";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const db = await getDb();
  const rows = await listWaitlist(member);
  const waitlist = await Promise.all(
    rows.map(async (row) => ({
      ...row,
      free:
        row.application.status === "endorsed"
          ? await freePlacesFor(db, { unitType: row.application.unitType, startsOn: row.application.moveInOn, endsOn: row.application.moveOutOn })
          : [],
    })),
  );
  return { waitlist, now: new Date().toISOString() };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return submitForm(request, waitlistForms, (form) =>
    byIntent(form, {
      priority: async ({ applicationId, priority, reason }) => {
        await setPriority(member, applicationId, priority, reason);
        return redirect("/housing/console/waitlist?done=priority");
      },
      offer: async ({ applicationId, place, startsOn, endsOn, reason }) => {
        await makeOffer(member, { applicationId, ...place, startsOn, endsOn, reason });
        return redirect("/housing/console/waitlist?done=offered");
      },
      reject: async ({ applicationId, reason }) => {
        await rejectApplication(member, applicationId, reason);
        return redirect("/housing/console/waitlist?done=rejected");
      },
    }),
  );
});

const doneKeys: Record<string, string> = { priority: "housing.console.prioritySaved", offered: "housing.console.offered", rejected: "housing.console.rejected" };

type WaitlistRow = SerializeFrom<typeof loader>["waitlist"][number];

/** An offer of one of the places free for the application's dates. */
function OfferForm({ row, busy }: { row: WaitlistRow; busy: boolean }) {
  const { t, en, language } = useT();
  const { application, free } = row;
  const sent = { intent: "offer", applicationId: application.id };
  const [form, fields] = useForm<FormFields<"place" | "startsOn" | "endsOn" | "reason">>({ id: `offer-${application.id}`, lastResult: useLastResult(sent), defaultValue: { startsOn: application.moveInOn, endsOn: application.moveOutOn } });
  return (
    <details className="inline-panel" open={useAnswered(sent)}>
      <summary>{t("housing.console.offerTitle")}</summary>
      {free.length === 0 ? (
        <p className="hint">{t("housing.console.noFreeUnits")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack" data-testid="offer-form">
          <input type="hidden" name="intent" value="offer" />
          <input type="hidden" name="applicationId" value={application.id} />
          <div className="form-row">
            <Field meta={fields.place} label={t("housing.console.chooseUnit")}>
              <select {...getSelectProps(fields.place)}>
                {free.map((p) => (
                  <option key={`${p.unitId}:${p.bedNo}`} value={`${p.unitId}:${p.bedNo}`}>
                    {p.code}
                    {p.bedNo ? ` · ${t("housing.pages.bed", { n: p.bedNo })}` : ""} · {en ? p.buildingNameEn : p.buildingNameZh} · {formatCny(p.monthlyRentFen, language)}
                  </option>
                ))}
              </select>
            </Field>
            <InputField meta={fields.startsOn} label={t("housing.apply.moveInOn")} type="date" />
            <InputField meta={fields.endsOn} label={t("housing.apply.moveOutOn")} type="date" />
          </div>
          <InputField meta={fields.reason} label={t("housing.console.offerReason")} hint={t("housing.pages.reasonHint")} maxLength={1000} />
          <p className="hint">
            {t("housing.resident.rent")}: <Money fen={free[0].monthlyRentFen} />
          </p>
          <button type="submit" className="button" disabled={busy}>
            {t("housing.console.offerSubmit")}
          </button>
        </Form>
      )}
    </details>
  );
}

/** A new priority for the application, with the reason. */
function PriorityForm({ row, busy }: { row: WaitlistRow; busy: boolean }) {
  const { t } = useT();
  const { application } = row;
  const sent = { intent: "priority", applicationId: application.id };
  const [form, fields] = useForm<FormFields<"priority" | "reason">>({ id: `priority-${application.id}`, lastResult: useLastResult(sent), defaultValue: { priority: String(application.priority) } });
  return (
    <FormPanel summary={t("housing.console.setPriority")} sent={sent} form={form} className="form-row">
      <InputField meta={fields.priority} label={t("housing.console.priority")} type="number" min={-100} max={100} step={1} className="field-narrow" />
      <InputField meta={fields.reason} label={t("housing.console.priorityReason")} maxLength={500} />
      <RowSubmit label={t("housing.console.setPriority")} busy={busy} />
    </FormPanel>
  );
}

export default function Waitlist() {
  const { t, en } = useT();
  const { waitlist, now } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="lead">{t("housing.console.waitlistLead")}</p>
      <RedirectNotice keys={doneKeys} />
      <PageErrors />
      {waitlist.length === 0 ? <p className="empty-state card">{t("housing.console.emptyWaitlist")}</p> : null}
      <ol className="stack list-plain">
        {waitlist.map((row) => {
          const { application, applicantName, orgNameZh, orgNameEn, position, positionInType, offerExpiresAt } = row;
          return (
            <li key={application.id} className="card stack" data-testid="waitlist-row" data-application={application.id}>
              <div className="card-header">
                <h2 className="card-title">
                  #{position} · {applicantName} · {en ? orgNameEn : orgNameZh}
                </h2>
                <HousingStatus kind="applicationStatus" status={application.status} />
              </div>
              <p className="small">
                <UnitTypeLabel type={application.unitType} /> (#{positionInType}) · <DateRange from={application.moveInOn} to={application.moveOutOn} /> ·{" "}
                {t(`housing.pages.payer.${application.payer}`)} · {t("housing.console.priority")} {application.priority}
                {application.priorityReason ? <span className="muted"> ({application.priorityReason})</span> : null}
                {application.endorsedAt ? (
                  <span className="muted">
                    {" "}
                    · <When at={application.endorsedAt} />
                  </span>
                ) : null}
              </p>
              {application.note ? <p className="muted small">{application.note}</p> : null}
              {application.status === "offered" && offerExpiresAt ? (
                <p className="small">
                  {t("housing.console.expiresAt")}: <When at={offerExpiresAt} /> · <Countdown until={String(offerExpiresAt)} now={now} />
                </p>
              ) : null}
              {application.status === "endorsed" ? <OfferForm row={row} busy={busy} /> : null}
              <PriorityForm row={row} busy={busy} />
              <ReasonPanel
                id={`reject-${application.id}`}
                sent={{ intent: "reject", applicationId: application.id }}
                summary={t("housing.console.rejectTitle")}
                submitLabel={t("housing.console.rejectSubmit")}
                busy={busy}
              />
            </li>
          );
        })}
      </ol>
    </>
  );
}
