// The parts of a housing application that its tenant page and the housing office's page both show:
// its facts, the offers made on it, and an open offer's terms with accept and decline.
import { ActionButton } from "~/components/forms";
import { useNavigation } from "@remix-run/react";
import { Money } from "~/components/money";
import { Countdown, DateRange, Detail, HousingStatus, UnitLabel, useT, When } from "~/components/housing-ui";

interface ApplicationFactsData {
  moveInOn: string;
  moveOutOn: string;
  payer: string;
  note: string | null;
  decisionReason: string | null;
}

/** Dates, who pays, the waitlist rank, the note and the decision's reason; `lead` comes first. */
export function ApplicationFacts({ application, waitlistPosition, lead }: { application: ApplicationFactsData; waitlistPosition: number | null | undefined; lead: React.ReactNode }) {
  const { t } = useT();
  return (
    <dl className="details">
      {lead}
      <dt>{t("housing.company.dates")}</dt>
      <dd>
        <DateRange from={application.moveInOn} to={application.moveOutOn} />
      </dd>
      <dt>{t("housing.resident.payer")}</dt>
      <dd>{t(`housing.pages.payer.${application.payer}`)}</dd>
      <Detail label={t("housing.console.rank")}>{waitlistPosition || null}</Detail>
      <Detail label={t("housing.console.note")}>{application.note}</Detail>
      <Detail label={t("housing.pages.reasonLabel")}>{application.decisionReason}</Detail>
    </dl>
  );
}

interface OfferRow {
  id: string;
  status: string;
  bedNo: number;
  startsOn: string;
  endsOn: string;
  unit: { code: string } | null;
}

/** Every offer made on the application and what became of it. */
export function OfferHistory({ offers }: { offers: OfferRow[] }) {
  const { t } = useT();
  if (offers.length === 0) return null;
  return (
    <div className="card">
      <h2 className="card-title">{t("housing.console.offersTitle")}</h2>
      <ul className="list">
        {offers.map((o) => (
          <li key={o.id} className="list-row">
            <span>
              {o.unit ? <UnitLabel code={o.unit.code} bedNo={o.bedNo} /> : null} · <DateRange from={o.startsOn} to={o.endsOn} />
            </span>
            <HousingStatus kind="offerStatus" status={o.status} />
          </li>
        ))}
      </ul>
    </div>
  );
}

interface OpenOffer {
  id: string;
  monthlyRentFen: bigint | string;
  depositFen: bigint | string;
  expiresAt: Date | string;
}

/**
 * An open offer's card: `what` says which place and when; then rent, deposit, the deadline with
 * the time left, and accept / decline, posted to the application's page (`action`).
 */
export function OpenOfferCard({ offer, what, action, now }: { offer: OpenOffer; what: React.ReactNode; action?: string; now: string }) {
  const { t } = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="card offer-card stack" data-testid="open-offer">
      <h2 className="card-title">{t("housing.resident.offerTitle")}</h2>
      <p>{what}</p>
      <p>
        {t("housing.resident.rent")} <Money fen={offer.monthlyRentFen} /> · {t("housing.resident.deposit")} <Money fen={offer.depositFen} />
      </p>
      <p>
        {t("housing.console.expiresAt")}: <When at={offer.expiresAt} /> · <Countdown until={String(offer.expiresAt)} now={now} />
      </p>
      <div className="actions">
        <ActionButton intent="accept" fields={{ offerId: offer.id }} action={action} label={t("housing.resident.accept")} busy={busy} />
        <ActionButton
          intent="declineOffer"
          fields={{ offerId: offer.id }}
          action={action}
          confirm={t("housing.resident.declineConfirm")}
          className="button button-secondary"
          label={t("housing.resident.decline")}
          busy={busy}
        />
      </div>
    </div>
  );
}
