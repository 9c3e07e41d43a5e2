// The park's pool of registered addresses (注册地址): which are free, which case holds each of the
// others, and adding an address. An address goes to one case only (the module sees to it).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "~/components/forms";
import { CaseStatus } from "~/components/registration-ui";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { addAddress, listAddresses } from "~/modules/registration/addresses.server";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const url = new URL(request.url);
  const show = url.searchParams.get("show") === "free" ? "free" : url.searchParams.get("show") === "assigned" ? "assigned" : "all";
  const addresses = await listAddresses(member);
  return { addresses, show };
});

interface Answer {
  errors: Record<string, string[]>;
  done?: boolean;
}

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const form = await readForm(request);
  const addressZh = String(form.get("addressZh") ?? "").trim();
  const addressEn = String(form.get("addressEn") ?? "").trim();
  const errors: Record<string, string[]> = {};
  if (!addressZh) errors.addressZh = ["registration.errors.required"];
  if (!addressEn) errors.addressEn = ["registration.errors.required"];
  if (Object.keys(errors).length) return data<Answer>({ errors }, { status: 400 });
  try {
    await addAddress(member, { addressZh, addressEn });
  } catch (error) {
    if (error instanceof AppError && (error.code === "invalid" || error.code === "conflict")) {
      return data<Answer>({ errors: { addressZh: [encodeMessage(error.messageKey, error.params)] } }, { status: error.code === "conflict" ? 409 : 400 });
    }
    throw error;
  }
  return data<Answer>({ errors: {}, done: true });
});

export default function AddressPool() {
  const { t, i18n } = useTranslation();
  const { addresses, show } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (answer?.done) formRef.current?.reset();
  }, [answer]);
  const free = addresses.filter((a) => !a.caseId);
  const shown = show === "free" ? free : show === "assigned" ? addresses.filter((a) => a.caseId) : addresses;
  return (
    <>
      <ul className="stats">
        <li>
          <strong>{addresses.length}</strong>
          <span>{t("registration.desk.addresses.total")}</span>
        </li>
        <li>
          <strong>{free.length}</strong>
          <span>{t("registration.desk.addresses.free")}</span>
        </li>
        <li>
          <strong>{addresses.length - free.length}</strong>
          <span>{t("registration.desk.addresses.assigned")}</span>
        </li>
      </ul>
      {free.length === 0 ? <p className="banner banner-warn">{t("registration.desk.addresses.noneFree")}</p> : null}
      <section className="card" aria-labelledby="pool-title">
        <div className="card-header">
          <h2 id="pool-title" className="card-title">
            {t("registration.desk.addresses.title")}
          </h2>
          <ul className="tabs">
            {(["all", "free", "assigned"] as const).map((s) => (
              <li key={s}>
                <Link to={s === "all" ? "?" : `?show=${s}`} className={show === s ? "tab active" : "tab"}>
                  {t(`registration.desk.addresses.show.${s}`)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
        {shown.length === 0 ? (
          <p className="muted">{t("registration.desk.addresses.empty")}</p>
        ) : (
          <ul className="list">
            {shown.map((a) => (
              <li key={a.id} className="list-row">
                <span className="address-row">
                  <span>{i18n.language === "en" ? a.addressEn : a.addressZh}</span>
                  <span className="small muted">{i18n.language === "en" ? a.addressZh : a.addressEn}</span>
                </span>
                {a.caseId ? (
                  <span className="small">
                    <Link to={`/registration/desk/${a.caseId}`}>{a.caseNumber}</Link> {a.caseStatus ? <CaseStatus status={a.caseStatus} /> : null}{" "}
                    {a.approvedNameZh ?? (i18n.language === "en" ? a.orgNameEn : a.orgNameZh) ?? ""}
                  </span>
                ) : (
                  <span className="badge-soft badge-ok">{t("registration.desk.addresses.freeOne")}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="add-address">
        <h2 id="add-address" className="card-title">
          {t("registration.desk.addresses.addTitle")}
        </h2>
        {answer?.done ? (
          <p className="notice" role="status">
            {t("registration.desk.addresses.added")}
          </p>
        ) : null}
        <Form method="post" className="stack" ref={formRef}>
          {(["addressZh", "addressEn"] as const).map((name) => {
            const errors = answer?.errors[name];
            return (
              <div key={name} className={errors ? "field field-invalid" : "field"}>
                <label htmlFor={`address-${name}`}>{t(`registration.desk.addresses.${name}`)}</label>
                <input id={`address-${name}`} name={name} required maxLength={300} aria-invalid={errors ? true : undefined} aria-describedby={errors ? `address-${name}-error` : undefined} />
                {errors ? (
                  <ul id={`address-${name}-error`} className="field-errors" role="alert">
                    {errors.map((e) => (
                      <li key={e}>{translateMessage(t, e)}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            );
          })}
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t("registration.desk.addresses.addButton")}
            </button>
          </p>
        </Form>
      </section>
    </>
  );
}
