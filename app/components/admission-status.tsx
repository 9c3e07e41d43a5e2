// An application's status as a badge and 工作台's card for someone who has applied. Kept apart from
// admission.tsx, whose form parts bring conform and the zod schemas: a page that only shows a
// status (工作台, the lists) does not load them.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge, type Tone } from "~/components/ui";
import { isEditable, type ApplicationStatus } from "~/modules/admission/workflow";

/** Each application status's colour on the one status scale. */
const applicationTone: Record<ApplicationStatus, Tone> = {
  draft: "neutral",
  submitted: "info",
  in_review: "info",
  info_requested: "warning",
  resubmitted: "success",
  interview_scheduled: "info",
  approved: "success",
  rejected: "danger",
  waitlisted: "warning",
  withdrawn: "neutral",
};

export function ApplicationStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <StatusBadge tone={applicationTone[status as ApplicationStatus] ?? "neutral"}>{t(`admission.status.${status}`)}</StatusBadge>;
}

export interface ApplicationSummary {
  status: ApplicationStatus;
  nameZh: string | null;
  nameEn: string | null;
  progress: { done: number; total: number } | null;
}

/** 工作台 for someone who has applied and belongs to no organisation yet: where the application stands, what comes next. */
export function MyApplicationCard({ application }: { application: ApplicationSummary }) {
  const { t, i18n } = useTranslation();
  const { status, progress } = application;
  const name = (i18n.language === "en" ? application.nameEn || application.nameZh : application.nameZh) || t("dashboard.application.unnamed");
  const next =
    status === "draft"
      ? { to: "/apply", label: t("admission.statusPage.continue") }
      : status === "info_requested"
        ? { to: "/apply/status", label: t("admission.statusPage.fixNow") }
        : { to: "/apply/status", label: t("dashboard.application.view") };
  return (
    <section className="card stack" id="my-application" aria-labelledby="my-application-title">
      <div className="card-header">
        <h2 id="my-application-title">{t("dashboard.application.title")}</h2>
        <ApplicationStatusBadge status={status} />
      </div>
      <p>
        <strong>{name}</strong>
      </p>
      <p className="lead">{t(`admission.statusPage.next.${status}`)}</p>
      {progress && isEditable(status) ? <p className="small muted">{t("admission.form.progress", progress)}</p> : null}
      <p>
        <Link className="button" to={next.to}>
          {next.label}
        </Link>
      </p>
    </section>
  );
}
