// /admin/credits/grants — credits the park gives tenants (welcome, programme awards,
// compensation), optionally expiring, and the grant form. Finance and park admins.
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Card } from "~/components/ui";
import { ConformForm, DoneNotice, InputField, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { formatDate } from "~/i18n/format";
import { listGrantableTenants, listGrants } from "~/modules/credits/console.server";
import { lastUsableInstant } from "~/modules/credits/format";
import { grantCategories, grantSchema, parkDayEnd, parkToday } from "~/modules/credits/forms";
import { grantCredits } from "~/modules/credits/grants.server";
import { formatCredits } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { encodeMessage } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:grant", kind: "park" });
  const [tenants, grants] = await Promise.all([listGrantableTenants(member), listGrants(member)]);
  return {
    today: parkToday(),
    tenants,
    grants: grants.map((g) => ({
      id: g.id,
      amountMilli: String(g.amountMilli),
      remainingMilli: g.remainingMilli === null ? null : String(g.remainingMilli),
      category: g.category,
      reason: g.reason,
      expiresAt: g.expiresAt?.toISOString() ?? null,
      expired: g.expiresAt !== null && g.expiresAt.getTime() <= Date.now(),
      createdAt: g.createdAt.toISOString(),
      orgNameZh: g.orgNameZh,
      orgNameEn: g.orgNameEn,
      grantedByName: g.grantedByName,
    })),
  };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:grant", kind: "park" });
  return submitForm(
    request,
    grantSchema,
    async ({ orgId, amount, category, reason, expiresOn }) => {
      // The credits can be used through the whole of their last day in Shanghai.
      await grantCredits(member, { orgId, amountMilli: amount, category, reason, expiresAt: expiresOn ? parkDayEnd(expiresOn) : null });
      return encodeMessage("creditsAdmin.grants.granted", { amount: formatCredits(amount) });
    },
    { resetForm: true, fieldOf: (error) => (error.messageKey === "errors.unknownTenant" ? { field: "orgId" } : undefined) },
  );
});

export default function CreditsAdminGrants() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { tenants, grants, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "grant",
    lastResult: actionData?.result,
    defaultValue: { category: "programme" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: grantSchema }),
  });
  return (
    <>
      <DoneNotice message={actionData?.done} />
      <Card id="grant-title" title={t("creditsAdmin.grants.formTitle")} hint={t("creditsAdmin.grants.formLead")} plainTitle>
        <ConformForm form={form}>
          <div className="form-row">
            <SelectField
              meta={fields.orgId}
              label={t("creditsAdmin.tenant")}
              placeholder={t("creditsAdmin.grants.chooseTenant")}
              options={tenants.map((tenant) => ({ value: tenant.id, label: lang === "en" ? tenant.nameEn : tenant.nameZh }))}
            />
            <InputField meta={fields.amount} label={t("creditsAdmin.grants.amount")} hint={t("creditsAdmin.grants.amountHint")} inputMode="decimal" autoComplete="off" />
          </div>
          <div className="form-row">
            <SelectField meta={fields.category} label={t("creditsAdmin.grants.category")} options={grantCategories.map((c) => ({ value: c, label: t(`compute.grantCategories.${c}`) }))} />
            <InputField meta={fields.expiresOn} label={t("creditsAdmin.grants.expiresOn")} hint={t("creditsAdmin.grants.expiresHint")} type="date" min={today} />
          </div>
          <TextareaField meta={fields.reason} label={t("creditsAdmin.grants.reason")} rows={2} maxLength={300} />
          <SubmitButton busy={busy}>{t("creditsAdmin.grants.submit")}</SubmitButton>
        </ConformForm>
      </Card>

      <Card id="grants-title" title={t("creditsAdmin.grants.title")} plainTitle>
        <DataTable
          className="compact"
          data-testid="grants"
          rows={grants}
          rowKey={(g) => g.id}
          empty={<p className="muted">{t("creditsAdmin.grants.empty")}</p>}
          columns={[
            {
              header: t("creditsAdmin.tenant"),
              cell: (g) => (
                <>
                  {lang === "en" ? g.orgNameEn : g.orgNameZh}
                  <div className="muted small">
                    {formatDate(g.createdAt, lang)}
                    {g.grantedByName ? ` · ${g.grantedByName}` : ""}
                  </div>
                </>
              ),
            },
            { header: t("creditsAdmin.grants.amount"), cell: (g) => formatCredits(g.amountMilli) },
            { header: t("creditsAdmin.grants.remaining"), cell: (g) => (g.remainingMilli === null ? "—" : formatCredits(g.remainingMilli)) },
            {
              header: t("creditsAdmin.grants.category"),
              cell: (g) => (
                <>
                  {t(`compute.grantCategories.${g.category}`)}
                  <div className="muted small">{g.reason}</div>
                </>
              ),
            },
            {
              header: t("creditsAdmin.grants.expires"),
              cell: (g) => (
                <>
                  {g.expiresAt ? formatDate(lastUsableInstant(g.expiresAt), lang) : t("creditsAdmin.grants.never")}
                  {g.expired ? " " : null}
                  {g.expired ? <span className="status status-void">{t("creditsAdmin.grants.expired")}</span> : null}
                </>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
