// Create or edit a bookable resource: a whole resource (a stage, a suite, a camera kit) booked by
// time ranges that never overlap, or a daily pool (extras, rooms); opening hours and buffers.
import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
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
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: `resource-${resource?.id ?? "new"}`,
    lastResult,
    shouldValidate: "onBlur",
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
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resourceSchema }),
  });
  const input = (name: "code" | "nameZh" | "nameEn" | "capacity" | "opens" | "closes" | "setupMinutes" | "teardownMinutes", label: string, type: "text" | "number" | "time" = "text", hint?: string) => {
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
      <h2 className="card-title">{resource ? (i18n.language === "en" ? resource.nameEn : resource.nameZh) : t("services.desk.newResource")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-row">
          {input("code", t("services.desk.code"), "text", t("services.desk.codeHint"))}
          <Field label={t("services.desk.kind")} htmlFor={fields.kind.id} errors={fields.kind.errors} errorId={fields.kind.errorId}>
            <select {...getSelectProps(fields.kind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`services.desk.kinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="form-row">
          {input("nameZh", t("services.desk.nameZh"))}
          {input("nameEn", t("services.desk.nameEn"))}
        </div>
        <div className="form-row">
          {input("capacity", t("services.desk.capacity"), "number", t("services.desk.capacityHint"))}
          {input("opens", t("services.desk.opens"), "time", t("services.desk.hoursHint"))}
          {input("closes", t("services.desk.closes"), "time")}
        </div>
        <div className="form-row">
          {input("setupMinutes", t("services.desk.setupMinutes"), "number")}
          {input("teardownMinutes", t("services.desk.teardownMinutes"), "number")}
        </div>
        <div className="choices">
          <label className="choice">
            <input {...getInputProps(fields.active, { type: "checkbox" })} /> {t("services.desk.bookable")}
          </label>
        </div>
        <p className="actions">
          <SubmitButton busy={busy}>{t("common.save")}</SubmitButton>
        </p>
      </Form>
    </section>
  );
}
