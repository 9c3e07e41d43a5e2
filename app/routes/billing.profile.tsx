// /billing/profile — the tenant's invoicing details for fapiao (发票抬头、税号、地址电话、开户行及账号)
// and the fapiao it has requested.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FapiaoRequestList } from "~/components/fapiao-request";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { billingProfileSchema } from "~/modules/billing/fapiao-forms";
import { fapiaoDetailsFor, getBillingProfile, listMyFapiaoRequests, saveBillingProfile } from "~/modules/billing/fapiao.server";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("开票信息");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:read", kind: "tenant" });
  const [profile, requests, fromCompany] = await Promise.all([getBillingProfile(member), listMyFapiaoRequests(member), fapiaoDetailsFor(member)]);
  return {
    // Before any 开票信息 is saved, the form starts from the company record (name, USCC, address).
    prefill: profile ? null : fromCompany && { title: fromCompany.title, taxpayerId: fromCompany.taxpayerId, address: fromCompany.address },
    profile: profile && {
      title: profile.title,
      taxpayerId: profile.taxpayerId,
      address: profile.address,
      phone: profile.phone,
      bankName: profile.bankName,
      bankAccount: profile.bankAccount,
      email: profile.email,
    },
    mayEdit: hasPermission(member, "billing:pay"),
    requests,
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:pay", kind: "tenant" });
  return submitForm(request, billingProfileSchema, async (value) => {
    await saveBillingProfile(member, value, await requestInfo(request, context));
    return null;
  });
});

export default function BillingProfile() {
  const { t } = useTranslation();
  const { profile, prefill, mayEdit, requests } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "billing-profile",
    lastResult,
    defaultValue: profile ?? prefill ?? undefined,
    constraint: getZodConstraint(billingProfileSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: billingProfileSchema }),
  });
  const saved = lastResult?.status === "success";
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/billing">← {t("fapiao.backToBilling")}</Link>
        </p>
        <h1>{t("fapiao.profileTitle")}</h1>
        <p className="lead">{t("fapiao.profileLead")}</p>
      </header>
      {saved ? (
        <p className="notice" role="status">
          {t("fapiao.profileSaved")}
        </p>
      ) : null}
      <div className="card">
        {!mayEdit ? <p className="hint form-lead">{t("fapiao.profileReadOnly")}</p> : null}
        {!profile && !mayEdit ? (
          <p className="empty-state">{t("fapiao.profileMissing")}</p>
        ) : (
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <fieldset disabled={!mayEdit} className="plain">
              <Field label={t("fapiao.title")} hint={t("fapiao.titleHint")} htmlFor={fields.title.id} errors={fields.title.errors} errorId={fields.title.errorId}>
                <input {...getInputProps(fields.title, { type: "text" })} autoComplete="organization" />
              </Field>
              <Field label={t("fapiao.taxpayerId")} hint={t("fapiao.taxpayerIdHint")} htmlFor={fields.taxpayerId.id} errors={fields.taxpayerId.errors} errorId={fields.taxpayerId.errorId}>
                <input {...getInputProps(fields.taxpayerId, { type: "text" })} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={24} />
              </Field>
              <p className="hint form-lead">{t("fapiao.specialNeeds")}</p>
              <div className="form-row">
                <Field label={t("fapiao.address")} htmlFor={fields.address.id} errors={fields.address.errors} errorId={fields.address.errorId}>
                  <input {...getInputProps(fields.address, { type: "text" })} autoComplete="street-address" />
                </Field>
                <Field label={t("fapiao.phone")} htmlFor={fields.phone.id} errors={fields.phone.errors} errorId={fields.phone.errorId}>
                  <input {...getInputProps(fields.phone, { type: "tel" })} autoComplete="tel" />
                </Field>
              </div>
              <div className="form-row">
                <Field label={t("fapiao.bankName")} htmlFor={fields.bankName.id} errors={fields.bankName.errors} errorId={fields.bankName.errorId}>
                  <input {...getInputProps(fields.bankName, { type: "text" })} />
                </Field>
                <Field label={t("fapiao.bankAccount")} htmlFor={fields.bankAccount.id} errors={fields.bankAccount.errors} errorId={fields.bankAccount.errorId}>
                  <input {...getInputProps(fields.bankAccount, { type: "text" })} inputMode="numeric" autoComplete="off" />
                </Field>
              </div>
              <Field label={t("fapiao.email")} hint={t("fapiao.emailHint")} htmlFor={fields.email.id} errors={fields.email.errors} errorId={fields.email.errorId}>
                <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
              </Field>
            </fieldset>
            {mayEdit ? <SubmitButton busy={busy}>{t("common.save")}</SubmitButton> : null}
          </Form>
        )}
      </div>
      <div className="card">
        <h2>{t("fapiao.requestsTitle")}</h2>
        <FapiaoRequestList requests={requests} showInvoice />
      </div>
    </section>
  );
}
