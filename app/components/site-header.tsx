import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RootData } from "~/root";

/** The header on every page: brand, navigation by role, organisation switch, language, bell. */
export function SiteHeader({ data }: { data: RootData }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  const orgName = (o: { nameZh: string; nameEn: string }) => (i18n.language === "en" ? o.nameEn : o.nameZh);
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="header-bar">
        <Link to="/" className="brand" aria-label={t("brand.home")}>
          <span className="brand-mark" aria-hidden="true">
            昊
          </span>
          <span className="brand-text">
            <strong>{t("brand.name")}</strong>
            <small>{t("brand.tagline")}</small>
          </span>
        </Link>
        <div className="header-tools">
          <Form method="post" action="/locale" className="inline-form">
            <input type="hidden" name="redirectTo" value={here} />
            <input type="hidden" name="language" value={i18n.language === "en" ? "zh-CN" : "en"} />
            <button type="submit" className="link-button" lang={i18n.language === "en" ? "zh-CN" : "en"}>
              {t("nav.switchLanguage")}
            </button>
          </Form>
          {data.user ? (
            <Link to="/notifications" className="bell" aria-label={t("nav.notificationsCount", { count: data.unread })}>
              <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
                <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
                <path d="M13.73 21a2 2 0 0 1-3.46 0" />
              </svg>
              {data.unread > 0 ? <span className="badge">{data.unread > 99 ? "99+" : data.unread}</span> : null}
            </Link>
          ) : null}
        </div>
      </div>
      <details className="nav-drawer">
        <summary>{t("nav.menu")}</summary>
        <nav aria-label={t("nav.main")} className="main-nav">
          <ul>
            {data.nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"}>
                  {t(item.labelKey)}
                </NavLink>
              </li>
            ))}
          </ul>
          {data.user ? (
            <div className="nav-user">
              {data.orgs.length > 0 ? (
                <Form method="post" action="/orgs/switch" className="org-switch">
                  <label htmlFor="org-switch">{t("nav.activeOrg")}</label>
                  <input type="hidden" name="redirectTo" value="/dashboard" />
                  <select id="org-switch" name="orgId" defaultValue={data.activeOrg?.id ?? ""}>
                    {data.activeOrg ? null : <option value="">{t("nav.chooseOrg")}</option>}
                    {data.orgs.map((o) => (
                      <option key={o.id} value={o.id}>
                        {orgName(o)} · {t(`roles.${o.role}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button button-small">
                    {t("nav.switch")}
                  </button>
                </Form>
              ) : null}
              <NavLink to="/account">{data.user.displayName}</NavLink>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            </div>
          ) : (
            <div className="nav-user">
              <NavLink to="/login">{t("nav.login")}</NavLink>
              <NavLink to="/signup" className="button button-small">
                {t("nav.signup")}
              </NavLink>
            </div>
          )}
        </nav>
      </details>
    </header>
  );
}
