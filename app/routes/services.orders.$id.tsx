// One of the tenant's orders: where it is (timeline), its lines and price, the invoice to pay,
// and what the tenant can do now — cancel (the fee shown first), accept or decline a quote,
// resubmit after the desk asked for changes.
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, resultFor, translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { OrderLines, OrderStatus, OrderTimeline, ServicesNav } from "~/components/services-ui";
import { parkDateLabel } from "~/components/ui";
import { formatCny, formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { readCart } from "~/modules/services/catalogue.server";
import { orderDetail } from "~/modules/services/console.server";
import { resubmitSchema, tenantOrderSchema } from "~/modules/services/forms";
import { cancelOrder } from "~/modules/services/cancel-order.server";
import { respondToQuote } from "~/modules/services/quote-order.server";
import { resubmitOrder } from "~/modules/services/resubmit-order.server";
import servicesStyles from "~/styles/services.css";
import { languageOf, pageTitle } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: servicesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(data?.order.title ?? "订单", languageOf(matches)) }];

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:order", kind: "tenant" });
  const [detail, cart] = await Promise.all([orderDetail(member, params.id ?? ""), readCart(request)]);
  return { ...detail, mayPay: hasPermission(member, "billing:pay", { kind: "tenant" }), mayReadBilling: hasPermission(member, "billing:read", { kind: "tenant" }), cartCount: cart.length };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:order", kind: "tenant" });
  const orderId = params.id ?? "";
  return submitForm(request, tenantOrderSchema, async (value) => {
    const done = await byIntent(value, {
      cancel: async ({ reason }) => {
        await cancelOrder(member, { orderId, reason: reason || "租户取消" });
        return "cancelled";
      },
      accept: async () => {
        await respondToQuote(member, { orderId, accept: true });
        return "accepted";
      },
      decline: async () => {
        await respondToQuote(member, { orderId, accept: false });
        return "declined";
      },
      resubmit: async ({ note }) => {
        await resubmitOrder(member, { orderId, note });
        return "resubmitted";
      },
    });
    return redirect(`/services/orders/${orderId}?done=${done}`);
  });
});

