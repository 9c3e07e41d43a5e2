// /registration/desk/:id — one case as the desk sees it: what the applicant sees (tracker, intake,
// documents, history) plus what the desk does next: move it one step along with a note and a due
// date, enter the licence (USCC, date, scan), ask the applicant for something, assign it, change
// the due date, charge the fee, cancel it, and print the articles draft.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import {
  BackLink,
  caseTypeKey,
  CaseStatus,
  CaseTimeline,
  DocumentFiles,
  DueOn,
  IntakeSummary,
  ParkDay,
  statusKey,
  StepTracker,
  trackerSteps,
  WhoActs,
} from "~/components/registration-ui";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { advanceCase, assignCase, cancelCase, requestFromApplicant, setDueDate } from "~/modules/registration/cases.server";
import { caseView, deskStaff, type CaseView } from "~/modules/registration/console.server";
import { chargeFee } from "~/modules/registration/fees.server";
import { maskResidentId } from "~/modules/platform/resident-id";
import { stepsForCaseType } from "~/modules/registration/intake";
import { defaultDueOn, isFinal, nextStep, resumableStatuses, type RegistrationStatus } from "~/modules/registration/workflow";
import { parkDate } from "~/modules/platform/dates";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("注册案件 · 注册服务台");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const [view, staff] = await Promise.all([caseView(member, params.id ?? ""), deskStaff(member)]);
  const c = view.case;
  const next = isFinal(c.status) || c.status === "waiting_for_applicant" ? null : nextStep(c.status, c.caseType);
  return {
    ...view,
    staff,
    me: member.user.id,
    next,
    nextDueOn: next ? defaultDueOn(next, parkDate()) : null,
    today: parkDate(),
  };
});

type Intent = "advance" | "resume" | "request" | "assign" | "due" | "cancel" | "charge";
interface Answer {
  intent: Intent;
  errors: Record<string, string[]>;
  error?: string;
  done?: string;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const errors: Record<string, string[]> = {};
  const invalid = () => data<Answer>({ intent, errors }, { status: 400 });
  try {
    switch (intent) {
      case "advance": {
        const dueOn = text("dueOn");
        if (dueOn && !isoDate.test(dueOn)) errors.dueOn = ["registration.errors.date"];
        const to = text("to");
        if (Object.keys(errors).length) return invalid();
        await advanceCase(
          member,
          id,
          {
            from: text("from") as RegistrationStatus,
            to: to as RegistrationStatus,
            note: text("note") || undefined,
            dueOn: dueOn || undefined,
            approvedNameZh: text("approvedNameZh") || undefined,
          },
        );
        return data<Answer>({ intent, errors: {}, done: "registration.desk.done.advanced" });
      }
      case "resume": {
        await advanceCase(member, id, { from: "waiting_for_applicant", to: text("to") as RegistrationStatus, note: text("note") || undefined });
        return data<Answer>({ intent, errors: {}, done: "registration.desk.done.advanced" });
      }
      case "request": {
        const reason = text("reason");
        if (!reason) errors.reason = ["registration.errors.reasonRequired"];
        if (Object.keys(errors).length) return invalid();
        await requestFromApplicant(member, id, { from: text("from") as RegistrationStatus, reason });
        return data<Answer>({ intent, errors: {}, done: "registration.desk.done.requested" });
      }
      case "assign": {
        const assignee = text("assigneeUserId");
        await assignCase(member, id, assignee || null);
        return data<Answer>({ intent, errors: {}, done: "registration.desk.done.assigned" });
      }
      case "due": {
        const dueOn = text("dueOn");
        if (!isoDate.test(dueOn)) errors.dueOn = ["registration.errors.date"];
        if (Object.keys(errors).length) return invalid();
        await setDueDate(member, id, dueOn);
        return data<Answer>({ intent, errors: {}, done: "registration.desk.done.dueSet" });
      }
      case "cancel": {
        const reason = text("reason");
        if (!reason) errors.reason = ["registration.errors.reasonRequired"];
        if (Object.keys(errors).length) return invalid();
        await cancelCase(member, id, reason);
        return data<Answer>({ intent, errors: {}, done: "registration.desk.done.cancelled" });
      }
      case "charge": {
        await chargeFee(member, id);
        return data<Answer>({ intent, errors: {}, done: "registration.desk.done.charged" });
      }
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      return data<Answer>({ intent, errors: {}, error: encodeMessage(error.messageKey, error.params) }, { status: error.code === "conflict" ? 409 : 422 });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{translateMessage(t, e)}</li>
      ))}
    </ul>
  );
}

