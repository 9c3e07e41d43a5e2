// The circle's shared UI parts: skill chips, a suggested partner with its reason in words, a
// company's logo, a post's budget, the grids of checkboxes the forms choose from.
import type { FieldMetadata } from "@conform-to/react";
import { Link, type FetcherWithComponents } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/forms";
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
function MatchReason({ theyOffer, theySeek }: { theyOffer: SkillName[]; theySeek: SkillName[] }) {
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

/**
 * Two letters for a company without a logo: for a Chinese name the first two characters after the
 * city ("上海青焰动画工作室" → "青焰"), else the first letters of the first two words ("GA").
 */
function logoInitials(name: string) {
  const han = name.replace(/^(上海市?|昊浦)/, "").match(/\p{Script=Han}/gu);
  if (han && han.length > 0) return han.slice(0, 2).join("");
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, 2).map((w) => w[0]!.toUpperCase()).join("") || "·";
}

/** A steady colour per name, dark enough for white initials. */
function initialsHue(name: string) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) % 360;
  return hash;
}

/** The company's logo (served under the profile's visibility) or its initials on a colour. */
export function CompanyLogo({ org, size = "md" }: { org: { nameZh: string; nameEn: string; logoUrl?: string | null }; size?: "sm" | "md" | "lg" }) {
  const orgName = useOrgName();
  const sizeClass = size === "md" ? "" : ` circle-logo-${size}`;
  if (org.logoUrl) return <img className={`circle-logo${sizeClass}`} src={org.logoUrl} alt="" loading="lazy" decoding="async" data-testid="circle-logo" />;
  const name = orgName(org);
  return (
    <span className={`circle-logo circle-initials${sizeClass}`} style={{ background: `hsl(${initialsHue(name)} 45% 36%)` }} aria-hidden="true" data-testid="circle-initials">
      {logoInitials(name)}
    </span>
  );
}

/** "12.3 MB", "850 KB": a file's size for people. */
export function fileSize(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A post's budget range in CNY, from fen. */
export function Budget({ minFen, maxFen }: { minFen: bigint | string | null; maxFen: bigint | string | null }) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  if (minFen === null && maxFen === null) return <>—</>;
  if (minFen !== null && maxFen !== null) return <>{`${formatCny(minFen, lang)} – ${formatCny(maxFen, lang)}`}</>;
  return <>{minFen !== null ? `≥ ${formatCny(minFen, lang)}` : `≤ ${formatCny(maxFen!, lang)}`}</>;
}

/** A grid of checkboxes of one name (`name` and errors from the conform field), some checked. */
export function CheckGrid({ legend, meta, options, checked = [] }: { legend: string; meta: FieldMetadata<unknown>; options: { value: string; label: string }[]; checked?: readonly string[] }) {
  return (
    <fieldset className="check-grid">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value}>
          <input type="checkbox" name={meta.name} value={option.value} defaultChecked={checked.includes(option.value)} />
          {option.label}
        </label>
      ))}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

/** The park's skills as checkboxes. */
export function SkillChecks({ legend, meta, skills, checked }: { legend: string; meta: FieldMetadata<unknown>; skills: SkillName[]; checked?: readonly string[] }) {
  const name = useSkillName();
  return <CheckGrid legend={legend} meta={meta} options={skills.map((skill) => ({ value: skill.id, label: name(skill) }))} checked={checked} />;
}

/** A fetcher's upload form, emptied once its answer reports something done. */
export function useResetOnDone(fetcher: FetcherWithComponents<{ done: unknown } | undefined>) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.done) formRef.current?.reset();
  }, [fetcher.state, fetcher.data]);
  return formRef;
}

