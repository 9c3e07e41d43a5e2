// /circle/me — a member's own profile in the circle, opt-in: role, skills from the park's
// vocabulary and a short bio, shown on the company's page and found by the directory's search.
// Publishing is a choice; "turn off" deletes it, so it disappears everywhere at once.
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useOrgName, useSkillName } from "~/components/circle-ui";
import { Field, FieldErrors, FormErrors, SubmitButton } from "~/components/forms";
import { titled } from "~/i18n/page-titles";
import { personSchema } from "~/modules/circle/forms";
import { getOwnPerson, removePerson, savePerson } from "~/modules/circle/people.server";
import { requireMember } from "~/modules/identity/access.server";
import { errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
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
  const submission = parseWithZod(await readForm(request), { schema: personSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), done: null }, { status: 400 });
  const meta = await requestInfo(request, context);
  try {
    if (submission.value.intent === "remove") {
      await removePerson(member, meta);
      return { result: submission.reply({ resetForm: true }), done: "removed" as const };
    }
    await savePerson(member, submission.value, meta);
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data({ result, done: null }, { status });
  }
  return { result: submission.reply(), done: "saved" as const };
});

export default function MyCircleProfile() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const orgName = useOrgName();
  const skillName = useSkillName();
  const [form, fields] = useForm({
    id: "circle-me",
    lastResult: answer?.result,
    defaultValue: { ...loaded.defaults, skillIds: loaded.skillIds },
    shouldValidate: "onSubmit",
  });
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle">{t("circle.profile.back")}</Link>
        </p>
        <h1>{t("circle.me.title")}</h1>
        <p className="lead">{t("circle.me.lead")}</p>
      </header>
      {answer?.done ? (
        <p className="notice" role="status">
          {t(answer.done === "removed" ? "circle.me.removed" : "circle.me.saved")}
        </p>
      ) : null}
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
        <Field label={t("circle.me.role")} htmlFor={fields.title.id} errors={fields.title.errors} errorId={fields.title.errorId}>
          <input {...getInputProps(fields.title, { type: "text" })} maxLength={60} />
        </Field>
        <fieldset className="check-grid">
          <legend>{t("circle.me.skills")}</legend>
          {loaded.skills.map((skill) => (
            <label key={skill.id}>
              <input type="checkbox" name="skillIds" value={skill.id} defaultChecked={loaded.skillIds.includes(skill.id)} />
              {skillName(skill)}
            </label>
          ))}
          <FieldErrors id={fields.skillIds.errorId} errors={fields.skillIds.errors} />
        </fieldset>
        <Field label={t("circle.me.bio")} htmlFor={fields.bio.id} errors={fields.bio.errors} errorId={fields.bio.errorId}>
          <textarea {...getTextareaProps(fields.bio)} rows={4} maxLength={500} />
        </Field>
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
