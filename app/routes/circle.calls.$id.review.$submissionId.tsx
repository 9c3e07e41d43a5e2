// /circle/calls/:id/review/:submissionId — a reviewer scores one entry against the call's rubric
// (one score set per reviewer per entry, changed freely until the results are published). Staff
// who run calls but do not review it may read the entry; scoring is the reviewers'.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallFileList, CallsNav, useCallText } from "~/components/call-ui";
import { CirclePageHeader, entryTone } from "~/components/circle-page";
import { useOrgName } from "~/components/circle-ui";
import { DoneNotice, Field, FormErrors, SubmitButton, TextareaField } from "~/components/forms";
import { StatusBadge } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { scoreSchema } from "~/modules/circle/calls-forms";
import { getReview, scoreSubmission } from "~/modules/circle/calls.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("评审 · 计划与征集");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read", kind: "park" });
  return getReview(member, params.id ?? "", params.submissionId ?? "");
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read", kind: "park" });
  return submitForm(request, scoreSchema, async (value) => {
    await scoreSubmission(member, params.id ?? "", params.submissionId ?? "", value, await requestInfo(request, context));
    return "circleCalls.review.saved";
  });
});

export default function ReviewEntry() {
  const { t, i18n } = useTranslation();
  const { call, submission, org, attachments, myScores, mayScore } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const text = useCallText();
  const orgName = useOrgName();
  const maxTotal = call.rubric.reduce((sum, c) => sum + c.maxScore, 0);
  const [form, fields] = useForm<{ points: string[]; comment: string }>({
    id: "call-score",
    lastResult: actionData?.result,
    defaultValue: { points: call.rubric.map((c) => (myScores ? String(myScores.scores[c.key] ?? "") : "")), comment: myScores?.comment ?? "" },
    shouldValidate: "onSubmit",
  });
  const points = fields.points.getFieldList();
  return (
    <section className="stack">
      <CirclePageHeader
        above={
          <>
            <CallsNav current="review" />
            <p className="muted small">
              <Link to={`/circle/calls/${call.id}/manage`}>{text.title(call)}</Link>
            </p>
          </>
        }
        title={t("circleCalls.review.title", { entry: submission.title })}
        lead={
          <>
            {t("circleCalls.review.from")}: <Link to={`/circle/companies/${org.slug}`}>{orgName(org)}</Link>
            {submission.submittedAt ? <span className="muted small"> · {formatDateTime(submission.submittedAt, i18n.language)}</span> : null}
            {submission.status !== "submitted" ? <> <StatusBadge tone={entryTone[submission.status]}>{t(`circleCalls.entryStatus.${submission.status}`)}</StatusBadge></> : null}
          </>
        }
      />
      <section className="card">
        <h2>{t("circleCalls.review.summary")}</h2>
        <p className="circle-body">{submission.summary || "—"}</p>
        <h2>{t("circleCalls.review.files")}</h2>
        {attachments.length ? (
          <CallFileList files={attachments} />
        ) : (
          <p className="muted">{t("circleCalls.entry.noFiles")}</p>
        )}
      </section>
      <DoneNotice message={actionData?.done} />
      <DoneNotice message={mayScore ? null : call.status === "decided" ? "circleCalls.review.locked" : "circleCalls.review.notReviewer"} />
      <Form method="post" className="card" {...getFormProps(form)}>
        <h2>{t("circleCalls.review.yourScores")}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        {call.rubric.map((criterion, i) => {
          const field = points[i];
          return (
            <Field
              key={criterion.key}
              label={`${text.criterion(criterion)} (${t("circleCalls.maxScore", { max: criterion.maxScore })})`}
              htmlFor={field?.id ?? `points-${i}`}
              errors={field?.errors}
              errorId={field?.errorId ?? `points-${i}-error`}
            >
              {field ? (
                <input {...getInputProps(field, { type: "number" })} min={0} max={criterion.maxScore} inputMode="numeric" required disabled={!mayScore} />
              ) : (
                <input id={`points-${i}`} name={`points[${i}]`} type="number" min={0} max={criterion.maxScore} inputMode="numeric" required disabled={!mayScore} />
              )}
            </Field>
          );
        })}
        {myScores ? <p className="muted small">{t("circleCalls.review.total", { total: myScores.total, max: maxTotal })}</p> : null}
        <TextareaField label={t("circleCalls.review.comment")} meta={fields.comment} rows={3} disabled={!mayScore} />
        {mayScore ? <SubmitButton busy={busy}>{t("circleCalls.review.save")}</SubmitButton> : null}
      </Form>
    </section>
  );
}
