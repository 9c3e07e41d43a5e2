// /circle/skills — park staff keep the one skill vocabulary profiles and posts choose from.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { CirclePageHeader } from "~/components/circle-page";
import { DoneNotice, FormErrors, SubmitButton } from "~/components/forms";
import { titled } from "~/i18n/page-titles";
import { skillActionSchema } from "~/modules/circle/forms";
import { changeSkills, skillVocabulary } from "~/modules/circle/skills.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("技能词库 · 生态朋友圈");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:moderate", kind: "park" });
  return { skills: await skillVocabulary(member) };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:moderate", kind: "park" });
  return submitForm(request, skillActionSchema, async (value) => changeSkills(member, value, await requestInfo(request, context)), { resetForm: true });
});

export default function CircleSkills() {
  const { t } = useTranslation();
  const { skills } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const fieldErrors = actionData?.result.error ?? {};
  const errors = Object.values(fieldErrors).flat().filter((e): e is string => typeof e === "string");
  return (
    <section className="stack">
      <CirclePageHeader back={{ to: "/circle", label: t("circle.profile.back") }} title={t("circle.skills.title")} lead={t("circle.skills.lead")} />
      <DoneNotice message={actionData?.done} />
      <FormErrors id="skill-errors" errors={errors.length ? errors : undefined} />
      <Form method="post" className="card filters">
        <input type="hidden" name="intent" value="add" />
        <label>
          {t("circle.skills.code")} <input name="code" type="text" required maxLength={40} pattern="[a-z0-9_]{2,40}" />
        </label>
        <label>
          {t("circle.skills.nameZh")} <input name="nameZh" type="text" required maxLength={40} />
        </label>
        <label>
          {t("circle.skills.nameEn")} <input name="nameEn" type="text" required maxLength={60} />
        </label>
        <SubmitButton busy={busy} className="button button-small">
          {t("circle.skills.add")}
        </SubmitButton>
      </Form>
      <DataTable
        card
        rows={skills}
        rowKey={(s) => s.id}
        columns={[
          { header: t("circle.skills.nameZh"), cell: (s) => s.nameZh },
          { header: t("circle.skills.nameEn"), cell: (s) => s.nameEn },
          { header: t("circle.skills.code"), cell: (s) => <code>{s.code}</code> },
          { header: t("common.status"), cell: (s) => (s.retiredAt ? t("circle.skills.retired") : t("circle.skills.active")) },
          {
            header: "",
            cell: (s) => (
              <Form method="post">
                <input type="hidden" name="intent" value={s.retiredAt ? "restore" : "retire"} />
                <input type="hidden" name="skillId" value={s.id} />
                <SubmitButton busy={busy} className="button button-small button-secondary">
                  {s.retiredAt ? t("circle.skills.restore") : t("circle.skills.retire")}
                </SubmitButton>
              </Form>
            ),
          },
        ]}
      />
    </section>
  );
}