export default function TenantOrder() {
  const { t, i18n } = useTranslation();
  const { order, lines, history, cancellation, mayPay, mayReadBilling, cartCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const cancelResult = resultFor(actionData, "cancel");
  // Accepting or declining a quote has no form of its own to show its refusal: it shows above.
  const formError = resultFor(actionData, ["accept", "decline"])?.error?.[""]?.[0];
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [params] = useSearchParams();
  const [resubmitForm, resubmitFields] = useForm({
    id: "resubmit",
    lastResult: resultFor(actionData, "resubmit"),
    defaultValue: { note: order.note },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resubmitSchema }),
  });
  const done = params.get("done") ?? (params.get("placed") ? "placed" : null);
  const confirmCancel = () => {
    if (!cancellation || cancellation.feeFen === "0") return t("services.order.confirmCancelFree");
    const fee = formatCny(cancellation.invoiced ? cancellation.totalFen : cancellation.feeFen, i18n.language);
    return cancellation.invoiced ? t("services.order.confirmCancelFee", { fee }) : t("services.order.confirmCancelWithheld", { fee });
  };
  return (
    <section className="stack services">
      <p>
        <Link to="/services/orders">← {t("services.orders.title")}</Link>
      </p>
      <ServicesNav kind="tenant" cartCount={cartCount} />
      <header className="page-header">
        <h1>{order.title}</h1>
        <p>
          <OrderStatus status={order.status} /> <span className="muted small">{t("services.orders.submittedAt", { time: formatDateTime(order.submittedAt, i18n.language) })}</span>
        </p>
      </header>
      {done ? (
        <p className="notice" role="status">
          {t(`services.order.done.${done}`)}
        </p>
      ) : null}
      {formError ? (
        <p className="form-errors" role="alert">
          {translateMessage(t, formError)}
        </p>
      ) : null}

      <div className="card">
        <OrderTimeline status={order.status} history={history} />
      </div>

      {order.status === "approved" && order.invoiceId ? (
        <div className="card card-accent">
          <h2 className="card-title">{t("services.order.payTitle")}</h2>
          <p>{t("services.order.payBody", { total: formatCny(order.totalFen, i18n.language) })}</p>
          {order.payBy ? <p>{t("services.order.payBy", { date: parkDateLabel(order.payBy, i18n.language) })}</p> : null}
          {mayReadBilling ? (
            <Link className="button" to={`/billing/invoices/${order.invoiceId}`}>
              {mayPay ? t("services.order.payInvoice") : t("services.order.viewInvoice")}
            </Link>
          ) : (
            <p className="muted">{t("services.order.askAdminToPay")}</p>
          )}
        </div>
      ) : null}

      {order.status === "quoted" ? (
        <div className="card card-accent">
          <h2 className="card-title">{t("services.order.quoteTitle")}</h2>
          <p>{t("services.order.quoteBody", { total: formatCny(order.totalFen, i18n.language) })}</p>
          {order.decisionNote ? <p className="quote-note">“{order.decisionNote}”</p> : null}
          <div className="actions">
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="accept" />
              <button type="submit" className="button" disabled={busy}>
                {t("services.order.acceptQuote")}
              </button>
            </Form>
            <Form
              method="post"
              className="inline-form"
              onSubmit={(event) => {
                if (!window.confirm(t("services.order.confirmDecline"))) event.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="decline" />
              <button type="submit" className="button button-secondary" disabled={busy}>
                {t("services.order.declineQuote")}
              </button>
            </Form>
          </div>
        </div>
      ) : null}

      {order.status === "changes_requested" ? (
        <div className="card card-accent">
          <h2 className="card-title">{t("services.order.changesTitle")}</h2>
          {order.decisionNote ? <p className="quote-note">“{order.decisionNote}”</p> : null}
          <Form method="post" {...getFormProps(resubmitForm)}>
            <FormErrors id={resubmitForm.errorId} errors={resubmitForm.errors} />
            <input type="hidden" name="intent" value="resubmit" />
            <Field label={t("services.order.resubmitNote")} htmlFor={resubmitFields.note.id} errors={resubmitFields.note.errors} errorId={resubmitFields.note.errorId}>
              <textarea {...getTextareaProps(resubmitFields.note)} rows={3} maxLength={1000} />
            </Field>
            <button type="submit" className="button" disabled={busy}>
              {t("services.order.resubmit")}
            </button>
          </Form>
        </div>
      ) : null}

      {order.status === "rejected" && order.decisionNote ? (
        <p className="banner banner-warn">
          {t("services.order.rejectedBecause")} “{order.decisionNote}”
        </p>
      ) : null}

      <div className="card">
        <h2 className="card-title">{t("services.order.lines")}</h2>
        <OrderLines lines={lines} order={order} />
        {order.cancellationFeeFen && order.cancellationFeeFen !== "0" ? (
          <p className="muted">
            {t("services.order.feeCharged")} <Money fen={order.cancellationFeeFen} />
          </p>
        ) : null}
        {order.invoiceId && mayReadBilling && order.status !== "approved" ? (
          <p>
            <Link to={`/billing/invoices/${order.invoiceId}`}>{t("services.order.viewInvoice")}</Link>
          </p>
        ) : null}
        {order.note ? (
          <p className="muted small">
            {t("services.form.note")}: {order.note}
          </p>
        ) : null}
      </div>

      {cancellation ? (
        <div className="card">
          <h2 className="card-title">{t("services.order.cancelTitle")}</h2>
          <p className="hint" data-testid="cancel-fee">
            {cancellation.feeFen === "0" ? (
              t("services.order.cancelFree")
            ) : cancellation.invoiced ? (
              <>
                {t("services.order.cancelFeeInvoiced")} <Money fen={cancellation.totalFen} />
              </>
            ) : (
              <>
                {t("services.order.cancelFeeWithheld")} <Money fen={cancellation.feeFen} />
              </>
            )}
          </p>
          <Form
            method="post"
            className="stack"
            onSubmit={(event) => {
              if (!window.confirm(confirmCancel())) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="cancel" />
            <Field label={t("services.order.cancelReason")} htmlFor="cancel-reason" errorId="cancel-reason-errors" errors={cancelResult?.error?.reason ?? cancelResult?.error?.[""] ?? undefined}>
              <input id="cancel-reason" name="reason" type="text" maxLength={500} />
            </Field>
            <button type="submit" className="button button-danger" disabled={busy}>
              {t("services.order.cancel")}
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  );
}
