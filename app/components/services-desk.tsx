// The frame of the desk's catalogue editors (an offering, a resource, a package): the way back to
// the catalogue, the title, the form with its form-level errors, and Save.
import { getFormProps, type FormMetadata } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FormErrors, SubmitButton } from "~/components/forms";

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
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        {children}
        <p className="actions">
          <SubmitButton busy={busy}>{t("common.save")}</SubmitButton>
        </p>
      </Form>
    </section>
  );
}
