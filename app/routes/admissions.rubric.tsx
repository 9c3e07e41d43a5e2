// /admissions/rubric — a park admin configures what reviewers score: labels, weights, which
// criteria are in use, and new criteria.
import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DoneNotice, errorsOf, FormErrors } from "~/components/forms";
import { BackLink, PageHeader } from "~/components/ui";
import { rubricCriterionSchema } from "~/modules/admission/forms";
import { rubricForSettings, saveRubricCriterion } from "~/modules/admission/rubric.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import admissionStyles from "~/styles/admission.css";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("评分标准");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: admissionStyles }];

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "admission:configure", kind: "park" });
  return { criteria: await rubricForSettings(member) };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "admission:configure", kind: "park" });
  return submitForm(request, rubricCriterionSchema, async (criterion) => {
    await saveRubricCriterion(member, criterion, await requestInfo(request, context));
    return "admission.rubric.saved";
  });
});

export default function RubricSettings() {
  const { t } = useTranslation();
  const { criteria } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  // Which criterion's form was sent: its id, or "new".
  const sentKey = String(actionData?.result.initialValue?.criterionId ?? "new");
  const message = (key: string) => (sentKey === key ? <FormErrors id={`rubric-${key}-errors`} errors={errorsOf(actionData?.result)} /> : null);
  const fieldsFor = (c?: (typeof criteria)[number]) => (
    <>
      <div className="form-row">
        <label className="field">
          {t("admission.rubric.labelZh")}
          <input type="text" name="labelZh" defaultValue={c?.labelZh} required maxLength={60} />
        </label>
        <label className="field">
          {t("admission.rubric.labelEn")}
          <input type="text" name="labelEn" defaultValue={c?.labelEn} required maxLength={80} />
        </label>
      </div>
      <div className="form-row">
        <label className="field">
          {t("admission.rubric.descriptionZh")}
          <textarea name="descriptionZh" defaultValue={c?.descriptionZh} rows={2} maxLength={300} />
        </label>
        <label className="field">
          {t("admission.rubric.descriptionEn")}
          <textarea name="descriptionEn" defaultValue={c?.descriptionEn} rows={2} maxLength={300} />
        </label>
      </div>
      <div className="form-row">
        <label className="field">
          {t("admission.rubric.weight")}
          <input type="number" name="weight" defaultValue={c?.weight ?? 1} min={0} max={10} step={1} required />
        </label>
        <label className="choice">
          <input type="checkbox" name="active" defaultChecked={c ? c.active : true} />
          {t("admission.rubric.active")}
        </label>
      </div>
    </>
  );
  return (
    <section className="stack">
      <BackLink to="/admissions">{t("admission.review.back")}</BackLink>
      <PageHeader title={t("admission.rubric.title")} lead={t("admission.rubric.lead")} />
      <DoneNotice message={actionData?.done} />
      {criteria.map((c) => (
        <Form key={c.id} method="post" className="card rubric-item">
          {message(c.id)}
          <input type="hidden" name="criterionId" value={c.id} />
          {fieldsFor(c)}
          <button type="submit" className="button button-small" disabled={busy}>
            {t("admission.rubric.save")}
          </button>
        </Form>
      ))}
      <Form method="post" className="card rubric-item">
        <h2>{t("admission.rubric.add")}</h2>
        {message("new")}
        {fieldsFor()}
        <button type="submit" className="button button-small button-secondary" disabled={busy}>
          {t("admission.rubric.add")}
        </button>
      </Form>
    </section>
  );
}
