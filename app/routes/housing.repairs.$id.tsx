// /housing/repairs/:id — a repair request as its reporter (or the company's owner/admin) sees it:
// status, age, visit time, what was done, photos; the reporter confirms and rates a resolved
// repair, reopens it, or withdraws an open one. Anyone else gets 404.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { RepairDetails, ConfirmForm, fieldErrorsOf, HousingTabs, useT } from "~/components/housing-ui";
import { confirmRepairSchema, reopenRepairSchema } from "~/modules/housing/repair-forms";
import { cancelRepair, confirmRepair, getRepair, reopenRepair } from "~/modules/housing/repairs.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
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

type Answer = { intent: string; fieldErrors?: Record<string, string[]>; error?: string };

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const fail = (status: number, answer: Omit<Answer, "intent">) => data<Answer>({ intent, ...answer }, { status });
  const field = (name: string) => String(form.get(name) ?? "");
  try {
    if (intent === "confirm") {
      const parsed = confirmRepairSchema.safeParse({ rating: field("rating"), comment: field("comment") || undefined });
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await confirmRepair(member, id, parsed.data);
      return redirect("/housing?done=confirmed#repairs");
    }
    if (intent === "reopen") {
      const parsed = reopenRepairSchema.safeParse({ reason: field("reason") });
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await reopenRepair(member, id, parsed.data.reason);
      return redirect("/housing?done=reopened#repairs");
    }
    if (intent === "cancel") {
      await cancelRepair(member, id);
      return redirect(`/housing/repairs/${id}`);
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      return fail(error.code === "invalid" ? 422 : 409, { error: encodeMessage(error.messageKey, error.params) });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

export default function RepairPage() {
  const { t } = useT();
  const { repair, mine, company, now } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const errors = answer?.fieldErrors ?? {};
  return (
    <section className="stack housing">
      <header className="page-header">
        <h1>{t("housing.resident.repairTitle")}</h1>
      </header>
      <HousingTabs company={company} />
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}
      <RepairDetails repair={repair} now={now} />
      {mine && repair.status === "resolved" ? (
        <Form method="post" className="card stack" data-testid="confirm-repair">
          <h2 className="card-title">{t("housing.resident.confirmTitle")}</h2>
          <input type="hidden" name="intent" value="confirm" />
          <fieldset className="stars">
            <legend>{t("housing.resident.rating")}</legend>
            {[5, 4, 3, 2, 1].map((n) => (
              <label key={n}>
                <input type="radio" name="rating" value={n} defaultChecked={n === 5} /> {"★".repeat(n)}
                <span className="visually-hidden">{t("housing.resident.stars", { count: n })}</span>
              </label>
            ))}
          </fieldset>
          <FieldErrors id="rating-errors" errors={answer?.intent === "confirm" ? errors.rating : undefined} />
          <div className="field">
            <label htmlFor="rating-comment">{t("housing.resident.ratingComment")}</label>
            <textarea id="rating-comment" name="comment" rows={2} maxLength={1000} />
            <FieldErrors id="rating-comment-errors" errors={answer?.intent === "confirm" ? errors.comment : undefined} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t("housing.resident.confirmSubmit")}
          </button>
        </Form>
      ) : null}
      {mine && repair.status === "resolved" ? (
        <details className="card inline-panel" open={answer?.intent === "reopen"}>
          <summary>{t("housing.resident.reopen")}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="reopen" />
            <div className="field">
              <label htmlFor="reopen-reason">{t("housing.pages.reasonLabel")}</label>
              <textarea id="reopen-reason" name="reason" rows={2} maxLength={1000} />
              <FieldErrors id="reopen-reason-errors" errors={answer?.intent === "reopen" ? errors.reason : undefined} />
            </div>
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("housing.resident.reopen")}
            </button>
          </Form>
        </details>
      ) : null}
      {mine && repair.open ? (
        <ConfirmForm message={t("housing.pages.confirmAction")} className="card">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("housing.console.cancelRepair")}
          </button>
        </ConfirmForm>
      ) : null}
      <p>
        <Link to="/housing#repairs">← {t("housing.pages.tabs.home")}</Link>
      </p>
    </section>
  );
}
