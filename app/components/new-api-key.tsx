// A freshly created API key, shown once with a copy button: the server keeps only its hash.
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function NewApiKey({ name, value }: { name: string; value: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="card new-key" role="status">
      <h2>{t("creditsAdmin.keys.newTitle", { name })}</h2>
      <p className="banner banner-warn">{t("creditsAdmin.keys.onceWarning")}</p>
      <label htmlFor="new-api-key">{t("creditsAdmin.keys.value")}</label>
      <div className="copy-row">
        <input id="new-api-key" data-testid="new-api-key" type="text" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? t("creditsAdmin.keys.copied") : t("creditsAdmin.keys.copy")}
        </button>
      </div>
      <p className="hint">{t("creditsAdmin.keys.copyHint")}</p>
    </div>
  );
}
