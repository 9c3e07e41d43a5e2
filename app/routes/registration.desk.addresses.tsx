// The park's pool of registered addresses (注册地址): which are free, which case holds each of the
// others, and adding an address. An address goes to one case only (the module sees to it).
import { getInputProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DoneNotice, Field, InputField } from "~/components/forms";
import { CaseStatus } from "~/components/registration-ui";
import { CardSection, Stats, StatusBadge } from "~/components/ui";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { addAddress, listAddresses } from "~/modules/registration/addresses.server";
import { addressSchema } from "~/modules/registration/forms";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const url = new URL(request.url);
  const show = url.searchParams.get("show") === "free" ? "free" : url.searchParams.get("show") === "assigned" ? "assigned" : "all";
  const addresses = await listAddresses(member);
  return { addresses, show };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  return submitForm(
    request,
    addressSchema,
    async (value) => {
      await addAddress(member, value);
      return "registration.desk.addresses.added";
    },
    { resetForm: true },
  );
});

export default function AddressPool() {
  const { t, i18n } = useTranslation();
  const { addresses, show } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ id: "address", lastResult: answer?.result });
  const zhErrors = fields.addressZh.errors ?? form.errors;
  const free = addresses.filter((a) => !a.caseId);
  const shown = show === "free" ? free : show === "assigned" ? addresses.filter((a) => a.caseId) : addresses;
  return (
    <>
      <Stats
        items={[
          { value: addresses.length, label: t("registration.desk.addresses.total") },
          { value: free.length, label: t("registration.desk.addresses.free") },
          { value: addresses.length - free.length, label: t("registration.desk.addresses.assigned") },
        ]}
      />
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
                  <StatusBadge tone="success">{t("registration.desk.addresses.freeOne")}</StatusBadge>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <CardSection id="add-address" title={t("registration.desk.addresses.addTitle")}>
        <DoneNotice message={answer?.done} />
        <Form method="post" className="stack" id={form.id}>
          {/* An address the pool already holds is refused at the Chinese address. */}
          <Field htmlFor={fields.addressZh.id} errorId={fields.addressZh.errorId} errors={zhErrors} label={t("registration.desk.addresses.addressZh")}>
            <input {...getInputProps(fields.addressZh, { type: "text" })} aria-invalid={zhErrors ? true : undefined} aria-describedby={zhErrors ? fields.addressZh.errorId : undefined} required maxLength={300} />
          </Field>
          <InputField meta={fields.addressEn} label={t("registration.desk.addresses.addressEn")} required maxLength={300} />
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t("registration.desk.addresses.addButton")}
            </button>
          </p>
        </Form>
      </CardSection>
    </>
  );
}
