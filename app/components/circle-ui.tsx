// The circle's shared UI parts: skill chips and a suggested partner with its reason in words.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatCny } from "~/i18n/format";

interface SkillName {
  id: string;
  nameZh: string;
  nameEn: string;
}

export function useSkillName() {
  const { i18n } = useTranslation();
  return (skill: SkillName) => (i18n.language === "en" ? skill.nameEn : skill.nameZh);
}

export function useOrgName() {
  const { i18n } = useTranslation();
  return (org: { nameZh: string; nameEn: string }) => (i18n.language === "en" ? org.nameEn : org.nameZh);
}

/** The English description when there is one and the reader reads English, else the Chinese. */
export function useWhatWeDo() {
  const { i18n } = useTranslation();
  return (p: { whatWeDoZh: string; whatWeDoEn: string }) => (i18n.language === "en" && p.whatWeDoEn ? p.whatWeDoEn : p.whatWeDoZh);
}

export function SkillChips({ skills, label }: { skills: SkillName[]; label?: string }) {
  const name = useSkillName();
  if (skills.length === 0) return null;
  return (
    <ul className="skill-chips" aria-label={label}>
      {skills.map((skill) => (
        <li key={skill.id}>{name(skill)}</li>
      ))}
    </ul>
  );
}

/** "他们提供调色；你们在找调色" — each part of the reason in the reader's language. */
export function MatchReason({ theyOffer, theySeek }: { theyOffer: SkillName[]; theySeek: SkillName[] }) {
  const { t } = useTranslation();
  const name = useSkillName();
  const list = (skills: SkillName[]) => skills.map(name).join(t("circle.listSeparator"));
  const parts: string[] = [];
  if (theyOffer.length) parts.push(t("circle.reasonOffer", { skills: list(theyOffer) }));
  if (theySeek.length) parts.push(t("circle.reasonSeek", { skills: list(theySeek) }));
  return (
    <p className="circle-reason">
      {parts.map((part) => (
        <span key={part}>{part}</span>
      ))}
    </p>
  );
}

export interface SuggestionView {
  orgId: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  theyOffer: SkillName[];
  theySeek: SkillName[];
}

export function Suggestions({ suggestions }: { suggestions: SuggestionView[] }) {
  const { t } = useTranslation();
  const orgName = useOrgName();
  return (
    <section className="stack" aria-labelledby="suggestions-title" data-testid="circle-suggestions">
      <h2 id="suggestions-title">{t("circle.suggestions")}</h2>
      {suggestions.length === 0 ? (
        <p className="muted">{t("circle.suggestionsEmpty")}</p>
      ) : (
        <ul className="circle-grid">
          {suggestions.map((s) => (
            <li key={s.orgId} className="card circle-card">
              <h3>
                <Link to={`/circle/companies/${s.slug}`}>{orgName(s)}</Link>
              </h3>
              <MatchReason theyOffer={s.theyOffer} theySeek={s.theySeek} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A post's budget range in CNY, from fen. */
export function Budget({ minFen, maxFen }: { minFen: bigint | string | null; maxFen: bigint | string | null }) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  if (minFen === null && maxFen === null) return <>—</>;
  if (minFen !== null && maxFen !== null) return <>{`${formatCny(minFen, lang)} – ${formatCny(maxFen, lang)}`}</>;
  return <>{minFen !== null ? `≥ ${formatCny(minFen, lang)}` : `≤ ${formatCny(maxFen!, lang)}`}</>;
}
