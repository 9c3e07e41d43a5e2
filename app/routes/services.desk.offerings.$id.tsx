// Create or edit an offering: names and descriptions, category, pricing unit and price, quantity
// limits, lead time, approval, cancellation policy, the resource it books, and whether it is listed.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxChoice, InputField, SelectField } from "~/components/forms";
import { CatalogueEditor, CodeAndNames, useEditorForm } from "~/components/services-desk";
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
  const en = i18n.language === "en";
  const [form, fields] = useEditorForm(offeringSchema, {
    id: `offering-${offering?.id ?? "new"}`,
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
  });
  return (
    <CatalogueEditor title={offering ? (en ? offering.nameEn : offering.nameZh) : t("services.desk.newOffering")} form={form}>
      <CodeAndNames fields={fields} descriptionRows={3}>
        <SelectField meta={fields.category} label={t("services.desk.category")} options={CATEGORIES.map((c) => ({ value: c, label: t(`services.categories.${c}`) }))} />
      </CodeAndNames>
      <div className="form-row">
        <SelectField meta={fields.pricingUnit} label={t("services.pricingUnit")} options={PRICING_UNITS.map((u) => ({ value: u, label: t(`services.unitNames.${u}`) }))} />
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
      <SelectField
        meta={fields.resourceId}
        label={t("services.desk.resource")}
        hint={t("services.desk.resourceHint")}
        placeholder={t("services.desk.noResource")}
        options={resources.map((r) => ({ value: r.id, label: `${en ? r.nameEn : r.nameZh}${r.capacity > 1 ? ` (${t("services.poolOf", { count: r.capacity })})` : ""}` }))}
      />
      <InputField meta={fields.photo} label={t("services.desk.photo")} hint={t("services.desk.photoHint")} />
      <div className="choices">
        <CheckboxChoice meta={fields.requiresApproval} label={t("services.desk.requiresApproval")} />
        <CheckboxChoice meta={fields.active} label={t("services.desk.listed")} />
      </div>
    </CatalogueEditor>
  );
}
