// The desk's side of one registration case (/registration/desk/:id): the column of what the desk
// does next — move the case one step along with a note and a due date, enter the licence (USCC,
// date, scan), resume a waiting case, ask the applicant for something, assign it, change the due
// date, charge the fee, cancel it — and the documents checklist with the desk's own uploads.
import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FieldErrors, FormErrors, InputField, TextareaField } from "~/components/forms";
import { Money } from "~/components/money";
import { acceptedFiles, DocumentFiles, DocumentState, NoteForm, replyTo, statusKey, UploadForm, type DocumentReply } from "~/components/registration-ui";
import { ParkDate } from "~/components/ui";
import type { CaseView } from "~/modules/registration/console.server";
import { isFinal, resumableStatuses, type RegistrationStatus } from "~/modules/registration/workflow";

type DeskView = CaseView & { staff: { userId: string; displayName: string }[]; me: string; next: RegistrationStatus | null; nextDueOn: string | null; today: string };
type DeskReply = { result: SubmissionResult<string[]> } | undefined;
type LastResult = SubmissionResult<string[]> | undefined;

/** The action's answer to this form when it refused it; a form that moved the case is drawn afresh. */
function refusal(reply: DeskReply, intent: string) {
  const result = replyTo(reply, [intent]);
  return result?.status === "error" ? result : undefined;
}

export function DeskActions({ view, reply }: { view: DeskView; reply: DeskReply }) {
  const { t, i18n } = useTranslation();
  const c = view.case;
  const final = isFinal(c.status);
  return (
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
              <ParkDate day={c.licenceIssuedOn} />
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

      {!final && view.next && view.next !== "licence_issued" && c.status !== "intake" ? <AdvanceForm key={`advance-${c.status}`} view={view} next={view.next} lastResult={refusal(reply, "advance")} /> : null}
      {!final && view.next === "licence_issued" ? <LicenceForm view={view} /> : null}
      {c.status === "waiting_for_applicant" && c.resumeStatus ? <ResumeForm key={`resume-${c.status}`} resumeStatus={c.resumeStatus} lastResult={refusal(reply, "resume")} /> : null}
      {!final && (resumableStatuses as readonly string[]).includes(c.status) ? <RequestForm key={`request-${c.status}`} from={c.status} lastResult={refusal(reply, "request")} /> : null}
      {!final ? <AssignForm view={view} /> : null}
      {!final ? <DueForm dueOn={c.dueOn} today={view.today} lastResult={replyTo(reply, ["due"])} /> : null}
      <FeeForm charged={Boolean(c.feeInvoiceId)} feeFen={c.feeFen} final={final} />
      {!final ? <CancelForm key={`cancel-${c.status}`} lastResult={refusal(reply, "cancel")} /> : null}
    </aside>
  );
}

function useBusy() {
  return useNavigation().state === "submitting";
}

/** One of the desk's forms: a title, its intent and the case's values it acts on (`hidden`), its fields, its button. */
function DeskForm({
  title,
  intent,
  formId,
  hidden = {},
  inline = false,
  buttonClassName = "button button-secondary",
  button,
  children,
  after,
}: {
  title: string;
  intent: string;
  formId?: string;
  hidden?: Record<string, string>;
  /** Fields and button on one line (a select or a date). */
  inline?: boolean;
  buttonClassName?: string;
  button: string;
  children: React.ReactNode;
  /** After the button: the errors of an inline form. */
  after?: React.ReactNode;
}) {
  const busy = useBusy();
  return (
    <section>
      <h3>{title}</h3>
      <Form method="post" className={inline ? "inline-form" : "stack"} id={formId}>
        <input type="hidden" name="intent" value={intent} />
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children}
        <button type="submit" className={buttonClassName} disabled={busy}>
          {button}
        </button>
        {after}
      </Form>
    </section>
  );
}

function AdvanceForm({ view, next, lastResult }: { view: DeskView; next: RegistrationStatus; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<{ approvedNameZh: string; note: string; dueOn: string }>({ id: "advance", lastResult, defaultValue: { approvedNameZh: view.name ?? "", dueOn: view.nextDueOn ?? "" } });
  return (
    <DeskForm
      title={t("registration.desk.advanceTitle", { step: t(statusKey(next)) })}
      intent="advance"
      formId={form.id}
      hidden={{ from: view.case.status, to: next }}
      buttonClassName="button"
      button={t("registration.desk.advanceButton", { step: t(statusKey(next)) })}
    >
      {next === "name_approved" ? <InputField meta={fields.approvedNameZh} label={t("registration.pages.approvedName")} autoComplete="off" /> : null}
      <TextareaField meta={fields.note} label={t("registration.desk.note")} rows={2} maxLength={2000} />
      {next !== "completed" ? <InputField meta={fields.dueOn} type="date" label={t("registration.desk.nextDueOn")} autoComplete="off" /> : null}
    </DeskForm>
  );
}

function ResumeForm({ resumeStatus, lastResult }: { resumeStatus: RegistrationStatus; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "resume", lastResult });
  return (
    <DeskForm title={t("registration.desk.resumeTitle")} intent="resume" formId={form.id} hidden={{ to: resumeStatus }} button={t("registration.desk.resumeButton", { step: t(statusKey(resumeStatus)) })}>
      <TextareaField meta={fields.note} label={t("registration.desk.note")} rows={2} maxLength={2000} />
    </DeskForm>
  );
}

