// Create or edit an offering: names and descriptions, category, pricing unit and price, quantity
// limits, lead time, approval, cancellation policy, the resource it books, and whether it is listed.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { fenToYuanString } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { getOfferingForDesk, listCatalogueForDesk, saveOffering } from "~/modules/services/catalogue.server";
import { offeringSchema } from "~/modules/services/forms";
import { CATEGORIES, PRICING_UNITS } from "~/modules/services/pricing";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  const { resources } = await listCatalogueForDesk(member);
  const offering = params.id === "new" ? null : await getOfferingForDesk(member, params.id ?? "");
  return { offering, resources };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return submitForm(request, offeringSchema, async (value) => {
    await saveOffering(member, { ...value, id: params.id === "new" ? undefined : params.id });
    return redirect("/services/desk/catalogue?saved=offering");
  });
});

function percentOf(bp: number) {
  const rest = bp % 100;
  return rest ? `${Math.trunc(bp / 100)}.${String(rest).padStart(2, "0").replace(/0$/, "")}` : String(Math.trunc(bp / 100));
}

export default function EditOffering() {
  const { t, i18n } = useTranslation();
  const { offering, resources } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const en = i18n.language === "en";
  const [form, fields] = useForm({
    id: `offering-${offering?.id ?? "new"}`,
    lastResult,
    shouldValidate: "onBlur",
    defaultValue: offering
      ? {
          ...offering,
          price: offering.priceFen === null ? "" : fenToYuanString(BigInt(offering.priceFen)),
          cancelFee: percentOf(offering.cancelFeeBp),
          resourceId: offering.resourceId ?? "",
          photo: offering.photo ?? "",
          requiresApproval: offering.requiresApproval ? "on" : undefined,
          active: offering.active ? "on" : undefined,
          minQuantity: String(offering.minQuantity),
          maxQuantity: String(offering.maxQuantity),
          leadTimeHours: String(offering.leadTimeHours),
          freeCancelHours: String(offering.freeCancelHours),
          sortOrder: String(offering.sortOrder),
        }
      : { category: "stages", pricingUnit: "day", minQuantity: "1", maxQuantity: "1", leadTimeHours: "24", freeCancelHours: "48", cancelFee: "0", sortOrder: "100", requiresApproval: "on", active: "on" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: offeringSchema }),
  });
  const input = (name: "code" | "nameZh" | "nameEn" | "photo" | "price" | "minQuantity" | "maxQuantity" | "leadTimeHours" | "freeCancelHours" | "cancelFee" | "sortOrder", label: string, type: "text" | "number" = "text", hint?: string) => {
    const field = fields[name] as unknown as FieldMetadata<string>;
    return (
      <Field label={label} htmlFor={field.id} errors={field.errors} errorId={field.errorId} hint={hint}>
        <input {...getInputProps(field, { type })} />
      </Field>
    );
  };
  return (
    <section className="card">
      <p>
        <Link to="/services/desk/catalogue">← {t("services.desk.nav.catalogue")}</Link>
      </p>
      <h2 className="card-title">{offering ? (en ? offering.nameEn : offering.nameZh) : t("services.desk.newOffering")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-row">
          {input("code", t("services.desk.code"), "text", t("services.desk.codeHint"))}
          <Field label={t("services.desk.category")} htmlFor={fields.category.id} errors={fields.category.errors} errorId={fields.category.errorId}>
            <select {...getSelectProps(fields.category)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`services.categories.${c}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="form-row">
          {input("nameZh", t("services.desk.nameZh"))}
          {input("nameEn", t("services.desk.nameEn"))}
        </div>
        <Field label={t("services.desk.descriptionZh")} htmlFor={fields.descriptionZh.id} errors={fields.descriptionZh.errors} errorId={fields.descriptionZh.errorId}>
          <textarea {...getTextareaProps(fields.descriptionZh)} rows={3} />
        </Field>
        <Field label={t("services.desk.descriptionEn")} htmlFor={fields.descriptionEn.id} errors={fields.descriptionEn.errors} errorId={fields.descriptionEn.errorId}>
          <textarea {...getTextareaProps(fields.descriptionEn)} rows={3} />
        </Field>
        <div className="form-row">
          <Field label={t("services.pricingUnit")} htmlFor={fields.pricingUnit.id} errors={fields.pricingUnit.errors} errorId={fields.pricingUnit.errorId}>
            <select {...getSelectProps(fields.pricingUnit)}>
              {PRICING_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`services.unitNames.${u}`)}
                </option>
              ))}
            </select>
          </Field>
          {input("price", t("services.desk.priceYuan"), "text", t("services.desk.priceHint"))}
        </div>
        <div className="form-row">
          {input("minQuantity", t("services.desk.minQuantity"), "number")}
          {input("maxQuantity", t("services.desk.maxQuantity"), "number")}
          {input("leadTimeHours", t("services.desk.leadTimeHours"), "number")}
        </div>
        <div className="form-row">
          {input("freeCancelHours", t("services.desk.freeCancelHours"), "number")}
          {input("cancelFee", t("services.desk.cancelFeePercent"), "text")}
          {input("sortOrder", t("services.desk.sortOrder"), "number")}
        </div>
        <Field label={t("services.desk.resource")} htmlFor={fields.resourceId.id} errors={fields.resourceId.errors} errorId={fields.resourceId.errorId} hint={t("services.desk.resourceHint")}>
          <select {...getSelectProps(fields.resourceId)}>
            <option value="">{t("services.desk.noResource")}</option>
            {resources.map((r) => (
              <option key={r.id} value={r.id}>
                {en ? r.nameEn : r.nameZh}
                {r.capacity > 1 ? ` (${t("services.poolOf", { count: r.capacity })})` : ""}
              </option>
            ))}
          </select>
        </Field>
        {input("photo", t("services.desk.photo"), "text", t("services.desk.photoHint"))}
        <div className="choices">
          <label className="choice">
            <input {...getInputProps(fields.requiresApproval, { type: "checkbox" })} /> {t("services.desk.requiresApproval")}
          </label>
          <label className="choice">
            <input {...getInputProps(fields.active, { type: "checkbox" })} /> {t("services.desk.listed")}
          </label>
        </div>
        <p className="actions">
          <SubmitButton busy={busy}>{t("common.save")}</SubmitButton>
        </p>
      </Form>
    </section>
  );
}
