// /admin/credits/prices — the price list: what is charged now, what is scheduled, and the history.
// Park admins add a price from a date; rows are never edited, so past usage keeps its price.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { DoneNotice, Field, FormErrors, SubmitButton } from "~/components/forms";
import { BillingStatus } from "~/components/money";
import { formatDateTime } from "~/i18n/format";
import { addPrice, getPriceList } from "~/modules/credits/console.server";
import { parkToday, priceSchema } from "~/modules/credits/forms";
import { formatCredits, METERS } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { submitForm } from "~/modules/platform/forms.server";
import { encodeMessage, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:grant", kind: "park" });
  const prices = await getPriceList(member);
  return {
    today: parkToday(),
    mayEdit: hasPermission(member, "credits:admin", { kind: "park" }),
    prices: prices.map((p) => ({ id: p.id, meter: p.meter, model: p.model, priceMilli: String(p.priceMilli), effectiveFrom: p.effectiveFrom.toISOString(), state: p.state })),
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:admin", kind: "park" });
  const { ip } = await requestInfo(request, context);
  return submitForm(
    request,
    priceSchema,
    async ({ meter, model, price, effectiveOn }) => {
      await addPrice(member, { meter, model, priceMilli: price, effectiveOn }, { ip });
      return encodeMessage("creditsAdmin.prices.added", { model });
    },
    { resetForm: true },
  );
});

export default function CreditsAdminPrices() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { prices, mayEdit, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "price",
    lastResult: actionData?.result,
    defaultValue: { meter: "gpu_seconds", effectiveOn: today },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: priceSchema }),
  });
  const groups = (["current", "scheduled", "superseded"] as const).map((state) => ({ state, rows: prices.filter((p) => p.state === state) }));
  return (
    <>
      <DoneNotice message={actionData?.done} />
      {groups.map(({ state, rows }) =>
        rows.length === 0 && state !== "current" ? null : (
          <section key={state} className="card" aria-labelledby={`prices-${state}`}>
            <h2 id={`prices-${state}`}>{t(`creditsAdmin.prices.${state}`)}</h2>
            <DataTable
              className="compact"
              data-testid={`prices-${state}`}
              rows={rows}
              rowKey={(p) => p.id}
              empty={<p className="muted">{t("creditsAdmin.prices.empty")}</p>}
              columns={[
                {
                  header: t("compute.usage.model"),
                  cell: (p) => (
                    <>
                      {p.model} {state === "scheduled" ? <BillingStatus status="pending" labelKey="creditsAdmin.prices.scheduledPill" /> : null}
                    </>
                  ),
                },
                { header: t("compute.prices.meter"), cell: (p) => t(`compute.meters.${p.meter}`) },
                { header: t("compute.prices.price"), cell: (p) => t(`compute.prices.per.${p.meter}`, { price: formatCredits(p.priceMilli) }) },
                { header: t("creditsAdmin.prices.effectiveFrom"), cell: (p) => formatDateTime(p.effectiveFrom, lang) },
              ]}
            />
          </section>
        ),
      )}
      {mayEdit ? (
        <section className="card" aria-labelledby="price-form-title">
          <h2 id="price-form-title">{t("creditsAdmin.prices.formTitle")}</h2>
          <p className="hint">{t("creditsAdmin.prices.formLead")}</p>
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="form-row">
              <Field label={t("compute.prices.meter")} meta={fields.meter}>
                <select {...getSelectProps(fields.meter)}>
                  {METERS.map((m) => (
                    <option key={m} value={m}>
                      {t(`compute.meters.${m}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t("compute.usage.model")} hint={t("creditsAdmin.prices.modelHint")} meta={fields.model}>
                <input {...getInputProps(fields.model, { type: "text" })} autoComplete="off" />
              </Field>
            </div>
            <div className="form-row">
              <Field label={t("creditsAdmin.prices.priceLabel")} hint={t("creditsAdmin.prices.priceHint")} meta={fields.price}>
                <input {...getInputProps(fields.price, { type: "text" })} inputMode="decimal" autoComplete="off" />
              </Field>
              <Field label={t("creditsAdmin.prices.effectiveOn")} hint={t("creditsAdmin.prices.effectiveHint")} meta={fields.effectiveOn}>
                <input {...getInputProps(fields.effectiveOn, { type: "date" })} min={today} />
              </Field>
            </div>
            <SubmitButton busy={busy}>{t("creditsAdmin.prices.submit")}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </>
  );
}
