// Pieces of the company-registration pages that the applicant and the desk share: the step label,
// the progress bar, the step tracker, due dates, the timeline, the documents list and an upload
// against one checklist item, and the desk tabs.
import { useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { fileSize, RemoveFileButton } from "~/components/admission";
import { DataTable } from "~/components/data-table";
import { ConfirmForm, FieldErrors, TextareaField } from "~/components/forms";
import { ParkDate, StatusBadge, Tabs, type Tone } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { bpToPercent, scopeItems } from "~/modules/registration/intake";
import { registrationSteps, stepOwner, stepsFor, type RegistrationCaseType, type RegistrationStatus } from "~/modules/registration/workflow";

/** The steps of an open case in the order the desk reads its queue (waiting last: the applicant holds it). */
export const openSteps: RegistrationStatus[] = [...registrationSteps.filter((s) => s !== "completed"), "waiting_for_applicant"];

/** The kinds of case, in the order a person chooses among them (db/schema/registration.ts has the same list). */
export const caseTypeChoices: RegistrationCaseType[] = ["limited", "sole_proprietorship", "individual", "relocation"];

/** The catalogue keys of a step and a case type, in one place. */
export const statusKey = (status: string) => `registration.steps.${status}`;
export const caseTypeKey = (caseType: string) => `registration.caseTypes.${caseType}`;

/** How each step reads on the one status colour scale: done, waiting for the applicant, cancelled, or on its way. */
const statusTone: Record<RegistrationStatus, Tone> = {
  intake: "neutral",
  materials_complete: "info",
  name_approved: "info",
  filed: "info",
  licence_issued: "success",
  seals_made: "info",
  bank_opened: "info",
  tax_registered: "info",
  completed: "success",
  waiting_for_applicant: "warning",
  cancelled: "danger",
};

export function CaseStatus({ status, resumeStatus }: { status: string; resumeStatus?: string | null }) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone={statusTone[status as RegistrationStatus] ?? "neutral"} testId="case-status">
      {t(statusKey(status))}
      {status === "waiting_for_applicant" && resumeStatus ? <span className="visually-hidden"> ({t(statusKey(resumeStatus))})</span> : null}
    </StatusBadge>
  );
}

export function ProgressBar({ percent, label }: { percent: number; label?: string }) {
  const { t } = useTranslation();
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="registration-progress">
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-label={label ?? t("registration.pages.progress")}>
        <span style={{ width: `${value}%` }} />
      </div>
      <span className="small muted">{t("registration.pages.percent", { percent: value })}</span>
    </div>
  );
}

export function DueOn({ dueOn, overdue }: { dueOn: string | null; overdue?: boolean }) {
  const { t } = useTranslation();
  if (!dueOn) return <span className="muted">—</span>;
  return (
    <span className={overdue ? "due due-overdue" : "due"}>
      <ParkDate day={dueOn} />
      {overdue ? <strong> · {t("registration.pages.overdue")}</strong> : null}
    </span>
  );
}

export function WhoActs({ owner }: { owner: string }) {
  const { t } = useTranslation();
  return <span className={`who-acts who-acts-${owner}`}>{t(`registration.pages.owner.${owner}`)}</span>;
}

export interface TrackerStep {
  status: string;
  owner: string;
  state: "done" | "current" | "next";
  dueOn: string | null;
  at: string | null;
}

