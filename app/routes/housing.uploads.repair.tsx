// /housing/uploads/repair — a resident reports a problem in their apartment (报修) with up to six
// photos. It is listed in UPLOAD_ROUTES (app/server/guards.js) so the server accepts photo-sized
// bodies; everything else about it is an ordinary page with field errors.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors, SubmitButton, TextareaField } from "~/components/forms";
import { useLastResult } from "~/components/housing-forms";
import { HousingHeader, UnitLabel, useT } from "~/components/housing-ui";
import { myHousing } from "~/modules/housing/leases.server";
import { MAX_REPAIR_PHOTOS, repairCategories, reportRepairFormSchema } from "~/modules/housing/repair-forms";
import { reportRepair } from "~/modules/housing/repairs.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";
import { hasPermission } from "~/modules/identity/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("报修 · 人才公寓");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const home = await myHousing(member);
  return {
    lease: home && home.lease.status === "active" ? { id: home.lease.id, unitCode: home.unit.code, bedNo: home.lease.bedNo } : null,
    company: hasPermission(member, "housing:endorse", { kind: "tenant" }),
  };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  return submitForm(request, reportRepairFormSchema, async (report) => {
    await reportRepair(member, report);
    return redirect("/housing?done=reported#repairs");
  });
});

export default function ReportRepair() {
  const { t } = useT();
  const { lease, company } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ id: "repair", lastResult: useLastResult() });
  return (
    <section className="stack housing">
      <HousingHeader title={t("housing.resident.reportTitle")} lead={lease ? <UnitLabel code={lease.unitCode} bedNo={lease.bedNo} /> : null} company={company} />
      {!lease ? (
        <div className="card empty-state">
          <p>{t("housing.resident.noLease")}</p>
          <Link to="/housing">{t("housing.pages.tabs.home")}</Link>
        </div>
      ) : (
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card stack" data-testid="repair-form">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="leaseId" value={lease.id} />
          <Field meta={fields.category} label={t("housing.resident.category")}>
            <select {...getSelectProps(fields.category)}>
              <option value="">—</option>
              {repairCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`housing.pages.repairCategory.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <TextareaField meta={fields.description} label={t("housing.resident.description")} hint={t("housing.resident.descriptionHint")} rows={4} maxLength={2000} />
          <Field meta={fields.photos} label={t("housing.resident.photos", { max: MAX_REPAIR_PHOTOS })}>
            <input {...getInputProps(fields.photos, { type: "file" })} accept="image/png,image/jpeg,image/webp" multiple />
          </Field>
          <div className="actions">
            <SubmitButton busy={busy}>{t("housing.resident.reportSubmit")}</SubmitButton>
            <Link to="/housing" className="button button-secondary">
              {t("common.cancel")}
            </Link>
          </div>
        </Form>
      )}
    </section>
  );
}
