// /admin/credits/packs — the credit packs tenants can buy. Park admins create a pack (credits,
// bonus, price in CNY, dates on sale) or take one off sale; purchases already made are unaffected.
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Card } from "~/components/ui";
import { ConformForm, DoneNotice, errorsOf, FormErrors, InputField, resultFor, SubmitButton } from "~/components/forms";
import { Money, BillingStatus } from "~/components/money";
import { formatDate } from "~/i18n/format";
import { createPack, endPack, listPacks } from "~/modules/credits/console.server";
import { packSchema, packsFormSchema, parkToday } from "~/modules/credits/forms";
import { packFigures } from "~/modules/credits/format";
import { formatCredits } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { encodeMessage, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:grant", kind: "park" });
  const packs = await listPacks(member);
  return {
    today: parkToday(),
    mayEdit: hasPermission(member, "credits:admin", { kind: "park" }),
    packs: packs.map((p) => ({
      ...packFigures(p),
      activeFrom: p.activeFrom.toISOString(),
      activeUntil: p.activeUntil?.toISOString() ?? null,
      state: p.state,
      issued: p.issued,
    })),
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:admin", kind: "park" });
  const { ip } = await requestInfo(request, context);
  return submitForm(
    request,
    packsFormSchema,
    (value) =>
      byIntent<typeof value, Promise<string>>(value, {
        create: async ({ nameZh, nameEn, credits, bonus, price, activeFrom, activeUntil }) => {
          await createPack(member, { nameZh, nameEn, creditsMilli: credits, bonusMilli: bonus ?? 0n, priceFen: price, activeFrom, activeUntil }, { ip });
          return encodeMessage("creditsAdmin.packs.created", { name: nameZh });
        },
        end: async ({ packId }) => {
          await endPack(member, packId, { ip });
          return "creditsAdmin.packs.ended";
        },
      }),
    { resetForm: (value) => value.intent === "create" },
  );
});

export default function CreditsAdminPacks() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { packs, mayEdit, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? (navigation.formData?.get("intent") ?? "create") : null;
  const [form, fields] = useForm({
    id: "pack",
    lastResult: resultFor(actionData, "create", { resets: true }),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: packSchema }),
  });
  return (
    <>
      <DoneNotice message={actionData?.done} />
      <FormErrors id="packs-errors" errors={errorsOf(resultFor(actionData, "end"))} />
      <Card id="packs-title" title={t("creditsAdmin.packs.title")} plainTitle>
        <DataTable
          className="compact"
          data-testid="packs"
          rows={packs}
          rowKey={(p) => p.id}
          columns={[
            { header: t("creditsAdmin.packs.pack"), cell: (p) => (lang === "en" ? p.nameEn : p.nameZh) },
            {
              header: t("compute.unit"),
              cell: (p) => (
                <>
                  {formatCredits(p.creditsMilli)}
                  {p.bonusMilli !== "0" ? <span className="muted small"> {t("compute.buy.bonus", { amount: formatCredits(p.bonusMilli) })}</span> : null}
                </>
              ),
            },
            { header: t("creditsAdmin.packs.price"), cell: (p) => <Money fen={p.priceFen} /> },
            {
              header: t("creditsAdmin.packs.onSale"),
              cell: (p) => (
                <>
                  {formatDate(p.activeFrom, lang)} – {p.activeUntil ? formatDate(p.activeUntil, lang) : t("creditsAdmin.packs.open")}
                </>
              ),
            },
            { header: t("creditsAdmin.packs.sold"), cell: (p) => p.issued },
            {
              header: t("common.status"),
              cell: (p) => <BillingStatus status={p.state === "active" ? "paid" : p.state === "scheduled" ? "pending" : "void"} labelKey={`creditsAdmin.packs.state.${p.state}`} />,
            },
            mayEdit && {
              header: t("common.actions"),
              cell: (p) =>
                p.state !== "ended" ? (
                  <Form
                    method="post"
                    onSubmit={(event) => {
                      if (!window.confirm(t("creditsAdmin.packs.confirmEnd", { name: lang === "en" ? p.nameEn : p.nameZh }))) event.preventDefault();
                    }}
                  >
                    <input type="hidden" name="intent" value="end" />
                    <input type="hidden" name="packId" value={p.id} />
                    <button type="submit" className="button button-small button-danger" disabled={busy === "end"}>
                      {t("creditsAdmin.packs.end")}
                    </button>
                  </Form>
                ) : null,
            },
          ]}
        />
      </Card>
      {mayEdit ? (
        <Card id="pack-form-title" title={t("creditsAdmin.packs.formTitle")} plainTitle>
          <ConformForm form={form}>
            <input type="hidden" name="intent" value="create" />
            <div className="form-row">
              <InputField meta={fields.nameZh} label={t("creditsAdmin.packs.nameZh")} autoComplete="off" />
              <InputField meta={fields.nameEn} label={t("creditsAdmin.packs.nameEn")} autoComplete="off" />
            </div>
            <div className="form-row">
              <InputField meta={fields.credits} label={t("creditsAdmin.packs.credits")} inputMode="decimal" autoComplete="off" />
              <InputField meta={fields.bonus} label={t("creditsAdmin.packs.bonus")} inputMode="decimal" autoComplete="off" />
              <InputField meta={fields.price} label={t("creditsAdmin.packs.priceYuan")} hint={t("creditsAdmin.packs.priceHint")} inputMode="decimal" autoComplete="off" />
            </div>
            <div className="form-row">
              <InputField meta={fields.activeFrom} label={t("creditsAdmin.packs.activeFrom")} hint={t("creditsAdmin.packs.activeFromHint")} type="date" min={today} />
              <InputField meta={fields.activeUntil} label={t("creditsAdmin.packs.activeUntil")} hint={t("creditsAdmin.packs.activeUntilHint")} type="date" min={today} />
            </div>
            <SubmitButton busy={busy === "create"}>{t("creditsAdmin.packs.submit")}</SubmitButton>
          </ConformForm>
        </Card>
      ) : null}
    </>
  );
}
