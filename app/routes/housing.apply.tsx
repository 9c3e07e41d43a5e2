// /housing/apply — a tenant member applies for a talent apartment: unit type, dates, who pays,
// and the residents (the applicant first, prefilled). A company's owner or admin may apply for a
// member of the company, or for a new hire, who is invited by email the platform's usual way. Field errors come back in the reader's
// language; nothing is written until the whole form is valid.
import { getFormProps, getSelectProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { unitTypes } from "#db/schema/housing-values";
import { Field, FieldErrors, FormErrors, InputField, SubmitButton, TextareaField, useZodForm } from "~/components/forms";
import { useLastResult } from "~/components/housing-forms";
import { HousingHeader, useT } from "~/components/housing-ui";
import { submitApplication } from "~/modules/housing/applications.server";
import { applicationSchema, payers } from "~/modules/housing/forms";
import { quotaUse } from "~/modules/housing/quotas.server";
import { MAX_RESIDENTS } from "~/modules/housing/rules";
import { requireMember } from "~/modules/identity/access.server";
import { inviteMember, listMembers } from "~/modules/identity/members.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";
import { hasPermission } from "~/modules/identity/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("申请人才公寓");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const quota = await quotaUse(await getDb(), member.org.id);
  const moveInOn = addDaysIso(parkDate(), 14);
  const company = hasPermission(member, "housing:endorse", { kind: "tenant" });
  const members = company ? (await listMembers(member)).filter((m) => m.userId !== member.user.id).map((m) => ({ userId: m.userId, displayName: m.displayName, title: m.title })) : [];
  return {
    quota,
    company,
    members,
    applicantName: member.user.displayName,
    defaults: { moveInOn, moveOutOn: addDaysIso(moveInOn, 183) },
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  return submitForm(request, applicationSchema, async (application) => {
    // A new hire is invited the way every member is (an emailed link to join the company) first.
    if (application.newHireEmail) await inviteMember(member, { email: application.newHireEmail, role: "member" }, await requestInfo(request, context));
    const submitted = await submitApplication(member, application);
    return redirect(`/housing/applications/${submitted.id}?submitted=1`);
  });
});

export default function Apply() {
  const { t } = useT();
  const { quota, company, members, applicantName, defaults } = useLoaderData<typeof loader>();
    const busy = useNavigation().state === "submitting";
  const [form, fields] = useZodForm(applicationSchema, {
    id: "housing-application",
    lastResult: useLastResult(),
    defaultValue: { unitType: "", payer: "company", ...defaults, residents: [{ name: applicantName }] },
  });
  const residents = fields.residents.getFieldList();
  return (
    <section className="stack housing">
      <HousingHeader title={t("housing.apply.title")} lead={t("housing.apply.lead")} company={company} />
      <p className="card hint" data-testid="quota-use">
        {quota.places > 0 ? t("housing.apply.quota", { places: quota.places, used: quota.used, pending: quota.pending }) : t("housing.apply.noQuota")}
      </p>
      <Form method="post" {...getFormProps(form)} className="card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-row">
          <Field meta={fields.unitType} label={t("housing.apply.unitType")}>
            <select {...getSelectProps(fields.unitType)}>
              <option value="">{t("housing.apply.chooseType")}</option>
              {unitTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`housing.pages.unitTypes.${type}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {company ? (
          <fieldset className="plain field" data-testid="for-whom">
            <legend className="label">{t("housing.apply.forWhom")}</legend>
            <p className="hint">{t("housing.apply.forWhomHint")}</p>
            <div className="form-row">
              <Field meta={fields.forUserId} label={t("housing.apply.forWhom")}>
                <select {...getSelectProps(fields.forUserId)}>
                  <option value="">{t("housing.apply.forMyself")}</option>
                  {members.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.displayName}
                      {m.title ? ` · ${m.title}` : ""}
                    </option>
                  ))}
                </select>
              </Field>
              <InputField meta={fields.newHireEmail} label={t("housing.apply.newHireEmail")} hint={t("housing.apply.newHireHint")} type="email" autoComplete="off" maxLength={254} />
            </div>
          </fieldset>
        ) : null}
        <div className="form-row">
          <InputField meta={fields.moveInOn} label={t("housing.apply.moveInOn")} type="date" />
          <InputField meta={fields.moveOutOn} label={t("housing.apply.moveOutOn")} hint={t("housing.apply.moveOutHint")} type="date" />
        </div>
        <fieldset className="plain field">
          <legend className="label">{t("housing.apply.payer")}</legend>
          <div className="radio-row">
            {payers.map((payer) => (
              <label key={payer}>
                <input type="radio" name={fields.payer.name} value={payer} defaultChecked={fields.payer.initialValue === payer} /> {t(`housing.pages.payer.${payer}`)}
              </label>
            ))}
          </div>
          <FieldErrors id={fields.payer.errorId} errors={fields.payer.errors} />
        </fieldset>

        <h2>{t("housing.apply.residents")}</h2>
        <p className="hint form-lead">{t("housing.apply.privacy")}</p>
        <FieldErrors id={fields.residents.errorId} errors={fields.residents.errors} />
        {residents.map((resident, index) => {
          const r = resident.getFieldset();
          return (
            <fieldset key={resident.key} className="resident-fieldset" data-testid="resident">
              <legend>
                {t("housing.apply.resident", { n: index + 1 })}
                {index === 0 ? ` · ${t(company ? "housing.apply.primaryFor" : "housing.apply.primary")}` : ""}
              </legend>
              <div className="form-row">
                <InputField meta={r.name} label={t("housing.apply.name")} autoComplete={index === 0 ? "name" : "off"} maxLength={60} />
                <InputField meta={r.idNumber} label={t("housing.apply.idNumber")} hint={t("housing.apply.idHint")} autoComplete="off" inputMode="text" maxLength={20} spellCheck={false} />
                <InputField meta={r.phone} label={t("housing.apply.phone")} type="tel" autoComplete={index === 0 ? "tel" : "off"} maxLength={20} />
              </div>
              {index > 0 ? (
                <button className="button button-small button-secondary" {...form.remove.getButtonProps({ name: fields.residents.name, index })}>
                  {t("housing.apply.removeResident")}
                </button>
              ) : null}
            </fieldset>
          );
        })}
        {residents.length < MAX_RESIDENTS ? (
          <p>
            <button className="button button-small button-secondary" {...form.insert.getButtonProps({ name: fields.residents.name })}>
              {t("housing.apply.addResident")}
            </button>
          </p>
        ) : null}

        <TextareaField meta={fields.note} label={t("housing.apply.note")} hint={t("housing.apply.noteHint")} rows={2} maxLength={1000} />
        <SubmitButton busy={busy}>{t("housing.apply.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
