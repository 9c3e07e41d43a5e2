// /circle/profile — a tenant's owners and admins edit their company's profile: what it does,
// categories, works and awards, showreels, team, contact person, the skills it offers and looks
// for (from the park's vocabulary), and who may see it; its logo (uploaded through
// /circle/profile/logo with a fetcher).
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { CompanyLogo, useSkillName } from "~/components/circle-ui";
import { Field, FieldErrors, FormErrors, SubmitButton, translateMessage } from "~/components/forms";
import { titled } from "~/i18n/page-titles";
import { categories, profileSchema, worksToText } from "~/modules/circle/forms";
import { logoContentTypes } from "~/modules/circle/logos.server";
import { getOwnProfile, logoUrlFor, updateProfile } from "~/modules/circle/profiles.server";
import { requireMember } from "~/modules/identity/access.server";
import { readForm, replyError, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import type { LogoAnswer } from "./circle.profile_.logo";

export const meta: MetaFunction = titled("编辑企业主页 · 生态朋友圈");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:profile", kind: "tenant" });
  const own = await getOwnProfile(member);
  const p = own.profile;
  return {
    slug: member.org.slug,
    org: { nameZh: member.org.nameZh, nameEn: member.org.nameEn, logoUrl: logoUrlFor(member.org.slug, p?.logoUpdatedAt ?? null) },
    logoAccept: logoContentTypes.join(","),
    defaults: {
      whatWeDoZh: p?.whatWeDoZh ?? "",
      whatWeDoEn: p?.whatWeDoEn ?? "",
      works: worksToText(p?.works ?? []),
      showreelLinks: (p?.showreelLinks ?? []).join("\n"),
      teamSize: p?.teamSize ? String(p.teamSize) : "",
      foundedYear: p?.foundedYear ? String(p.foundedYear) : "",
      contactUserId: p?.contactUserId ?? "",
      visibility: p?.visibility ?? "listed",
    },
    categories: p?.categories ?? [],
    publicOptIn: p?.publicOptIn ?? false,
    offers: own.offers,
    seeks: own.seeks,
    people: own.people,
    skills: own.skills.map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })),
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:profile", kind: "tenant" });
  const submission = parseWithZod(await readForm(request), { schema: profileSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await updateProfile(member, submission.value, await requestInfo(request, context));
  } catch (error) {
    return replyError(submission, error);
  }
  return submission.reply();
});

function LogoForm({ org, accept }: { org: { nameZh: string; nameEn: string; logoUrl: string | null }; accept: string }) {
  const { t } = useTranslation();
  const upload = useFetcher<LogoAnswer>();
  const formRef = useRef<HTMLFormElement>(null);
  const busy = upload.state !== "idle";
  useEffect(() => {
    if (upload.state === "idle" && upload.data?.done) formRef.current?.reset();
  }, [upload.state, upload.data]);
  const error = upload.data?.error;
  return (
    <section className="card stack" id="logo" aria-labelledby="logo-title">
      <h2 id="logo-title">{t("circle.logo.title")}</h2>
      <div className="circle-named">
        <CompanyLogo org={org} size="lg" />
        <p className="muted small">{org.logoUrl ? t("circle.logo.hint") : `${t("circle.logo.none")} ${t("circle.logo.hint")}`}</p>
      </div>
      {upload.data?.done ? (
        <p className="notice" role="status">
          {t(`circle.logo.${upload.data.done}`)}
        </p>
      ) : null}
      <upload.Form method="post" action="/circle/profile/logo" encType="multipart/form-data" ref={formRef} className="filters">
        <input type="hidden" name="intent" value="upload" />
        <label htmlFor="logo-file" className="visually-hidden">
          {t("circle.logo.file")}
        </label>
        <input id="logo-file" type="file" name="logo" accept={accept} required aria-invalid={error ? true : undefined} aria-describedby={error ? "logo-errors" : undefined} />
        <SubmitButton busy={busy} className="button button-small">
          {t("circle.logo.upload")}
        </SubmitButton>
      </upload.Form>
      {error ? (
        <ul id="logo-errors" className="field-errors" role="alert">
          <li>{translateMessage(t, error)}</li>
        </ul>
      ) : null}
      {org.logoUrl ? (
        <upload.Form method="post" action="/circle/profile/logo">
          <input type="hidden" name="intent" value="remove" />
          <SubmitButton busy={busy} className="button button-small button-secondary">
            {t("circle.logo.remove")}
          </SubmitButton>
        </upload.Form>
      ) : null}
    </section>
  );
}

