// /housing/console/quotas — every tenant company's apartment quota (places it may hold at once) with
// what is used and pending; housing staff change it with a note, and the company is told.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { fieldErrorsOf, useT } from "~/components/housing-ui";
import { quotaSchema } from "~/modules/housing/forms";
import { listQuotas, setQuota } from "~/modules/housing/quotas.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return { quotas: await listQuotas(member) };
});

type Answer = { orgId: string; fieldErrors?: Record<string, string[]>; error?: string };

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const form = await readForm(request);
  const orgId = String(form.get("orgId") ?? "");
  const parsed = quotaSchema.safeParse({ places: String(form.get("places") ?? ""), note: String(form.get("note") ?? "") });
  if (!parsed.success) return data<Answer>({ orgId, fieldErrors: fieldErrorsOf(parsed.error.issues) }, { status: 400 });
  try {
    await setQuota(member, orgId, parsed.data.places, parsed.data.note);
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      return data<Answer>({ orgId, error: encodeMessage(error.messageKey, error.params) }, { status: error.code === "invalid" ? 422 : 409 });
    }
    throw error;
  }
  return redirect("/housing/console/quotas?done=1");
});

export default function Quotas() {
  const { t, en } = useT();
  const { quotas } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  return (
    <>
      <p className="lead">{t("housing.console.quotasLead")}</p>
      {params.get("done") ? (
        <p className="notice" role="status">
          {t("housing.console.quotaSaved")}
        </p>
      ) : null}
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}
      {quotas.length === 0 ? <p className="empty-state card">{t("housing.console.emptyQuotas")}</p> : null}
      <ul className="stack list-plain">
        {quotas.map((q) => {
          const errors = answer?.orgId === q.orgId ? (answer.fieldErrors ?? {}) : {};
          return (
            <li key={q.orgId} className="card" data-testid="quota-row">
              <div className="card-header">
                <h3 className="card-title">{en ? q.nameEn : q.nameZh}</h3>
                <span className="muted small">
                  {t("housing.console.used")} {q.used} · {t("housing.console.pending")} {q.pending} / {t("housing.console.quotaPlaces")} {q.places}
                </span>
              </div>
              <Form method="post" className="form-row">
                <input type="hidden" name="orgId" value={q.orgId} />
                <div className="field field-narrow">
                  <label htmlFor={`places-${q.orgId}`}>{t("housing.console.quotaPlaces")}</label>
                  <input id={`places-${q.orgId}`} type="number" name="places" min={0} max={500} step={1} defaultValue={q.places} />
                  <FieldErrors id={`places-${q.orgId}-errors`} errors={errors.places} />
                </div>
                <div className="field">
                  <label htmlFor={`note-${q.orgId}`}>{t("housing.console.quotaNote")}</label>
                  <input id={`note-${q.orgId}`} type="text" name="note" maxLength={500} defaultValue={q.note} />
                  <FieldErrors id={`note-${q.orgId}-errors`} errors={errors.note} />
                </div>
                <div className="field field-narrow">
                  <span aria-hidden="true">&nbsp;</span>
                  <button type="submit" className="button button-secondary" disabled={busy}>
                    {t("housing.console.saveQuota")}
                  </button>
                </div>
              </Form>
            </li>
          );
        })}
      </ul>
    </>
  );
}
