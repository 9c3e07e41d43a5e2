// /circle/me — a member's own profile in the circle, opt-in: role, skills from the park's
// vocabulary and a short bio, shown on the company's page and found by the directory's search.
// Publishing is a choice; "turn off" deletes it, so it disappears everywhere at once.
import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CirclePageHeader } from "~/components/circle-page";
import { SkillChecks, useOrgName } from "~/components/circle-ui";
import { DoneNotice, FormErrors, InputField, SubmitButton, TextareaField } from "~/components/forms";
import { titled } from "~/i18n/page-titles";
import { personSchema } from "~/modules/circle/forms";
import { getOwnPerson, removePerson, savePerson } from "~/modules/circle/people.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("我的个人名片 · 生态朋友圈");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read", kind: "tenant" });
  const own = await getOwnPerson(member);
  return {
    org: { slug: member.org.slug, nameZh: member.org.nameZh, nameEn: member.org.nameEn },
    name: own.name,
    published: own.person !== null,
    defaults: { title: own.person?.title ?? own.membershipTitle, bio: own.person?.bio ?? "" },
    skillIds: own.person?.skillIds ?? [],
    publicOptIn: own.person?.publicOptIn ?? false,
    companyPublic: own.companyPublic,
    skills: own.skills.map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })),
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read", kind: "tenant" });
  const meta = await requestInfo(request, context);
  return submitForm(request, personSchema, (value) =>
    byIntent(value, {
      publish: async (person) => {
        await savePerson(member, person, meta);
        return "saved" as const;
      },
      remove: async () => {
        await removePerson(member, meta);
        return "removed" as const;
      },
    }),
    // Turned off, the form starts again from nothing; saved, from what was saved.
    { resetForm: true },
  );
});

export default function MyCircleProfile() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const orgName = useOrgName();
  const [form, fields] = useForm({
    id: "circle-me",
    lastResult: answer?.result,
    defaultValue: { ...loaded.defaults, skillIds: loaded.skillIds },
    shouldValidate: "onSubmit",
  });
  return (
    <section className="stack">
      <CirclePageHeader back={{ to: "/circle", label: t("circle.profile.back") }} title={t("circle.me.title")} lead={t("circle.me.lead")} />
      <DoneNotice message={answer?.done ? `circle.me.${answer.done}` : null} />
      <p className={loaded.published ? "notice" : "muted"} data-testid="circle-me-status">
        {loaded.published ? t("circle.me.statusOn", { company: orgName(loaded.org) }) : t("circle.me.statusOff")}{" "}
        {loaded.published ? <Link to={`/circle/companies/${loaded.org.slug}#people-title`}>{t("circle.edit.view")}</Link> : null}
      </p>
      <Form method="post" className="card" {...getFormProps(form)} key={loaded.published ? "on" : "off"}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="publish" />
        <p>
          <strong>{loaded.name}</strong>
        </p>
        <InputField label={t("circle.me.role")} meta={fields.title} maxLength={60} />
        <SkillChecks legend={t("circle.me.skills")} meta={fields.skillIds} skills={loaded.skills} checked={loaded.skillIds} />
        <TextareaField label={t("circle.me.bio")} meta={fields.bio} rows={4} maxLength={500} />
        <p>
          <label>
            <input type="checkbox" name="publicOptIn" defaultChecked={loaded.publicOptIn} /> {t("circle.me.publicOptIn")}
          </label>
        </p>
        {!loaded.companyPublic ? <p className="muted small">{t("circle.me.publicHint")}</p> : null}
        <SubmitButton busy={busy}>{loaded.published ? t("circle.me.save") : t("circle.me.publish")}</SubmitButton>
      </Form>
      {loaded.published ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="remove" />
          <SubmitButton busy={busy} className="button button-secondary">
            {t("circle.me.remove")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
