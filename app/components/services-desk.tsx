// The frame of the desk's catalogue editors (an offering, a resource, a package): the way back to
// the catalogue, the title, the form with its form-level errors, and Save; and the fields they share.
import { type FieldMetadata, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { useActionData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ConformForm, InputField, SubmitButton, TextareaField, useZodForm } from "~/components/forms";
import { BackLink } from "~/components/ui";

export function CatalogueEditor<Schema extends Record<string, unknown>>({
  title,
  form,
  children,
}: {
  title: string;
  form: FormMetadata<Schema, string[]>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card">
      <BackLink to="/services/desk/catalogue">{t("services.desk.nav.catalogue")}</BackLink>
      <h2 className="card-title">{title}</h2>
      <ConformForm form={form}>
        {children}
        <p className="actions">
          <SubmitButton busy={busy}>{t("common.save")}</SubmitButton>
        </p>
      </ConformForm>
    </section>
  );
}

/** An editor's form, validated by `schema` as its action is, showing what the action answered. */
export function useEditorForm<Schema extends z.ZodTypeAny>(schema: Schema, options: { id: string; defaultValue: NonNullable<Parameters<typeof useZodForm<Schema>>[1]>["defaultValue"] }) {
  const lastResult = useActionData<{ result: SubmissionResult<string[]> }>()?.result;
  return useZodForm(schema, { ...options, lastResult });
}

type NameFields = Record<"code" | "nameZh" | "nameEn", FieldMetadata<unknown>> & Partial<Record<"descriptionZh" | "descriptionEn", FieldMetadata<unknown>>>;

/**
 * The code (with `children` beside it: a category, a kind, a price), the names in both languages,
 * and, when `descriptionRows` is given, the descriptions.
 */
export function CodeAndNames({ fields, descriptionRows, children }: { fields: NameFields; descriptionRows?: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="form-row">
        <InputField meta={fields.code} label={t("services.desk.code")} hint={t("services.desk.codeHint")} />
        {children}
      </div>
      <div className="form-row">
        <InputField meta={fields.nameZh} label={t("services.desk.nameZh")} />
        <InputField meta={fields.nameEn} label={t("services.desk.nameEn")} />
      </div>
      {descriptionRows && fields.descriptionZh && fields.descriptionEn ? (
        <>
          <TextareaField meta={fields.descriptionZh} label={t("services.desk.descriptionZh")} rows={descriptionRows} />
          <TextareaField meta={fields.descriptionEn} label={t("services.desk.descriptionEn")} rows={descriptionRows} />
        </>
      ) : null}
    </>
  );
}