function TextField({ name, label, errors, type = "text", defaultValue, required, textarea, idPrefix }: { name: string; label: string; errors?: string[]; type?: string; defaultValue?: string; required?: boolean; textarea?: boolean; idPrefix: string }) {
  const id = `${idPrefix}-${name}`;
  return (
    <div className={errors?.length ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {textarea ? (
        <textarea id={id} name={name} rows={2} maxLength={2000} required={required} defaultValue={defaultValue} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${id}-error` : undefined} />
      ) : (
        <input id={id} name={name} type={type} required={required} defaultValue={defaultValue} autoComplete="off" aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${id}-error` : undefined} />
      )}
      <Errors id={`${id}-error`} errors={errors} />
    </div>
  );
}

export default function DeskCase() {
  const { t, i18n } = useTranslation();
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const c = view.case;
  const errorsFor = (intent: Intent) => (actionData?.intent === intent ? actionData.errors : {});
  const final = isFinal(c.status);
  return (
    <div className="stack">
      <BackLink to="/registration/desk">{t("registration.desk.tabs.queue")}</BackLink>
      <header className="stack">
        <p className="eyebrow">
          {c.number} · {t(caseTypeKey(c.caseType))}
        </p>
        <h2>{view.name ?? t("registration.pages.unnamed")}</h2>
        <div className="card-header">
          <CaseStatus status={c.status} resumeStatus={c.resumeStatus} />
          {!final ? (
            <span className="small">
              {t("registration.pages.whoActsNext")}: <WhoActs owner={c.stepOwner} /> · {t("registration.pages.due")}: <DueOn dueOn={c.dueOn} overdue={view.overdue} />
            </span>
          ) : null}
        </div>
      </header>
      {actionData?.done ? (
        <p className="notice" role="status">
          {t(actionData.done)}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t, actionData.error)}
        </p>
      ) : null}
      {c.status === "waiting_for_applicant" ? (
        <section className="waiting-reason" role="note">
          <h2>{t("registration.desk.waitingFor")}</h2>
          <p className="multiline">
            <strong>{c.waitingReason}</strong>
          </p>
        </section>
      ) : null}

      <div className="case-layout">
        <div className="stack">
          <section className="card">
            <h2 className="card-title">{t("registration.pages.trackerTitle")}</h2>
            <StepTracker steps={trackerSteps(c, view.timeline)} waiting={c.status === "waiting_for_applicant"} />
          </section>
          <section className="card">
            <div className="card-header">
              <h2 className="card-title">{t("registration.pages.intakeTitle")}</h2>
              {c.caseType === "limited" ? (
                <Link to={`/registration/desk/${c.id}/articles`} className="button button-small button-secondary">
                  {t("registration.desk.articlesLink")}
                </Link>
              ) : null}
            </div>
            {!c.intakeSubmittedAt ? <p className="locked-note">{t("registration.desk.notSubmitted")}</p> : null}
            <IntakeSummary intake={c.intake} steps={stepsForCaseType(c.caseType)} mask={maskResidentId} />
          </section>
          <DeskDocuments view={view} />
          <section className="card">
            <h2 className="card-title">{t("registration.pages.timeline")}</h2>
            <CaseTimeline events={view.timeline} viewer="desk" />
          </section>
        </div>

        <aside className="card desk-actions" aria-label={t("registration.desk.actions")}>
          {c.uscc || c.licenceIssuedOn ? (
            <section>
              <h3>{t("registration.pages.licenceTitle")}</h3>
              <dl className="details">
                <dt>{t("registration.pages.fields.uscc")}</dt>
                <dd>
                  <code>{c.uscc ?? "—"}</code>
                </dd>
                <dt>{t("registration.pages.approvedName")}</dt>
                <dd>{c.approvedNameZh ?? "—"}</dd>
                <dt>{t("registration.pages.licenceIssuedOn")}</dt>
                <dd>
                  <ParkDay day={c.licenceIssuedOn} />
                </dd>
              </dl>
            </section>
          ) : null}
          {view.address ? (
            <section>
              <h3>{t("registration.pages.registeredAddress")}</h3>
              <p>{i18n.language === "en" ? view.address.addressEn : view.address.addressZh}</p>
            </section>
          ) : null}

          {!final && view.next && view.next !== "licence_issued" && c.status !== "intake" ? (
            <section>
              <h3>{t("registration.desk.advanceTitle", { step: t(statusKey(view.next)) })}</h3>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="advance" />
                <input type="hidden" name="from" value={c.status} />
                <input type="hidden" name="to" value={view.next} />
                {view.next === "name_approved" ? (
                  <TextField idPrefix="advance" name="approvedNameZh" label={t("registration.pages.approvedName")} defaultValue={view.name ?? ""} errors={errorsFor("advance").approvedNameZh} />
                ) : null}
                <TextField idPrefix="advance" name="note" label={t("registration.desk.note")} textarea errors={errorsFor("advance").note} />
                {view.next !== "completed" ? (
                  <TextField idPrefix="advance" name="dueOn" type="date" label={t("registration.desk.nextDueOn")} defaultValue={view.nextDueOn ?? ""} errors={errorsFor("advance").dueOn} />
                ) : null}
                <button type="submit" className="button" disabled={busy}>
                  {t("registration.desk.advanceButton", { step: t(statusKey(view.next)) })}
                </button>
              </Form>
            </section>
          ) : null}
          {!final && view.next === "licence_issued" ? <LicenceForm view={view} /> : null}
          {c.status === "waiting_for_applicant" && c.resumeStatus ? (
            <section>
              <h3>{t("registration.desk.resumeTitle")}</h3>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="resume" />
                <input type="hidden" name="to" value={c.resumeStatus} />
                <TextField idPrefix="resume" name="note" label={t("registration.desk.note")} textarea />
                <button type="submit" className="button button-secondary" disabled={busy}>
                  {t("registration.desk.resumeButton", { step: t(statusKey(c.resumeStatus)) })}
                </button>
              </Form>
            </section>
          ) : null}
          {!final && (resumableStatuses as readonly string[]).includes(c.status) ? (
            <section>
              <h3>{t("registration.desk.requestTitle")}</h3>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="request" />
                <input type="hidden" name="from" value={c.status} />
                <TextField idPrefix="request" name="reason" label={t("registration.desk.requestReason")} textarea required errors={errorsFor("request").reason} />
                <button type="submit" className="button button-secondary" disabled={busy}>
                  {t("registration.desk.requestButton")}
                </button>
              </Form>
            </section>
          ) : null}
          {!final ? (
            <section>
              <h3>{t("registration.desk.assignTitle")}</h3>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="assign" />
                <label htmlFor="assignee" className="visually-hidden">
                  {t("registration.desk.assignee")}
                </label>
                <select id="assignee" name="assigneeUserId" defaultValue={c.assigneeUserId ?? ""}>
                  <option value="">{t("registration.desk.nobody")}</option>
                  {view.staff.map((p) => (
                    <option key={p.userId} value={p.userId}>
                      {p.displayName}
                      {p.userId === view.me ? ` (${t("registration.desk.me")})` : ""}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button button-secondary button-small" disabled={busy}>
                  {t("registration.desk.assignButton")}
                </button>
              </Form>
            </section>
          ) : null}
          {!final ? (
            <section>
              <h3>{t("registration.desk.dueTitle")}</h3>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="due" />
                <label htmlFor="due-on" className="visually-hidden">
                  {t("registration.pages.due")}
                </label>
                <input id="due-on" type="date" name="dueOn" defaultValue={c.dueOn ?? ""} min={view.today} aria-invalid={errorsFor("due").dueOn ? true : undefined} />
                <button type="submit" className="button button-secondary button-small" disabled={busy}>
                  {t("common.save")}
                </button>
                <Errors id="due-on-error" errors={errorsFor("due").dueOn} />
              </Form>
            </section>
          ) : null}
          <section>
            <h3>{t("registration.desk.feeTitle")}</h3>
            {c.feeInvoiceId ? (
              <p>
                {t("registration.desk.feeCharged")} <Money fen={c.feeFen} />
              </p>
            ) : (
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(t("registration.desk.confirmCharge"))) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="charge" />
                <p className="hint">{t("registration.desk.feeHint")}</p>
                <button type="submit" className="button button-secondary button-small" disabled={busy || final}>
                  {t("registration.desk.chargeButton")}
                </button>
              </Form>
            )}
          </section>
          {!final ? (
            <details className="inline-panel" open={Boolean(errorsFor("cancel").reason)}>
              <summary>{t("registration.desk.cancelTitle")}</summary>
              <Form
                method="post"
                className="stack"
                onSubmit={(event) => {
                  if (!window.confirm(t("registration.pages.confirmCancel"))) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="cancel" />
                <TextField idPrefix="cancel" name="reason" label={t("registration.pages.cancelReason")} textarea required errors={errorsFor("cancel").reason} />
                <button type="submit" className="button button-danger" disabled={busy}>
                  {t("registration.pages.cancelCase")}
                </button>
              </Form>
            </details>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

type UploadAnswer = { errors?: Record<string, string[]>; uploaded?: boolean; advanced?: boolean };

function LicenceForm({ view }: { view: CaseView & { nextDueOn: string | null } }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<UploadAnswer>();
  const busy = fetcher.state !== "idle";
  const errors = fetcher.data?.errors ?? {};
  return (
    <section>
      <h3>{t("registration.desk.licenceTitle")}</h3>
      <p className="hint">{t("registration.desk.licenceHint")}</p>
      <fetcher.Form method="post" action={`/registration/${view.case.id}/documents`} encType="multipart/form-data" className="stack" id="licence-form">
        <input type="hidden" name="intent" value="licence" />
        <input type="hidden" name="from" value={view.case.status} />
        <Errors id="licence-errors" errors={errors[""]} />
        <TextField idPrefix="licence" name="approvedNameZh" label={t("registration.pages.approvedName")} defaultValue={view.case.approvedNameZh ?? view.name ?? ""} errors={errors.approvedNameZh} />
        <TextField idPrefix="licence" name="uscc" label={t("registration.profile.uscc")} errors={errors.uscc} />
        <TextField idPrefix="licence" name="licenceIssuedOn" type="date" label={t("registration.pages.licenceIssuedOn")} errors={errors.licenceIssuedOn} />
        <div className={errors.file ? "field field-invalid" : "field"}>
          <label htmlFor="licence-file">{t("registration.desk.licenceScan")}</label>
          <input id="licence-file" type="file" name="file" required accept="application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp" aria-invalid={errors.file ? true : undefined} aria-describedby={errors.file ? "licence-file-error" : undefined} />
          <Errors id="licence-file-error" errors={errors.file} />
        </div>
        <TextField idPrefix="licence" name="dueOn" type="date" label={t("registration.desk.nextDueOn")} defaultValue={view.nextDueOn ?? ""} errors={errors.dueOn} />
        <TextField idPrefix="licence" name="note" label={t("registration.desk.note")} textarea />
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {busy ? t("common.working") : t("registration.desk.licenceButton")}
        </button>
      </fetcher.Form>
    </section>
  );
}

function DeskUpload({ caseId, requirement }: { caseId: string; requirement: string }) {
  const { t } = useTranslation();
  const upload = useFetcher<UploadAnswer>();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (upload.state === "idle" && upload.data?.uploaded) formRef.current?.reset();
  }, [upload.state, upload.data]);
  const id = `desk-upload-${requirement.replace(/[^\w-]/g, "-")}`;
  const errors = upload.data?.errors?.file ?? upload.data?.errors?.[""];
  return (
    <upload.Form method="post" action={`/registration/${caseId}/documents`} encType="multipart/form-data" className="upload" ref={formRef}>
      <input type="hidden" name="intent" value="upload" />
      <input type="hidden" name="requirement" value={requirement} />
      <label htmlFor={id} className="visually-hidden">
        {t("registration.pages.chooseFile")}
      </label>
      <input id={id} type="file" name="file" required accept="application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp" />
      <button type="submit" className="button button-secondary button-small" disabled={upload.state !== "idle"}>
        {t("registration.pages.upload")}
      </button>
      <Errors id={`${id}-error`} errors={errors} />
    </upload.Form>
  );
}

function DeskDocuments({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const c = view.case;
  return (
    <section className="card">
      <h2 className="card-title">{t("registration.pages.documentsTitle")}</h2>
      <ul className="checklist">
        {view.checklist.map((item) => {
          const files = view.documents.filter((d) => d.requirement === item.requirement);
          return (
            <li key={item.requirement} className={`checklist-item ${files.length ? "present" : item.required ? "missing" : ""}`} data-requirement={item.requirement}>
              <h3>
                {t(item.labelKey, item.params)}
                <span className="small muted">{t(`registration.pages.owner.${item.owner}`)}</span>
                {files.length ? <span className="badge-soft badge-ok">{t("registration.pages.uploaded")}</span> : item.required ? <span className="badge-soft">{t("registration.pages.missing")}</span> : null}
              </h3>
              <DocumentFiles documents={files} removable={false} />
              {!isFinal(c.status) && item.owner === "desk" && item.requirement !== "licence" ? <DeskUpload caseId={c.id} requirement={item.requirement} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
