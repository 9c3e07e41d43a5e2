// One package: its contents and package price; a tenant picks a start date and books it —
// every item's time is held, or none is.
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { BookingGate, LineWhen, PriceTotals, ServicesNav } from "~/components/services-ui";
import { requireMember } from "~/modules/identity/access.server";
import { FieldProblems, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { getPackage, optionalMember, readCart, servicesRole } from "~/modules/services/catalogue.server";
import { previewLines } from "~/modules/services/console.server";
import { encodeKey, packageBookingSchema, problemFieldErrors } from "~/modules/services/forms";
import { placeOrder } from "~/modules/services/place-order.server";
import { addDaysIso, parkDay } from "~/modules/services/pricing";
import type { loader as previewLoader } from "~/routes/services.preview";
import servicesStyles from "~/styles/services.css";
import { languageOf, pageTitle } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: servicesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const language = languageOf(matches);
  return [{ title: pageTitle((language === "en" ? data?.pkg.nameEn : data?.pkg.nameZh) ?? "套餐", language) }];
};

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const [pkg, member] = await Promise.all([getPackage(params.code ?? ""), optionalMember(request)]);
  const role = servicesRole(member);
  const cart = role === "tenant" ? await readCart(request) : [];
  return { pkg, role, signedIn: Boolean(member), cartCount: cart.length, defaultStart: addDaysIso(parkDay(new Date()), 7) };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:order", kind: "tenant" });
  const pkg = await getPackage(params.code ?? "");
  return submitForm(request, packageBookingSchema, async ({ startDate, note }) => {
    const preview = await previewLines({ lines: [], packageCode: pkg.code, packageStartDate: startDate });
    // Every item's problem is about the one date the form asks for.
    if (preview.problems.length) throw new FieldProblems({ startDate: Object.values(problemFieldErrors(preview.problems)).flat() });
    const order = await placeOrder(member, { lines: [], packageCode: pkg.code, packageStartDate: startDate, note });
    return redirect(`/services/orders/${order.id}?placed=1`);
  });
});

export default function PackagePage() {
  const { t, i18n } = useTranslation();
  const { pkg, role, signedIn, cartCount, defaultStart } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const en = i18n.language === "en";
  const preview = useFetcher<typeof previewLoader>();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, fields] = useForm({
    id: `package-${pkg.code}`,
    lastResult: actionData?.result,
    defaultValue: { startDate: defaultStart, note: "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: packageBookingSchema }),
  });
  const loadPreview = () => {
    const start = formRef.current ? new FormData(formRef.current).get("startDate") : null;
    if (typeof start === "string" && start) preview.load(`/services/preview?package=${encodeURIComponent(pkg.code)}&startDate=${encodeURIComponent(start)}`);
  };
  useEffect(() => {
    if (role === "tenant") loadPreview();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [role, pkg.code]);
  const p = preview.data?.preview;
  const previewErrors = (preview.data?.fieldErrors as Record<string, string[]> | undefined)?.startDate;
  return (
    <section className="stack services">
      <p>
        <Link to="/services">← {t("services.title")}</Link>
      </p>
      <ServicesNav kind={role} cartCount={cartCount} />
      <header className="page-header">
        <p className="eyebrow">{t("services.packagesTitle")}</p>
        <h1>{en ? pkg.nameEn : pkg.nameZh}</h1>
        <p className="offering-price big">
          <span className="price">
            <Money fen={pkg.priceFen} />
          </span>
          {BigInt(pkg.catalogueFen) > BigInt(pkg.priceFen) ? (
            <span className="muted small">
              {" "}
              {t("services.packageSaves")} <s><Money fen={pkg.catalogueFen} /></s>
            </span>
          ) : null}
        </p>
        <p className="lead">{en ? pkg.descriptionEn : pkg.descriptionZh}</p>
      </header>
      <div className="offering-layout">
        <div className="card">
          <h2 className="card-title">{t("services.packageContents")}</h2>
          <ul className="list">
            {pkg.items.map((item) => (
              <li key={item.id} className="list-row">
                <Link to={`/services/${item.offeringCode}`}>{en ? item.nameEn : item.nameZh}</Link>
                <span className="muted">{t(item.pricingUnit === "night" ? "services.packageItemNights" : "services.packageItem", { quantity: item.quantity, days: item.days, from: item.dayOffset + 1 })}</span>
              </li>
            ))}
          </ul>
          <p className="hint">{t("services.packageAtomic")}</p>
        </div>
        <aside className="card booking-card" aria-labelledby="book-title">
          <h2 id="book-title" className="card-title">
            {t("services.bookPackage")}
          </h2>
          {role === "tenant" ? (
            <Form method="post" {...getFormProps(form)} ref={formRef} onChange={loadPreview} className="booking-form">
              <FormErrors id={form.errorId} errors={form.errors} />
              <Field label={t("services.form.startDate")} htmlFor={fields.startDate.id} errors={fields.startDate.errors ?? previewErrors} errorId={fields.startDate.errorId}>
                <input {...getInputProps(fields.startDate, { type: "date" })} />
              </Field>
              <Field label={t("services.form.note")} htmlFor={fields.note.id} errors={fields.note.errors} errorId={fields.note.errorId}>
                <textarea {...getTextareaProps(fields.note)} rows={2} maxLength={1000} />
              </Field>
              <div className="price-preview" aria-live="polite">
                {p ? (
                  <>
                    <ul className="list small">
                      {p.lines.map((line) => (
                        <li key={`${line.offeringCode}-${line.startsAt}`}>
                          {en ? line.nameEn : line.nameZh} · <LineWhen startsAt={line.startsAt} endsAt={line.endsAt} unit={line.pricingUnit} units={line.units} />
                          {line.conflict ? (
                            <span className="field-errors" role="alert">
                              {" "}
                              {translateMessage(t, encodeKey(line.conflict.messageKey, line.conflict.params))}
                            </span>
                          ) : (
                            <span className="available"> ✓</span>
                          )}
                        </li>
                      ))}
                    </ul>
                    <PriceTotals subtotalFen={p.subtotalFen} vatFen={p.vatFen} totalFen={p.totalFen} packaged />
                    {!p.available ? <p className="form-errors">{t("services.packageUnavailable")}</p> : null}
                  </>
                ) : (
                  <p className="muted">{t("services.previewHint")}</p>
                )}
              </div>
              <button type="submit" className="button" disabled={busy}>
                {busy ? t("common.working") : t("services.bookPackage")}
              </button>
            </Form>
          ) : (
            <BookingGate signedIn={signedIn} path={`/services/packages/${pkg.code}`} />
          )}
        </aside>
      </div>
    </section>
  );
}
