// /housing/console/offers — offers made from the waitlist: open ones with their deadline (withdraw
// with a reason), then what became of the others (accepted, declined, lapsed, withdrawn, taken).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { PageErrors, ReasonPanel } from "~/components/housing-forms";
import { Countdown, DateRange, RedirectNotice, HousingStatus, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { listOffers } from "~/modules/housing/console.server";
import { withdrawOfferSchema } from "~/modules/housing/forms";
import { withdrawOffer } from "~/modules/housing/offers.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return { offers: await listOffers(member), now: new Date().toISOString() };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return submitForm(request, withdrawOfferSchema, async ({ offerId, reason }) => {
    await withdrawOffer(member, offerId, reason);
    return redirect("/housing/console/offers?done=1");
  });
});

export default function Offers() {
  const { t, en } = useT();
  const { offers, now } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <RedirectNotice message="housing.console.withdrawn" />
      <PageErrors />
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
                <ReasonPanel
                  id={`withdraw-${o.id}`}
                  sent={{ offerId: o.id }}
                  summary={t("housing.console.withdrawOffer")}
                  submitLabel={t("housing.console.withdrawOffer")}
                  busy={busy}
                  multiline={false}
                />
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
