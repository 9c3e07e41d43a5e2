// /billing/profile — the tenant's invoicing details for fapiao (发票抬头、税号、地址电话、开户行及账号)
// and the fapiao it has requested.
import { getZodConstraint } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FapiaoRequestList } from "~/components/fapiao-request";
import { ConformForm, DoneNotice, InputField, SubmitButton, useZodForm } from "~/components/forms";
import { BackLink, PageHeader } from "~/components/ui";
import { billingProfileSchema } from "~/modules/billing/fapiao-forms";
import { fapiaoDetailsFor, fapiaoDetailsOf, getBillingProfile, listMyFapiaoRequests, saveBillingProfile } from "~/modules/billing/fapiao.server";
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
    profile: profile && fapiaoDetailsOf(profile),
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
  const [form, fields] = useZodForm(billingProfileSchema, {
    id: "billing-profile",
    lastResult,
    defaultValue: profile ?? prefill ?? undefined,
    constraint: getZodConstraint(billingProfileSchema),
  });
  const saved = lastResult?.status === "success";
  return (
    <section className="stack">
      <BackLink to="/billing">{t("fapiao.backToBilling")}</BackLink>
      <PageHeader title={t("fapiao.profileTitle")} lead={t("fapiao.profileLead")} />
      <DoneNotice message={saved ? "fapiao.profileSaved" : null} />
      <div className="card">
        {!mayEdit ? <p className="hint form-lead">{t("fapiao.profileReadOnly")}</p> : null}
        {!profile && !mayEdit ? (
          <p className="empty-state">{t("fapiao.profileMissing")}</p>
        ) : (
          <ConformForm form={form}>
            <fieldset disabled={!mayEdit} className="plain">
              <InputField meta={fields.title} label={t("fapiao.title")} hint={t("fapiao.titleHint")} autoComplete="organization" />
              <InputField meta={fields.taxpayerId} label={t("fapiao.taxpayerId")} hint={t("fapiao.taxpayerIdHint")} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={24} />
              <p className="hint form-lead">{t("fapiao.specialNeeds")}</p>
              <div className="form-row">
                <InputField meta={fields.address} label={t("fapiao.address")} autoComplete="street-address" />
                <InputField meta={fields.phone} label={t("fapiao.phone")} type="tel" autoComplete="tel" />
              </div>
              <div className="form-row">
                <InputField meta={fields.bankName} label={t("fapiao.bankName")} />
                <InputField meta={fields.bankAccount} label={t("fapiao.bankAccount")} inputMode="numeric" autoComplete="off" />
              </div>
              <InputField meta={fields.email} label={t("fapiao.email")} hint={t("fapiao.emailHint")} type="email" autoComplete="email" />
            </fieldset>
            {mayEdit ? <SubmitButton busy={busy}>{t("common.save")}</SubmitButton> : null}
          </ConformForm>
        )}
      </div>
      <div className="card">
        <h2>{t("fapiao.requestsTitle")}</h2>
        <FapiaoRequestList requests={requests} showInvoice />
      </div>
    </section>
  );
}
