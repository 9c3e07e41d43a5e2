// Fapiao (发票) on the tenant's side: the requests made for an invoice (with the PDF once issued)
// and the form asking for a 普票 or 专票, posted to /billing/fapiao/request.
import { getFormProps } from "@conform-to/react";
import { Link, useFetcher, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DoneNotice, FieldErrors, FormErrors, SubmitButton, useZodForm } from "~/components/forms";
import { BillingStatus } from "~/components/money";
import { Details } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { fapiaoRequestSchema, fapiaoTypes } from "~/modules/billing/fapiao-forms";
import type { action as requestAction } from "~/routes/billing.fapiao.request";

/** A request as `listFapiaoRequestsForInvoice` / `listMyFapiaoRequests` return it. */
export interface FapiaoRequestItem {
  id: string;
  invoiceId: string;
  invoiceNumber: string | null;
  fapiaoType: string;
  status: string;
  fapiaoNumber: string | null;
  hasPdf: boolean;
  details: Record<string, string>;
  rejectionReason: string | null;
  createdAt: Date | string;
  issuedAt: Date | string | null;
}

export function FapiaoRequestList({ requests, showInvoice = false }: { requests: FapiaoRequestItem[]; showInvoice?: boolean }) {
  const { t, i18n } = useTranslation();
  if (requests.length === 0) return <p className="empty-state">{t("fapiao.noRequests")}</p>;
  return (
    <ul className="list">
      {requests.map((request) => (
        <li key={request.id}>
          <div className="list-row">
            <span>
              {showInvoice ? (
                <>
                  <Link to={`/billing/invoices/${request.invoiceId}`}>{request.invoiceNumber}</Link> ·{" "}
                </>
              ) : null}
              {t(`fapiao.types.${request.fapiaoType}`)} · {request.details.title}
              <span className="muted small"> · {formatDateTime(request.createdAt, i18n.language)}</span>
            </span>
            <BillingStatus status={request.status} labelKey={`fapiao.status.${request.status}`} />
          </div>
          {request.status === "issued" ? (
            <p className="small">
              {t("fapiao.issuedAs", { number: request.fapiaoNumber ?? "" })}{" "}
              {request.hasPdf ? (
                <a href={`/billing/fapiao/${request.id}/pdf`} download>
                  {t("fapiao.downloadPdf")}
                </a>
              ) : null}
            </p>
          ) : null}
          {request.status === "rejected" && request.rejectionReason ? (
            <p className="small">{t("fapiao.rejectedBecause", { reason: request.rejectionReason })}</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

interface FapiaoRequestProps {
  invoiceId: string;
  invoiceStatus: string;
  requests: FapiaoRequestItem[];
  /** The person holds `billing:pay` (tenant owner or admin). */
  mayRequest: boolean;
  /** Who the fapiao will be made out to: the saved 开票信息, or the company record before any are saved. */
  details: { title: string; taxpayerId: string; address: string; fromCompany: boolean } | null;
}

/** The fapiao panel of a tenant's invoice page. */
export function FapiaoRequest({ invoiceId, invoiceStatus, requests, mayRequest, details }: FapiaoRequestProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const fetcher = useFetcher<typeof requestAction>();
  const [form, fields] = useZodForm(fapiaoRequestSchema, {
    id: `fapiao-request-${invoiceId}`,
    lastResult: fetcher.data?.result,
    defaultValue: { invoiceId, fapiaoType: "normal" },
    validate: "onSubmit",
  });
  const live = requests.some((r) => r.status !== "rejected");
  const canAsk = mayRequest && invoiceStatus === "paid" && !live;
  return (
    <section className="card" aria-labelledby={`fapiao-${invoiceId}`}>
      <h2 id={`fapiao-${invoiceId}`}>{t("fapiao.panelTitle")}</h2>
      <DoneNotice message={params.get("fapiao") === "requested" ? "fapiao.requestedNotice" : null} />
      {requests.length > 0 ? <FapiaoRequestList requests={requests} /> : null}
      {invoiceStatus !== "paid" && requests.length === 0 ? <p className="muted">{t("fapiao.afterPayment")}</p> : null}
      {canAsk ? (
        <fetcher.Form method="post" action="/billing/fapiao/request" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="invoiceId" value={invoiceId} />
          <input type="hidden" name="redirectTo" value={`/billing/invoices/${invoiceId}`} />
          <fieldset className="choices">
            <legend>{t("fapiao.type")}</legend>
            {fapiaoTypes.map((type) => (
              <label key={type} className="choice">
                <input type="radio" name={fields.fapiaoType.name} value={type} defaultChecked={fields.fapiaoType.initialValue === type} />
                <span>
                  {t(`fapiao.types.${type}`)}
                  <span className="muted small"> — {t(`fapiao.typeHints.${type}`)}</span>
                </span>
              </label>
            ))}
            <FieldErrors id={fields.fapiaoType.errorId} errors={fields.fapiaoType.errors} />
          </fieldset>
          {details ? (
            <Details
              testId="fapiao-details"
              items={[
                { label: t("fapiao.title"), value: details.title },
                { label: t("fapiao.taxpayerIdShort"), value: details.taxpayerId },
                Boolean(details.address) && { label: t("fapiao.address"), value: details.address },
              ]}
            />
          ) : null}
          <p className="hint">
            {details?.fromCompany ? t("fapiao.detailsFromCompany") : t("fapiao.detailsFrom")} <Link to="/billing/profile">{t("fapiao.editProfile")}</Link>
          </p>
          <SubmitButton busy={fetcher.state !== "idle"}>{t("fapiao.requestSubmit")}</SubmitButton>
        </fetcher.Form>
      ) : null}
    </section>
  );
}
