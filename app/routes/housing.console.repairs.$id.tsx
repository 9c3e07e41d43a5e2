// /housing/console/repairs/:id — one repair request for the housing office: assign it to someone
// in the office, schedule the visit, resolve it with a note, or cancel it; the reporter confirms.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { ConfirmForm, fieldErrorsOf, RepairDetails, useT } from "~/components/housing-ui";
import { assignRepairSchema, resolveRepairSchema, scheduleRepairSchema } from "~/modules/housing/repair-forms";
import { assignRepair, cancelRepair, getRepair, resolveRepair, scheduleRepair } from "~/modules/housing/repairs.server";
import { requireMember } from "~/modules/identity/access.server";
import { peopleWithRoles } from "~/modules/identity/members.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const repair = await getRepair(member, params.id ?? "");
  const staff = await peopleWithRoles(await getDb(), { park: true }, ["housing", "admin"]);
  return { repair, staff: staff.map((s) => ({ userId: s.userId, name: s.displayName })), me: member.user.id, now: new Date().toISOString() };
});

type Answer = { intent: string; fieldErrors?: Record<string, string[]>; error?: string };

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const field = (name: string) => String(form.get(name) ?? "");
  const fail = (status: number, answer: Omit<Answer, "intent">) => data<Answer>({ intent, ...answer }, { status });
  try {
    if (intent === "assign") {
      const parsed = assignRepairSchema.safeParse({ assigneeUserId: field("assigneeUserId") });
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await assignRepair(member, id, parsed.data.assigneeUserId);
    } else if (intent === "schedule") {
      const parsed = scheduleRepairSchema.safeParse({ scheduledFor: field("scheduledFor") });
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await scheduleRepair(member, id, parsed.data.scheduledFor);
    } else if (intent === "resolve") {
      const parsed = resolveRepairSchema.safeParse({ note: field("note") });
      if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
      await resolveRepair(member, id, parsed.data.note);
    } else if (intent === "cancel") {
      await cancelRepair(member, id, field("reason") || undefined);
    } else {
      throw new AppError("invalid", "errors.badForm");
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid") && error.messageKey !== "errors.badForm") {
      return fail(error.code === "invalid" ? 422 : 409, { error: encodeMessage(error.messageKey, error.params) });
    }
    throw error;
  }
  return redirect(`/housing/console/repairs/${id}?done=${intent}`);
});

/** "2027-03-05T14:30" in park time, for a datetime-local field's default. */
function parkLocal(at: Date | string | null) {
  if (!at) return "";
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

export default function ConsoleRepair() {
  const { t } = useT();
  const { repair, staff, me, now } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const errorsFor = (intent: string) => (answer?.intent === intent ? (answer.fieldErrors ?? {}) : {});
  const active = ["reported", "assigned", "scheduled"].includes(repair.status);
  return (
    <>
      <p>
        <Link to="/housing/console/repairs">← {t("housing.console.repairsTitle")}</Link>
      </p>
      {params.get("done") ? (
        <p className="notice" role="status">
          {t("housing.console.done")}
        </p>
      ) : null}
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}
      <RepairDetails repair={repair} now={now} />
      {active ? (
        <div className="grid-2">
          <Form method="post" className="card stack" data-testid="assign-form">
            <h3 className="card-title">{t("housing.console.assignTitle")}</h3>
            <input type="hidden" name="intent" value="assign" />
            <div className="field">
              <label htmlFor="assignee">{t("housing.console.assignee")}</label>
              <select id="assignee" name="assigneeUserId" defaultValue={repair.assigneeUserId ?? me}>
                {staff.map((s) => (
                  <option key={s.userId} value={s.userId}>
                    {s.name}
                  </option>
                ))}
              </select>
              <FieldErrors id="assignee-errors" errors={errorsFor("assign").assigneeUserId} />
            </div>
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("housing.console.assignSubmit")}
            </button>
          </Form>
          {repair.status !== "reported" ? (
            <Form method="post" className="card stack" data-testid="schedule-form">
              <h3 className="card-title">{t("housing.console.scheduleTitle")}</h3>
              <input type="hidden" name="intent" value="schedule" />
              <div className="field">
                <label htmlFor="scheduled-for">{t("housing.console.scheduledFor")}</label>
                <input id="scheduled-for" type="datetime-local" name="scheduledFor" defaultValue={parkLocal(repair.scheduledFor)} />
                <FieldErrors id="scheduled-for-errors" errors={errorsFor("schedule").scheduledFor} />
              </div>
              <button type="submit" className="button button-secondary" disabled={busy}>
                {t("housing.console.scheduleSubmit")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {repair.status === "assigned" || repair.status === "scheduled" ? (
        <Form method="post" className="card stack" data-testid="resolve-form">
          <h3 className="card-title">{t("housing.console.resolveTitle")}</h3>
          <input type="hidden" name="intent" value="resolve" />
          <div className="field">
            <label htmlFor="resolution">{t("housing.console.resolutionNote")}</label>
            <textarea id="resolution" name="note" rows={2} maxLength={1000} />
            <FieldErrors id="resolution-errors" errors={errorsFor("resolve").note} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t("housing.console.resolveSubmit")}
          </button>
        </Form>
      ) : null}
      {active ? (
        <ConfirmForm message={t("housing.pages.confirmAction")} className="card stack">
          <input type="hidden" name="intent" value="cancel" />
          <div className="field">
            <label htmlFor="cancel-reason">{t("housing.pages.reasonLabel")}</label>
            <input id="cancel-reason" type="text" name="reason" maxLength={500} />
          </div>
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("housing.console.cancelRepair")}
          </button>
        </ConfirmForm>
      ) : null}
    </>
  );
}
