// /circle/companies/:slug — one company's profile. A hidden profile is 404 to everyone but the
// company and park staff; visitors see only profiles opted in to the public. Its logo, and the
// people who published their own profile (visitors: only those who also chose public).
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DoneNotice } from "~/components/forms";
import { awardTone } from "~/components/circle-page";
import { CompanyLogo, SkillChips, useOrgName, useWhatWeDo } from "~/components/circle-ui";
import { StatusBadge } from "~/components/ui";
import { formatDate } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { awardsOfCompany } from "~/modules/circle/calls.server";
import { peopleOfCompany } from "~/modules/circle/people.server";
import { circleViewer, getProfile } from "~/modules/circle/profiles.server";
import { getActor } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("企业主页 · 生态朋友圈");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const profile = await getProfile(viewer, params.slug ?? "");
  // 获奖/入选: the park's calls the company won, shown to whoever may see the profile.
  return { ...profile, callAwards: await awardsOfCompany(profile.org.id), people: await peopleOfCompany(viewer, profile.org.id), mayEditOwn: profile.isOwn && viewer.kind === "member" };
});

export default function CircleProfile() {
  const { t, i18n } = useTranslation();
  const { org, profile, logoUrl, offers, seeks, mayEdit, callAwards, people, mayEditOwn } = useLoaderData<typeof loader>();
  const orgName = useOrgName();
  const whatWeDo = useWhatWeDo();
  const works = profile.works.filter((w) => !w.award);
  const awards = profile.works.filter((w) => w.award);
  const none = <span className="muted">{t("circle.profile.none")}</span>;
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle">{t("circle.profile.back")}</Link>
        </p>
        <div className="circle-named">
          <CompanyLogo org={{ ...org, logoUrl }} size="lg" />
          <h1>{orgName(org)}</h1>
        </div>
        <p className="lead circle-body">{whatWeDo(profile)}</p>
        {mayEdit ? (
          <Link to="/circle/profile" className="button button-small button-secondary">
            {t("circle.profile.edit")}
          </Link>
        ) : null}
      </header>
      <DoneNotice message={profile.visibility === "hidden" ? "circle.profile.hiddenNotice" : null} />
      <div className="card">
        <dl className="details">
          <dt>{t("circle.profile.categories")}</dt>
          <dd>{profile.categories.length ? profile.categories.map((c) => t(`categories.${c}`)).join(" · ") : none}</dd>
          <dt>{t("circle.offers")}</dt>
          <dd>{offers.length ? <SkillChips skills={offers} label={t("circle.offers")} /> : none}</dd>
          <dt>{t("circle.seeks")}</dt>
          <dd>{seeks.length ? <SkillChips skills={seeks} label={t("circle.seeks")} /> : none}</dd>
          <dt>{t("circle.profile.teamSize")}</dt>
          <dd>{profile.teamSize ? t("circle.profile.teamSizeValue", { count: profile.teamSize }) : none}</dd>
          <dt>{t("circle.profile.founded")}</dt>
          <dd>{profile.foundedYear ?? none}</dd>
          <dt>{t("circle.profile.inParkSince")}</dt>
          <dd>{formatDate(profile.inParkSince, i18n.language)}</dd>
        </dl>
      </div>
      {callAwards.length ? (
        <section className="card" aria-labelledby="call-awards" data-testid="profile-call-awards">
          <h2 id="call-awards">{t("circleCalls.profileSection")}</h2>
          <ul className="list">
            {callAwards.map((a) => (
              <li key={a.callId}>
                <StatusBadge tone={awardTone}>{t(`circleCalls.kind.${a.kind}`)}</StatusBadge> {i18n.language === "en" && a.titleEn ? a.titleEn : a.titleZh} · {a.entryTitle} ·{" "}
                <span className="muted small">{formatDate(a.awardedAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("circle.profile.works")}</h2>
        {works.length ? (
          <ul className="list">
            {works.map((w, i) => (
              <li key={`${w.title}-${i}`}>
                {w.link ? (
                  <a href={w.link} rel="noopener noreferrer nofollow" target="_blank">
                    {w.title}
                  </a>
                ) : (
                  w.title
                )}
                {w.year ? ` · ${w.year}` : ""}
                {w.role ? ` · ${w.role}` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p>{none}</p>
        )}
        {awards.length ? (
          <>
            <h2>{t("circle.profile.awards")}</h2>
            <ul className="list">
              {awards.map((w, i) => (
                <li key={`${w.title}-${i}`}>
                  {w.title}
                  {w.year ? ` · ${w.year}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {profile.showreelLinks.length ? (
          <>
            <h2>{t("circle.profile.showreels")}</h2>
            <ul className="list">
              {profile.showreelLinks.map((link) => (
                <li key={link}>
                  <a href={link} rel="noopener noreferrer nofollow" target="_blank">
                    {link}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="people-title" data-testid="circle-people">
        <h2 id="people-title">{t("circle.people.title")}</h2>
        {people.length ? (
          <>
            <p className="muted small">{t("circle.people.lead")}</p>
            <ul className="circle-people">
              {people.map((person) => (
                <li key={person.membershipId}>
                  <p>
                    <strong>{person.name}</strong> · {person.title}
                    {mayEditOwn && person.publicOptIn ? <> <StatusBadge tone="neutral">{t("circle.people.publicBadge")}</StatusBadge></> : null}
                  </p>
                  <SkillChips skills={person.skills} label={t("circle.me.skills")} />
                  {person.bio ? <p className="circle-body small">{person.bio}</p> : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{none}</p>
        )}
        {mayEditOwn ? (
          <Link to="/circle/me" className="button button-small button-secondary">
            {t("circle.people.meLink")}
          </Link>
        ) : null}
      </section>
    </section>
  );
}
