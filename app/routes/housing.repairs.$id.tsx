// /housing/repairs/:id — a repair request as its reporter (or the company's owner/admin) sees it:
// status, age, visit time, what was done, photos; the reporter confirms and rates a resolved
// repair, reopens it, or withdraws an open one. Anyone else gets 404.
import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionButton, FieldErrors, TextareaField } from "~/components/forms";
import { PageErrors, useLastResult, type FormFields } from "~/components/housing-forms";
import { RepairDetails } from "~/components/housing-repair";
import { HousingHeader, useT } from "~/components/housing-ui";
import { repairPageForms } from "~/modules/housing/repair-forms";
import { cancelRepair, confirmRepair, getRepair, reopenRepair } from "~/modules/housing/repairs.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";
import { hasPermission } from "~/modules/identity/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("报修 · 人才公寓");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const repair = await getRepair(member, params.id ?? "");
  return { repair, mine: repair.reportedBy === member.user.id, company: hasPermission(member, "housing:endorse", { kind: "tenant" }), now: new Date().toISOString() };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const id = params.id ?? "";
  return submitForm(request, repairPageForms, (form) =>
    byIntent(form, {
      confirm: async ({ rating, comment }) => {
        await confirmRepair(member, id, { rating, comment });
        return redirect("/housing?done=confirmed#repairs");
      },
      reopen: async ({ reason }) => {
        await reopenRepair(member, id, reason);
        return redirect("/housing?done=reopened#repairs");
      },
      cancel: async () => {
        await cancelRepair(member, id);
        return redirect(`/housing/repairs/${id}`);
      },
    }),
  );
});

export default function RepairPage() {
  const { t } = useT();
  const { repair, mine, company, now } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [confirmForm, confirmFields] = useForm<FormFields<"rating" | "comment">>({ id: "rating", lastResult: useLastResult({ intent: "confirm" }), defaultValue: { rating: "5" } });
  const reopenResult = useLastResult({ intent: "reopen" });
  const [reopenForm, reopenFields] = useForm({ id: "reopen", lastResult: reopenResult });
  return (
    <section className="stack housing">
      <HousingHeader title={t("housing.resident.repairTitle")} company={company} />
      <PageErrors />
      <RepairDetails repair={repair} now={now} />
      {mine && repair.status === "resolved" ? (
        <Form method="post" {...getFormProps(confirmForm)} className="card stack" data-testid="confirm-repair">
          <h2 className="card-title">{t("housing.resident.confirmTitle")}</h2>
          <input type="hidden" name="intent" value="confirm" />
          <fieldset className="stars">
            <legend>{t("housing.resident.rating")}</legend>
            {[5, 4, 3, 2, 1].map((n) => (
              <label key={n}>
                <input type="radio" name={confirmFields.rating.name} value={n} defaultChecked={confirmFields.rating.initialValue === String(n)} /> {"★".repeat(n)}
                <span className="visually-hidden">{t("housing.resident.stars", { count: n })}</span>
              </label>
            ))}
          </fieldset>
          <FieldErrors id={confirmFields.rating.errorId} errors={confirmFields.rating.errors} />
          <TextareaField meta={confirmFields.comment} label={t("housing.resident.ratingComment")} rows={2} maxLength={1000} />
          <button type="submit" className="button" disabled={busy}>
            {t("housing.resident.confirmSubmit")}
          </button>
        </Form>
      ) : null}
      {mine && repair.status === "resolved" ? (
        <details className="card inline-panel" open={Boolean(reopenResult)}>
          <summary>{t("housing.resident.reopen")}</summary>
          <Form method="post" {...getFormProps(reopenForm)} className="stack">
            <input type="hidden" name="intent" value="reopen" />
            <TextareaField meta={reopenFields.reason} label={t("housing.pages.reasonLabel")} rows={2} maxLength={1000} />
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("housing.resident.reopen")}
            </button>
          </Form>
        </details>
      ) : null}
      {mine && repair.open ? (
        <ActionButton intent="cancel" confirm={t("housing.pages.confirmAction")} formClassName="card" className="button button-danger" label={t("housing.console.cancelRepair")} busy={busy} />
      ) : null}
      <p>
        <Link to="/housing#repairs">← {t("housing.pages.tabs.home")}</Link>
      </p>
    </section>
  );
}
