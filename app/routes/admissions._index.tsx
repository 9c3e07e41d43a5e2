// /admissions — the park's admissions console: the pipeline by state, the filtered list of
// applications with their age and reviewer, CSV export, and applications per month with the
// acceptance rate.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusPill } from "~/components/admission";
import { formatDate } from "~/i18n/format";
import { ageInDays, filterFromUrl, listApplications, monthlyStats, pipeline } from "~/modules/admission/console.server";
import { categories } from "~/modules/admission/forms";
import { listReviewers } from "~/modules/admission/review.server";
import { requireMember } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { withAppErrors } from "~/modules/platform/route-errors";
import admissionStyles from "~/styles/admission.css";

export const meta: MetaFunction = () => [{ title: "入驻审核 · 昊浦汇" }];
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
    mayConfigure: can("park", member.role, "admission:configure"),
  };
});

export default function AdmissionsConsole() {
  const { t, i18n } = useTranslation();
  const { filter, counts, rows, months, reviewers, mayConfigure } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const name = (r: { nameZh: string; nameEn: string }) => (i18n.language === "en" ? r.nameEn || r.nameZh : r.nameZh) || "—";
  const maxSubmitted = Math.max(1, ...months.map((m) => m.submitted));
  const withStatus = (status: string | null) => {
    const next = new URLSearchParams(params);
    if (status) next.set("status", status);
    else next.delete("status");
    const query = next.toString();
    return query ? `?${query}` : "";
  };
  return (
    <section className="stack">
      <header className="page-header with-actions">
        <div>
          <h1>{t("admission.console.title")}</h1>
          <p className="lead">{t("admission.console.lead")}</p>
        </div>
        {mayConfigure ? (
          <Link to="/admissions/rubric" className="button button-secondary button-small">
            {t("admission.console.rubricLink")}
          </Link>
        ) : null}
      </header>

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
          <label>
            {t("admission.console.status")}
            <select name="status" defaultValue={filter.status ?? ""}>
              <option value="">{t("admission.console.allStatuses")}</option>
              {counts.map((c) => (
                <option key={c.status} value={c.status}>
                  {t(`admission.status.${c.status}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("admission.console.assignee")}
            <select name="assignee" defaultValue={filter.assignee ?? ""}>
              <option value="">{t("admission.console.anyone")}</option>
              <option value="me">{t("admission.console.me")}</option>
              <option value="none">{t("admission.console.nobody")}</option>
              {reviewers.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.displayName}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("admission.console.category")}
            <select name="category" defaultValue={filter.category ?? ""}>
              <option value="">{t("admission.console.allCategories")}</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {t(`categories.${c}`)}
                </option>
              ))}
            </select>
          </label>
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

        {rows.length === 0 ? (
          <p className="empty-state">{t("admission.console.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" id="applications">
              <thead>
                <tr>
                  <th scope="col">{t("admission.console.company")}</th>
                  <th scope="col">{t("admission.console.status")}</th>
                  <th scope="col">{t("admission.console.applicant")}</th>
                  <th scope="col">{t("admission.console.assignee")}</th>
                  <th scope="col">{t("admission.console.submitted")}</th>
                  <th scope="col">{t("admission.console.age")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td data-label={t("admission.console.company")}>
                      <Link to={`/admissions/${r.id}`}>{name(r)}</Link>
                      <div className="muted small">
                        {r.category ? t(`categories.${r.category}`) : ""}
                        {r.registered ? "" : ` · ${t("admission.console.unregistered")}`}
                      </div>
                    </td>
                    <td data-label={t("admission.console.status")}>
                      <StatusPill status={r.status} />
                    </td>
                    <td data-label={t("admission.console.applicant")}>
                      {r.applicantName}
                      <div className="muted small">{r.applicantEmail}</div>
                    </td>
                    <td data-label={t("admission.console.assignee")}>{r.assigneeName ?? <span className="muted">{t("admission.console.nobody")}</span>}</td>
                    <td data-label={t("admission.console.submitted")}>{formatDate(r.submittedAt, i18n.language)}</td>
                    <td data-label={t("admission.console.age")}>{r.ageDays === null ? "—" : t("admission.console.days", { count: r.ageDays })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="card">
        <h2>{t("admission.console.monthly")}</h2>
        <div className="table-wrap">
          <table className="table table-compact" id="monthly">
            <thead>
              <tr>
                <th scope="col">{t("admission.console.month")}</th>
                <th scope="col">{t("admission.console.submittedCount")}</th>
                <th scope="col">{t("admission.console.decided")}</th>
                <th scope="col">{t("admission.console.approved")}</th>
                <th scope="col">{t("admission.console.acceptance")}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <td data-label={t("admission.console.month")}>{m.month}</td>
                  <td data-label={t("admission.console.submittedCount")}>
                    {m.submitted > 0 ? <span className="month-bar" style={{ width: `${(m.submitted * 4) / maxSubmitted}rem` }} aria-hidden="true" /> : null}
                    {m.submitted}
                  </td>
                  <td data-label={t("admission.console.decided")}>{m.decided}</td>
                  <td data-label={t("admission.console.approved")}>
                    {m.approved > 0 ? <span className="month-bar approved" style={{ width: `${(m.approved * 4) / maxSubmitted}rem` }} aria-hidden="true" /> : null}
                    {m.approved}
                  </td>
                  <td data-label={t("admission.console.acceptance")}>{m.acceptancePercent === null ? "—" : `${m.acceptancePercent}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
