// Create or edit a package: its names, package price and items (offering, quantity, from which
// day and for how many days). Booking it books every item, or none.
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxChoice, FieldErrors, InputField } from "~/components/forms";
import { CatalogueEditor, CodeAndNames, useEditorForm } from "~/components/services-desk";
import { fenToYuanString } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { getPackageForDesk, listCatalogueForDesk, savePackage } from "~/modules/services/catalogue.server";
import { PACKAGE_ITEM_ROWS, packageSchema } from "~/modules/services/forms";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  const { offerings } = await listCatalogueForDesk(member);
  const pkg = params.id === "new" ? null : await getPackageForDesk(member, params.id ?? "");
  return { pkg, offerings: offerings.filter((o) => o.pricingUnit !== "quote") };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return submitForm(request, packageSchema, async (value) => {
    await savePackage(member, { ...value, id: params.id === "new" ? undefined : params.id });
    return redirect("/services/desk/catalogue?saved=package");
  });
});

export default function EditPackage() {
  const { t, i18n } = useTranslation();
  const { pkg, offerings } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const items = Array.from({ length: PACKAGE_ITEM_ROWS }, (_, i) => {
    const item = pkg?.items[i];
    return item ? { offeringId: item.offeringId, quantity: String(item.quantity), dayOffset: String(item.dayOffset), days: String(item.days) } : { offeringId: "", quantity: "", dayOffset: "", days: "" };
  });
  const [form, fields] = useEditorForm(packageSchema, {
    id: `package-${pkg?.id ?? "new"}`,
    defaultValue: pkg ? { ...pkg, price: fenToYuanString(BigInt(pkg.priceFen)), active: pkg.active ? "on" : undefined, items } : { active: "on", items },
  });
  const rows = fields.items.getFieldList();
  return (
    <CatalogueEditor title={pkg ? (en ? pkg.nameEn : pkg.nameZh) : t("services.desk.newPackage")} form={form}>
    <CodeAndNames fields={fields} descriptionRows={2}>
      <InputField meta={fields.price} label={t("services.desk.packagePriceYuan")} />
    </CodeAndNames>
    <fieldset className="lines">
      <legend>{t("services.packageContents")}</legend>
      <FieldErrors id={fields.items.errorId} errors={fields.items.errors} />
      {rows.map((row, i) => {
        const f = row.getFieldset();
        return (
          <div key={row.key} className="line-item form-row">
            <div className="field">
              <label htmlFor={f.offeringId.id}>{t("services.desk.itemN", { n: i + 1 })}</label>
              <select id={f.offeringId.id} name={f.offeringId.name} defaultValue={(f.offeringId.initialValue as string) ?? ""}>
                <option value="">—</option>
                {offerings.map((o) => (
                  <option key={o.id} value={o.id}>
                    {en ? o.nameEn : o.nameZh}
                  </option>
                ))}
              </select>
              <FieldErrors id={f.offeringId.errorId} errors={f.offeringId.errors} />
            </div>
            {(["quantity", "dayOffset", "days"] as const).map((name) => (
              <div key={name} className="field field-narrow">
                <label htmlFor={f[name].id}>{t(`services.desk.item.${name}`)}</label>
                <input {...getInputProps(f[name] as unknown as FieldMetadata<string>, { type: "number" })} min={name === "dayOffset" ? 0 : 1} />
                <FieldErrors id={f[name].errorId} errors={f[name].errors} />
              </div>
            ))}
          </div>
        );
      })}
    </fieldset>
    <div className="choices">
      <CheckboxChoice meta={fields.active} label={t("services.desk.listed")} />
    </div>
    </CatalogueEditor>
  );
}
