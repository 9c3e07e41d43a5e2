// /privacy — the privacy notice (隐私政策) an applicant accepts before submitting an application
// to move in: what the park collects, why, who sees it, how long it is kept, and the person's rights.
import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { DECLARATION_VERSION } from "~/modules/admission/forms";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("隐私政策");

const sections = ["collect", "use", "share", "keep", "rights", "contact"] as const;

export default function PrivacyNotice() {
  const { t } = useTranslation();
  return (
    <article className="stack prose">
      <header className="page-header">
        <h1>{t("privacy.title")}</h1>
        <p className="small muted">{t("privacy.version", { version: DECLARATION_VERSION })}</p>
        <p className="lead">{t("privacy.lead")}</p>
      </header>
      {sections.map((section) => (
        <section key={section}>
          <h2>{t(`privacy.${section}Title`)}</h2>
          <p>{t(`privacy.${section}`)}</p>
        </section>
      ))}
    </article>
  );
}