function RequestForm({ from, lastResult }: { from: RegistrationStatus; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "request", lastResult });
  return (
    <DeskForm title={t("registration.desk.requestTitle")} intent="request" formId={form.id} hidden={{ from }} button={t("registration.desk.requestButton")}>
      <TextareaField meta={fields.reason} label={t("registration.desk.requestReason")} rows={2} maxLength={2000} required />
    </DeskForm>
  );
}

function AssignForm({ view }: { view: DeskView }) {
  const { t } = useTranslation();
  return (
    <DeskForm title={t("registration.desk.assignTitle")} intent="assign" inline buttonClassName="button button-secondary button-small" button={t("registration.desk.assignButton")}>
      <label htmlFor="assignee" className="visually-hidden">
        {t("registration.desk.assignee")}
      </label>
      <select id="assignee" name="assigneeUserId" defaultValue={view.case.assigneeUserId ?? ""}>
        <option value="">{t("registration.desk.nobody")}</option>
        {view.staff.map((p) => (
          <option key={p.userId} value={p.userId}>
            {p.displayName}
            {p.userId === view.me ? ` (${t("registration.desk.me")})` : ""}
          </option>
        ))}
      </select>
    </DeskForm>
  );
}

function DueForm({ dueOn, today, lastResult }: { dueOn: string | null; today: string; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "due", lastResult });
  const errors = fields.dueOn.errors;
  return (
    <DeskForm
      title={t("registration.desk.dueTitle")}
      intent="due"
      formId={form.id}
      inline
      buttonClassName="button button-secondary button-small"
      button={t("common.save")}
      after={<FieldErrors id="due-on-error" errors={errors} />}
    >
      <label htmlFor="due-on" className="visually-hidden">
        {t("registration.pages.due")}
      </label>
      <input id="due-on" type="date" name="dueOn" defaultValue={dueOn ?? ""} min={today} aria-invalid={errors ? true : undefined} aria-describedby={errors ? "due-on-error" : undefined} />
    </DeskForm>
  );
}

function FeeForm({ charged, feeFen, final }: { charged: boolean; feeFen: string; final: boolean }) {
  const { t } = useTranslation();
  const busy = useBusy();
  return (
    <section>
      <h3>{t("registration.desk.feeTitle")}</h3>
      {charged ? (
        <p>
          {t("registration.desk.feeCharged")} <Money fen={feeFen} />
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
  );
}

function CancelForm({ lastResult }: { lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "cancel", lastResult });
  return (
    <details className="inline-panel" open={Boolean(fields.reason.errors)}>
      <summary>{t("registration.desk.cancelTitle")}</summary>
      <NoteForm
        formId={form.id}
        intent="cancel"
        meta={fields.reason}
        label={t("registration.pages.cancelReason")}
        maxLength={2000}
        button={t("registration.pages.cancelCase")}
        buttonClassName="button button-danger"
        confirm={t("registration.pages.confirmCancel")}
      />
    </details>
  );
}

/** The licence in one go: the approved name, the USCC, the date and the scan, posted to the documents route. */
function LicenceForm({ view }: { view: DeskView }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<DocumentReply>();
  const busy = fetcher.state !== "idle";
  const [form, fields] = useForm<{ approvedNameZh: string; uscc: string; licenceIssuedOn: string; file: File; dueOn: string; note: string }>({
    id: "licence-form",
    lastResult: fetcher.data?.result,
    defaultValue: { approvedNameZh: view.case.approvedNameZh ?? view.name ?? "", dueOn: view.nextDueOn ?? "" },
  });
  return (
    <section>
      <h3>{t("registration.desk.licenceTitle")}</h3>
      <p className="hint">{t("registration.desk.licenceHint")}</p>
      <fetcher.Form method="post" action={`/registration/${view.case.id}/documents`} encType="multipart/form-data" className="stack" id={form.id}>
        <input type="hidden" name="intent" value="licence" />
        <input type="hidden" name="from" value={view.case.status} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <InputField meta={fields.approvedNameZh} label={t("registration.pages.approvedName")} autoComplete="off" />
        <InputField meta={fields.uscc} label={t("registration.profile.uscc")} autoComplete="off" />
        <InputField meta={fields.licenceIssuedOn} type="date" label={t("registration.pages.licenceIssuedOn")} autoComplete="off" />
        <Field meta={fields.file} label={t("registration.desk.licenceScan")}>
          <input
            id={fields.file.id}
            type="file"
            name={fields.file.name}
            required
            accept={acceptedFiles}
            aria-invalid={fields.file.errors ? true : undefined}
            aria-describedby={fields.file.errors ? fields.file.errorId : undefined}
          />
        </Field>
        <InputField meta={fields.dueOn} type="date" label={t("registration.desk.nextDueOn")} autoComplete="off" />
        <TextareaField meta={fields.note} label={t("registration.desk.note")} rows={2} maxLength={2000} />
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {busy ? t("common.working") : t("registration.desk.licenceButton")}
        </button>
      </fetcher.Form>
    </section>
  );
}

export function DeskDocuments({ view }: { view: CaseView }) {
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
                <DocumentState uploaded={files.length > 0} owed={item.required} />
              </h3>
              <DocumentFiles documents={files} removable={false} />
              {!isFinal(c.status) && item.owner === "desk" && item.requirement !== "licence" ? <UploadForm idPrefix="desk-upload" caseId={c.id} requirement={item.requirement} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
