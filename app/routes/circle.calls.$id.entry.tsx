// /circle/calls/:id/entry — a tenant's owners and admins write the company's entry: a title and a
// summary saved as a draft, the files the call requires (uploaded to /circle/calls/:id/files),
// submitted before the deadline (after it: refused with the deadline in the message), withdrawn
// while the call is open.
import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallFileList, CallHeader, useCallText } from "~/components/call-ui";
import { ATTACHMENT_ACCEPT } from "~/components/circle-attachments";
import { entryTone } from "~/components/circle-page";
import { DoneNotice, Field, FormErrors, InputField, TextareaField } from "~/components/forms";
import { StatusBadge } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { attachmentKinds, entryActionSchema } from "~/modules/circle/calls-forms";
import { actOnEntry, getEntry } from "~/modules/circle/calls.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import type { action as uploadAction } from "./circle.calls.$id.files";

export const meta: MetaFunction = titled("申报 · 计划与征集");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:enter-calls", kind: "tenant" });
  return getEntry(member, params.id ?? "");
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:enter-calls", kind: "tenant" });
  return submitForm(request, entryActionSchema, async (value) => actOnEntry(member, params.id ?? "", value, await requestInfo(request, context)));
});

export default function CallEntry() {
  const { t, i18n } = useTranslation();
  const { call, now, entry, attachments, missing, editable, awarded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const upload = useFetcher<typeof uploadAction>();
  const busy = useNavigation().state === "submitting";
  const text = useCallText();
  const [form, fields] = useForm<{ intent: string; title: string; summary: string }>({
    id: "call-entry",
    lastResult: actionData?.result,
    defaultValue: { title: entry?.title ?? "", summary: entry?.summary ?? "" },
    shouldValidate: "onSubmit",
  });
  const uploadErrors = upload.data?.result.error ?? {};
  const submitted = entry?.status === "submitted";
  return (
    <section className="stack">
      <CallHeader
        call={call}
        now={now}
        current="entry"
        title={t("circleCalls.entry.title", { call: text.title(call) })}
        above={
          <p className="muted small">
            <Link to={`/circle/calls/${call.id}`}>{text.title(call)}</Link>
          </p>
        }
      >
        {entry ? (
          <p>
            <StatusBadge tone={entryTone[entry.status]} testId="entry-status">
              {t(`circleCalls.entryStatus.${entry.status}`)}
            </StatusBadge>
            {submitted && entry.submittedAt ? <span className="muted small"> {t("circleCalls.entry.submittedNotice", { when: formatDateTime(entry.submittedAt, i18n.language) })}</span> : null}
          </p>
        ) : null}
      </CallHeader>
      <DoneNotice message={actionData?.done} />
      <DoneNotice message={awarded ? "circleCalls.entry.awardedNotice" : null} />
      <DoneNotice message={call.status !== "open" ? "circleCalls.entry.closedNotice" : null} />

      <Form method="post" className="card" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <InputField label={t("circleCalls.entry.entryTitle")} meta={fields.title} maxLength={120} readOnly={!editable} />
        <TextareaField label={t("circleCalls.entry.summary")} hint={t("circleCalls.entry.summaryHint")} meta={fields.summary} rows={6} readOnly={!editable} />
        {editable ? (
          <p className="filters">
            <button type="submit" name="intent" value="save" className="button button-secondary" disabled={busy}>
              {t("circleCalls.entry.save")}
            </button>
            <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
              {t("circleCalls.entry.submit")}
            </button>
          </p>
        ) : null}
        {submitted && call.status === "open" ? (
          <p className="filters">
            <button type="submit" name="intent" value="withdraw" className="button button-secondary" disabled={busy}>
              {t("circleCalls.entry.withdraw")}
            </button>
            <span className="muted small">{t("circleCalls.entry.withdrawHint")}</span>
          </p>
        ) : null}
      </Form>

      <section className="card" aria-labelledby="entry-files">
        <h2 id="entry-files">{t("circleCalls.entry.files")}</h2>
        {missing.length ? (
          <p className="notice" data-testid="entry-missing">
            {t("circleCalls.entry.missing", { files: missing.map((k) => t(`circleCalls.files.${k}`)).join("、") })}
          </p>
        ) : null}
        {attachments.length === 0 ? (
          <p className="muted">{t("circleCalls.entry.noFiles")}</p>
        ) : (
          <CallFileList files={attachments} testId="entry-files" withSize removable={editable} busy={busy} />
        )}
        {editable ? (
          <upload.Form method="post" action={`/circle/calls/${call.id}/files`} encType="multipart/form-data" className="stack" id="entry-upload">
            <FormErrors id="entry-upload-errors" errors={uploadErrors[""] ?? undefined} />
            <input type="hidden" name="draftTitle" value={entry?.title || text.title(call)} />
            <Field label={t("circleCalls.entry.fileKind")} htmlFor="entry-file-kind" errors={uploadErrors.kind ?? undefined} errorId="entry-file-kind-error">
              <select id="entry-file-kind" name="kind" defaultValue={missing[0] ?? "proposal"} aria-invalid={uploadErrors.kind ? true : undefined} aria-describedby={uploadErrors.kind ? "entry-file-kind-error" : undefined}>
                {attachmentKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`circleCalls.files.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("circleCalls.entry.file")} htmlFor="entry-file" errors={uploadErrors.file ?? undefined} errorId="entry-file-error">
              <input id="entry-file" aria-invalid={uploadErrors.file ? true : undefined} aria-describedby={uploadErrors.file ? "entry-file-error" : undefined} type="file" name="file" accept={ATTACHMENT_ACCEPT} required />
            </Field>
            <p>
              <button type="submit" className="button button-secondary" disabled={upload.state !== "idle"}>
                {upload.state !== "idle" ? t("common.working") : t("circleCalls.entry.upload")}
              </button>
              {upload.state === "idle" && upload.data?.done ? (
                <span className="muted small" role="status">
                  {" "}
                  {t("circleCalls.entry.uploaded")}
                </span>
              ) : null}
            </p>
          </upload.Form>
        ) : null}
      </section>
    </section>
  );
}
