// API keys on the park's gateway page and a company's /compute/api: a freshly created key, shown
// once with a copy button (the server keeps only its hash), and the list of keys with revoke.
import { Form } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { StatusBadge } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";

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

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string | Date;
  lastUsedAt: string | Date | null;
  revokedAt: string | Date | null;
  /** A tenant's key for one project: its code (shown when `scope` is on). */
  projectCode?: string | null;
}

/**
 * The keys of the park's gateway or of one company: name, scope, prefix, last use, and a revoke
 * button (confirmed first) posting `revokeIntent` with the key's id.
 */
export function ApiKeyTable({
  keys,
  testId,
  empty,
  revokeIntent,
  busy,
  scope = false,
}: {
  keys: readonly ApiKeyRow[];
  testId: string;
  empty: ReactNode;
  revokeIntent: string;
  busy: boolean;
  scope?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <DataTable
      className="compact"
      data-testid={testId}
      rows={keys}
      rowKey={(k) => k.id}
      empty={empty}
      columns={[
        {
          header: t("creditsAdmin.keys.name"),
          cell: (k) => (
            <>
              {k.name}
              <div className="muted small">{formatDateTime(k.createdAt, lang)}</div>
            </>
          ),
        },
        scope && { header: t("compute.keys.scope"), cell: (k) => (k.projectCode ? <code>{k.projectCode}</code> : t("compute.keys.wholeCompany")) },
        { header: t("creditsAdmin.keys.prefix"), cell: (k) => <code>{k.prefix}…</code> },
        { header: t("creditsAdmin.keys.lastUsed"), cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, lang) : t("creditsAdmin.keys.never")) },
        {
          header: t("common.status"),
          cell: (k) =>
            k.revokedAt ? (
              <StatusBadge tone="danger">{t("creditsAdmin.keys.revokedAt", { at: formatDateTime(k.revokedAt, lang) })}</StatusBadge>
            ) : (
              <Form
                method="post"
                className="inline-form"
                onSubmit={(event) => {
                  if (!window.confirm(t("creditsAdmin.keys.confirmRevoke", { name: k.name }))) event.preventDefault();
                }}
              >
                <StatusBadge tone="success">{t("creditsAdmin.keys.active")}</StatusBadge>
                <input type="hidden" name="intent" value={revokeIntent} />
                <input type="hidden" name="keyId" value={k.id} />
                <button type="submit" className="button button-small button-danger" disabled={busy} aria-label={t("compute.keys.revokeNamed", { name: k.name })}>
                  {t("creditsAdmin.keys.revoke")}
                </button>
              </Form>
            ),
        },
      ]}
    />
  );
}
