import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { NavItem } from "~/navigation.server";
import type { RootData } from "~/root";

/**
 * The header's <details> (the phone drawer, the 园区管理 and account menus) close when a link in
 * them has been followed, on a click elsewhere, and on Escape.
 */
function useHeaderMenus() {
  const header = useRef<HTMLElement>(null);
  const location = useLocation();
  useEffect(() => {
    header.current
      ?.querySelectorAll("details[open]")
      .forEach((d) => d.removeAttribute("open"));
  }, [location.key]);
  useEffect(() => {
    const openMenus = () =>
      Array.from(
        header.current?.querySelectorAll<HTMLDetailsElement>(
          "details.nav-menu[open]"
        ) ?? []
      );
    const onClick = (event: MouseEvent) => {
      for (const menu of openMenus())
        if (!menu.contains(event.target as Node)) menu.removeAttribute("open");
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      for (const menu of openMenus()) {
        menu.removeAttribute("open");
        menu.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, []);
  return header;
}

/** The bar's entries in order; a group's entries become one menu where its first entry was. */
function NavEntries({ items }: { items: NavItem[] }) {
  const { t } = useTranslation();
  const location = useLocation();
  const entries: React.ReactNode[] = [];
  const groups = new Set<string>();
  for (const item of items) {
    if (!item.group) {
      entries.push(
        <li key={item.to}>
          <NavLink to={item.to} end={item.to === "/"}>
            {t(item.labelKey)}
          </NavLink>
        </li>
      );
      continue;
    }
    if (groups.has(item.group)) continue;
    groups.add(item.group);
    const members = items.filter((i) => i.group === item.group);
    const here = members.some(
      (i) =>
        location.pathname === i.to || location.pathname.startsWith(`${i.to}/`)
    );
    entries.push(
      <li key={`group-${item.group}`}>
        <details className="nav-menu">
          <summary className={here ? "active" : undefined}>
            {t(`nav.group.${item.group}`)}
          </summary>
          <ul>
            {members.map((member) => (
              <li key={member.to}>
                <NavLink to={member.to}>{t(member.labelKey)}</NavLink>
              </li>
            ))}
          </ul>
        </details>
      </li>
    );
  }
  return <>{entries}</>;
}

/** The header on every page: brand, navigation by role, organisation switch, language, bell. */
export function SiteHeader({ data }: { data: RootData }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  const orgName = (o: { nameZh: string; nameEn: string }) =>
    i18n.language === "en" ? o.nameEn : o.nameZh;
  const header = useHeaderMenus();
  const activeOrg = data.orgs.find((o) => o.id === data.activeOrg?.id);
  return (
    <header className="site-header" ref={header}>
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
            <input
              type="hidden"
              name="language"
              value={i18n.language === "en" ? "zh-CN" : "en"}
            />
            <button
              type="submit"
              className="link-button"
              lang={i18n.language === "en" ? "zh-CN" : "en"}
            >
              {t("nav.switchLanguage")}
            </button>
          </Form>
          {data.user ? (
            <Link
              to="/notifications"
              className="bell"
              aria-label={t("nav.notificationsCount", { count: data.unread })}
            >
              <svg
                aria-hidden="true"
                width="22"
                height="22"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
                strokeLinejoin="round"
              >
                <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
                <path d="M13.73 21a2 2 0 0 1-3.46 0" />
              </svg>
              {data.unread > 0 ? (
                <span className="bell-count">
                  {data.unread > 99 ? "99+" : data.unread}
                </span>
              ) : null}
            </Link>
          ) : null}
        </div>
      </div>
      <details className="nav-drawer">
        <summary>{t("nav.menu")}</summary>
        <nav aria-label={t("nav.main")} className="main-nav">
          <ul>
            <NavEntries items={data.nav} />
          </ul>
          {data.user ? (
            <details className="nav-menu nav-user-menu">
              <summary>
                <span className="nav-user-name">{data.user.displayName}</span>
                {activeOrg ? (
                  <small className="nav-user-org">{orgName(activeOrg)}</small>
                ) : null}
              </summary>
              <div className="nav-user">
                {data.orgs.length > 0 ? (
                  <Form
                    method="post"
                    action="/orgs/switch"
                    className="org-switch"
                  >
                    <label htmlFor="org-switch">{t("nav.activeOrg")}</label>
                    <input type="hidden" name="redirectTo" value="/dashboard" />
                    <select
                      id="org-switch"
                      name="orgId"
                      defaultValue={data.activeOrg?.id ?? ""}
                    >
                      {data.activeOrg ? null : (
                        <option value="">{t("nav.chooseOrg")}</option>
                      )}
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
                <NavLink to="/account">{t("nav.account")}</NavLink>
                <Form method="post" action="/logout" className="inline-form">
                  <button type="submit" className="link-button">
                    {t("nav.logout")}
                  </button>
                </Form>
              </div>
            </details>
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
