// Create or edit an offering: names and descriptions, category, pricing unit and price, quantity
// limits, lead time, approval, cancellation policy, the resource it books, and whether it is listed.
import { getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, InputField, TextareaField } from "~/components/forms";
import { CatalogueEditor } from "~/components/services-desk";
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
  return (
    <CatalogueEditor title={offering ? (en ? offering.nameEn : offering.nameZh) : t("services.desk.newOffering")} form={form} busy={busy}>
    <div className="form-row">
      <InputField meta={fields.code} label={t("services.desk.code")} hint={t("services.desk.codeHint")} />
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
      <InputField meta={fields.nameZh} label={t("services.desk.nameZh")} />
      <InputField meta={fields.nameEn} label={t("services.desk.nameEn")} />
    </div>
    <TextareaField meta={fields.descriptionZh} label={t("services.desk.descriptionZh")} rows={3} />
    <TextareaField meta={fields.descriptionEn} label={t("services.desk.descriptionEn")} rows={3} />
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
      <InputField meta={fields.price} label={t("services.desk.priceYuan")} hint={t("services.desk.priceHint")} />
    </div>
    <div className="form-row">
      <InputField meta={fields.minQuantity} label={t("services.desk.minQuantity")} type="number" />
      <InputField meta={fields.maxQuantity} label={t("services.desk.maxQuantity")} type="number" />
      <InputField meta={fields.leadTimeHours} label={t("services.desk.leadTimeHours")} type="number" />
    </div>
    <div className="form-row">
      <InputField meta={fields.freeCancelHours} label={t("services.desk.freeCancelHours")} type="number" />
      <InputField meta={fields.cancelFee} label={t("services.desk.cancelFeePercent")} />
      <InputField meta={fields.sortOrder} label={t("services.desk.sortOrder")} type="number" />
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
    <InputField meta={fields.photo} label={t("services.desk.photo")} hint={t("services.desk.photoHint")} />
    <div className="choices">
      <label className="choice">
        <input {...getInputProps(fields.requiresApproval, { type: "checkbox" })} /> {t("services.desk.requiresApproval")}
      </label>
      <label className="choice">
        <input {...getInputProps(fields.active, { type: "checkbox" })} /> {t("services.desk.listed")}
      </label>
    </div>
    </CatalogueEditor>
  );
}
