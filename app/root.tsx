import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
  type MetaFunction,
} from "@remix-run/react";
import { type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { useNonce } from "~/components/nonce";
import { SiteHeader } from "~/components/site-header";
import { getLanguage } from "~/i18n/i18n.server";
import { catalogueUrl } from "~/i18n/resources.server";
import { hasApplicationQuestion } from "~/modules/admission/apply.server";
import { activeMembership, getActor } from "~/modules/identity/access.server";
import { myOrganisations } from "~/modules/identity/organisations.server";
import { askTogether } from "~/modules/platform/db.server";
import { unreadNotificationsQuestion } from "~/modules/platform/notifications.server";
import { navFor, publicNav } from "~/navigation.server";
import { hasRegistrationCaseQuestion } from "~/modules/registration/console.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "昊浦汇 Haopu Hub" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const catalogue = catalogueUrl(language);
  const actor = await getActor(request);
  if (!actor) return { language, catalogue, user: null, nav: publicNav, orgs: [], activeOrg: null, unread: 0 };
  // The session's read brought the memberships; the header's other questions go in one statement.
  const [membership, orgs, { unread, applied, hasCase }] = await Promise.all([
    activeMembership(actor),
    myOrganisations(actor),
    askTogether({
      unread: unreadNotificationsQuestion(actor.user.id),
      applied: hasApplicationQuestion(actor.user.id),
      hasCase: hasRegistrationCaseQuestion(actor.user.id),
    }),
  ]);
  return {
    language,
    catalogue,
    user: {
      email: actor.user.email,
      displayName: actor.user.displayName,
      emailVerified: Boolean(actor.user.emailVerifiedAt),
    },
    nav: navFor(membership ? { kind: membership.org.kind, role: membership.role } : null, { hasApplication: applied, hasOrganisation: orgs.length > 0, hasRegistrationCase: hasCase }),
    orgs,
    activeOrg: membership ? { id: membership.org.id, kind: membership.org.kind, role: membership.role } : null,
    unread,
  };
}

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const { i18n } = useTranslation();
  const language = data?.language ?? i18n.language ?? "zh-CN";
  useRenderedMarker();
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {data ? <link rel="preload" as="fetch" crossOrigin="anonymous" href={data.catalogue} data-catalogue={data.language} /> : null}
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * Marks `<html data-rendered="/path?search">` once a navigation has been committed to the screen.
 * The address bar changes before React commits the new page; browser tests wait on this mark.
 */
function useRenderedMarker() {
  const location = useLocation();
  const navigation = useNavigation();
  useEffect(() => {
    const root = document.documentElement;
    if (navigation.state === "idle") root.dataset.rendered = location.pathname + location.search;
    else delete root.dataset.rendered;
  }, [location, navigation.state]);
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  useChangeLanguage(data.language);
  // The verification page says where the address stands itself; the root loader may have read the
  // user before that page's link verified it.
  const onVerifyPage = useLocation().pathname === "/verify-email";
  return (
    <>
      <SiteHeader data={data} />
      <main id="main" className="page">
        {data.user && !data.user.emailVerified && !onVerifyPage ? <VerifyBanner /> : null}
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}

function VerifyBanner() {
  const { t } = useTranslation();
  return (
    <div className="banner banner-warn" role="status">
      {t("auth.verifyBanner")} <Link to="/verify-email">{t("auth.verifyBannerLink")}</Link>
    </div>
  );
}

function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("footer.address")}</p>
      <p>
        {t("footer.copyright", { year: 2026 })} · <Link to="/privacy">{t("footer.privacy")}</Link>
      </p>
    </footer>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const payload = isRouteErrorResponse(error) ? (error.data as { messageKey?: string; params?: Record<string, string> } | null) : null;
  const kind = status === 404 ? "notFound" : status === 403 ? "forbidden" : status >= 500 ? "server" : "generic";
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <>
    {data ? <SiteHeader data={data} /> : null}
    <main id="main" className="page error-page">
      <p className="error-code">{status}</p>
      <h1>{t(`errorPage.${kind}.title`)}</h1>
      <p>{payload?.messageKey ? t(payload.messageKey, payload.params) : t(`errorPage.${kind}.body`)}</p>
      <p className="actions">
        <Link className="button" to="/">
          {t("errorPage.home")}
        </Link>
        <NavLink className="button button-secondary" to="/dashboard">
          {t("nav.dashboard")}
        </NavLink>
      </p>
    </main>
    </>
  );
}
