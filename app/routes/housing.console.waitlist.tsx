// /housing/console/waitlist — endorsed applications in waitlist order (priority, then endorsement
// time): set a priority with a reason, offer a free unit of the type asked for (chosen from the
// units free for those dates), or reject with a reason. Every decision is audited by the module.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { formatCny } from "~/i18n/format";
import { Countdown, DateRange, fieldErrorsOf, HousingStatus, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { listWaitlist, rejectApplication, setPriority } from "~/modules/housing/applications.server";
import { freePlacesFor } from "~/modules/housing/console.server";
import { offerSchema, prioritySchema, reasonSchema } from "~/modules/housing/forms";
import { makeOffer } from "~/modules/housing/offers.server";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
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

type Answer = { intent: string; applicationId: string; fieldErrors?: Record<string, string[]>; error?: string };

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const applicationId = String(form.get("applicationId") ?? "");
  const fail = (status: number, answer: Omit<Answer, "intent" | "applicationId">) => data<Answer>({ intent, applicationId, ...answer }, { status });
  const field = (name: string) => String(form.get(name) ?? "");
  try {
    if (intent === "priority") {
      const parsed = prioritySchema.safeParse({ priority: field("priority"), reason: field("reason") });
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await setPriority(member, applicationId, parsed.data.priority, parsed.data.reason);
      return redirect("/housing/console/waitlist?done=priority");
    }
    if (intent === "offer") {
      const [unitId = "", bedNo = "0"] = field("place").split(":");
      const input = { applicationId, unitId, bedNo, startsOn: field("startsOn"), endsOn: field("endsOn"), reason: field("reason") };
      const parsed = offerSchema.safeParse(input);
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await makeOffer(member, parsed.data);
      return redirect("/housing/console/waitlist?done=offered");
    }
    if (intent === "reject") {
      const parsed = reasonSchema.safeParse({ reason: field("reason") });
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await rejectApplication(member, applicationId, parsed.data.reason);
      return redirect("/housing/console/waitlist?done=rejected");
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      const message = encodeMessage(error.messageKey, error.params);
      const fieldName = typeof error.params.field === "string" && error.params.field ? error.params.field : null;
      return fail(error.code === "invalid" ? 422 : 409, fieldName ? { fieldErrors: { [fieldName === "unitId" || fieldName === "bedNo" ? "place" : fieldName]: [message] } } : { error: message });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

const doneKeys: Record<string, string> = { priority: "housing.console.prioritySaved", offered: "housing.console.offered", rejected: "housing.console.rejected" };

export default function Waitlist() {
  const { t, en, language } = useT();
  const { waitlist, now } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("done");
  const errorsFor = (applicationId: string, intent: string, name: string) =>
    answer?.applicationId === applicationId && answer.intent === intent ? answer.fieldErrors?.[name] : undefined;
  return (
    <>
      <p className="lead">{t("housing.console.waitlistLead")}</p>
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
      {waitlist.length === 0 ? <p className="empty-state card">{t("housing.console.emptyWaitlist")}</p> : null}
      <ol className="stack list-plain">
        {waitlist.map(({ application, applicantName, orgNameZh, orgNameEn, position, positionInType, offerExpiresAt, free }) => {
          const id = application.id;
          const open = answer?.applicationId === id;
          return (
            <li key={id} className="card stack" data-testid="waitlist-row" data-application={id}>
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

              {application.status === "endorsed" ? (
                <details className="inline-panel" open={open && answer?.intent === "offer"}>
                  <summary>{t("housing.console.offerTitle")}</summary>
                  {free.length === 0 ? (
                    <p className="hint">{t("housing.console.noFreeUnits")}</p>
                  ) : (
                    <Form method="post" className="stack" data-testid="offer-form">
                      <input type="hidden" name="intent" value="offer" />
                      <input type="hidden" name="applicationId" value={id} />
                      <div className="form-row">
                        <div className="field">
                          <label htmlFor={`place-${id}`}>{t("housing.console.chooseUnit")}</label>
                          <select id={`place-${id}`} name="place">
                            {free.map((p) => (
                              <option key={`${p.unitId}:${p.bedNo}`} value={`${p.unitId}:${p.bedNo}`}>
                                {p.code}
                                {p.bedNo ? ` · ${t("housing.pages.bed", { n: p.bedNo })}` : ""} · {en ? p.buildingNameEn : p.buildingNameZh} · {formatCny(p.monthlyRentFen, language)}
                              </option>
                            ))}
                          </select>
                          <FieldErrors id={`place-${id}-errors`} errors={errorsFor(id, "offer", "place")} />
                        </div>
                        <div className="field">
                          <label htmlFor={`starts-${id}`}>{t("housing.apply.moveInOn")}</label>
                          <input id={`starts-${id}`} type="date" name="startsOn" defaultValue={application.moveInOn} />
                          <FieldErrors id={`starts-${id}-errors`} errors={errorsFor(id, "offer", "startsOn")} />
                        </div>
                        <div className="field">
                          <label htmlFor={`ends-${id}`}>{t("housing.apply.moveOutOn")}</label>
                          <input id={`ends-${id}`} type="date" name="endsOn" defaultValue={application.moveOutOn} />
                          <FieldErrors id={`ends-${id}-errors`} errors={errorsFor(id, "offer", "endsOn")} />
                        </div>
                      </div>
                      <div className="field">
                        <label htmlFor={`offer-reason-${id}`}>{t("housing.console.offerReason")}</label>
                        <input id={`offer-reason-${id}`} type="text" name="reason" maxLength={1000} />
                        <p className="hint">{t("housing.pages.reasonHint")}</p>
                        <FieldErrors id={`offer-reason-${id}-errors`} errors={errorsFor(id, "offer", "reason")} />
                      </div>
                      <p className="hint">
                        {t("housing.resident.rent")}: <Money fen={free[0].monthlyRentFen} />
                      </p>
                      <button type="submit" className="button" disabled={busy}>
                        {t("housing.console.offerSubmit")}
                      </button>
                    </Form>
                  )}
                </details>
              ) : null}

              <details className="inline-panel" open={open && answer?.intent === "priority"}>
                <summary>{t("housing.console.setPriority")}</summary>
                <Form method="post" className="form-row">
                  <input type="hidden" name="intent" value="priority" />
                  <input type="hidden" name="applicationId" value={id} />
                  <div className="field field-narrow">
                    <label htmlFor={`priority-${id}`}>{t("housing.console.priority")}</label>
                    <input id={`priority-${id}`} type="number" name="priority" defaultValue={application.priority} min={-100} max={100} step={1} />
                    <FieldErrors id={`priority-${id}-errors`} errors={errorsFor(id, "priority", "priority")} />
                  </div>
                  <div className="field">
                    <label htmlFor={`priority-reason-${id}`}>{t("housing.console.priorityReason")}</label>
                    <input id={`priority-reason-${id}`} type="text" name="reason" maxLength={500} />
                    <FieldErrors id={`priority-reason-${id}-errors`} errors={errorsFor(id, "priority", "reason")} />
                  </div>
                  <div className="field">
                    <span aria-hidden="true">&nbsp;</span>
                    <button type="submit" className="button button-secondary" disabled={busy}>
                      {t("housing.console.setPriority")}
                    </button>
                  </div>
                </Form>
              </details>

              <details className="inline-panel" open={open && answer?.intent === "reject"}>
                <summary>{t("housing.console.rejectTitle")}</summary>
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="reject" />
                  <input type="hidden" name="applicationId" value={id} />
                  <div className="field">
                    <label htmlFor={`reject-reason-${id}`}>{t("housing.pages.reasonLabel")}</label>
                    <textarea id={`reject-reason-${id}`} name="reason" rows={2} maxLength={2000} />
                    <FieldErrors id={`reject-reason-${id}-errors`} errors={errorsFor(id, "reject", "reason")} />
                  </div>
                  <button type="submit" className="button button-danger button-small" disabled={busy}>
                    {t("housing.console.rejectSubmit")}
                  </button>
                </Form>
              </details>
            </li>
          );
        })}
      </ol>
    </>
  );
}
