// /admissions — the park's admissions console: the pipeline by state, the filtered list of
// applications with their age and reviewer, CSV export, and applications per month with the
// acceptance rate.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApplicationStatusBadge } from "~/components/admission-status";
import { PageHeader } from "~/components/ui";
import { DataTable } from "~/components/data-table";
import { FilterSelect } from "~/components/select-filter";
import { formatDate } from "~/i18n/format";
import { ageInDays, filterFromUrl, listApplications, monthlyStats, pipeline } from "~/modules/admission/console.server";
import { categories } from "~/modules/admission/forms";
import { listReviewers } from "~/modules/admission/review.server";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { withAppErrors } from "~/modules/platform/route-errors";
import admissionStyles from "~/styles/admission.css";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("入驻审核");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: admissionStyles }];

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "admission:review", kind: "park" });
  const filter = filterFromUrl(new URL(request.url));
  const [counts, rows, months, reviewers] = await Promise.all([pipeline(member), listApplications(member, filter), monthlyStats(member), listReviewers(member)]);
  const now = new Date();
  return {
    filter,
    counts,
    rows: rows.map((r) => ({ ...r, ageDays: ageInDays(r.statusChangedAt, now) })),
    months,
    reviewers,
    mayConfigure: hasPermission(member, "admission:configure", { kind: "park" }),
  };
});

export default function AdmissionsConsole() {
  const { t, i18n } = useTranslation();
  const { filter, counts, rows, months, reviewers, mayConfigure } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const name = (r: { nameZh: string; nameEn: string }) => (i18n.language === "en" ? r.nameEn || r.nameZh : r.nameZh) || "—";
  const maxSubmitted = Math.max(1, ...months.map((m) => m.submitted));
  /** A month's count with a bar as long as its share of the busiest month. */
  const monthBar = (count: number, className: string) => (
    <>
      {count > 0 ? <span className={className} style={{ width: `${(count * 4) / maxSubmitted}rem` }} aria-hidden="true" /> : null}
      {count}
    </>
  );
  const withStatus = (status: string | null) => {
    const next = new URLSearchParams(params);
    if (status) next.set("status", status);
    else next.delete("status");
    const query = next.toString();
    return query ? `?${query}` : "";
  };
  return (
    <section className="stack">
      <PageHeader
        title={t("admission.console.title")}
        lead={t("admission.console.lead")}
        actions={
          mayConfigure ? (
            <Link to="/admissions/rubric" className="button button-secondary button-small">
              {t("admission.console.rubricLink")}
            </Link>
          ) : null
        }
      />

      <section aria-labelledby="pipeline-title">
        <h2 id="pipeline-title">{t("admission.console.pipeline")}</h2>
        <ul className="pipeline">
          {counts.map((c) => (
            <li key={c.status}>
              <Link to={withStatus(filter.status === c.status ? null : c.status)} className={filter.status === c.status ? "active" : undefined} data-status={c.status}>
                <span>{t(`admission.status.${c.status}`)}</span>
                <strong>{c.count}</strong>
                {c.oldestDays !== null && c.count > 0 && !["approved", "rejected", "withdrawn"].includes(c.status) ? (
                  <span className="muted">{t("admission.console.oldest", { count: c.oldestDays })}</span>
                ) : null}
                {c.unassigned > 0 && ["submitted", "in_review", "resubmitted", "info_requested", "interview_scheduled"].includes(c.status) ? (
                  <span className="muted">{t("admission.console.unassigned", { count: c.unassigned })}</span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <div className="card stack">
        <Form method="get" className="console-filters" role="search">
          <FilterSelect
            label={t("admission.console.status")}
            name="status"
            value={filter.status ?? ""}
            all={t("admission.console.allStatuses")}
            options={counts.map((c) => ({ value: c.status, label: t(`admission.status.${c.status}`) }))}
          />
          <FilterSelect
            label={t("admission.console.assignee")}
            name="assignee"
            value={filter.assignee ?? ""}
            all={t("admission.console.anyone")}
            options={reviewers.map((r) => ({ value: r.id, label: r.displayName }))}
          >
            <option value="me">{t("admission.console.me")}</option>
            <option value="none">{t("admission.console.nobody")}</option>
          </FilterSelect>
          <FilterSelect
            label={t("admission.console.category")}
            name="category"
            value={filter.category ?? ""}
            all={t("admission.console.allCategories")}
            options={categories.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
          />
          <label className="search">
            {t("admission.console.search")}
            <input type="search" name="q" defaultValue={filter.q ?? ""} placeholder={t("admission.console.searchPlaceholder")} />
          </label>
          <p className="actions">
            <button type="submit" className="button button-small">
              {t("admission.console.filter")}
            </button>
            <a className="button button-small button-secondary" href={`/admissions/export.csv${params.toString() ? `?${params}` : ""}`} download>
              {t("admission.console.export")}
            </a>
          </p>
        </Form>

        <DataTable
          id="applications"
          rows={rows}
          rowKey={(r) => r.id}
          empty={<p className="empty-state">{t("admission.console.empty")}</p>}
          columns={[
            {
              header: t("admission.console.company"),
              cell: (r) => (
                <>
                  <Link to={`/admissions/${r.id}`}>{name(r)}</Link>
                  <div className="muted small">
                    {r.category ? t(`categories.${r.category}`) : ""}
                    {r.registered ? "" : ` · ${t("admission.console.unregistered")}`}
                  </div>
                </>
              ),
            },
            { header: t("admission.console.status"), cell: (r) => <ApplicationStatusBadge status={r.status} /> },
            {
              header: t("admission.console.applicant"),
              cell: (r) => (
                <>
                  {r.applicantName}
                  <div className="muted small">{r.applicantEmail}</div>
                </>
              ),
            },
            { header: t("admission.console.assignee"), cell: (r) => r.assigneeName ?? <span className="muted">{t("admission.console.nobody")}</span> },
            { header: t("admission.console.submitted"), cell: (r) => formatDate(r.submittedAt, i18n.language) },
            { header: t("admission.console.age"), cell: (r) => (r.ageDays === null ? "—" : t("admission.console.days", { count: r.ageDays })) },
          ]}
        />
      </div>

      <div className="card">
        <h2>{t("admission.console.monthly")}</h2>
        <DataTable
          className="table-compact"
          id="monthly"
          rows={months}
          rowKey={(m) => m.month}
          columns={[
            { header: t("admission.console.month"), cell: (m) => m.month },
            { header: t("admission.console.submittedCount"), cell: (m) => monthBar(m.submitted, "month-bar") },
            { header: t("admission.console.decided"), cell: (m) => m.decided },
            { header: t("admission.console.approved"), cell: (m) => monthBar(m.approved, "month-bar approved") },
            { header: t("admission.console.acceptance"), cell: (m) => (m.acceptancePercent === null ? "—" : `${m.acceptancePercent}%`) },
          ]}
        />
      </div>
    </section>
  );
}
