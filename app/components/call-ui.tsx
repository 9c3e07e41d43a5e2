// Programmes and open calls: shared UI parts — the call's title in the reader's language, its
// status badge, the deadline with a countdown, the sub-navigation, and the staff's call form.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";
import { CirclePageHeader, callStatusTone } from "~/components/circle-page";
import { CheckGrid, fileSize } from "~/components/circle-ui";
import { FormErrors, InputField, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { StatusBadge } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { attachmentKinds, callKinds, timeLeft } from "~/modules/circle/calls-forms";

export function useCallText() {
  const { i18n } = useTranslation();
  const en = i18n.language === "en";
  return {
    title: (c: { titleZh: string; titleEn: string }) => (en && c.titleEn ? c.titleEn : c.titleZh),
    description: (c: { descriptionZh: string; descriptionEn: string }) => (en && c.descriptionEn ? c.descriptionEn : c.descriptionZh),
    criteria: (c: { criteriaZh: string; criteriaEn: string }) => (en && c.criteriaEn ? c.criteriaEn : c.criteriaZh),
    criterion: (c: { nameZh: string; nameEn: string }) => (en && c.nameEn ? c.nameEn : c.nameZh),
  };
}

export function CallStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return <StatusBadge tone={callStatusTone[status]}>{t(`circleCalls.status.${status}`)}</StatusBadge>;
}

/**
 * The deadline in Shanghai time and what is left of it, ticking each minute once the page is live;
 * a call closed early by staff shows as closed whatever its deadline.
 */
function Deadline({ deadlineAt, serverNow, status }: { deadlineAt: string | Date; serverNow: string | Date; status: string }) {
  const { t, i18n } = useTranslation();
  const deadline = new Date(deadlineAt);
  // The server's clock first (so the page hydrates with the same text), then the browser's.
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const left = status === "open" || status === "draft" ? timeLeft(deadline, now) : null;
  return (
    <span data-testid="call-deadline">
      {t("circleCalls.deadlineValue", { when: formatDateTime(deadline, i18n.language) })}{" "}
      <strong className={left ? "call-countdown" : "call-countdown muted"}>{left ? t("circleCalls.timeLeft", left) : t("circleCalls.timeUp")}</strong>
    </span>
  );
}

/** The calls' pages link back to the circle and to each other. */
export function CallsNav({ current }: { current?: string }) {
  const { t } = useTranslation();
  return (
    <p className="muted small">
      <Link to="/circle">{t("circle.title")}</Link>
      {" · "}
      {current ? <Link to="/circle/calls">{t("circleCalls.title")}</Link> : <span>{t("circleCalls.title")}</span>}
    </p>
  );
}

/**
 * The head of a page about one call: the way back, what kind of call it is and where it stands
 * (or `above` instead), the title, the deadline with its countdown, then the page's own lines.
 */
export function CallHeader({
  call,
  now,
  current,
  title,
  above,
  children,
}: {
  call: { kind: string; status: string; deadlineAt: string | Date };
  now: string | Date;
  current: string;
  title: string;
  above?: ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <CirclePageHeader
      above={
        <>
          <CallsNav current={current} />
          {above}
        </>
      }
      badges={
        above ? null : (
          <>
            {t(`circleCalls.kind.${call.kind}`)} <CallStatus status={call.status} />
          </>
        )
      }
      title={title}
      lead={
        <>
          {t("circleCalls.deadline")}: <Deadline deadlineAt={call.deadlineAt} serverNow={now} status={call.status} />
        </>
      }
    >
      {children}
    </CirclePageHeader>
  );
}

/**
 * An entry's files as links (each answered under the entry's rules by /circle/calls/files/:id), with
 * what each is for; on the entry page also their sizes and, while it may change, a remove button.
 */
export function CallFileList({ files, testId, withSize, removable, busy }: { files: { id: string; filename: string; kind: string; sizeBytes: number }[]; testId?: string; withSize?: boolean; removable?: boolean; busy?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className="list" data-testid={testId}>
      {files.map((file) => (
        <li key={file.id}>
          <a href={`/circle/calls/files/${file.id}`}>{file.filename}</a>{" "}
          <span className="muted small">
            · {t(`circleCalls.files.${file.kind}`)}
            {withSize ? ` · ${fileSize(file.sizeBytes)}` : null}
          </span>
          {removable ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="attachmentId" value={file.id} />
              <button type="submit" name="intent" value="remove-file" className="button button-small button-secondary" disabled={busy}>
                {t("circleCalls.entry.remove")}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The staff's form for a call, as the browser holds it. */
export interface CallFormValues {
  kind: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  criteriaZh: string;
  criteriaEn: string;
  deadlineDate: string;
  deadlineTime: string;
  requiredAttachments: string[];
  rubric: string;
  reviewerIds: string[];
  awardCredits: string;
}

/** A page with the staff's form for a call (new, edit): the sub-navigation, its title, the form. */
export function CallFormPage({
  current,
  title,
  lastResult,
  defaultValue,
  reviewers,
}: {
  current: string;
  title: string;
  lastResult: SubmissionResult<string[]> | undefined | null;
  defaultValue: Partial<CallFormValues>;
  reviewers: { userId: string; name: string }[];
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<CallFormValues>({ id: "call-form", lastResult, defaultValue, shouldValidate: "onSubmit" });
  return (
    <section className="stack">
      <CirclePageHeader above={<CallsNav current={current} />} title={title} />
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField label={t("circleCalls.form.kind")} meta={fields.kind} options={callKinds.map((k) => ({ value: k, label: t(`circleCalls.kind.${k}`) }))} />
        <InputField label={t("circleCalls.form.titleZh")} meta={fields.titleZh} maxLength={120} />
        <InputField label={t("circleCalls.form.titleEn")} meta={fields.titleEn} maxLength={200} />
        <TextareaField label={t("circleCalls.form.descriptionZh")} meta={fields.descriptionZh} rows={4} />
        <TextareaField label={t("circleCalls.form.descriptionEn")} meta={fields.descriptionEn} rows={3} />
        <TextareaField label={t("circleCalls.form.criteriaZh")} meta={fields.criteriaZh} rows={4} />
        <TextareaField label={t("circleCalls.form.criteriaEn")} meta={fields.criteriaEn} rows={3} />
        <div className="form-row">
          <InputField label={t("circleCalls.form.deadlineDate")} meta={fields.deadlineDate} type="date" />
          <InputField label={t("circleCalls.form.deadlineTime")} meta={fields.deadlineTime} type="time" />
        </div>
        <CheckGrid
          legend={t("circleCalls.form.requiredFiles")}
          meta={fields.requiredAttachments}
          options={attachmentKinds.map((k) => ({ value: k, label: t(`circleCalls.files.${k}`) }))}
          checked={defaultValue.requiredAttachments}
        />
        <TextareaField label={t("circleCalls.form.rubric")} hint={t("circleCalls.form.rubricHint")} meta={fields.rubric} rows={5} />
        <CheckGrid legend={t("circleCalls.form.reviewers")} meta={fields.reviewerIds} options={reviewers.map((r) => ({ value: r.userId, label: r.name }))} checked={defaultValue.reviewerIds} />
        <InputField label={t("circleCalls.form.awardCredits")} meta={fields.awardCredits} type="number" min={1} inputMode="numeric" />
        <SubmitButton busy={busy}>{t("circleCalls.form.save")}</SubmitButton>
      </Form>
    </section>
  );
}
