// /circle/calls/:id/edit — park staff who run calls change a draft or open call (the rubric only
// until a reviewer has scored; an open call's deadline only into the future).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallFormPage } from "~/components/call-ui";
import { titled } from "~/i18n/page-titles";
import { callSchema, parkDayAndTime, rubricToText } from "~/modules/circle/calls-forms";
import { getCallForEditing, reviewerChoices, updateCall } from "~/modules/circle/calls.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("编辑征集 · 计划与征集");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:programmes", kind: "park" });
  const { call, reviewerIds } = await getCallForEditing(member, params.id ?? "");
  const deadline = parkDayAndTime(call.deadlineAt);
  const { kind, titleZh, titleEn, descriptionZh, descriptionEn, criteriaZh, criteriaEn, requiredAttachments } = call;
  return {
    callId: call.id,
    reviewers: await reviewerChoices(member),
    values: {
      kind, titleZh, titleEn, descriptionZh, descriptionEn, criteriaZh, criteriaEn, requiredAttachments,
      deadlineDate: deadline.date,
      deadlineTime: deadline.time,
      rubric: rubricToText(call.rubric),
      reviewerIds,
      awardCredits: call.awardMilli === null ? "" : String(call.awardMilli / 1000n),
    },
  };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:programmes", kind: "park" });
  return submitForm(request, callSchema, async (value) => {
    await updateCall(member, params.id ?? "", value, await requestInfo(request, context));
    return redirect(`/circle/calls/${params.id}/manage?done=updated`);
  });
});

export default function EditCall() {
  const { t } = useTranslation();
  const { reviewers, values } = useLoaderData<typeof loader>();
  return <CallFormPage current="edit" title={t("circleCalls.form.editTitle")} lastResult={useActionData<typeof action>()?.result} reviewers={reviewers} defaultValue={values} />;
}
