// Matchmaking: partners whose "we offer" meets a company's "we look for" (and the other way
// round), ranked, each with its reason in words; and open posts that fit. Never the company
// itself, never a hidden profile or one of a company no longer active.
import { and, eq, gt, ne, sql } from "drizzle-orm";
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

/** The skills a company offers or looks for (one side of its profile), as a subquery: read by the statement that needs them. */
const ownSide = (orgId: string, side: "offer" | "seek") =>
  sql`(select ${circleProfileSkills.skillId} from ${circleProfileSkills} where ${circleProfileSkills.orgId} = ${orgId} and ${circleProfileSkills.side} = ${side})`;

/**
 * Listed companies whose skills meet ours — they offer what we seek, or seek what we offer — with
 * the ids of the skills on each side: not yet named, not yet ranked. One statement, our own
 * skills read inside it.
 */
async function partnerCandidates(db: DbOrTx, member: MemberActor) {
  const me = member.org.id;
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
        ne(circleProfileSkills.orgId, me),
        eq(circleProfiles.visibility, "listed"),
        eq(orgDirectory.status, "active"),
        eq(orgDirectory.kind, "tenant"),
        sql`((${circleProfileSkills.side} = 'offer' and ${circleProfileSkills.skillId} in ${ownSide(me, "seek")})
          or (${circleProfileSkills.side} = 'seek' and ${circleProfileSkills.skillId} in ${ownSide(me, "offer")}))`,
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
  const candidates = await partnerCandidates(db, member);
  if (candidates.length === 0) return [];
  const skills = new Map((await listSkills(db, { includeRetired: true })).map((s) => [s.id, named(s)]));
  const namedAll = (ids: string[]) => ids.flatMap((id) => skills.get(id) ?? []);
  return rankSuggestions(candidates.map((c) => ({ ...c, theyOffer: namedAll(c.theyOffer), theySeek: namedAll(c.theySeek) }))).slice(0, options.limit ?? 6);
}

/** Open posts of other companies that fit: they look for what we offer, or offer what we look for. */
export async function fittingPosts(member: MemberActor, options: { limit?: number; now?: Date } = {}) {
  if (member.org.kind !== "tenant") return [];
  return postsFitting(await getDb(), member, options);
}

function postsFitting(db: DbOrTx, member: MemberActor, options: { limit?: number; now?: Date }) {
  const me = member.org.id;
  const overlaps = (side: "offer" | "seek") => sql`${circlePosts.skillIds} && array${ownSide(me, side)}::uuid[]`;
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
        sql`((${circlePosts.kind} = 'looking' and ${overlaps("offer")}) or (${circlePosts.kind} = 'offering' and ${overlaps("seek")}))`,
      ),
    )
    .orderBy(sql`${circlePosts.createdAt} desc`)
    .limit(options.limit ?? 5);
}

/**
 * 工作台's circle card: the best suggested partner and how many suggestions (at most 6) and fitting
 * posts (at most 20) there are, in two statements sent together (each reads the company's own
 * skills itself). The skills are not named (the card shows none): the ranking needs only how many
 * there are on each side.
 */
export async function circleOverview(member: MemberActor) {
  if (member.org.kind !== "tenant") return { top: null, partners: 0, posts: 0 };
  const db = await getDb();
  const [candidates, posts] = await Promise.all([partnerCandidates(db, member), postsFitting(db, member, { limit: 20 })]);
  const partners = rankSuggestions(candidates).slice(0, 6);
  return { top: partners[0] ?? null, partners: partners.length, posts: posts.length };
}
