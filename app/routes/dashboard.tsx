import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MyApplicationCard } from "~/components/admission-status";
import { Money } from "~/components/money";
import { dashboardOf, type Card, type Figure } from "~/dashboard.server";
import { myApplicationSummary } from "~/modules/admission/apply.server";
import { formatCredits } from "~/modules/credits/units";
import { activeMembership, requireUser } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { titled } from "~/i18n/page-titles";
import type { loader as rootLoader } from "~/root";

export const meta: MetaFunction = titled("工作台");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const member = await activeMembership(actor);
  if (!member) {
    // Someone who has applied to move in sees where that stands instead of an empty page.
    const application = await myApplicationSummary(actor);
    return { name: actor.user.displayName, org: null, stats: null, links: [] as string[], cards: [] as Card[], application };
  }
  const { cards, members, invitations } = await dashboardOf(member);
  const links = ["members"];
  if (hasPermission(member, "credits:read", { kind: "tenant" })) links.push("compute");
  // 年度事项: the company profile with the yearly duties of a company in Shanghai.
  if (member.org.kind === "tenant") links.push("companyProfile");
  if (hasPermission(member, "credits:grant", { kind: "park" })) links.push("creditsAdmin");
  if (hasPermission(member, "tenants:read", { kind: "park" })) links.push("tenants");
  if (hasPermission(member, member.org.kind === "park" ? "audit:read-all" : "audit:read")) links.push("audit");
  return {
    name: actor.user.displayName,
    org: { ...member.org, role: member.role },
    stats: { members, invitations },
    links,
    cards,
    application: null,
  };
}

const linkTargets: Record<string, { to: string; key: string } | ((kind: string) => { to: string; key: string })> = {
  members: { to: "/org/members", key: "dashboard.membersLink" },
  compute: { to: "/compute", key: "dashboard.computeLink" },
  companyProfile: { to: "/org/profile", key: "registration.profile.dashboardCard" },
  creditsAdmin: { to: "/admin/credits", key: "dashboard.creditsAdminLink" },
  tenants: { to: "/admin/tenants", key: "dashboard.tenantsLink" },
  audit: (kind) => ({ to: kind === "park" ? "/admin/audit" : "/org/audit", key: "dashboard.auditLink" }),
};

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const { name, org, stats, links, cards, application } = useLoaderData<typeof loader>();
  // The unread count is the header's: the root loader has asked it for this page already.
  const unread = useRouteLoaderData<typeof rootLoader>("root")?.unread ?? 0;
  return (
    <section>
      <header className="page-header">
        <h1>{t("dashboard.welcome", { name })}</h1>
        {org ? (
          <p className="lead">
            {t("dashboard.activeOrg", { name: i18n.language === "en" ? org.nameEn : org.nameZh, role: t(`roles.${org.role}`) })}
          </p>
        ) : null}
      </header>
      {org && stats ? (
        <>
          {cards.length > 0 ? <TodayCards cards={cards} /> : null}
          <ul className="stats">
            <li>
              <strong>{stats.members}</strong>
              <span>{t("dashboard.stats.members")}</span>
            </li>
            <li>
              <strong>{stats.invitations}</strong>
              <span>{t("dashboard.stats.invitations")}</span>
            </li>
            <li>
              <strong>{unread}</strong>
              <span>{t("dashboard.stats.unread")}</span>
            </li>
          </ul>
          <h2>{t("dashboard.quickLinks")}</h2>
          <ul className="tiles">
            {links.map((key) => {
              const target = linkTargets[key];
              const { to, key: label } = typeof target === "function" ? target(org.kind) : target;
              return (
                <li key={key}>
                  <Link to={to}>{t(label)}</Link>
                </li>
              );
            })}
            <li>
              <Link to="/account">{t("dashboard.accountLink")}</Link>
            </li>
          </ul>
        </>
      ) : application ? (
        <MyApplicationCard application={application} />
      ) : (
        <div className="empty-state card">
          <h2>{t("dashboard.noOrgTitle")}</h2>
          <p>{t("dashboard.noOrgBody")}</p>
          <p>
            <Link to="/account">{t("dashboard.accountLink")}</Link>
          </p>
        </div>
      )}
    </section>
  );
}

function FigureValue({ figure }: { figure: Figure }) {
  const { i18n } = useTranslation();
  if (figure.kind === "fen") return <Money fen={figure.value} />;
  if (figure.kind === "text" && figure.valueEn && i18n.language === "en") return <>{figure.valueEn}</>;
  if (figure.kind === "credits") return <>{formatCredits(figure.value)}</>;
  return <>{figure.value}</>;
}

/** One card per capability the person works in, with what is waiting there; alerts in red. */
function TodayCards({ cards }: { cards: Card[] }) {
  const { t } = useTranslation();
  return (
    <section className="today" aria-labelledby="today-title">
      <h2 id="today-title">{t("dashboard.today")}</h2>
      <p className="muted small">{t("dashboard.todayHint")}</p>
      <ul className="today-cards">
        {cards.map((card) => (
          <li key={card.key} className="card today-card" data-card={card.key}>
            <h3>
              <Link to={card.to}>{t(card.titleKey)}</Link>
            </h3>
            <dl>
              {card.figures.map((figure) => (
                <div key={figure.labelKey} className={figure.alert ? "figure figure-alert" : "figure"}>
                  <dt>{t(figure.labelKey)}</dt>
                  <dd>
                    <FigureValue figure={figure} />
                  </dd>
                </div>
              ))}
            </dl>
            <Link to={card.to} className="button button-small button-secondary" aria-label={`${t("dashboard.open")} ${t(card.titleKey)}`}>
              {t("dashboard.open")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
