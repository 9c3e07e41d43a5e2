// Pieces of the admission pages that the applicant and the reviewers share: the status label, the
// step progress, the answers read back, the attachments and the timeline; an uploaded file's remove
// button and the warning listing what is still missing, which registration's pages use too.
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionButton, FieldErrors } from "~/components/forms";
import { ApplicationStatusBadge } from "~/components/admission-status";
import { parkDateLabel } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { answerSteps, formProgress, splitLinks, stepFields, steps, type AnswerStep, type SavedAnswers, type Step } from "~/modules/admission/forms";

/**
 * The form's steps with where the applicant is and which are complete, and a bar of how far along:
 * the list, the bar and the counter all count `steps` (formProgress), so they always agree.
 */
export function StepProgress({ current, completion }: { current: Step; completion: Record<AnswerStep, boolean> }) {
  const { t } = useTranslation();
  const { done, total } = formProgress(completion);
  const percent = Math.round((done * 100) / total);
  return (
    <nav aria-label={t("admission.form.progressLabel")} className="apply-progress">
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={t("admission.form.progress", { done, total })}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="small muted">{t("admission.form.progress", { done, total })}</p>
      <ol className="apply-steps">
        {steps.map((step, i) => {
          const complete = step !== "review" && completion[step];
          return (
            <li key={step} className={[step === current ? "current" : "", complete ? "complete" : ""].join(" ").trim() || undefined}>
              <Link to={`/apply?step=${step}`} aria-current={step === current ? "step" : undefined}>
                <span className="step-number" aria-hidden="true">
                  {complete ? "✓" : i + 1}
                </span>
                <span className="step-label">{t(`admission.steps.${step}`)}</span>
                {step !== "review" ? <span className="visually-hidden">（{complete ? t("admission.form.stepDone") : t("admission.form.stepTodo")}）</span> : null}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function answerText(name: string, value: unknown, t: (key: string, o?: Record<string, unknown>) => string, language: string) {
  if (value === undefined || value === null || value === "") return null;
  if (name === "registered") return value === "yes" ? t("admission.fields.registeredYes") : t("admission.fields.registeredNo");
  if (name === "category") return t(`categories.${String(value)}`);
  if (name === "foundedOn") return parkDateLabel(String(value), language);
  if (name === "size") return t("admission.form.sizeUnit", { count: Number(value) });
  return String(value);
}

/** The application's answers, step by step; `editable` adds a link back to each step. */
export function AnswersSummary({ saved, editable, only }: { saved: SavedAnswers; editable?: boolean; only?: AnswerStep[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="answers">
      {(only ?? answerSteps).map((step) => {
        const answers = (step === "attachments" ? saved.materials : saved[step]) ?? {};
        return (
          <section key={step} className="answers-step">
            <div className="card-header">
              <h3>{t(`admission.steps.${step}`)}</h3>
              {editable ? <Link to={`/apply?step=${step}`}>{t("admission.form.edit")}</Link> : null}
            </div>
            <dl className="details">
              {stepFields[step].map(({ name }) => {
                const text = answerText(name, answers[name], t, i18n.language);
                return (
                  <div key={name} className="details-row">
                    <dt>{t(`admission.fields.${name}`)}</dt>
                    <dd className={text ? "multiline" : "muted"}>
                      {name === "showreelLinks" && text
                        ? splitLinks(text).map((link) => (
                            <a key={link} href={link} rel="noopener noreferrer nofollow" target="_blank" className="block-link">
                              {link}
                            </a>
                          ))
                        : (text ?? t("admission.form.notAnswered"))}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        );
      })}
    </div>
  );
}

export interface AttachmentView {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export function fileSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Removes one uploaded file (`fields` name it) after the person confirms, a small danger button in the file's row. */
export function RemoveFileButton({ intent, fields, confirm, label }: { intent: string; fields: Record<string, string>; confirm: string; label: string }) {
  return <ActionButton intent={intent} fields={fields} confirm={confirm} label={label} className="button button-small button-danger" formClassName="inline-form" />;
}

/** A warning (`title`) over the list of what is still missing or wrong, each item a `li`. */
export function MissingNote({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="banner banner-warn" role="note">
      <p>{title}</p>
      <ul>{children}</ul>
    </div>
  );
}

export function AttachmentList({ attachments, actions }: { attachments: AttachmentView[]; actions?: (a: AttachmentView) => React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <ul className="list attachments">
      {attachments.map((a) => (
        <li key={a.id} className="list-row">
          <span>
            <a href={`/apply/attachments/${a.id}`} download>
              {a.filename}
            </a>
            <span className="muted small">
              {" "}
              · {t(`admission.attachmentKinds.${a.kind}`)} · {fileSize(a.sizeBytes)}
            </span>
          </span>
          {actions ? actions(a) : null}
        </li>
      ))}
    </ul>
  );
}

export interface RubricLabel {
  id: string;
  key: string;
  labelZh: string;
  labelEn: string;
}

export interface TimelineEvent {
  id: string;
  at: string | Date;
  kind: string;
  toStatus: string | null;
  message: string | null;
  details: Record<string, unknown> | null;
  internal: boolean;
  actorName: string | null;
  actorUserId: string | null;
}

/**
 * The timeline, newest first. The applicant sees "you" and "the park admissions team" instead of
 * staff names; reviewers see names and the internal entries.
 */
export function Timeline({
  events,
  viewer,
  applicantUserId,
  criteria = [],
}: {
  events: TimelineEvent[];
  viewer: "applicant" | "staff";
  applicantUserId: string;
  /** The rubric (criteria no longer in use included), to name the criteria of a score entry. */
  criteria?: RubricLabel[];
}) {
  const { t, i18n } = useTranslation();
  const criterionName = (key: string) => {
    const criterion = criteria.find((c) => c.key === key || c.id === key);
    return criterion ? (i18n.language === "en" ? criterion.labelEn : criterion.labelZh) : key;
  };
  return (
    <ol className="timeline">
      {events.map((e) => {
        const who =
          viewer === "staff" ? (e.actorName ?? "—") : e.actorUserId === applicantUserId ? t("admission.statusPage.you") : t("admission.statusPage.park");
        const filename = typeof e.details?.filename === "string" ? e.details.filename : null;
        const interviewAt = typeof e.details?.interviewAt === "string" ? e.details.interviewAt : null;
        const location = typeof e.details?.location === "string" ? e.details.location : null;
        const assignee = typeof e.details?.assigneeName === "string" ? e.details.assigneeName : null;
        const scores = Array.isArray(e.details?.scores) ? (e.details.scores as { criterion: string; score: number }[]) : null;
        return (
          <li key={e.id} className={e.internal ? "internal" : undefined}>
            <p className="timeline-head">
              <strong>{t(`admission.events.${e.kind}`)}</strong>
              {e.toStatus ? <ApplicationStatusBadge status={e.toStatus} /> : null}
              {e.internal ? <span className="status">{t("admission.review.internal")}</span> : null}
            </p>
            <p className="small muted">
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, i18n.language)}</time> · {who}
            </p>
            {filename ? <p className="small">{filename}</p> : null}
            {interviewAt ? (
              <p className="small">
                {formatDateTime(interviewAt, i18n.language)}
                {location ? ` · ${location}` : ""}
              </p>
            ) : null}
            {assignee && viewer === "staff" ? <p className="small">→ {assignee}</p> : null}
            {scores && viewer === "staff" ? <p className="small">{scores.map((s) => `${criterionName(s.criterion)} ${s.score}`).join(" · ")}</p> : null}
            {e.message ? <p className="timeline-message">{e.message}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The declaration before submitting, as Chinese application forms have it: the answers are true
 * (信息真实性承诺) and the privacy notice is accepted. Both boxes are required; an unticked one is
 * named next to itself.
 */
/**
 * A translated sentence whose `<0>…</0>` is a link. Not react-i18next's <Trans>: importing it puts
 * Trans and an HTML parser (5 kB gzip) into the chunk every page loads.
 */
function withLink(sentence: string, link: (words: string) => React.ReactNode) {
  const parts = /^([\s\S]*)<0>([\s\S]*)<\/0>([\s\S]*)$/.exec(sentence);
  if (!parts) return sentence;
  return (
    <>
      {parts[1]}
      {link(parts[2])}
      {parts[3]}
    </>
  );
}

export function Declaration({ truthful, privacy }: { truthful: FieldMetadata<unknown>; privacy: FieldMetadata<unknown> }) {
  const { t } = useTranslation();
  const box = (field: FieldMetadata<unknown>, text: React.ReactNode) => (
    <div className={field.errors?.length ? "field field-invalid declaration-item" : "field declaration-item"}>
      <label className="choice declaration-choice" htmlFor={field.id}>
        <input {...getInputProps(field as FieldMetadata<string>, { type: "checkbox", value: "on" })} />
        <span>{text}</span>
      </label>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
  return (
    <fieldset className="declaration" id="apply-declaration">
      <legend>{t("admission.declaration.title")}</legend>
      {box(truthful, t("admission.declaration.truthful"))}
      {box(
        privacy,
        // <0>…</0> in the sentence is the link; it opens in a new tab so the form stays as it is.
        withLink(t("admission.declaration.privacy"), (words) => (
          <a href="/privacy" target="_blank" rel="noopener">
            {words}
          </a>
        )),
      )}
    </fieldset>
  );
}
