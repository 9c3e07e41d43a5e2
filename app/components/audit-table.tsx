import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/i18n/format";

export interface AuditRow {
  id: string;
  at: string | Date;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  actorName: string | null;
  actorEmail: string | null;
  orgNameZh: string | null;
  orgNameEn: string | null;
}

/** The audit log as a table; `showOrg` adds the organisation column for the park-wide view. */
export function AuditTable({ rows, showOrg, detailBase }: { rows: AuditRow[]; showOrg?: boolean; detailBase: string }) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return <p className="empty-state card">{t("audit.empty")}</p>;
  return (
    <div className="card table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("audit.at")}</th>
            <th scope="col">{t("audit.actor")}</th>
            <th scope="col">{t("audit.action")}</th>
            {showOrg ? <th scope="col">{t("audit.org")}</th> : null}
            <th scope="col">{t("common.details")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td data-label={t("audit.at")}>{formatDateTime(row.at, i18n.language)}</td>
              <td data-label={t("audit.actor")}>{row.actorName ? `${row.actorName} (${row.actorEmail})` : t("audit.system")}</td>
              <td data-label={t("audit.action")}>{t(`audit.actions.${row.action}`, { defaultValue: row.action })}</td>
              {showOrg ? <td data-label={t("audit.org")}>{i18n.language === "en" ? row.orgNameEn : row.orgNameZh}</td> : null}
              <td data-label={t("common.details")}>
                <Link to={`${detailBase}/${row.id}`}>{t("common.details")}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditDetail({ row }: { row: AuditRow }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="card details">
      <dt>{t("audit.at")}</dt>
      <dd>{formatDateTime(row.at, i18n.language)}</dd>
      <dt>{t("audit.actor")}</dt>
      <dd>{row.actorName ? `${row.actorName} (${row.actorEmail})` : t("audit.system")}</dd>
      <dt>{t("audit.action")}</dt>
      <dd>{t(`audit.actions.${row.action}`, { defaultValue: row.action })}</dd>
      <dt>{t("audit.subject")}</dt>
      <dd>
        <code>
          {row.subjectType} {row.subjectId}
        </code>
      </dd>
      {row.reason ? (
        <>
          <dt>{t("audit.reason")}</dt>
          <dd>{row.reason}</dd>
        </>
      ) : null}
      <dt>{t("audit.before")}</dt>
      <dd>
        <pre>{row.before ? JSON.stringify(row.before, null, 2) : "—"}</pre>
      </dd>
      <dt>{t("audit.after")}</dt>
      <dd>
        <pre>{row.after ? JSON.stringify(row.after, null, 2) : "—"}</pre>
      </dd>
    </dl>
  );
}
