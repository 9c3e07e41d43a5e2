// One order at the desk: who, what, when and the price; approve, reject or ask for changes (with
// a reason), quote the quote-only lines, mark it under way and done, or cancel it.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { OrderLines, OrderStatus, OrderTimeline } from "~/components/services-ui";
import { formatDateTime } from "~/i18n/format";
import { parseYuanToFen } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { orderDetail } from "~/modules/services/console.server";
import { decisionSchema } from "~/modules/services/forms";
import { cancelOrder, decideOrder, progressOrder, quoteOrder } from "~/modules/services/orders.server";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return orderDetail(member, params.id ?? "");
});

type ActionAnswer = { intent: string; error?: string; fieldErrors?: Record<string, string[]> };

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  const orderId = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const fail = (status: number, answer: Omit<ActionAnswer, "intent">) => data<ActionAnswer>({ intent, ...answer }, { status });
  try {
    if (intent === "decide") {
      const parsed = decisionSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
        return fail(400, { fieldErrors });
      }
      await decideOrder(member, { orderId, decision: parsed.data.decision, note: parsed.data.note || undefined });
      return redirect(`/services/desk/${orderId}?done=${parsed.data.decision}`);
    }
    if (intent === "quote") {
      const prices: Record<string, bigint> = {};
      const fieldErrors: Record<string, string[]> = {};
      for (const [key, value] of form) {
        if (!key.startsWith("price_") || typeof value !== "string") continue;
        const fen = parseYuanToFen(value);
        if (fen === null || fen <= 0n) fieldErrors[key] = [value.trim() ? "errors.amountFormat" : "errors.required"];
        else prices[key.slice("price_".length)] = fen;
      }
      const note = String(form.get("note") ?? "").trim();
      if (/[<>]/.test(note)) fieldErrors.note = ["errors.noAngleBrackets"];
      if (note.length > 1000) fieldErrors.note = ["errors.tooLong"];
      if (Object.keys(fieldErrors).length) return fail(400, { fieldErrors });
      await quoteOrder(member, { orderId, prices, note: note || undefined });
      return redirect(`/services/desk/${orderId}?done=quoted`);
    }
    if (intent === "in_progress" || intent === "completed") {
      await progressOrder(member, { orderId, to: intent });
      return redirect(`/services/desk/${orderId}?done=${intent}`);
    }
    if (intent === "cancel") {
      const reason = String(form.get("reason") ?? "").trim();
      if (!reason) return fail(400, { fieldErrors: { reason: ["errors.reasonRequired"] } });
      if (/[<>]/.test(reason) || reason.length > 500) return fail(400, { fieldErrors: { reason: ["errors.noAngleBrackets"] } });
      await cancelOrder(member, { orderId, reason });
      return redirect(`/services/desk/${orderId}?done=cancelled`);
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      return fail(error.code === "conflict" ? 409 : 422, { error: encodeMessage(error.messageKey, error.params) });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

export default function DeskOrder() {
  const { t, i18n } = useTranslation();
  const { order, lines, history, cancellation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionAnswer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const en = i18n.language === "en";
  const done = params.get("done");
  const fieldErrors = actionData?.fieldErrors ?? {};
  const quoting = order.status === "submitted" && order.unpriced;
  return (
    <>
      <p>
        <Link to="/services/desk">← {t("services.desk.nav.queue")}</Link>
      </p>
      <header className="page-header">
        <h2 className="order-title">{order.title}</h2>
        <p>
          <OrderStatus status={order.status} /> · {en ? order.orgNameEn : order.orgNameZh} ·{" "}
          <span className="muted small">{t("services.orders.submittedAt", { time: formatDateTime(order.submittedAt, i18n.language) })}</span>
        </p>
      </header>
      {done ? (
        <p className="notice" role="status">
          {t(`services.desk.done.${done}`)}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t, actionData.error)}
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
                <FieldErrors id={`price_${line.id}-errors`} errors={fieldErrors[`price_${line.id}`]} />
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
              <FieldErrors id="quote-note-errors" errors={fieldErrors.note} />
            </div>
            <input type="hidden" name="intent" value="quote" />
            <button type="submit" className="button" disabled={busy}>
              {t("services.desk.sendQuote")}
            </button>
          </>
        ) : null}
      </Form>

      {order.status === "submitted" && !order.unpriced ? (
        <Form method="post" className="card stack">
          <h3 className="card-title">{t("services.desk.decide")}</h3>
          <input type="hidden" name="intent" value="decide" />
          <div className="field">
            <label htmlFor="decision-note">{t("services.desk.decisionNote")}</label>
            <textarea id="decision-note" name="note" rows={2} maxLength={1000} aria-describedby="decision-note-errors" />
            <p className="hint">{t("services.desk.decisionNoteHint")}</p>
            <FieldErrors id="decision-note-errors" errors={fieldErrors.note} />
          </div>
          <div className="actions">
            <button type="submit" name="decision" value="approve" className="button" disabled={busy}>
              {t("services.desk.approve")}
            </button>
            <button type="submit" name="decision" value="request_changes" className="button button-secondary" disabled={busy}>
              {t("services.desk.requestChanges")}
            </button>
            <button type="submit" name="decision" value="reject" className="button button-danger" disabled={busy}>
              {t("services.desk.reject")}
            </button>
          </div>
        </Form>
      ) : null}
      {order.status === "submitted" && order.unpriced ? (
        <Form method="post" className="card stack">
          <h3 className="card-title">{t("services.desk.decideWithoutQuote")}</h3>
          <input type="hidden" name="intent" value="decide" />
          <div className="field">
            <label htmlFor="decision-note">{t("services.desk.reason")}</label>
            <textarea id="decision-note" name="note" rows={2} maxLength={1000} aria-describedby="decision-note-errors" />
            <FieldErrors id="decision-note-errors" errors={fieldErrors.note} />
          </div>
          <div className="actions">
            <button type="submit" name="decision" value="request_changes" className="button button-secondary" disabled={busy}>
              {t("services.desk.requestChanges")}
            </button>
            <button type="submit" name="decision" value="reject" className="button button-danger" disabled={busy}>
              {t("services.desk.reject")}
            </button>
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
        <Form
          method="post"
          className="card stack"
          onSubmit={(event) => {
            if (!window.confirm(t("services.desk.confirmCancel"))) event.preventDefault();
          }}
        >
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
            <FieldErrors id="cancel-reason-errors" errors={fieldErrors.reason} />
          </div>
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("services.desk.cancelOrder")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
