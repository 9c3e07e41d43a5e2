// Create or edit a bookable resource: a whole resource (a stage, a suite, a camera kit) booked by
// time ranges that never overlap, or a daily pool (extras, rooms); opening hours and buffers.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxChoice, InputField, SelectField } from "~/components/forms";
import { CatalogueEditor, CodeAndNames, useEditorForm } from "~/components/services-desk";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { getResourceForDesk, saveResource } from "~/modules/services/catalogue.server";
import { hhmmOf, resourceSchema } from "~/modules/services/forms";

const kinds = ["stage", "location", "room", "studio", "equipment", "crew", "lodging", "other"] as const;

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return { resource: params.id === "new" ? null : await getResourceForDesk(member, params.id ?? "") };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return submitForm(request, resourceSchema, async (value) => {
    await saveResource(member, { ...value, id: params.id === "new" ? undefined : params.id });
    return redirect("/services/desk/catalogue?saved=resource");
  });
});

export default function EditResource() {
  const { t, i18n } = useTranslation();
  const { resource } = useLoaderData<typeof loader>();
  const [form, fields] = useEditorForm(resourceSchema, {
    id: `resource-${resource?.id ?? "new"}`,
    defaultValue: resource
      ? {
          ...resource,
          capacity: String(resource.capacity),
          opens: hhmmOf(resource.opensMinute),
          closes: hhmmOf(resource.closesMinute),
          setupMinutes: String(resource.setupMinutes),
          teardownMinutes: String(resource.teardownMinutes),
          active: resource.active ? "on" : undefined,
        }
      : { kind: "stage", capacity: "1", setupMinutes: "0", teardownMinutes: "0", active: "on" },
  });
  return (
    <CatalogueEditor title={resource ? (i18n.language === "en" ? resource.nameEn : resource.nameZh) : t("services.desk.newResource")} form={form}>
      <CodeAndNames fields={fields}>
        <SelectField meta={fields.kind} label={t("services.desk.kind")} options={kinds.map((k) => ({ value: k, label: t(`services.desk.kinds.${k}`) }))} />
      </CodeAndNames>
      <div className="form-row">
        <InputField meta={fields.capacity} label={t("services.desk.capacity")} type="number" hint={t("services.desk.capacityHint")} />
        <InputField meta={fields.opens} label={t("services.desk.opens")} type="time" hint={t("services.desk.hoursHint")} />
        <InputField meta={fields.closes} label={t("services.desk.closes")} type="time" />
      </div>
      <div className="form-row">
        <InputField meta={fields.setupMinutes} label={t("services.desk.setupMinutes")} type="number" />
        <InputField meta={fields.teardownMinutes} label={t("services.desk.teardownMinutes")} type="number" />
      </div>
      <div className="choices">
        <CheckboxChoice meta={fields.active} label={t("services.desk.bookable")} />
      </div>
    </CatalogueEditor>
  );
}
