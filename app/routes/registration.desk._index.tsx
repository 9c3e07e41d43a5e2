// The desk's queue: open cases by step, oldest change first, with the age in days since the last
// change, the assignee and the due date (overdue ones marked); filters by step, assignee ("mine",
// nobody) and overdue.
import { CardSection, Stats } from "~/components/ui";
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { FilterSelect } from "~/components/select-filter";
import { caseTypeKey, CaseStatus, DueOn, openSteps as queueOrder, statusKey, WhoActs } from "~/components/registration-ui";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { deskCounts, deskQueue, deskStaff, type DeskQueueRow } from "~/modules/registration/console.server";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const url = new URL(request.url);
  const filter = {
    status: url.searchParams.get("status") || null,
    assignee: url.searchParams.get("assignee") || null,
    overdue: url.searchParams.get("overdue") === "1",
  };
  const [rows, counts, staff] = await Promise.all([deskQueue(member, filter), deskCounts(member), deskStaff(member)]);
  return { filter, rows, counts, staff, me: member.user.id };
});

function QueueTable({ rows }: { rows: DeskQueueRow[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <DataTable
      rows={rows}
      rowKey={(r) => r.id}
      rowProps={(r) => ({ className: r.overdue ? "row-overdue" : undefined, "data-case": r.number })}
      columns={[
        {
          header: t("registration.pages.case"),
          cell: (r) => (
            <>
              <Link to={`/registration/desk/${r.id}`}>{r.number}</Link>
              <br />
              <span className="small">{r.name ?? t("registration.pages.unnamed")}</span>
              <br />
              <span className="small muted">{t(caseTypeKey(r.caseType))}</span>
            </>
          ),
        },
        {
          header: t("registration.desk.applicant"),
          cell: (r) => (
            <>
              {r.ownerName}
              {r.orgNameZh ? <span className="small muted"> · {en ? r.orgNameEn : r.orgNameZh}</span> : null}
            </>
          ),
        },
        {
          header: t("registration.pages.currentStep"),
          cell: (r) => (
            <>
              <CaseStatus status={r.status} resumeStatus={r.resumeStatus} />
              <br />
              <WhoActs owner={r.stepOwner} />
            </>
          ),
        },
        { header: t("registration.desk.age"), cell: (r) => t("registration.desk.ageDays", { count: r.ageDays }) },
        { header: t("registration.desk.assignee"), cell: (r) => r.assigneeName ?? <span className="muted">{t("registration.desk.nobody")}</span> },
        { header: t("registration.pages.due"), cell: (r) => <DueOn dueOn={r.dueOn} overdue={r.overdue} /> },
      ]}
    />
  );
}

export default function RegistrationQueue() {
  const { t } = useTranslation();
  const { filter, rows, counts, staff } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "loading";
  const withStatus = (status: string | null) => {
    const next = new URLSearchParams(params);
    if (status) next.set("status", status);
    else next.delete("status");
    const query = next.toString();
    return query ? `?${query}` : "?";
  };
  const groups = filter.status ? [filter.status] : queueOrder.filter((s) => rows.some((r) => r.status === s));
  return (
    <>
      <Stats
        items={[
          { value: counts.open, label: t("registration.desk.openCount") },
          { value: counts.deskActs, label: t("registration.desk.deskActsCount") },
          { value: counts.overdue, label: t("registration.desk.overdueCount"), className: counts.overdue > 0 ? "due-overdue" : undefined },
          { value: counts.mine, label: t("registration.desk.mineCount") },
        ]}
      />

      <section aria-labelledby="pipeline-title">
        <h2 id="pipeline-title">{t("registration.desk.byStep")}</h2>
        <ul className="pipeline">
          {queueOrder.map((status) => (
            <li key={status}>
              <Link to={withStatus(filter.status === status ? null : status)} className={filter.status === status ? "active" : undefined} data-status={status}>
                <span>{t(statusKey(status))}</span>
                <strong>{counts.byStatus[status] ?? 0}</strong>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <Form method="get" className="desk-filters card" aria-label={t("registration.desk.filters")}>
        <FilterSelect
          label={t("registration.pages.currentStep")}
          name="status"
          value={filter.status ?? ""}
          all={t("registration.desk.allOpen")}
          options={queueOrder.map((s) => ({ value: s, label: t(statusKey(s)) }))}
        />
        <FilterSelect
          label={t("registration.desk.assignee")}
          name="assignee"
          value={filter.assignee ?? ""}
          all={t("registration.desk.anyone")}
          options={staff.map((p) => ({ value: p.userId, label: p.displayName }))}
        >
          <option value="mine">{t("registration.desk.mine")}</option>
          <option value="none">{t("registration.desk.nobody")}</option>
        </FilterSelect>
        <label className="check">
          <input type="checkbox" name="overdue" value="1" defaultChecked={filter.overdue} />
          {t("registration.desk.overdueOnly")}
        </label>
        <div className="actions">
          <button type="submit" className="button button-secondary" disabled={busy}>
            {t("registration.desk.applyFilters")}
          </button>{" "}
          <Link to="?assignee=mine">{t("registration.desk.mine")}</Link>
        </div>
      </Form>

      <CardSection id="queue-title" title={t("registration.desk.queueTitle")}>
        <p className="hint">{t("registration.desk.queueHint")}</p>
        {rows.length === 0 ? (
          <p className="muted empty-state">{t("registration.desk.queueEmpty")}</p>
        ) : (
          groups.map((status) => {
            const inGroup = rows.filter((r) => r.status === status);
            if (inGroup.length === 0) return null;
            return (
              <section key={status} className="queue-group" aria-label={t(statusKey(status))}>
                <h3>
                  <CaseStatus status={status} /> <span className="small muted">{inGroup.length}</span>
                </h3>
                <QueueTable rows={inGroup} />
              </section>
            );
          })
        )}
      </CardSection>
    </>
  );
}
