import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
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
  return (
    <DataTable
      card
      rows={rows}
      rowKey={(row) => row.id}
      empty={<p className="empty-state card">{t("audit.empty")}</p>}
      columns={[
        { header: t("audit.at"), cell: (row) => formatDateTime(row.at, i18n.language) },
        { header: t("audit.actor"), cell: (row) => (row.actorName ? `${row.actorName} (${row.actorEmail})` : t("audit.system")) },
        { header: t("audit.action"), cell: (row) => t(`audit.actions.${row.action}`, { defaultValue: row.action }) },
        showOrg && { header: t("audit.org"), cell: (row) => (i18n.language === "en" ? row.orgNameEn : row.orgNameZh) },
        { header: t("common.details"), cell: (row) => <Link to={`${detailBase}/${row.id}`}>{t("common.details")}</Link> },
      ]}
    />
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
