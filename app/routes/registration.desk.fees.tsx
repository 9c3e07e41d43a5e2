// The desk's fee per kind of case (in yuan, stored as fen) and whether admitted tenants pay it.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { caseTypeKey } from "~/components/registration-ui";
import { fenToYuanString, parseYuanToFen } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { isCaseType, listFees, setFee } from "~/modules/registration/fees.server";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "registration:manage", kind: "park" });
  const fees = await listFees(await getDb());
  return { fees: fees.map((f) => ({ caseType: f.caseType, feeFen: String(f.feeFen), feeYuan: fenToYuanString(f.feeFen), freeForTenants: f.freeForTenants })) };
});

interface Answer {
  caseType: string;
  errors: Record<string, string[]>;
  done?: boolean;
}

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  const form = await readForm(request);
  const caseType = String(form.get("caseType") ?? "");
  if (!isCaseType(caseType)) throw new AppError("invalid", "errors.badForm");
  const feeFen = parseYuanToFen(String(form.get("feeYuan") ?? ""));
  if (feeFen === null) return data<Answer>({ caseType, errors: { feeYuan: ["errors.amountFormat"] } }, { status: 400 });
  try {
    await setFee(member, caseType, { feeFen, freeForTenants: form.get("freeForTenants") === "on" });
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid") {
      return data<Answer>({ caseType, errors: { feeYuan: [encodeMessage(error.messageKey, error.params)] } }, { status: 400 });
    }
    throw error;
  }
  return data<Answer>({ caseType, errors: {}, done: true });
});

export default function RegistrationFees() {
  const { t } = useTranslation();
  const { fees } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="fees-title">
      <h2 id="fees-title" className="card-title">
        {t("registration.desk.fees.title")}
      </h2>
      <p className="hint">{t("registration.desk.fees.hint")}</p>
      {answer?.done ? (
        <p className="notice" role="status">
          {t("registration.desk.fees.saved", { type: t(caseTypeKey(answer.caseType)) })}
        </p>
      ) : null}
      <ul className="list">
        {fees.map((f) => {
          const errors = answer?.caseType === f.caseType ? answer.errors.feeYuan : undefined;
          const id = `fee-${f.caseType}`;
          return (
            <li key={f.caseType}>
              <Form method="post" className="stack" aria-label={t(caseTypeKey(f.caseType))}>
                <input type="hidden" name="caseType" value={f.caseType} />
                <div className="card-header">
                  <h3>{t(caseTypeKey(f.caseType))}</h3>
                  <span className="small muted">
                    {t("registration.desk.fees.current")} <Money fen={f.feeFen} />
                    {f.freeForTenants ? ` · ${t("registration.desk.fees.freeForTenantsShort")}` : ""}
                  </span>
                </div>
                <div className="form-row">
                  <div className={errors ? "field field-invalid field-narrow" : "field field-narrow"}>
                    <label htmlFor={id}>{t("registration.desk.fees.feeYuan")}</label>
                    <input id={id} name="feeYuan" inputMode="decimal" defaultValue={f.feeYuan} aria-invalid={errors ? true : undefined} aria-describedby={errors ? `${id}-error` : undefined} />
                    {errors ? (
                      <ul id={`${id}-error`} className="field-errors" role="alert">
                        {errors.map((e) => (
                          <li key={e}>{translateMessage(t, e)}</li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                  <label className="choice">
                    <input type="checkbox" name="freeForTenants" defaultChecked={f.freeForTenants} />
                    {t("registration.desk.fees.freeForTenants")}
                  </label>
                </div>
                <p>
                  <button type="submit" className="button button-secondary button-small" disabled={busy}>
                    {t("common.save")}
                  </button>
                </p>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