/** Every step of the case, with which are done, which is current, who acts and by when. */
export function StepTracker({ steps, waiting }: { steps: TrackerStep[]; waiting: boolean }) {
  const { t } = useTranslation();
  return (
    <ol className="tracker" aria-label={t("registration.pages.trackerTitle")}>
      {steps.map((step, i) => (
        <li key={step.status} className={`tracker-step tracker-${step.state}${waiting && step.state === "current" ? " tracker-paused" : ""}`} aria-current={step.state === "current" ? "step" : undefined}>
          <span className="step-number" aria-hidden="true">
            {step.state === "done" ? "✓" : i + 1}
          </span>
          <span className="tracker-body">
            <span className="tracker-label">{t(statusKey(step.status))}</span>
            <span className="small muted">
              {t(`registration.pages.owner.${step.owner}`)}
              {step.state === "done" && step.at ? (
                <>
                  {" · "}
                  <ParkDate day={step.at.slice(0, 10)} />
                </>
              ) : null}
              {step.state === "current" && step.dueOn ? (
                <>
                  {" · "}
                  {t("registration.pages.dueBy")} <ParkDate day={step.dueOn} />
                </>
              ) : null}
            </span>
            <span className="visually-hidden">{t("registration.pages.stepStateAside", { state: t(`registration.pages.stepState.${step.state}`) })}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

export interface TimelineEntry {
  id: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string;
  at: string | Date;
  actorName?: string | null;
  byApplicant?: boolean;
  /** The document an upload or removal was about, named as the checklist names it. */
  document?: { labelKey: string; params: Record<string, string | number> } | null;
}

/** The case's history, newest first; the applicant sees "you" and "the park desk" instead of staff names. */
export function CaseTimeline({ events, viewer }: { events: TimelineEntry[]; viewer: "applicant" | "desk" }) {
  const { t, i18n } = useTranslation();
  if (events.length === 0) return <p className="muted">{t("common.none")}</p>;
  return (
    <ol className="timeline">
      {events.map((e) => {
        const who = viewer === "desk" ? (e.actorName ?? "—") : e.byApplicant ? t("registration.pages.you") : t("registration.pages.theDesk");
        return (
          <li key={e.id}>
            <p className="timeline-head">
              <strong>{t(`registration.pages.events.${e.kind}`, { defaultValue: e.kind })}</strong>
              {e.toStatus ? <CaseStatus status={e.toStatus} /> : null}
            </p>
            <p className="small muted">
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, i18n.language)}</time> · {who}
            </p>
            {e.document ? <p className="small">{t(e.document.labelKey, e.document.params)}</p> : null}
            {e.note ? <p className="timeline-message">{e.note}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

export interface DocumentView {
  id: string;
  requirement: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  createdAt?: string | Date;
}

/** Uploaded files with a download link and, when allowed, a remove button (with a confirmation). */
export function DocumentFiles({ documents, removable }: { documents: DocumentView[]; removable: boolean }) {
  const { t } = useTranslation();
  if (documents.length === 0) return null;
  return (
    <ul className="list documents">
      {documents.map((d) => (
        <li key={d.id} className="list-row">
          <span className="document-name">
            <a href={`/registration/documents/${d.id}`} download>
              {d.filename}
            </a>
            <span className="muted small"> · {fileSize(d.sizeBytes)}</span>
          </span>
          {removable ? (
            <RemoveFileButton
              intent="removeDocument"
              fields={{ documentId: d.id }}
              confirm={t("registration.pages.confirmRemove", { name: d.filename })}
              label={t("registration.pages.remove")}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const deskTabs = [
  { to: "/registration/desk", labelKey: "registration.desk.tabs.queue", end: true },
  { to: "/registration/desk/addresses", labelKey: "registration.desk.tabs.addresses" },
  { to: "/registration/desk/fees", labelKey: "registration.desk.tabs.fees" },
  { to: "/registration/desk/stats", labelKey: "registration.desk.tabs.stats" },
];

export function DeskNav() {
  const { t } = useTranslation();
  return (
    <div className="no-print">
      <Tabs label={t("registration.desk.tabs.label")} items={deskTabs.map((tab) => ({ to: tab.to, end: tab.end, label: t(tab.labelKey) }))} />
    </div>
  );
}

/** Whether a document item is uploaded or still owed, on the status colour scale. */
export function DocumentState({ uploaded, owed }: { uploaded: boolean; owed: boolean }) {
  const { t } = useTranslation();
  if (uploaded) return <StatusBadge tone="success">{t("registration.pages.uploaded")}</StatusBadge>;
  return owed ? <StatusBadge tone="warning">{t("registration.pages.missing")}</StatusBadge> : null;
}

/**
 * The action's answer when it answers this form: the submitted `intent` is one of `intents` (and,
 * for an intake step, the submitted `step` is `step`). For `useForm({ lastResult })` on a page
 * with several forms.
 */
export function replyTo(reply: { result: SubmissionResult<string[]> } | undefined, intents: readonly string[], step?: string) {
  const submitted = reply?.result.initialValue as { intent?: unknown; step?: unknown } | null | undefined;
  if (!submitted || !intents.includes(String(submitted.intent))) return undefined;
  if (step !== undefined && submitted.step !== step) return undefined;
  return reply?.result;
}

/** What the documents route answers: the form's result, and what it did ("uploaded", "advanced"). */
export type DocumentReply = { result: SubmissionResult<string[]>; done: string | null };

export const acceptedFiles = "application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp";

/** One file against one checklist item, posted with a fetcher (the page's data reloads after it). */
export function UploadForm({ caseId, requirement, idPrefix }: { caseId: string; requirement: string; idPrefix: "upload" | "desk-upload" }) {
  const { t } = useTranslation();
  const upload = useFetcher<DocumentReply>();
  const id = `${idPrefix}-${requirement.replace(/[^\w-]/g, "-")}`;
  const [form, fields] = useForm({ id: `${id}-form`, lastResult: upload.data?.result });
  const formRef = useRef<HTMLFormElement>(null);
  const busy = upload.state !== "idle";
  useEffect(() => {
    if (upload.state === "idle" && upload.data?.done) formRef.current?.reset();
  }, [upload.state, upload.data]);
  // What is wrong with the file, or what refused it, is said next to the file.
  const errors = fields.file.errors ?? form.errors;
  return (
    <upload.Form method="post" action={`/registration/${caseId}/documents`} encType="multipart/form-data" className="upload" id={form.id} ref={formRef}>
      <input type="hidden" name="intent" value="upload" />
      <input type="hidden" name="requirement" value={requirement} />
      <label htmlFor={id} className="visually-hidden">
        {t("registration.pages.chooseFile")}
      </label>
      <input id={id} type="file" name="file" required accept={acceptedFiles} aria-invalid={errors ? true : undefined} aria-describedby={errors ? `${id}-error` : undefined} />
      <button type="submit" className="button button-secondary button-small" disabled={busy} aria-busy={busy}>
        {busy ? t("common.working") : t("registration.pages.upload")}
      </button>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </upload.Form>
  );
}

/**
 * The tracker's rows for one case: its line's steps, done up to the current one (a waiting case is
 * at the step it returns to), when each was reached (from the history) and the current due date.
 */
export function trackerSteps(
  c: { caseType: RegistrationCaseType; status: RegistrationStatus; resumeStatus: RegistrationStatus | null; dueOn: string | null },
  events: { toStatus: string | null; at: string | Date }[],
): TrackerStep[] {
  const steps = stepsFor(c.caseType);
  const at = c.status === "waiting_for_applicant" ? c.resumeStatus : c.status;
  const index = at ? steps.indexOf(at as (typeof steps)[number]) : -1;
  const reached = new Map<string, string>();
  for (const e of events) {
    if (!e.toStatus) continue;
    const when = new Date(e.at).toISOString();
    const seen = reached.get(e.toStatus);
    if (!seen || when > seen) reached.set(e.toStatus, when);
  }
  return steps.map((status, i) => {
    const state: TrackerStep["state"] = c.status === "completed" || i < index ? "done" : i === index ? "current" : "next";
    return {
      status,
      owner: c.status === "waiting_for_applicant" && state === "current" ? "applicant" : (stepOwner(status) ?? "desk"),
      state: c.status === "cancelled" ? "next" : state,
      dueOn: state === "current" ? c.dueOn : null,
      at: reached.get(status) ?? null,
    };
  });
}

type Intake = Record<string, unknown>;
interface SummaryPerson {
  name?: string;
  idNumber?: string;
  phone?: string;
}
interface SummaryShareholder {
  kind?: string;
  name?: string;
  idNumber?: string;
  uscc?: string;
  shareBp?: number;
  subscribedWan?: string | null;
  paymentDueOn?: string | null;
}

/** The intake read back, step by step; `editLink` adds a link to each step (the applicant while editable). */
export function IntakeSummary({
  intake,
  steps,
  editLink,
  mask,
}: {
  intake: Intake;
  steps: readonly string[];
  editLink?: (step: string) => string;
  /** Shows ID numbers masked (the applicant's own page shows them whole). */
  mask?: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const show = (id: string | undefined) => (id ? (mask ? mask(id) : id) : "—");
  const none = <span className="muted">{t("registration.pages.notAnswered")}</span>;
  return (
    <div className="intake-summary">
      {steps.map((step) => {
        const values = (intake[step] ?? null) as Record<string, unknown> | null;
        return (
          <section key={step}>
            <div className="card-header">
              <h3>{t(`registration.intakeSteps.${step}`)}</h3>
              {editLink ? <Link to={editLink(step)}>{t("registration.pages.edit")}</Link> : null}
            </div>
            {!values ? (
              none
            ) : step === "names" ? (
              <ol>
                {((values.candidates as string[]) ?? []).map((n) => (
                  <li key={n}>{n}</li>
                ))}
                {values.currentUscc ? <li className="muted">USCC {String(values.currentUscc)}</li> : null}
              </ol>
            ) : step === "scope" ? (
              <>
                <ul>
                  {((values.items as string[]) ?? []).map((code) => {
                    const item = scopeItems.find((s) => s.code === code);
                    return <li key={code}>{item ? (en ? item.en : item.zh) : code}</li>;
                  })}
                </ul>
                {values.freeText ? <p className="multiline">{String(values.freeText)}</p> : null}
              </>
            ) : step === "capital" ? (
              <dl className="details">
                <dt>{t("registration.pages.fields.capitalWan")}</dt>
                <dd>{values.capitalWan ? t("registration.pages.wan", { amount: String(values.capitalWan) }) : "—"}</dd>
                <dt>{t("registration.pages.fields.expectedEstablishedOn")}</dt>
                <dd>
                  <ParkDate day={(values.expectedEstablishedOn as string) ?? null} />
                </dd>
              </dl>
            ) : step === "shareholders" ? (
              <DataTable
                rows={(values.shareholders as SummaryShareholder[]) ?? []}
                rowKey={(s) => `${s.kind}:${s.kind === "company" ? s.uscc : s.idNumber}:${s.name}`}
                columns={[
                  {
                    header: t("registration.pages.fields.shareholderName"),
                    cell: (s) => (
                      <>
                        {s.name} <span className="small muted">{t(`registration.pages.fields.kind_${s.kind === "company" ? "company" : "person"}`)}</span>
                      </>
                    ),
                  },
                  { header: t("registration.pages.fields.identity"), cell: (s) => <code>{s.kind === "company" ? (s.uscc ?? "—") : show(s.idNumber)}</code> },
                  { header: t("registration.pages.fields.sharePercent"), cell: (s) => (typeof s.shareBp === "number" ? `${bpToPercent(s.shareBp)}%` : "—") },
                  { header: t("registration.pages.fields.subscribedWan"), cell: (s) => (s.subscribedWan ? t("registration.pages.wan", { amount: s.subscribedWan }) : "—") },
                  { header: t("registration.pages.fields.paymentDueOn"), cell: (s) => <ParkDate day={s.paymentDueOn ?? null} /> },
                ]}
              />
            ) : step === "officers" ? (
              <dl className="details">
                {(["legalRep", "supervisor", "finance"] as const).map((role) => {
                  const p = (values[role] ?? null) as SummaryPerson | null;
                  return (
                    <div key={role} className="details-row">
                      <dt>{t(`registration.pages.fields.${role}`)}</dt>
                      <dd>{p?.name ? `${p.name} · ${show(p.idNumber)}${p.phone ? ` · ${p.phone}` : ""}` : "—"}</dd>
                    </div>
                  );
                })}
              </dl>
            ) : step === "address" ? (
              <p>{values.kind === "own" ? t("registration.pages.ownAddressIs", { address: String(values.ownAddress ?? "") }) : t("registration.pages.fields.addressPark")}</p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

/** A post of one intent with a required note (a reason, a reply) and its button; with `confirm`, the person is asked first. */
export function NoteForm({
  formId,
  intent,
  meta,
  label,
  maxLength,
  button,
  buttonClassName = "button",
  confirm,
}: {
  formId: string;
  intent: string;
  meta: FieldMetadata<unknown>;
  label: string;
  maxLength: number;
  button: string;
  buttonClassName?: string;
  confirm?: string;
}) {
  const busy = useNavigation().state === "submitting";
  const body = (
    <>
      <input type="hidden" name="intent" value={intent} />
      <TextareaField meta={meta} label={label} rows={2} maxLength={maxLength} required />
      <button type="submit" className={buttonClassName} disabled={busy}>
        {button}
      </button>
    </>
  );
  return confirm ? (
    <ConfirmForm confirm={confirm} className="stack" id={formId}>
      {body}
    </ConfirmForm>
  ) : (
    <Form method="post" className="stack" id={formId}>
      {body}
    </Form>
  );
}
