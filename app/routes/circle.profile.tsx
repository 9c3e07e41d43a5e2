// /circle/profile — a tenant's owners and admins edit their company's profile: what it does,
// categories, works and awards, showreels, team, contact person, the skills it offers and looks
// for (from the park's vocabulary), and who may see it; its logo (uploaded through
// /circle/profile/logo with a fetcher).
import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CirclePageHeader } from "~/components/circle-page";
import { CheckGrid, CompanyLogo, SkillChecks, useResetOnDone } from "~/components/circle-ui";
import { DoneNotice, FieldErrors, FormErrors, InputField, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { titled } from "~/i18n/page-titles";
import { categories, profileSchema, worksToText } from "~/modules/circle/forms";
import { logoContentTypes } from "~/modules/circle/logos.server";
import { getOwnProfile, logoUrlFor, updateProfile } from "~/modules/circle/profiles.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import type { action as logoAction } from "./circle.profile_.logo";

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
  return submitForm(request, profileSchema, async (value) => {
    await updateProfile(member, value, await requestInfo(request, context));
    return "circle.edit.saved";
  });
});

function LogoForm({ org, accept }: { org: { nameZh: string; nameEn: string; logoUrl: string | null }; accept: string }) {
  const { t } = useTranslation();
  const upload = useFetcher<typeof logoAction>();
  const formRef = useResetOnDone(upload);
  const busy = upload.state !== "idle";
  const errors = upload.data?.result.error;
  const error = errors?.logo ?? errors?.[""] ?? undefined;
  return (
    <section className="card stack" id="logo" aria-labelledby="logo-title">
      <h2 id="logo-title">{t("circle.logo.title")}</h2>
      <div className="circle-named">
        <CompanyLogo org={org} size="lg" />
        <p className="muted small">{org.logoUrl ? t("circle.logo.hint") : `${t("circle.logo.none")} ${t("circle.logo.hint")}`}</p>
      </div>
      <DoneNotice message={upload.data?.done ? `circle.logo.${upload.data.done}` : null} />
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
      <FieldErrors id="logo-errors" errors={error} />
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
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "circle-profile",
    lastResult: answer?.result,
    defaultValue: { ...loaded.defaults, categories: loaded.categories, offers: loaded.offers, seeks: loaded.seeks },
    shouldValidate: "onSubmit",
  });
  return (
    <section className="stack">
      <CirclePageHeader back={{ to: "/circle", label: t("circle.profile.back") }} title={t("circle.edit.title")} lead={t("circle.edit.lead")}>
        <Link to={`/circle/companies/${loaded.slug}`} className="button button-small button-secondary">
          {t("circle.edit.view")}
        </Link>
      </CirclePageHeader>
      <DoneNotice message={answer?.done} />
      <LogoForm org={loaded.org} accept={loaded.logoAccept} />
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField label={t("circle.edit.whatWeDoZh")} meta={fields.whatWeDoZh} rows={3} />
        <TextareaField label={t("circle.edit.whatWeDoEn")} meta={fields.whatWeDoEn} rows={3} />
        <CheckGrid legend={t("circle.edit.categories")} meta={fields.categories} options={categories.map((c) => ({ value: c, label: t(`categories.${c}`) }))} checked={loaded.categories} />
        <SkillChecks legend={t("circle.edit.offers")} meta={fields.offers} skills={loaded.skills} checked={loaded.offers} />
        <SkillChecks legend={t("circle.edit.seeks")} meta={fields.seeks} skills={loaded.skills} checked={loaded.seeks} />
        <TextareaField label={t("circle.edit.works")} hint={t("circle.edit.worksHint")} meta={fields.works} rows={4} />
        <TextareaField label={t("circle.edit.showreelLinks")} hint={t("circle.edit.showreelHint")} meta={fields.showreelLinks} rows={2} />
        <div className="form-row">
          <InputField label={t("circle.edit.teamSize")} meta={fields.teamSize} type="number" min={1} inputMode="numeric" />
          <InputField label={t("circle.edit.foundedYear")} meta={fields.foundedYear} type="number" min={1900} max={2100} inputMode="numeric" />
        </div>
        <SelectField
          label={t("circle.edit.contact")}
          meta={fields.contactUserId}
          placeholder={t("circle.edit.contactNone")}
          options={loaded.people.map((p) => ({ value: p.userId, label: p.title ? `${p.name} · ${p.title}` : p.name }))}
        />
        <SelectField
          label={t("circle.edit.visibility")}
          meta={fields.visibility}
          options={[
            { value: "listed", label: t("circle.edit.listed") },
            { value: "hidden", label: t("circle.edit.hidden") },
          ]}
        />
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
