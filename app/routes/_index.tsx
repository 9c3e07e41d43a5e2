// The park's public landing page: what it offers and how to move in.
import { type MetaFunction } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { loader as rootLoader } from "~/root";
import { languageOf } from "~/i18n/page-titles";

export const meta: MetaFunction = ({ matches }) =>
  languageOf(matches) === "en"
    ? [
        { title: "Haopu Hub · Haopu Smart Industry Community" },
        { name: "description", content: "The member and tenant platform of the Haopu film, TV and AI production park: sound stages, one-stop production services, GPU compute and DeepSeek, talent apartments." },
      ]
    : [
        { title: "昊浦汇 · 上影昊浦智慧产业社区" },
        { name: "description", content: "上影昊浦智慧产业社区会员与入驻企业平台：摄影棚、一站式制片服务、GPU 算力与 DeepSeek、人才公寓。" },
      ];

const figures = [
  { value: "5,000", key: "stage" },
  { value: "128", key: "gpus" },
  { value: "16", key: "fibre" },
  { value: "≈50", key: "drama" },
];
const services = ["stages", "locations", "sets", "props", "equipment", "extras", "post", "virtual", "scanning", "stay", "registration"];
/** Each chip opens its category in the services catalogue. */
const serviceLinks: Record<string, string> = {
  stages: "/services?category=stages",
  locations: "/services?category=locations",
  sets: "/services?category=set_building",
  props: "/services?category=props",
  equipment: "/services?category=equipment",
  extras: "/services?category=extras",
  post: "/services?category=post_production",
  virtual: "/services?category=virtual_production",
  scanning: "/services?category=scanning",
  stay: "/services?category=accommodation",
  registration: "/services?category=business",
};
const pillars = ["ai", "service", "community"];
const steps = ["one", "two", "three", "four"];
const programmes = ["dramas", "conference", "scifi"];

export default function Landing() {
  const { t } = useTranslation();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const signedIn = Boolean(root?.user);
  return (
    <div className="landing">
      <section className="hero">
        <p className="eyebrow">{t("landing.eyebrow")}</p>
        <h1>{t("landing.title")}</h1>
        <p className="lead">{t("landing.lead")}</p>
        <p className="actions">
          {signedIn ? (
            <Link className="button button-large" to="/dashboard">
              {t("landing.ctaDashboard")}
            </Link>
          ) : (
            <>
              <Link className="button button-large" to="/apply">
                {t("landing.ctaApply")}
              </Link>
              <Link className="button button-large button-secondary" to="/login">
                {t("landing.ctaLogin")}
              </Link>
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title" className="visually-hidden">
          {t("landing.figures.title")}
        </h2>
        <ul className="stats">
          {figures.map((f) => (
            <li key={f.key}>
              <strong>{f.value}</strong>
              <span>{t(`landing.figures.${f.key}`)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="pillars-title">
        <h2 id="pillars-title">{t("landing.pillars.title")}</h2>
        <div className="grid-3">
          {pillars.map((p) => (
            <article key={p} className="card">
              <h3>{t(`landing.pillars.${p}Title`)}</h3>
              <p>{t(`landing.pillars.${p}Body`)}</p>
            </article>
          ))}
        </div>
      </section>

      <section aria-labelledby="services-title">
        <h2 id="services-title">{t("landing.services.title")}</h2>
        <ul className="chips">
          {services.map((s) => (
            <li key={s}>
              <Link to={serviceLinks[s] ?? "/services"}>{t(`landing.services.${s}`)}</Link>
            </li>
          ))}
        </ul>
        <p>
          <Link className="button button-secondary" to="/services">
            {t("landing.services.browse")}
          </Link>
        </p>
      </section>

      <section aria-labelledby="steps-title">
        <h2 id="steps-title">{t("landing.steps.title")}</h2>
        <ol className="steps">
          {steps.map((s) => (
            <li key={s}>{t(`landing.steps.${s}`)}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="programmes-title">
        <h2 id="programmes-title">{t("landing.programmes.title")}</h2>
        <div className="grid-3">
          {programmes.map((p) => (
            <article key={p} className="card">
              <h3>{t(`landing.programmes.${p}`)}</h3>
              <p>{t(`landing.programmes.${p}Body`)}</p>
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}
