// /circle/calls/:id/manage — the call's console. Staff who run calls open, close early, edit and
// publish it, see every entry sent in with each reviewer's total and the average, and select
// winners (an award grants the call's credits once). The call's reviewers see the entries with
// their own scores and go on to score them.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallHeader, useCallText } from "~/components/call-ui";
import { useOrgName } from "~/components/circle-ui";
import { DataTable } from "~/components/data-table";
import { awardTone, entryTone } from "~/components/circle-page";
import { DoneNotice, FormErrors } from "~/components/form-messages";
import { StatusBadge } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { callActionSchema, type CallTransition } from "~/modules/circle/calls-forms";
import { awardSubmission, getCallConsole, moveCall } from "~/modules/circle/calls.server";
import { formatCredits } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("管理征集 · 计划与征集");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read", kind: "park" });
  return getCallConsole(member, params.id ?? "");
});

const movedKeys = { open: "circleCalls.manage.opened", close: "circleCalls.manage.closed", decide: "circleCalls.manage.decided" } as const;

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:programmes", kind: "park" });
  const callId = params.id ?? "";
  const meta = await requestInfo(request, context);
  const move = async ({ intent }: { intent: CallTransition }) => {
    await moveCall(member, callId, intent, meta);
    return movedKeys[intent];
  };
  return submitForm(
    request,
    callActionSchema,
    (value) =>
      byIntent(value, {
        open: move,
        close: move,
        decide: move,
        award: async ({ submissionId, note }) => {
          await awardSubmission(member, callId, { submissionId, note }, meta);
          return "circleCalls.manage.awarded";
        },
      }),
    { resetForm: true },
  );
});

export default function CallConsole() {
  const { t, i18n } = useTranslation();
  const { call, now, reviewers, maxTotal, entries, mayRun } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const text = useCallText();
  const orgName = useOrgName();
  const done = actionData?.done ?? (params.get("done") === "created" ? "circleCalls.form.created" : params.get("done") === "updated" ? "circleCalls.form.updated" : null);
  const button = (intent: string, label: string, secondary = false) => (
    <Form method="post" className="inline-form">
      <button type="submit" name="intent" value={intent} className={secondary ? "button button-small button-secondary" : "button button-small"} disabled={busy}>
        {label}
      </button>
    </Form>
  );
  return (
    <section className="stack">
      <CallHeader call={call} now={now} current="manage" title={t("circleCalls.manage.title", { call: text.title(call) })}>
        <p className="muted small">
          {call.awardMilli ? t("circleCalls.awardCredits", { credits: formatCredits(call.awardMilli) }) : t("circleCalls.noAward")} · {t("circleCalls.reviewers")}:{" "}
          {reviewers.map((r) => r.name).join("、") || "—"}
        </p>
        <div className="filters">
          <Link to={`/circle/calls/${call.id}`} className="button button-small button-secondary">
            {t("circleCalls.callPage")}
          </Link>
          {mayRun && (call.status === "draft" || call.status === "open") ? (
            <Link to={`/circle/calls/${call.id}/edit`} className="button button-small button-secondary">
              {t("circleCalls.edit")}
            </Link>
          ) : null}
          {mayRun && call.status === "draft" ? button("open", t("circleCalls.manage.open")) : null}
          {mayRun && call.status === "open" ? button("close", t("circleCalls.manage.close"), true) : null}
          {mayRun && call.status === "closed" ? button("decide", t("circleCalls.manage.decide")) : null}
        </div>
        {mayRun && call.status === "closed" ? <p className="muted small">{t("circleCalls.manage.decideHint")}</p> : null}
      </CallHeader>
      <DoneNotice message={done} />
      <FormErrors id="call-console-errors" errors={actionData?.result.error?.[""] ?? undefined} />

      <h2>{t("circleCalls.manage.entries", { count: entries.length })}</h2>
      <DataTable
        card
        data-testid="call-entries"
        rows={entries}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ "data-entry": e.title })}
        empty={<p className="empty-state card">{t("circleCalls.manage.noEntries")}</p>}
        columns={[
          { header: t("circleCalls.manage.company"), cell: (e) => <Link to={`/circle/companies/${e.org.slug}`}>{orgName(e.org)}</Link> },
          {
            header: t("circleCalls.manage.entryTitle"),
            cell: (e) => (
              <>
                <Link to={`/circle/calls/${call.id}/review/${e.id}`}>{e.title}</Link>{" "}
                {e.status !== "submitted" ? <StatusBadge tone={entryTone[e.status]}>{t(`circleCalls.entryStatus.${e.status}`)}</StatusBadge> : null}
              </>
            ),
          },
          { header: t("circleCalls.manage.submittedAt"), cell: (e) => formatDateTime(e.submittedAt, i18n.language) },
          {
            header: t("circleCalls.manage.scores"),
            cell: (e) => (
              <span className="small">
                {e.scores.map((s) => `${s.reviewer}: ${s.total ?? t("circleCalls.manage.notScored")}`).join(" · ") || "—"}
              </span>
            ),
          },
          {
            header: t("circleCalls.manage.average"),
            numeric: true,
            cell: (e) => (e.averageTenths === null ? "—" : `${(e.averageTenths / 10).toFixed(1)} / ${maxTotal}`),
          },
          {
            header: t("circleCalls.manage.outcome"),
            cell: (e) =>
              e.awardedAt ? (
                <StatusBadge tone={awardTone} testId="entry-awarded">
                  {t("circleCalls.manage.awardedAt", { when: formatDateTime(e.awardedAt, i18n.language) })}
                  {e.awardMilli ? ` · ${formatCredits(e.awardMilli)}` : ""}
                </StatusBadge>
              ) : mayRun && call.status === "closed" && e.status === "submitted" ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="submissionId" value={e.id} />
                  <label className="visually-hidden" htmlFor={`note-${e.id}`}>
                    {t("circleCalls.manage.awardNote")}
                  </label>
                  <input id={`note-${e.id}`} type="text" name="note" maxLength={500} placeholder={t("circleCalls.manage.awardNote")} />
                  <button type="submit" name="intent" value="award" className="button button-small" disabled={busy}>
                    {t("circleCalls.manage.awardButton")}
                  </button>
                </Form>
              ) : (
                "—"
              ),
          },
        ]}
      />
    </section>
  );
}
