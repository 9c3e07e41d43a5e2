// A repair request's facts and photos, shown to its reporter and to the housing office alike.
import { Age, Detail, HousingStatus, useT, When } from "~/components/housing-ui";

export interface RepairDetailsData {
  id: string;
  status: string;
  category: string;
  description: string;
  unitCode: string;
  buildingNameZh: string;
  buildingNameEn: string;
  reporterName: string | null;
  assigneeName: string | null;
  createdAt: Date | string;
  scheduledFor: Date | string | null;
  resolutionNote: string | null;
  rating: number | null;
  ratingComment: string | null;
  open: boolean;
  photos: { index: number; filename: string }[];
}

/** A repair request's facts and photos, for its reporter and for housing staff alike. */
export function RepairDetails({ repair, now }: { repair: RepairDetailsData; now: string }) {
  const { t, en } = useT();
  return (
    <div className="card stack" data-testid="repair-details">
      <div className="card-header">
        <h2 className="card-title">
          {t(`housing.pages.repairCategory.${repair.category}`)} · {repair.unitCode}
        </h2>
        <HousingStatus kind="repairStatus" status={repair.status} />
      </div>
      <p>{repair.description}</p>
      <dl className="details">
        <dt>{t("housing.resident.building")}</dt>
        <dd>{en ? repair.buildingNameEn : repair.buildingNameZh}</dd>
        <dt>{t("housing.console.reportedBy")}</dt>
        <dd>
          {repair.reporterName} · <When at={repair.createdAt} />
        </dd>
        <Detail label={t("housing.console.age")}>{repair.open ? <Age since={String(repair.createdAt)} now={now} /> : null}</Detail>
        <Detail label={t("housing.console.assignee")}>{repair.assigneeName}</Detail>
        <Detail label={t("housing.console.scheduledFor")}>{repair.scheduledFor ? <When at={repair.scheduledFor} /> : null}</Detail>
        <Detail label={t("housing.console.resolutionNote")}>{repair.resolutionNote}</Detail>
        <Detail label={t("housing.console.rating")}>{repair.rating ? `${"★".repeat(repair.rating)}${repair.ratingComment ? ` · ${repair.ratingComment}` : ""}` : null}</Detail>
      </dl>
      {repair.photos.length ? (
        <div className="repair-photos">
          {repair.photos.map((p) => (
            <a key={p.index} href={`/housing/repairs/${repair.id}/photos/${p.index}`} target="_blank" rel="noreferrer">
              <img src={`/housing/repairs/${repair.id}/photos/${p.index}`} alt={t("housing.pages.photoAlt", { unit: repair.unitCode, n: p.index + 1 })} loading="lazy" />
            </a>
          ))}
        </div>
      ) : null}
    </div>
  );
}
