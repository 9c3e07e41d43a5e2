// The cart: booking lines from several offerings (a stage, extras, rooms…) priced together and
// submitted as one order — every line held, or none.
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Field, FormErrors, translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { LineQuantity, LineWhen, PriceTotals, ServicesNav } from "~/components/services-ui";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { cartCookieHeader, readCart } from "~/modules/services/catalogue.server";
import { previewLines } from "~/modules/services/console.server";
import { cartSchema, encodeKey, orderNoteSchema } from "~/modules/services/forms";
import { placeOrder } from "~/modules/services/place-order.server";
import servicesStyles from "~/styles/services.css";
import { titled } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: servicesStyles }];

export const meta: MetaFunction = titled("购物车 · 一站式服务");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "services:order", kind: "tenant" });
  const cart = await readCart(request);
  const preview = await previewLines({ lines: cart });
  return {
    count: cart.length,
    preview,
    rows: cart.map((request, index) => ({
      index,
      request,
      line: preview.lines.find((l) => l.index === index) ?? null,
      problem: preview.problems.find((p) => p.index === index) ?? null,
    })),
  };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:order", kind: "tenant" });
  const cart = await readCart(request);
  return submitForm(request, cartSchema, (value) =>
    byIntent(value, {
      remove: async ({ index }) => {
        const rest = cart.filter((_, i) => i !== index);
        return redirect("/services/cart", { headers: { "Set-Cookie": await cartCookieHeader(rest) } });
      },
      clear: async () => redirect("/services/cart", { headers: { "Set-Cookie": await cartCookieHeader([]) } }),
      submit: async ({ title, note }) => {
        if (cart.length === 0) throw new AppError("invalid", "errors.orderEmpty");
        const order = await placeOrder(member, { lines: cart, title: title || undefined, note });
        return redirect(`/services/orders/${order.id}?placed=1`, { headers: { "Set-Cookie": await cartCookieHeader([]) } });
      },
    }),
  );
});

export default function Cart() {
  const { t, i18n } = useTranslation();
  const { rows, preview, count } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [params] = useSearchParams();
  const en = i18n.language === "en";
  const [form, fields] = useForm({
    id: "cart",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: orderNoteSchema }),
  });
  const ready = rows.length > 0 && preview.problems.length === 0 && preview.available;
  return (
    <section className="stack services">
      <header className="page-header">
        <h1>{t("services.cart.title")}</h1>
        <p className="lead">{t("services.cart.lead")}</p>
      </header>
      <ServicesNav kind="tenant" cartCount={count} />
      {params.get("added") ? (
        <p className="notice" role="status">
          {t("services.cart.added")} <Link to="/services">{t("services.cart.continue")}</Link>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <div className="empty-state card">
          <p>{t("services.cart.empty")}</p>
          <Link className="button" to="/services">
            {t("services.cart.browse")}
          </Link>
        </div>
      ) : (
        <>
          <DataTable
            card
            className="cart-table"
            rows={rows}
            rowKey={(row) => row.index}
            rowProps={() => ({ "data-testid": "cart-line" })}
            columns={[
              {
                header: t("services.item"),
                cell: (row) => (
                  <>
                    {row.line ? <Link to={`/services/${row.line.offeringCode}`}>{en ? row.line.nameEn : row.line.nameZh}</Link> : <span>{row.request.offeringCode}</span>}
                    {row.request.note ? <p className="muted small line-note">{t("services.lineNote", { note: row.request.note })}</p> : null}
                    {row.problem ? (
                      <p className="field-errors" role="alert">
                        {translateMessage(t, encodeKey(`services.problems.${row.problem.messageKey.replace(/^errors\./, "")}`, row.problem.params ?? {}))}
                      </p>
                    ) : null}
                    {row.line?.conflict ? (
                      <p className="field-errors" role="alert">
                        {translateMessage(t, encodeKey(row.line.conflict.messageKey, row.line.conflict.params))}
                      </p>
                    ) : null}
                  </>
                ),
              },
              {
                header: t("services.when"),
                cell: (row) => (row.line ? <LineWhen startsAt={row.line.startsAt} endsAt={row.line.endsAt} unit={row.line.pricingUnit} units={row.line.units} /> : "—"),
              },
              { header: t("services.quantity"), cell: (row) => (row.line ? <LineQuantity quantity={row.line.quantity} units={row.line.units} unit={row.line.pricingUnit} /> : "—") },
              { header: t("services.amount"), cell: (row) => (row.line?.amountFen ? <Money fen={row.line.amountFen} /> : row.line ? t("services.units.quote") : "—") },
              {
                // The remove button needs no label on a phone: its own text says what it does.
                header: <span className="visually-hidden">{t("common.actions")}</span>,
                cell: (row) => (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="index" value={row.index} />
                    <button type="submit" className="link-button">
                      {t("services.cart.remove")}
                    </button>
                  </Form>
                ),
              },
            ]}
            after={
              <>
                <PriceTotals subtotalFen={preview.subtotalFen} vatFen={preview.vatFen} totalFen={preview.totalFen} testId="cart-total" />
                {preview.hasQuoteLines ? <p className="hint">{t("services.cart.quoteLines")}</p> : null}
              </>
            }
          />
          <div className="card">
            <Form method="post" {...getFormProps(form)} className="stack">
              <FormErrors id={form.errorId} errors={form.errors} />
              <Field label={t("services.form.title")} htmlFor={fields.title.id} errors={fields.title.errors} errorId={fields.title.errorId} hint={t("services.form.titleHint")}>
                <input {...getInputProps(fields.title, { type: "text" })} maxLength={100} />
              </Field>
              <Field label={t("services.form.note")} htmlFor={fields.note.id} errors={fields.note.errors} errorId={fields.note.errorId}>
                <textarea {...getTextareaProps(fields.note)} rows={3} maxLength={1000} />
              </Field>
              {!ready ? <p className="hint">{t("services.cart.fixFirst")}</p> : null}
              <div className="actions">
                <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
                  {busy && navigation.formData?.get("intent") === "submit" ? t("common.working") : t("services.cart.submit")}
                </button>
              </div>
            </Form>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="clear" />
              <button type="submit" className="link-button">
                {t("services.cart.clear")}
              </button>
            </Form>
          </div>
        </>
      )}
    </section>
  );
}
