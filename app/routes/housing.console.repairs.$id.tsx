// /housing/console/repairs/:id — one repair request for the housing office: assign it to someone
// in the office, schedule the visit, resolve it with a note, or cancel it; the reporter confirms.
import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ConfirmForm, InputField, SelectField, TextareaField } from "~/components/forms";
import { PageErrors, useLastResult, type FormFields } from "~/components/housing-forms";
import { RepairDetails } from "~/components/housing-repair";
import { RedirectNotice, useT } from "~/components/housing-ui";
import { consoleRepairForms } from "~/modules/housing/repair-forms";
import { assignRepair, cancelRepair, getRepair, resolveRepair, scheduleRepair } from "~/modules/housing/repairs.server";
import { requireMember } from "~/modules/identity/access.server";
import { peopleWithRoles } from "~/modules/identity/members.server";
import { getDb } from "~/modules/platform/db.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const repair = await getRepair(member, params.id ?? "");
  const staff = await peopleWithRoles(await getDb(), { park: true }, ["housing", "admin"]);
  return { repair, staff: staff.map((s) => ({ userId: s.userId, name: s.displayName })), me: member.user.id, now: new Date().toISOString() };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  return submitForm(request, consoleRepairForms, async (form) => {
    await byIntent(form, {
      assign: ({ assigneeUserId }) => assignRepair(member, id, assigneeUserId),
      schedule: ({ scheduledFor }) => scheduleRepair(member, id, scheduledFor),
      resolve: ({ note }) => resolveRepair(member, id, note),
      cancel: ({ reason }) => cancelRepair(member, id, reason),
    });
    return redirect(`/housing/console/repairs/${id}?done=${form.intent}`);
  });
});

/** "2027-03-05T14:30" in park time, for a datetime-local field's default. */
function parkLocal(at: Date | string | null) {
  if (!at) return "";
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

export default function ConsoleRepair() {
  const { t } = useT();
  const { repair, staff, me, now } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [assignForm, assignFields] = useForm<FormFields<"assigneeUserId">>({ id: "assign", lastResult: useLastResult({ intent: "assign" }), defaultValue: { assigneeUserId: repair.assigneeUserId ?? me } });
  const [scheduleForm, scheduleFields] = useForm<FormFields<"scheduledFor">>({ id: "schedule", lastResult: useLastResult({ intent: "schedule" }), defaultValue: { scheduledFor: parkLocal(repair.scheduledFor) } });
  const [resolveForm, resolveFields] = useForm({ id: "resolve", lastResult: useLastResult({ intent: "resolve" }) });
  const [cancelForm, cancelFields] = useForm({ id: "cancel", lastResult: useLastResult({ intent: "cancel" }) });
  const active = ["reported", "assigned", "scheduled"].includes(repair.status);
  return (
    <>
      <p>
        <Link to="/housing/console/repairs">← {t("housing.console.repairsTitle")}</Link>
      </p>
      <RedirectNotice message="housing.console.done" />
      <PageErrors />
      <RepairDetails repair={repair} now={now} />
      {active ? (
        <div className="grid-2">
          <Form method="post" {...getFormProps(assignForm)} className="card stack" data-testid="assign-form">
            <h3 className="card-title">{t("housing.console.assignTitle")}</h3>
            <input type="hidden" name="intent" value="assign" />
            <SelectField meta={assignFields.assigneeUserId} label={t("housing.console.assignee")} options={staff.map((s) => ({ value: s.userId, label: s.name }))} />
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("housing.console.assignSubmit")}
            </button>
          </Form>
          {repair.status !== "reported" ? (
            <Form method="post" {...getFormProps(scheduleForm)} className="card stack" data-testid="schedule-form">
              <h3 className="card-title">{t("housing.console.scheduleTitle")}</h3>
              <input type="hidden" name="intent" value="schedule" />
              <InputField meta={scheduleFields.scheduledFor} label={t("housing.console.scheduledFor")} type="datetime-local" />
              <button type="submit" className="button button-secondary" disabled={busy}>
                {t("housing.console.scheduleSubmit")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {repair.status === "assigned" || repair.status === "scheduled" ? (
        <Form method="post" {...getFormProps(resolveForm)} className="card stack" data-testid="resolve-form">
          <h3 className="card-title">{t("housing.console.resolveTitle")}</h3>
          <input type="hidden" name="intent" value="resolve" />
          <TextareaField meta={resolveFields.note} label={t("housing.console.resolutionNote")} rows={2} maxLength={1000} />
          <button type="submit" className="button" disabled={busy}>
            {t("housing.console.resolveSubmit")}
          </button>
        </Form>
      ) : null}
      {active ? (
        <ConfirmForm confirm={t("housing.pages.confirmAction")} className="card stack" id={cancelForm.id}>
          <input type="hidden" name="intent" value="cancel" />
          <InputField meta={cancelFields.reason} label={t("housing.pages.reasonLabel")} maxLength={500} />
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("housing.console.cancelRepair")}
          </button>
        </ConfirmForm>
      ) : null}
    </>
  );
}
