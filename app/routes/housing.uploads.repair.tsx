// /housing/uploads/repair — a resident reports a problem in their apartment (报修) with up to six
// photos. It is listed in UPLOAD_ROUTES (app/server/guards.js) so the server accepts photo-sized
// bodies; everything else about it is an ordinary page with field errors.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors, SubmitButton } from "~/components/forms";
import { fieldErrorsOf, HousingTabs, UnitLabel, useT } from "~/components/housing-ui";
import { myHousing } from "~/modules/housing/leases.server";
import { MAX_REPAIR_PHOTOS, repairCategories, reportRepairSchema } from "~/modules/housing/repair-forms";
import { reportRepair } from "~/modules/housing/repairs.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
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

type Answer = { fieldErrors: Record<string, string[]>; formError?: string; values: { category: string; description: string } };

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const form = await readForm(request);
  const values = { category: String(form.get("category") ?? ""), description: String(form.get("description") ?? "") };
  const leaseId = String(form.get("leaseId") ?? "") || undefined;
  const photos = form.getAll("photos").filter((p): p is File => typeof p !== "string" && (p.size > 0 || Boolean(p.name)));
  const fail = (status: number, fieldErrors: Record<string, string[]>, formError?: string) => data<Answer>({ fieldErrors, formError, values }, { status });
  const parsed = reportRepairSchema.safeParse({ ...values, leaseId });
  const fieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
  if (photos.length > MAX_REPAIR_PHOTOS) fieldErrors.photos = [encodeMessage("housing.errors.repairTooManyPhotos", { max: MAX_REPAIR_PHOTOS })];
  if (Object.keys(fieldErrors).length) return fail(400, fieldErrors);
  try {
    await reportRepair(member, { ...values, leaseId, photos });
  } catch (error) {
    if (error instanceof AppError && (error.code === "invalid" || error.code === "conflict")) {
      const message = encodeMessage(error.messageKey, error.params);
      const field = typeof error.params.field === "string" ? error.params.field : "";
      return field ? fail(error.code === "invalid" ? 422 : 409, { [field]: [message] }) : fail(error.code === "invalid" ? 422 : 409, {}, message);
    }
    throw error;
  }
  return redirect("/housing?done=reported#repairs");
});

export default function ReportRepair() {
  const { t } = useT();
  const { lease, company } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const errors = answer?.fieldErrors ?? {};
  return (
    <section className="stack housing">
      <header className="page-header">
        <h1>{t("housing.resident.reportTitle")}</h1>
        {lease ? (
          <p className="lead">
            <UnitLabel code={lease.unitCode} bedNo={lease.bedNo} />
          </p>
        ) : null}
      </header>
      <HousingTabs company={company} />
      {!lease ? (
        <div className="card empty-state">
          <p>{t("housing.resident.noLease")}</p>
          <Link to="/housing">{t("housing.pages.tabs.home")}</Link>
        </div>
      ) : (
        <Form method="post" encType="multipart/form-data" className="card stack" data-testid="repair-form">
          <FormErrors id="repair-form-errors" errors={answer?.formError ? [answer.formError] : undefined} />
          <input type="hidden" name="leaseId" value={lease.id} />
          <div className={errors.category ? "field field-invalid" : "field"}>
            <label htmlFor="repair-category">{t("housing.resident.category")}</label>
            <select id="repair-category" name="category" defaultValue={answer?.values.category ?? ""} aria-describedby="repair-category-errors">
              <option value="">—</option>
              {repairCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`housing.pages.repairCategory.${c}`)}
                </option>
              ))}
            </select>
            <FieldErrors id="repair-category-errors" errors={errors.category} />
          </div>
          <div className={errors.description ? "field field-invalid" : "field"}>
            <label htmlFor="repair-description">{t("housing.resident.description")}</label>
            <textarea id="repair-description" name="description" rows={4} maxLength={2000} defaultValue={answer?.values.description ?? ""} aria-describedby="repair-description-errors" />
            <p className="hint">{t("housing.resident.descriptionHint")}</p>
            <FieldErrors id="repair-description-errors" errors={errors.description} />
          </div>
          <div className={errors.photos ? "field field-invalid" : "field"}>
            <label htmlFor="repair-photos">{t("housing.resident.photos", { max: MAX_REPAIR_PHOTOS })}</label>
            <input id="repair-photos" name="photos" type="file" accept="image/png,image/jpeg,image/webp" multiple aria-describedby="repair-photos-errors" />
            <FieldErrors id="repair-photos-errors" errors={errors.photos} />
          </div>
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
