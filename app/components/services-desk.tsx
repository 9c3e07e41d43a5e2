// The frame of the desk's catalogue editors (an offering, a resource, a package): the way back to
// the catalogue, the title, the form with its form-level errors, and Save; and the fields they share.
import { type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ConformForm, InputField, SubmitButton, TextareaField } from "~/components/forms";

export function CatalogueEditor<Schema extends Record<string, unknown>>({
  title,
  form,
  busy,
  children,
}: {
  title: string;
  form: FormMetadata<Schema, string[]>;
  busy: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <p>
        <Link to="/services/desk/catalogue">← {t("services.desk.nav.catalogue")}</Link>
      </p>
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
