// /circle/calls/new — park staff who run calls create one as a draft: texts, the deadline as a park
// day and time, the files every entry needs, the rubric, the reviewers and the optional award.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallFormPage } from "~/components/call-ui";
import { titled } from "~/i18n/page-titles";
import { callSchema } from "~/modules/circle/calls-forms";
import { createCall, reviewerChoices } from "~/modules/circle/calls.server";
import { requireMember } from "~/modules/identity/access.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("新建征集 · 计划与征集");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:programmes", kind: "park" });
  return { reviewers: await reviewerChoices(member), defaultDeadline: addDaysIso(parkDate(), 30) };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:programmes", kind: "park" });
  return submitForm(request, callSchema, async (value) => {
    const call = await createCall(member, value, await requestInfo(request, context));
    return redirect(`/circle/calls/${call.id}/manage?done=created`);
  });
});

export default function NewCall() {
  const { t } = useTranslation();
  const { reviewers, defaultDeadline } = useLoaderData<typeof loader>();
  return (
    <CallFormPage
      current="new"
      title={t("circleCalls.form.newTitle")}
      lastResult={useActionData<typeof action>()?.result}
      reviewers={reviewers}
      defaultValue={{ kind: "call", deadlineDate: defaultDeadline, deadlineTime: "18:00", rubric: "故事与剧本 | Story and script | 40\n团队与执行 | Team and delivery | 30\n市场潜力 | Market potential | 30" }}
    />
  );
}
