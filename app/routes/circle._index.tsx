// /circle — the friend circle's directory: search (/circle?q=… carries a search in a link, Chinese,
// pinyin and initials), filters by category and skill, sorting by match or arrival, and for a
// tenant its suggested partners and the open posts that fit it; a search also finds people who
// published their own profile. Visitors see opt-in profiles (and opt-in people) only.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CardGrid, hiddenTone } from "~/components/circle-page";
import { CompanyLogo, SkillChips, Suggestions, useOrgName, useSkillName, useWhatWeDo } from "~/components/circle-ui";
import { StatusBadge } from "~/components/ui";
import { titled } from "~/i18n/page-titles";
import { searchDirectory } from "~/modules/circle/directory.server";
import { categories, directoryQuerySchema } from "~/modules/circle/forms";
import { fittingPosts, suggestedPartners } from "~/modules/circle/matches.server";
import { searchPeople } from "~/modules/circle/people.server";
import { circleViewer, listSkills, mayEditProfile } from "~/modules/circle/profiles.server";
import { getActor } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("生态朋友圈");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const params = new URL(request.url).searchParams;
  const query = directoryQuerySchema.parse(Object.fromEntries(params));
  const member = viewer.kind === "member" ? viewer.member : null;
  const [directory, people, skills, suggestions, posts] = await Promise.all([
    searchDirectory(viewer, query),
    searchPeople(viewer, query.q),
    listSkills(),
    member ? suggestedPartners(member) : Promise.resolve([]),
    member ? fittingPosts(member) : Promise.resolve([]),
  ]);
  return {
    viewer: viewer.kind,
    query: { q: query.q ?? "", category: query.category ?? "", skill: query.skill ?? "", sort: directory.sort },
    profiles: directory.profiles,
    people,
    skills: skills.map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })),
    suggestions,
    posts,
    mayEdit: member ? mayEditProfile(member) : false,
    mayCurate: viewer.kind === "staff" && hasPermission(viewer.member, "circle:moderate", { kind: "park" }),
  };
});

export default function CircleDirectory() {
  const { t } = useTranslation();
  const { viewer, query, profiles, people, skills, suggestions, posts, mayEdit, mayCurate } = useLoaderData<typeof loader>();
  const orgName = useOrgName();
  const skillName = useSkillName();
  const whatWeDo = useWhatWeDo();
  const searching = Boolean(query.q || query.category || query.skill);
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("circle.title")}</h1>
        <p className="lead">{viewer === "visitor" ? t("circle.visitorLead") : t("circle.lead")}</p>
        {viewer !== "visitor" ? (
          <p className="filters">
            <Link to="/circle/board" className="button button-small">
              {t("circle.boardLink")}
            </Link>
            <Link to="/circle/calls" className="button button-small">
              {t("circleCalls.link")}
            </Link>
            <Link to="/circle/events" className="button button-small">
              {t("circleEvents.navLink")}
            </Link>
            {mayEdit ? (
              <Link to="/circle/profile" className="button button-small button-secondary">
                {t("circle.editProfile")}
              </Link>
            ) : null}
            {viewer === "member" ? (
              <Link to="/circle/me" className="button button-small button-secondary">
                {t("circle.people.meLink")}
              </Link>
            ) : null}
            {mayCurate ? (
              <Link to="/circle/skills" className="button button-small button-secondary">
                {t("circle.skillsAdmin")}
              </Link>
            ) : null}
          </p>
        ) : (
          <p>
            <Link to="/circle/events" className="button button-small">
              {t("circleEvents.navLink")}
            </Link>
          </p>
        )}
      </header>

      {viewer === "member" && !searching ? <Suggestions suggestions={suggestions} /> : null}
      {viewer === "member" && !searching && posts.length > 0 ? (
        <section className="stack" aria-labelledby="fitting-title">
          <h2 id="fitting-title">{t("circle.fittingPosts")}</h2>
          <ul className="list">
            {posts.map((p) => (
              <li key={p.id}>
                <Link to={`/circle/board/${p.id}`}>{p.title}</Link> <span className="muted small">· {t(`circle.board.${p.kind}`)} · {orgName(p)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form method="get" className="filters circle-filters" role="search">
        <label htmlFor="circle-q" className="visually-hidden">
          {t("circle.searchLabel")}
        </label>
        <input id="circle-q" type="search" name="q" defaultValue={query.q} maxLength={100} placeholder={t("circle.searchPlaceholder")} aria-label={t("circle.searchLabel")} />
        <select name="category" defaultValue={query.category} aria-label={t("circle.category")}>
          <option value="">{t("circle.allCategories")}</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}`)}
            </option>
          ))}
        </select>
        <select name="skill" defaultValue={query.skill} aria-label={t("circle.skill")}>
          <option value="">{t("circle.allSkills")}</option>
          {skills.map((s) => (
            <option key={s.id} value={s.id}>
              {skillName(s)}
            </option>
          ))}
        </select>
        {viewer === "member" ? (
          <select name="sort" defaultValue={query.sort} aria-label={t("circle.sort")}>
            <option value="match">{t("circle.sortMatch")}</option>
            <option value="new">{t("circle.sortNew")}</option>
          </select>
        ) : null}
        <button type="submit" className="button button-small">
          {t("circle.search")}
        </button>
        {searching ? (
          <Link to="/circle" className="button button-small button-secondary">
            {t("circle.clear")}
          </Link>
        ) : null}
      </Form>

      <p className="muted small" role="status">
        {t("circle.results", { count: profiles.length })}
      </p>
      <CardGrid items={profiles} itemKey={(p) => p.orgId} empty={t("circle.noResults")} testId="circle-directory">
        {(p) => (
          <>
            <div className="circle-named">
              <CompanyLogo org={p} />
              <h3>
                <Link to={`/circle/companies/${p.slug}`}>{orgName(p)}</Link>{" "}
                {p.visibility === "hidden" ? <StatusBadge tone={hiddenTone}>{t("circle.hiddenBadge")}</StatusBadge> : null}
                {p.isOwn ? <StatusBadge tone="neutral">{t("circle.ownBadge")}</StatusBadge> : null}
              </h3>
            </div>
            <p className="muted small">{p.categories.map((c) => t(`categories.${c}`)).join(" · ")}</p>
            <p>{whatWeDo(p)}</p>
            {p.offers.length ? (
              <>
                <p className="muted small">{t("circle.offers")}</p>
                <SkillChips skills={p.offers} label={t("circle.offers")} />
            </>
          ) : null}
          </>
        )}
      </CardGrid>
      {people.length ? (
        <section className="stack" aria-labelledby="people-found-title">
          <h2 id="people-found-title">{t("circle.people.found")}</h2>
          <ul className="circle-people" data-testid="circle-people-found">
            {people.map((person) => (
              <li key={person.membershipId} className="card">
                <p>
                  <strong>{person.name}</strong> · {person.title}
                </p>
                <p className="muted small">
                  <Link to={`/circle/companies/${person.org.slug}`}>{orgName(person.org)}</Link>
                </p>
                <SkillChips skills={person.skills} label={t("circle.me.skills")} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
