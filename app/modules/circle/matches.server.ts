// Matchmaking: partners whose "we offer" meets a company's "we look for" (and the other way
// round), ranked, each with its reason in words; and open posts that fit. Never the company
// itself, never a hidden profile or one of a company no longer active.
import { and, eq, gt, inArray, ne, sql } from "drizzle-orm";
import { circlePosts, circleProfiles, circleProfileSkills } from "#db/schema/circle";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { listSkills, type Skill } from "./profiles.server";

interface SkillName {
  id: string;
  nameZh: string;
  nameEn: string;
}

export interface Suggestion {
  orgId: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  score: number;
  /** They offer what we look for. */
  theyOffer: SkillName[];
  /** They look for what we offer. */
  theySeek: SkillName[];
}

const named = (skill: Skill): SkillName => ({ id: skill.id, nameZh: skill.nameZh, nameEn: skill.nameEn });

/** Pure ranking, unit-tested: two points per skill they offer that we seek, one per skill they seek that we offer. */
export function rankSuggestions<T extends { theyOffer: unknown[]; theySeek: unknown[]; nameZh: string }>(candidates: T[]): (T & { score: number })[] {
  return candidates
    .map((c) => ({ ...c, score: c.theyOffer.length * 2 + c.theySeek.length }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || b.theyOffer.length - a.theyOffer.length || a.nameZh.localeCompare(b.nameZh, "zh-CN"));
}

/** The skills the company offers and looks for (its profile's two sides). */
async function ownSkills(db: DbOrTx, orgId: string) {
  const mine = await db.select().from(circleProfileSkills).where(eq(circleProfileSkills.orgId, orgId));
  return { seeks: mine.filter((r) => r.side === "seek").map((r) => r.skillId), offers: mine.filter((r) => r.side === "offer").map((r) => r.skillId) };
}

type OwnSkills = Awaited<ReturnType<typeof ownSkills>>;

/** Listed companies whose skills meet ours, with the ids of the skills on each side: not yet named, not yet ranked. */
async function partnerCandidates(db: DbOrTx, member: MemberActor, mine: OwnSkills) {
  if (mine.seeks.length === 0 && mine.offers.length === 0) return [];
  const wanted = [
    ...(mine.seeks.length ? [and(eq(circleProfileSkills.side, "offer"), inArray(circleProfileSkills.skillId, mine.seeks))] : []),
    ...(mine.offers.length ? [and(eq(circleProfileSkills.side, "seek"), inArray(circleProfileSkills.skillId, mine.offers))] : []),
  ];
  const rows = await db
    .select({
      orgId: circleProfileSkills.orgId,
      skillId: circleProfileSkills.skillId,
      side: circleProfileSkills.side,
      slug: orgDirectory.slug,
      nameZh: orgDirectory.nameZh,
      nameEn: orgDirectory.nameEn,
    })
    .from(circleProfileSkills)
    .innerJoin(circleProfiles, eq(circleProfiles.orgId, circleProfileSkills.orgId))
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleProfileSkills.orgId))
    .where(
      and(
        ne(circleProfileSkills.orgId, member.org.id),
        eq(circleProfiles.visibility, "listed"),
        eq(orgDirectory.status, "active"),
        eq(orgDirectory.kind, "tenant"),
        sql`(${sql.join(wanted, sql` or `)})`,
      ),
    );
  const byOrg = new Map<string, { orgId: string; slug: string; nameZh: string; nameEn: string; theyOffer: string[]; theySeek: string[] }>();
  for (const row of rows) {
    const entry = byOrg.get(row.orgId) ?? { orgId: row.orgId, slug: row.slug, nameZh: row.nameZh, nameEn: row.nameEn, theyOffer: [], theySeek: [] };
    (row.side === "offer" ? entry.theyOffer : entry.theySeek).push(row.skillId);
    byOrg.set(row.orgId, entry);
  }
  return [...byOrg.values()];
}

export async function suggestedPartners(member: MemberActor, options: { limit?: number; db?: DbOrTx } = {}): Promise<Suggestion[]> {
  if (member.org.kind !== "tenant") return [];
  const db = options.db ?? (await getDb());
  const candidates = await partnerCandidates(db, member, await ownSkills(db, member.org.id));
  if (candidates.length === 0) return [];
  const skills = new Map((await listSkills(db, { includeRetired: true })).map((s) => [s.id, named(s)]));
  const namedAll = (ids: string[]) => ids.flatMap((id) => skills.get(id) ?? []);
  return rankSuggestions(candidates.map((c) => ({ ...c, theyOffer: namedAll(c.theyOffer), theySeek: namedAll(c.theySeek) }))).slice(0, options.limit ?? 6);
}

/** Open posts of other companies that fit: they look for what we offer, or offer what we look for. */
export async function fittingPosts(member: MemberActor, options: { limit?: number; now?: Date } = {}) {
  if (member.org.kind !== "tenant") return [];
  const db = await getDb();
  return postsFitting(db, member, await ownSkills(db, member.org.id), options);
}

function postsFitting(db: DbOrTx, member: MemberActor, mine: OwnSkills, options: { limit?: number; now?: Date }) {
  const overlaps = (ids: string[]) => (ids.length ? sql`${circlePosts.skillIds} && array[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]::uuid[]` : sql`false`);
  const now = options.now ?? new Date();
  return db
    .select({ id: circlePosts.id, title: circlePosts.title, kind: circlePosts.kind, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn })
    .from(circlePosts)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circlePosts.orgId))
    .where(
      and(
        ne(circlePosts.orgId, member.org.id),
        eq(circlePosts.status, "open"),
        gt(circlePosts.expiresAt, now),
        sql`${circlePosts.hiddenAt} is null`,
        eq(orgDirectory.status, "active"),
        sql`((${circlePosts.kind} = 'looking' and ${overlaps(mine.offers)}) or (${circlePosts.kind} = 'offering' and ${overlaps(mine.seeks)}))`,
      ),
    )
    .orderBy(sql`${circlePosts.createdAt} desc`)
    .limit(options.limit ?? 5);
}

/**
 * 工作台's circle card: the best suggested partner and how many suggestions (at most 6) and fitting
 * posts (at most 20) there are. The company's own skills are read once, and the skills are not
 * named (the card shows none): the ranking needs only how many there are on each side.
 */
export async function circleOverview(member: MemberActor) {
  if (member.org.kind !== "tenant") return { top: null, partners: 0, posts: 0 };
  const db = await getDb();
  const mine = await ownSkills(db, member.org.id);
  const [candidates, posts] = await Promise.all([partnerCandidates(db, member, mine), postsFitting(db, member, mine, { limit: 20 })]);
  const partners = rankSuggestions(candidates).slice(0, 6);
  return { top: partners[0] ?? null, partners: partners.length, posts: posts.length };
}
