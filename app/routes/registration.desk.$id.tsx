// /registration/desk/:id — one case as the desk sees it: what the applicant sees (tracker, intake,
// documents, history) plus what the desk does next: move it one step along with a note and a due
// date, enter the licence (USCC, date, scan), ask the applicant for something, assign it, change
// the due date, charge the fee, cancel it, and print the articles draft.
import { BackLink } from "~/components/ui";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DoneNotice, FormErrors } from "~/components/form-messages";
import { DeskActions, DeskDocuments } from "~/components/registration-desk-case";
import { caseTypeKey, CaseStatus, CaseTimeline, DueOn, IntakeSummary, StepTracker, trackerSteps, WhoActs } from "~/components/registration-ui";
import { requireMember } from "~/modules/identity/access.server";
import { parkDate } from "~/modules/platform/dates";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { maskResidentId } from "~/modules/platform/resident-id";
import { withAppErrors } from "~/modules/platform/route-errors";
import { advanceCase } from "~/modules/registration/advance-case.server";
import { assignCase } from "~/modules/registration/assign-case.server";
import { cancelCase } from "~/modules/registration/cancel-case.server";
import { caseView, deskStaff } from "~/modules/registration/console.server";
import { chargeFee } from "~/modules/registration/fees.server";
import { deskCaseSchema } from "~/modules/registration/forms";
import { stepsForCaseType } from "~/modules/registration/intake";
import { requestFromApplicant } from "~/modules/registration/request-from-applicant.server";
import { setDueDate } from "~/modules/registration/set-due-date.server";
import { defaultDueOn, isFinal, nextStep } from "~/modules/registration/workflow";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("注册案件 · 注册服务台");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const [view, staff] = await Promise.all([caseView(member, params.id ?? ""), deskStaff(member)]);
  const c = view.case;
  const next = isFinal(c.status) || c.status === "waiting_for_applicant" ? null : nextStep(c.status, c.caseType);
  return {
    ...view,
    staff,
    me: member.user.id,
    next,
    nextDueOn: next ? defaultDueOn(next, parkDate()) : null,
    today: parkDate(),
  };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const id = params.id ?? "";
  return submitForm<typeof deskCaseSchema, string>(request, deskCaseSchema, (value) =>
    byIntent(value, {
      advance: async (v) => {
        await advanceCase(member, id, { from: v.from, to: v.to, note: v.note, dueOn: v.dueOn, approvedNameZh: v.approvedNameZh });
        return "registration.desk.done.advanced";
      },
      resume: async (v) => {
        await advanceCase(member, id, { from: "waiting_for_applicant", to: v.to, note: v.note });
        return "registration.desk.done.advanced";
      },
      request: async (v) => {
        await requestFromApplicant(member, id, { from: v.from, reason: v.reason });
        return "registration.desk.done.requested";
      },
      assign: async (v) => {
        await assignCase(member, id, v.assigneeUserId || null);
        return "registration.desk.done.assigned";
      },
      due: async (v) => {
        await setDueDate(member, id, v.dueOn);
        return "registration.desk.done.dueSet";
      },
      cancel: async (v) => {
        await cancelCase(member, id, v.reason);
        return "registration.desk.done.cancelled";
      },
      charge: async () => {
        await chargeFee(member, id);
        return "registration.desk.done.charged";
      },
    }),
  );
});

export default function DeskCase() {
  const { t } = useTranslation();
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const c = view.case;
  const final = isFinal(c.status);
  return (
    <div className="stack">
      <BackLink to="/registration/desk">{t("registration.desk.tabs.queue")}</BackLink>
      <header className="stack">
        <p className="eyebrow">
          {c.number} · {t(caseTypeKey(c.caseType))}
        </p>
        <h2>{view.name ?? t("registration.pages.unnamed")}</h2>
        <div className="card-header">
          <CaseStatus status={c.status} resumeStatus={c.resumeStatus} />
          {!final ? (
            <span className="small">
              {t("registration.pages.whoActsNext")}: <WhoActs owner={c.stepOwner} /> · {t("registration.pages.due")}: <DueOn dueOn={c.dueOn} overdue={view.overdue} />
            </span>
          ) : null}
        </div>
      </header>
      <DoneNotice message={actionData?.done} />
      {/* What refused a move is said here, whichever form asked for it; a field's problem at the field. */}
      <FormErrors id="desk-errors" errors={actionData?.result.error?.[""] ?? undefined} />
      {c.status === "waiting_for_applicant" ? (
        <section className="waiting-reason" role="note">
          <h2>{t("registration.desk.waitingFor")}</h2>
          <p className="multiline">
            <strong>{c.waitingReason}</strong>
          </p>
        </section>
      ) : null}

      <div className="case-layout">
        <div className="stack">
          <section className="card">
            <h2 className="card-title">{t("registration.pages.trackerTitle")}</h2>
            <StepTracker steps={trackerSteps(c, view.timeline)} waiting={c.status === "waiting_for_applicant"} />
          </section>
          <section className="card">
            <div className="card-header">
              <h2 className="card-title">{t("registration.pages.intakeTitle")}</h2>
              {c.caseType === "limited" ? (
                <Link to={`/registration/desk/${c.id}/articles`} className="button button-small button-secondary">
                  {t("registration.desk.articlesLink")}
                </Link>
              ) : null}
            </div>
            {!c.intakeSubmittedAt ? <p className="locked-note">{t("registration.desk.notSubmitted")}</p> : null}
            <IntakeSummary intake={c.intake} steps={stepsForCaseType(c.caseType)} mask={maskResidentId} />
          </section>
          <DeskDocuments view={view} />
          <section className="card">
            <h2 className="card-title">{t("registration.pages.timeline")}</h2>
            <CaseTimeline events={view.timeline} viewer="desk" />
          </section>
        </div>

        <DeskActions view={view} reply={actionData} />
      </div>
    </div>
  );
}

