// The desk's fee per kind of case (in yuan, stored as fen) and whether admitted tenants pay it.
import { getInputProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CardSection } from "~/components/ui";
import { Field } from "~/components/forms";
import { Money } from "~/components/money";
import { caseTypeKey } from "~/components/registration-ui";
import { fenToYuanString } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listFees, setFee } from "~/modules/registration/fees.server";
import { feeSchema } from "~/modules/registration/forms";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "registration:manage", kind: "park" });
  const fees = await listFees(await getDb());
  return { fees: fees.map((f) => ({ caseType: f.caseType, feeFen: String(f.feeFen), feeYuan: fenToYuanString(f.feeFen), freeForTenants: f.freeForTenants })) };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  return submitForm(request, feeSchema, async (value) => {
    await setFee(member, value.caseType, { feeFen: value.feeYuan, freeForTenants: value.freeForTenants });
    return value.caseType;
  });
});

type Fee = ReturnType<typeof useLoaderData<typeof loader>>["fees"][number];

export default function RegistrationFees() {
  const { t } = useTranslation();
  const { fees } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <CardSection id="fees-title" title={t("registration.desk.fees.title")}>
      <p className="hint">{t("registration.desk.fees.hint")}</p>
      {answer?.done ? (
        <p className="notice" role="status">
          {t("registration.desk.fees.saved", { type: t(caseTypeKey(answer.done)) })}
        </p>
      ) : null}
      <ul className="list">
        {fees.map((f) => (
          <li key={f.caseType}>
            <FeeForm fee={f} reply={(answer?.result.initialValue as { caseType?: unknown } | null | undefined)?.caseType === f.caseType ? answer?.result : undefined} />
          </li>
        ))}
      </ul>
    </CardSection>
  );
}

/** One kind of case's fee; the page has one such form per kind, and the answer goes to the one that was sent. */
function FeeForm({ fee, reply }: { fee: Fee; reply: NonNullable<ReturnType<typeof useActionData<typeof action>>>["result"] | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ id: `fee-${fee.caseType}`, lastResult: reply, defaultValue: { feeYuan: fee.feeYuan } });
  // A fee the module refuses is said at the amount.
  const errors = fields.feeYuan.errors ?? form.errors;
  return (
    <Form method="post" className="stack" aria-label={t(caseTypeKey(fee.caseType))} id={form.id}>
      <input type="hidden" name="caseType" value={fee.caseType} />
      <div className="card-header">
        <h3>{t(caseTypeKey(fee.caseType))}</h3>
        <span className="small muted">
          {t("registration.desk.fees.current")} <Money fen={fee.feeFen} />
          {fee.freeForTenants ? ` · ${t("registration.desk.fees.freeForTenantsShort")}` : ""}
        </span>
      </div>
      <div className="form-row">
        <Field htmlFor={fields.feeYuan.id} errorId={fields.feeYuan.errorId} errors={errors} label={t("registration.desk.fees.feeYuan")} className="field-narrow">
          <input {...getInputProps(fields.feeYuan, { type: "text" })} inputMode="decimal" aria-invalid={errors ? true : undefined} aria-describedby={errors ? fields.feeYuan.errorId : undefined} />
        </Field>
        <label className="choice">
          <input type="checkbox" name="freeForTenants" defaultChecked={fee.freeForTenants} />
          {t("registration.desk.fees.freeForTenants")}
        </label>
      </div>
      <p>
        <button type="submit" className="button button-secondary button-small" disabled={busy}>
          {t("common.save")}
        </button>
      </p>
    </Form>
  );
}