export default function EditCircleProfile() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const skillName = useSkillName();
  const [form, fields] = useForm({
    id: "circle-profile",
    lastResult,
    defaultValue: { ...loaded.defaults, categories: loaded.categories, offers: loaded.offers, seeks: loaded.seeks },
    shouldValidate: "onSubmit",
  });
  const saved = lastResult?.status === "success";
  const skillBoxes = (name: "offers" | "seeks", checked: string[]) => (
    <fieldset className="check-grid">
      <legend>{t(`circle.edit.${name}`)}</legend>
      {loaded.skills.map((skill) => (
        <label key={skill.id}>
          <input type="checkbox" name={name} value={skill.id} defaultChecked={checked.includes(skill.id)} />
          {skillName(skill)}
        </label>
      ))}
      <FieldErrors id={fields[name].errorId} errors={fields[name].errors} />
    </fieldset>
  );
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle">{t("circle.profile.back")}</Link>
        </p>
        <h1>{t("circle.edit.title")}</h1>
        <p className="lead">{t("circle.edit.lead")}</p>
        <Link to={`/circle/companies/${loaded.slug}`} className="button button-small button-secondary">
          {t("circle.edit.view")}
        </Link>
      </header>
      {saved ? (
        <p className="notice" role="status">
          {t("circle.edit.saved")}
        </p>
      ) : null}
      <LogoForm org={loaded.org} accept={loaded.logoAccept} />
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label={t("circle.edit.whatWeDoZh")} htmlFor={fields.whatWeDoZh.id} errors={fields.whatWeDoZh.errors} errorId={fields.whatWeDoZh.errorId}>
          <textarea {...getTextareaProps(fields.whatWeDoZh)} rows={3} />
        </Field>
        <Field label={t("circle.edit.whatWeDoEn")} htmlFor={fields.whatWeDoEn.id} errors={fields.whatWeDoEn.errors} errorId={fields.whatWeDoEn.errorId}>
          <textarea {...getTextareaProps(fields.whatWeDoEn)} rows={3} />
        </Field>
        <fieldset className="check-grid">
          <legend>{t("circle.edit.categories")}</legend>
          {categories.map((c) => (
            <label key={c}>
              <input type="checkbox" name="categories" value={c} defaultChecked={loaded.categories.includes(c)} />
              {t(`categories.${c}`)}
            </label>
          ))}
          <FieldErrors id={fields.categories.errorId} errors={fields.categories.errors} />
        </fieldset>
        {skillBoxes("offers", loaded.offers)}
        {skillBoxes("seeks", loaded.seeks)}
        <Field label={t("circle.edit.works")} hint={t("circle.edit.worksHint")} htmlFor={fields.works.id} errors={fields.works.errors} errorId={fields.works.errorId}>
          <textarea {...getTextareaProps(fields.works)} rows={4} />
        </Field>
        <Field label={t("circle.edit.showreelLinks")} hint={t("circle.edit.showreelHint")} htmlFor={fields.showreelLinks.id} errors={fields.showreelLinks.errors} errorId={fields.showreelLinks.errorId}>
          <textarea {...getTextareaProps(fields.showreelLinks)} rows={2} />
        </Field>
        <div className="form-row">
          <Field label={t("circle.edit.teamSize")} htmlFor={fields.teamSize.id} errors={fields.teamSize.errors} errorId={fields.teamSize.errorId}>
            <input {...getInputProps(fields.teamSize, { type: "number" })} min={1} inputMode="numeric" />
          </Field>
          <Field label={t("circle.edit.foundedYear")} htmlFor={fields.foundedYear.id} errors={fields.foundedYear.errors} errorId={fields.foundedYear.errorId}>
            <input {...getInputProps(fields.foundedYear, { type: "number" })} min={1900} max={2100} inputMode="numeric" />
          </Field>
        </div>
        <Field label={t("circle.edit.contact")} htmlFor={fields.contactUserId.id} errors={fields.contactUserId.errors} errorId={fields.contactUserId.errorId}>
          <select {...getSelectProps(fields.contactUserId)}>
            <option value="">{t("circle.edit.contactNone")}</option>
            {loaded.people.map((p) => (
              <option key={p.userId} value={p.userId}>
                {p.name}
                {p.title ? ` · ${p.title}` : ""}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("circle.edit.visibility")} htmlFor={fields.visibility.id} errors={fields.visibility.errors} errorId={fields.visibility.errorId}>
          <select {...getSelectProps(fields.visibility)}>
            <option value="listed">{t("circle.edit.listed")}</option>
            <option value="hidden">{t("circle.edit.hidden")}</option>
          </select>
        </Field>
        <p>
          <label>
            <input type="checkbox" name="publicOptIn" defaultChecked={loaded.publicOptIn} /> {t("circle.edit.publicOptIn")}
          </label>
        </p>
        <SubmitButton busy={busy}>{t("circle.edit.save")}</SubmitButton>
      </Form>
    </section>
  );
}
