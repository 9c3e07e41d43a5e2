// /housing/console/offers — offers made from the waitlist: open ones with their deadline (withdraw
// with a reason), then what became of the others (accepted, declined, lapsed, withdrawn, taken).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { Countdown, DateRange, fieldErrorsOf, HousingStatus, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { listOffers } from "~/modules/housing/console.server";
import { reasonSchema } from "~/modules/housing/forms";
import { withdrawOffer } from "~/modules/housing/offers.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return { offers: await listOffers(member), now: new Date().toISOString() };
});

type Answer = { offerId: string; fieldErrors?: Record<string, string[]>; error?: string };

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const form = await readForm(request);
  const offerId = String(form.get("offerId") ?? "");
  const parsed = reasonSchema.safeParse({ reason: String(form.get("reason") ?? "") });
  if (!parsed.success) return data<Answer>({ offerId, fieldErrors: fieldErrorsOf(parsed.error.issues) }, { status: 400 });
  try {
    await withdrawOffer(member, offerId, parsed.data.reason);
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      return data<Answer>({ offerId, error: encodeMessage(error.messageKey, error.params) }, { status: error.code === "invalid" ? 422 : 409 });
    }
    throw error;
  }
  return redirect("/housing/console/offers?done=1");
});

export default function Offers() {
  const { t, en } = useT();
  const { offers, now } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  return (
    <>
      {params.get("done") ? (
        <p className="notice" role="status">
          {t("housing.console.withdrawn")}
        </p>
      ) : null}
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}
      {offers.length === 0 ? <p className="empty-state card">{t("housing.console.emptyOffers")}</p> : null}
      <ul className="stack list-plain">
        {offers.map((o) => (
          <li key={o.id} className="card stack" data-testid="offer-row">
            <div className="card-header">
              <h3 className="card-title">
                <UnitLabel code={o.unitCode} bedNo={o.bedNo} /> · {o.applicantName} · {en ? o.orgNameEn : o.orgNameZh}
              </h3>
              <HousingStatus kind="offerStatus" status={o.status} />
            </div>
            <p className="small">
              <UnitTypeLabel type={o.unitType} /> · <DateRange from={o.startsOn} to={o.endsOn} /> · <Money fen={o.monthlyRentFen} />
              {o.reason ? <span className="muted"> · {o.reason}</span> : null}
            </p>
            {o.status === "open" ? (
              <>
                <p className="small">
                  {t("housing.console.expiresAt")}: <When at={o.expiresAt} /> · <Countdown until={o.expiresAt} now={now} />
                </p>
                <details className="inline-panel" open={answer?.offerId === o.id}>
                  <summary>{t("housing.console.withdrawOffer")}</summary>
                  <Form method="post" className="stack">
                    <input type="hidden" name="offerId" value={o.id} />
                    <div className="field">
                      <label htmlFor={`withdraw-${o.id}`}>{t("housing.pages.reasonLabel")}</label>
                      <input id={`withdraw-${o.id}`} type="text" name="reason" maxLength={2000} />
                      <FieldErrors id={`withdraw-${o.id}-errors`} errors={answer?.offerId === o.id ? answer.fieldErrors?.reason : undefined} />
                    </div>
                    <button type="submit" className="button button-danger button-small" disabled={busy}>
                      {t("housing.console.withdrawOffer")}
                    </button>
                  </Form>
                </details>
              </>
            ) : o.decidedAt ? (
              <p className="small muted">
                <When at={o.decidedAt} />
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
