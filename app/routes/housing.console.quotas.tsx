// /housing/console/quotas — every tenant company's apartment quota (places it may hold at once) with
// what is used and pending; housing staff change it with a note, and the company is told.
import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { InputField } from "~/components/forms";
import { PageErrors, RowSubmit, useLastResult, type FormFields } from "~/components/housing-forms";
import { CompanyCards, RedirectNotice, useT } from "~/components/housing-ui";
import { quotaFormSchema } from "~/modules/housing/forms";
import { listQuotas, setQuota } from "~/modules/housing/quotas.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return { quotas: await listQuotas(member) };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return submitForm(request, quotaFormSchema, async ({ orgId, places, note }) => {
    await setQuota(member, orgId, places, note);
    return redirect("/housing/console/quotas?done=1");
  });
});

/** One company's quota: its places and the note the company is told. */
function QuotaForm({ quota, busy }: { quota: SerializeFrom<typeof loader>["quotas"][number]; busy: boolean }) {
  const { t } = useT();
  const [form, fields] = useForm<FormFields<"places" | "note">>({ id: `quota-${quota.orgId}`, lastResult: useLastResult({ orgId: quota.orgId }), defaultValue: { places: String(quota.places), note: quota.note } });
  return (
    <Form method="post" {...getFormProps(form)} className="form-row">
      <input type="hidden" name="orgId" value={quota.orgId} />
      <InputField meta={fields.places} label={t("housing.console.quotaPlaces")} type="number" min={0} max={500} step={1} className="field-narrow" />
      <InputField meta={fields.note} label={t("housing.console.quotaNote")} maxLength={500} />
      <RowSubmit label={t("housing.console.saveQuota")} busy={busy} narrow />
    </Form>
  );
}

export default function Quotas() {
  const { t } = useT();
  const { quotas } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="lead">{t("housing.console.quotasLead")}</p>
      <RedirectNotice message="housing.console.quotaSaved" />
      <PageErrors />
      {quotas.length === 0 ? <p className="empty-state card">{t("housing.console.emptyQuotas")}</p> : null}
      <CompanyCards
        companies={quotas}
        testId="quota-row"
        aside={(q) => (
          <span className="muted small">
            {t("housing.console.used")} {q.used} · {t("housing.console.pending")} {q.pending} / {t("housing.console.quotaPlaces")} {q.places}
          </span>
        )}
      >
        {(q) => <QuotaForm quota={q} busy={busy} />}
      </CompanyCards>
    </>
  );
}
