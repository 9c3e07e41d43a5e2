// One order at the desk: who, what, when and the price; approve, reject or ask for changes (with
// a reason), quote the quote-only lines, mark it under way and done, or cancel it.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChoiceButtons, ConfirmForm, DoneNotice, FieldErrors, translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { OrderLines, OrderStatus, OrderTimeline } from "~/components/services-ui";
import { BackLink } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { orderDetail } from "~/modules/services/console.server";
import { deskOrderSchema } from "~/modules/services/forms";
import { cancelOrder } from "~/modules/services/cancel-order.server";
import { decideOrder } from "~/modules/services/decide-order.server";
import { progressOrder } from "~/modules/services/progress-order.server";
import { quoteOrder } from "~/modules/services/quote-order.server";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return orderDetail(member, params.id ?? "");
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  const orderId = params.id ?? "";
  return submitForm(request, deskOrderSchema, async (value) => {
    const done = await byIntent(value, {
      decide: async ({ decision, note }) => {
        await decideOrder(member, { orderId, decision, note: note || undefined });
        return decision;
      },
      quote: async ({ prices, note }) => {
        await quoteOrder(member, { orderId, prices, note: note || undefined });
        return "quoted";
      },
      in_progress: async () => {
        await progressOrder(member, { orderId, to: "in_progress" });
        return "in_progress";
      },
      completed: async () => {
        await progressOrder(member, { orderId, to: "completed" });
        return "completed";
      },
      cancel: async ({ reason }) => {
        await cancelOrder(member, { orderId, reason });
        return "cancelled";
      },
    });
    return redirect(`/services/desk/${orderId}?done=${done}`);
  });
});

export default function DeskOrder() {
  const { t, i18n } = useTranslation();
  const { order, lines, history, cancellation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const en = i18n.language === "en";
  const done = params.get("done");
  const errorsOf = (name: string) => result?.error?.[name] ?? undefined;
  const formErrors = errorsOf("");
  const quoting = order.status === "submitted" && order.unpriced;
  return (
    <>
      <BackLink to="/services/desk">{t("services.desk.nav.queue")}</BackLink>
      <header className="page-header">
        <h2 className="order-title">{order.title}</h2>
        <p>
          <OrderStatus status={order.status} /> · {en ? order.orgNameEn : order.orgNameZh} ·{" "}
          <span className="muted small">{t("services.orders.submittedAt", { time: formatDateTime(order.submittedAt, i18n.language) })}</span>
        </p>
      </header>
      <DoneNotice message={done ? `services.desk.done.${done}` : null} />
      {formErrors?.length ? (
        <p className="form-errors" role="alert">
          {translateMessage(t, formErrors[0])}
        </p>
      ) : null}
      <div className="card">
        <OrderTimeline status={order.status} history={history} />
      </div>
      <Form method="post" className="card" id="quote-form">
        <h3 className="card-title">{t("services.order.lines")}</h3>
        <OrderLines
          lines={lines}
          order={order}
          renderPrice={(line) =>
            line.amountFen !== null ? (
              <Money fen={line.amountFen} />
            ) : quoting ? (
              <div className="field">
                <label htmlFor={`price_${line.id}`}>{t("services.desk.unitPrice")}</label>
                <input id={`price_${line.id}`} name={`price_${line.id}`} type="text" inputMode="decimal" placeholder="120000.00" aria-describedby={`price_${line.id}-errors`} />
                <FieldErrors id={`price_${line.id}-errors`} errors={errorsOf(`price_${line.id}`)} />
              </div>
            ) : (
              <span className="muted">{t("services.awaitingQuote")}</span>
            )
          }
        />
        {order.note ? (
          <p className="muted small">
            {t("services.desk.tenantNote")}: {order.note}
          </p>
        ) : null}
        {quoting ? (
          <>
            <div className="field">
              <label htmlFor="quote-note">{t("services.desk.quoteNote")}</label>
              <textarea id="quote-note" name="note" rows={2} maxLength={1000} />
              <FieldErrors id="quote-note-errors" errors={errorsOf("note")} />
            </div>
            <input type="hidden" name="intent" value="quote" />
            <button type="submit" className="button" disabled={busy}>
              {t("services.desk.sendQuote")}
            </button>
          </>
        ) : null}
      </Form>

      {order.status === "submitted" ? (
        // Unpriced lines must be quoted first: without a quote the desk can only ask for changes or reject.
        <Form method="post" className="card stack">
          <h3 className="card-title">{order.unpriced ? t("services.desk.decideWithoutQuote") : t("services.desk.decide")}</h3>
          <input type="hidden" name="intent" value="decide" />
          <div className="field">
            <label htmlFor="decision-note">{order.unpriced ? t("services.desk.reason") : t("services.desk.decisionNote")}</label>
            <textarea id="decision-note" name="note" rows={2} maxLength={1000} aria-describedby="decision-note-errors" />
            {order.unpriced ? null : <p className="hint">{t("services.desk.decisionNoteHint")}</p>}
            <FieldErrors id="decision-note-errors" errors={errorsOf("note")} />
          </div>
          <div className="actions">
            <ChoiceButtons
              name="decision"
              busy={busy}
              choices={[
                ...(order.unpriced ? [] : [{ value: "approve", label: t("services.desk.approve") }]),
                { value: "request_changes", label: t("services.desk.requestChanges"), className: "button button-secondary" },
                { value: "reject", label: t("services.desk.reject"), className: "button button-danger" },
              ]}
            />
          </div>
        </Form>
      ) : null}

      {order.status === "confirmed" || order.status === "in_progress" ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value={order.status === "confirmed" ? "in_progress" : "completed"} />
          <button type="submit" className="button" disabled={busy}>
            {order.status === "confirmed" ? t("services.desk.markInProgress") : t("services.desk.markCompleted")}
          </button>
        </Form>
      ) : null}

      {cancellation ? (
        <ConfirmForm className="card stack" confirm={t("services.desk.confirmCancel")}>
          <h3 className="card-title">{t("services.order.cancelTitle")}</h3>
          <p className="hint">
            {cancellation.feeFen === "0" ? (
              t("services.order.cancelFree")
            ) : (
              <>
                {t("services.desk.cancelFee")} <Money fen={cancellation.feeFen} />
              </>
            )}
          </p>
          <input type="hidden" name="intent" value="cancel" />
          <div className="field">
            <label htmlFor="cancel-reason">{t("services.desk.reason")}</label>
            <input id="cancel-reason" name="reason" type="text" maxLength={500} aria-describedby="cancel-reason-errors" />
            <FieldErrors id="cancel-reason-errors" errors={errorsOf("reason")} />
          </div>
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("services.desk.cancelOrder")}
          </button>
        </ConfirmForm>
      ) : null}
    </>
  );
}
