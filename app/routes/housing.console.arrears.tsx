// /housing/console/arrears — overdue rent and deposit invoices, by company, largest debt first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CompanyCards, useT } from "~/components/housing-ui";
import { ParkDate } from "~/components/ui";
import { Money } from "~/components/money";
import { arrears } from "~/modules/housing/console.server";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return { companies: await arrears(member), finance: hasPermission(member, "finance:manage", { kind: "park" }) };
});

export default function Arrears() {
  const { t } = useT();
  const { companies, finance } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="lead">{t("housing.console.arrearsLead")}</p>
      {companies.length === 0 ? (
        <p className="empty-state card">{t("housing.console.emptyArrears")}</p>
      ) : (
        <CompanyCards
          companies={companies}
          testId="arrears-company"
          aside={(c) => (
            <strong className="money">
              <Money fen={c.outstandingFen} />
            </strong>
          )}
        >
          {(c) => (
            <>
              <p className="small muted">
                {t("housing.console.oldestDue")} <ParkDate day={c.oldestDueOn} /> · {t("housing.console.daysOverdue")} {c.daysOverdue}
              </p>
              <ul className="list">
                {c.invoices.map((i) => (
                  <li key={i.id} className="list-row">
                    <span>
                      {finance ? <Link to={`/finance/invoices/${i.id}`}>{i.number}</Link> : i.number} · {t(`housing.pages.invoiceKinds.${i.kind}`)} ·{" "}
                      <ParkDate day={i.dueOn} />
                    </span>
                    <Money fen={i.outstandingFen} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </CompanyCards>
      )}
    </>
  );
}
