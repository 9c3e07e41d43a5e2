// The parts of an offering's page (/services/:code): what the offering is and its terms, and the
// live price preview beside the booking form (the same pricing the order and its invoice use).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "~/components/form-messages";
import { Money } from "~/components/money";
import { LineQuantity, OfferingTerms, PriceTotals } from "~/components/services-ui";
import type { getOffering } from "~/modules/services/catalogue.server";
import type { previewLines } from "~/modules/services/console.server";
import { encodeKey, hhmmOf } from "~/modules/services/forms";

type Offering = Awaited<ReturnType<typeof getOffering>>["offering"];
type OfferingPackage = Awaited<ReturnType<typeof getOffering>>["packages"][number];

/** The offering's terms: unit, quantities, notice, cancellation, approval, its resource and packages. */
export function OfferingFacts({ offering, packages }: { offering: Offering; packages: OfferingPackage[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const unit = offering.pricingUnit;
  return (
    <div className="card">
      <dl className="details">
        <dt>{t("services.pricingUnit")}</dt>
        <dd>{t(`services.unitNames.${unit}`)}</dd>
        <OfferingTerms offering={offering} />
        <dt>{t("services.approval")}</dt>
        <dd>{offering.requiresApproval || unit === "quote" ? t("services.approvalYes") : t("services.approvalNo")}</dd>
        {offering.resource ? (
          <>
            <dt>{t("services.resource")}</dt>
            <dd>
              {en ? offering.resource.nameEn : offering.resource.nameZh}
              {offering.resource.capacity > 1 ? <span className="muted"> · {t("services.poolOf", { count: offering.resource.capacity })}</span> : null}
              {offering.resource.opensMinute !== null ? (
                <div className="muted small">
                  {t("services.openingHours", { from: hhmmOf(offering.resource.opensMinute), to: hhmmOf(offering.resource.closesMinute) })}
                </div>
              ) : null}
              {offering.resource.setupMinutes || offering.resource.teardownMinutes ? (
                <div className="muted small">{t("services.buffers", { setup: offering.resource.setupMinutes, teardown: offering.resource.teardownMinutes })}</div>
              ) : null}
            </dd>
          </>
        ) : null}
        {packages.length ? (
          <>
            <dt>{t("services.inPackages")}</dt>
            <dd>
              {packages.map((pkg, i) => (
                <span key={pkg.code}>
                  {i ? "、" : ""}
                  <Link to={`/services/packages/${pkg.code}`}>{en ? pkg.nameEn : pkg.nameZh}</Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/**
 * What the booking would cost and whether its time is free: its lines, the totals with VAT, and the
 * reasons it cannot be booked as it stands. `pricing`: an answer is on its way.
 */
export function BookingPreview({ preview: p, pricing }: { preview: Awaited<ReturnType<typeof previewLines>> | null | undefined; pricing: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const problems = p?.problems ?? [];
  return (
    <div className="price-preview" aria-live="polite" data-testid="price-preview">
      {p && p.lines[0] ? (
        <>
          {p.lines.length > 1 ? (
            <ul className="preview-lines">
              {p.lines.map((line) => (
                <li key={line.index}>
                  <span>{en ? line.nameEn : line.nameZh}</span>
                  <span>
                    <LineQuantity quantity={line.quantity} units={line.units} unit={line.pricingUnit} />
                    {line.amountFen !== null ? (
                      <>
                        {" "}
                        <Money fen={line.amountFen} />
                      </>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="preview-line" hidden={p.lines.length > 1}>
            {p.lines[0].unitPriceFen === null ? (
              t("services.quoteLater")
            ) : (
              <>
                <Money fen={p.lines[0].unitPriceFen} /> × <LineQuantity quantity={p.lines[0].quantity} units={p.lines[0].units} unit={p.lines[0].pricingUnit} />
              </>
            )}
          </p>
          {p.lines[0].unitPriceFen !== null ? <PriceTotals subtotalFen={p.subtotalFen} vatFen={p.vatFen} totalFen={p.totalFen} testId="preview-total" /> : null}
          {problems.length ? (
            <p className="form-errors" role="alert">
              {problems.map((problem) => translateMessage(t, encodeKey(`services.problems.${problem.messageKey.replace(/^errors\./, "")}`, problem.params ?? {}))).join(" ")}
            </p>
          ) : p.lines.some((line) => line.conflict) ? (
            <p className="form-errors" role="alert">
              {p.lines.flatMap((line) => (line.conflict ? [translateMessage(t, encodeKey(line.conflict.messageKey, line.conflict.params))] : [])).join(" ")}
            </p>
          ) : (
            <p className="available">✓ {t("services.available")}</p>
          )}
        </>
      ) : pricing ? (
        <p className="muted">{t("services.pricing")}</p>
      ) : (
        <p className="muted">{t("services.previewHint")}</p>
      )}
    </div>
  );
}
