// The demo gateway's payment page, used when no Stripe key is configured: it plays the part of
// Stripe Checkout and sends a signed event through the real webhook path.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChoiceButtons } from "~/components/forms";
import { Money } from "~/components/money";
import { completeFakeCheckout, findFakeCheckout } from "~/modules/billing/payments.server";
import { fakeCheckoutSchema } from "~/modules/billing/payment-forms";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("演示支付");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:pay", kind: "tenant" });
  const { attempt, invoice } = await findFakeCheckout(member, params.sessionId ?? "");
  return {
    sessionId: attempt.checkoutSessionId,
    status: attempt.status,
    amountFen: String(attempt.amountFen),
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
  };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:pay", kind: "tenant" });
  return submitForm(request, fakeCheckoutSchema, async ({ outcome }) => {
    const { invoiceId } = await completeFakeCheckout(member, params.sessionId ?? "", outcome);
    return redirect(`/billing/invoices/${invoiceId}?${outcome === "paid" ? "paid=1" : "cancelled=1"}`);
  });
});

export default function FakeCheckout() {
  const { t } = useTranslation();
  const { amountFen, invoiceNumber, status } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="narrow card">
      <p className="banner banner-warn">{t("billing.fakeGatewayNotice")}</p>
      <h1>{t("billing.checkoutTitle")}</h1>
      <p>
        {t("billing.invoice")} {invoiceNumber}
      </p>
      <p className="big-amount">
        <Money fen={amountFen} />
      </p>
      {status !== "created" ? (
        <p className="muted">{t("billing.checkoutClosed")}</p>
      ) : (
        <Form method="post" className="stack">
          <fieldset className="choices">
            <legend>{t("billing.chooseMethod")}</legend>
            {(["card", "alipay", "wechat_pay"] as const).map((m, i) => (
              <label key={m} className="choice">
                <input type="radio" name="method" value={m} defaultChecked={i === 0} /> {t(`billing.gatewayMethods.${m}`)}
              </label>
            ))}
          </fieldset>
          <p className="actions">
            <ChoiceButtons
              name="outcome"
              busy={busy}
              choices={[
                { value: "paid", label: t("billing.confirmPay") },
                { value: "cancelled", label: t("common.cancel"), className: "button button-secondary" },
              ]}
            />
          </p>
        </Form>
      )}
    </section>
  );
}
