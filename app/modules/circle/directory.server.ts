// The directory (/circle): the profiles a viewer may see, searched, filtered and sorted.
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { circleProfiles, circleProfileSkills } from "#db/schema/circle";
import { orgDirectory } from "~/modules/identity/directory.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import type { DirectoryQuery, SortOrder } from "./forms";
import { logoUrlFor, skillsOfProfiles, visibleTo, type CircleViewer } from "./profiles.server";
import { normaliseQuery } from "./search-text";

const DIRECTORY_PAGE_SIZE = 50;

/** The skills a company offers and looks for, by id. */
async function ownSkillIds(db: DbOrTx, orgId: string) {
  const rows = await db.select({ skillId: circleProfileSkills.skillId, side: circleProfileSkills.side }).from(circleProfileSkills).where(eq(circleProfileSkills.orgId, orgId));
  return { offers: rows.filter((r) => r.side === "offer").map((r) => r.skillId), seeks: rows.filter((r) => r.side === "seek").map((r) => r.skillId) };
}

const uuidArray = (ids: string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]::uuid[]`;

/**
 * How well a profile fits the viewer's company: two points per skill it offers that the company
 * looks for, one per skill it looks for that the company offers.
 */
function matchScore(own: { offers: string[]; seeks: string[] }): SQL<number> {
  const part = (side: "offer" | "seek", ids: string[], weight: number) =>
    ids.length === 0
      ? sql`0`
      : sql`${weight} * (select count(*) from ${circleProfileSkills} ps where ps.org_id = ${circleProfiles.orgId} and ps.side = ${side} and ps.skill_id = any(${uuidArray(ids)}))`;
  return sql<number>`(${part("offer", own.seeks, 2)} + ${part("seek", own.offers, 1)})`.mapWith(Number);
}

/** With a search, a hit in a name ranks above one in the descriptions. */
function textRank(q: string): SQL[] {
  return q ? [sql`(case when strpos(${circleProfiles.nameSearch}, ${q}) > 0 then 0 else 1 end)`] : [];
}

export async function searchDirectory(viewer: CircleViewer, query: DirectoryQuery, db?: DbOrTx) {
  db ??= await getDb();
  const q = normaliseQuery(query.q);
  const ownOrgId = viewer.kind === "member" ? viewer.member.org.id : null;
  const own = ownOrgId ? await ownSkillIds(db, ownOrgId) : { offers: [], seeks: [] };
  // Sorting by match needs a company to match; visitors and staff see the newest first.
  const sort: SortOrder = ownOrgId ? (query.sort ?? "match") : "new";
  const conditions: SQL[] = [visibleTo(viewer)];
  if (q) conditions.push(sql`strpos(${circleProfiles.searchText}, ${q}) > 0`);
  if (query.category) conditions.push(sql`${query.category} = any(${circleProfiles.categories})`);
  if (query.skill) {
    conditions.push(
      sql`exists (select 1 from ${circleProfileSkills} fs where fs.org_id = ${circleProfiles.orgId} and fs.skill_id = ${query.skill}::uuid)`,
    );
  }
  const score = matchScore(own);
  const rank = textRank(q);
  const rows = await db
    .select({
      orgId: circleProfiles.orgId,
      slug: orgDirectory.slug,
      nameZh: orgDirectory.nameZh,
      nameEn: orgDirectory.nameEn,
      whatWeDoZh: circleProfiles.whatWeDoZh,
      whatWeDoEn: circleProfiles.whatWeDoEn,
      categories: circleProfiles.categories,
      teamSize: circleProfiles.teamSize,
      visibility: circleProfiles.visibility,
      publicOptIn: circleProfiles.publicOptIn,
      inParkSince: circleProfiles.inParkSince,
      logoUpdatedAt: circleProfiles.logoUpdatedAt,
      score,
    })
    .from(circleProfiles)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleProfiles.orgId))
    .where(and(...conditions))
    .orderBy(...(sort === "match" ? [desc(score), ...rank, desc(circleProfiles.inParkSince)] : [desc(circleProfiles.inParkSince), ...rank]), asc(orgDirectory.nameZh))
    .limit(DIRECTORY_PAGE_SIZE);
  const skills = await skillsOfProfiles(db, rows.map((r) => r.orgId));
  return {
    sort,
    profiles: rows.map(({ logoUpdatedAt, ...row }) => ({
      ...row,
      logoUrl: logoUrlFor(row.slug, logoUpdatedAt),
      isOwn: row.orgId === ownOrgId,
      offers: skills.get(row.orgId)?.offers ?? [],
      seeks: skills.get(row.orgId)?.seeks ?? [],
    })),
  };
}
