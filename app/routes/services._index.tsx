// The public services catalogue (一站式服务目录): the offerings of one category at a time (a chip
// per category; the first one, with the packages, at /services; every category at
// ?category=all), each with its price, quantities, lead time, cancellation policy and whether the
// park approves it. One category's cards, not all 26, is what a phone can take in, and what the
// server renders per request (docs/PERFORMANCE.md, "Profile").
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money } from "~/components/money";
import { OfferingTerms, PriceTag, ServicesNav } from "~/components/services-ui";
import { listCatalogue, optionalMember, readCart, servicesRole, type CatalogueCard } from "~/modules/services/catalogue.server";
import { CATEGORIES } from "~/modules/services/pricing";
import { withAppErrors } from "~/modules/platform/route-errors";
import servicesStyles from "~/styles/services.css";
import { languageOf, pageTitle } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: servicesStyles }];

export const meta: MetaFunction = ({ matches }) => {
  const language = languageOf(matches);
  return [
    { title: pageTitle("一站式服务", language) },
    {
      name: "description",
      content:
        language === "en"
          ? "Sound stages, street sets, set building, props, equipment, extras, post-production, virtual production, 3DGS scanning, lodging, catering and business services, with prices shown and packages to book."
          : "摄影棚、实景街区、置景、道具、器材、群演、后期、虚拟拍摄、3DGS 扫描、住宿餐饮与商务服务，明码标价，可打包预订。",
    },
  ];
};

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const [catalogue, member, cart] = await Promise.all([listCatalogue({ category: url.searchParams.get("category") ?? undefined }), optionalMember(request), readCart(request)]);
  return {
    ...catalogue,
    // What a card shows, and nothing else: the page's data is serialised into the HTML.
    offerings: catalogue.offerings,
    role: servicesRole(member),
    signedIn: Boolean(member),
    cartCount: cart.length,
  };
});

function OfferingCard({ offering }: { offering: CatalogueCard }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <li className="card offering-card">
      {offering.photo ? <img className="offering-thumb" src={offering.photo} alt="" loading="lazy" /> : null}
      <h3>
        <Link to={`/services/${offering.code}`}>{en ? offering.nameEn : offering.nameZh}</Link>
      </h3>
      <p className="offering-price">
        <PriceTag priceFen={offering.priceFen} unit={offering.pricingUnit} />
        {offering.requiresApproval || offering.pricingUnit === "quote" ? <span className="badge-soft">{t("services.needsApproval")}</span> : <span className="badge-soft badge-ok">{t("services.instant")}</span>}
      </p>
      <p className="offering-desc">{en ? offering.descriptionEn : offering.descriptionZh}</p>
      <dl className="facts">
        <OfferingTerms offering={offering} />
      </dl>
      <p className="offering-cta">
        <Link className="button button-small button-secondary" to={`/services/${offering.code}`}>
          {offering.pricingUnit === "quote" ? t("services.requestQuote") : t("services.viewAndBook")}
        </Link>
      </p>
    </li>
  );
}

export default function ServicesCatalogue() {
  const { t, i18n } = useTranslation();
  const { categories, offerings, packages, showing, first, role, signedIn, cartCount } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const en = i18n.language === "en";
  const shown = CATEGORIES.filter((c) => offerings.some((o) => o.category === c));
  const total = categories.reduce((sum, c) => sum + c.count, 0);
  return (
    <section className="stack services">
      <header className="page-header">
        <h1>{t("services.title")}</h1>
        <p className="lead">{t("services.lead")}</p>
        {!signedIn ? (
          <p className="hint">
            {t("services.visitorHint")} <Link to={`/login?redirectTo=${encodeURIComponent(`/services${params.toString() ? `?${params}` : ""}`)}`}>{t("nav.login")}</Link>
          </p>
        ) : null}
      </header>
      <ServicesNav kind={role} cartCount={cartCount} />
      <nav aria-label={t("services.categoryFilter")}>
        <ul className="chips category-chips">
          <li>
            <Link to="/services?category=all" className={showing === "all" ? "chip active" : "chip"} aria-current={showing === "all" ? "page" : undefined} preventScrollReset>
              {t("services.allCategories")} <span className="muted">{total}</span>
            </Link>
          </li>
          {categories
            .filter((c) => c.count > 0)
            .map((c) => (
              <li key={c.code}>
                <Link to={c.code === first ? "/services" : `/services?category=${c.code}`} className={showing === c.code ? "chip active" : "chip"} aria-current={showing === c.code ? "page" : undefined} preventScrollReset>
                  {t(`services.categories.${c.code}`)} <span className="muted">{c.count}</span>
                </Link>
              </li>
            ))}
        </ul>
      </nav>

      {packages.length > 0 ? (
        <section aria-labelledby="packages-title">
          <h2 id="packages-title">{t("services.packagesTitle")}</h2>
          <ul className="offering-grid">
            {packages.map((p) => (
              <li key={p.id} className="card package-card">
                <h3>
                  <Link to={`/services/packages/${p.code}`}>{en ? p.nameEn : p.nameZh}</Link>
                </h3>
                <p className="offering-price">
                  <span className="price">
                    <Money fen={p.priceFen} />
                  </span>
                  {BigInt(p.catalogueFen) > BigInt(p.priceFen) ? (
                    <span className="muted small">
                      {" "}
                      {t("services.packageSaves")} <s><Money fen={p.catalogueFen} /></s>
                    </span>
                  ) : null}
                </p>
                <p className="offering-desc">{en ? p.descriptionEn : p.descriptionZh}</p>
                <ul className="package-items">
                  {p.items.map((item) => (
                    <li key={item.id}>
                      {en ? item.nameEn : item.nameZh}
                      <span className="muted">
                        {" "}
                        · {t(item.pricingUnit === "night" ? "services.packageItemNights" : "services.packageItem", { quantity: item.quantity, days: item.days, from: item.dayOffset + 1 })}
                      </span>
                    </li>
                  ))}
                </ul>
                <p className="offering-cta">
                  <Link className="button button-small" to={`/services/packages/${p.code}`}>
                    {t("services.bookPackage")}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {shown.length === 0 ? <p className="empty-state card">{t("services.emptyCategory")}</p> : null}
      {shown.map((c) => (
        <section key={c} aria-labelledby={`category-${c}`}>
          <h2 id={`category-${c}`}>{t(`services.categories.${c}`)}</h2>
          <ul className="offering-grid">
            {offerings
              .filter((o) => o.category === c)
              .map((o) => (
                <OfferingCard key={o.id} offering={o} />
              ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
