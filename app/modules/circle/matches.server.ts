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

export async function suggestedPartners(member: MemberActor, options: { limit?: number; db?: DbOrTx } = {}): Promise<Suggestion[]> {
  if (member.org.kind !== "tenant") return [];
  const db = options.db ?? (await getDb());
  const mine = await db.select().from(circleProfileSkills).where(eq(circleProfileSkills.orgId, member.org.id));
  const mySeeks = mine.filter((r) => r.side === "seek").map((r) => r.skillId);
  const myOffers = mine.filter((r) => r.side === "offer").map((r) => r.skillId);
  if (mySeeks.length === 0 && myOffers.length === 0) return [];
  const wanted = [
    ...(mySeeks.length ? [and(eq(circleProfileSkills.side, "offer"), inArray(circleProfileSkills.skillId, mySeeks))] : []),
    ...(myOffers.length ? [and(eq(circleProfileSkills.side, "seek"), inArray(circleProfileSkills.skillId, myOffers))] : []),
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
  const skills = new Map((await listSkills(db, { includeRetired: true })).map((s) => [s.id, named(s)]));
  const byOrg = new Map<string, Omit<Suggestion, "score">>();
  for (const row of rows) {
    const entry = byOrg.get(row.orgId) ?? { orgId: row.orgId, slug: row.slug, nameZh: row.nameZh, nameEn: row.nameEn, theyOffer: [], theySeek: [] };
    const skill = skills.get(row.skillId);
    if (skill) (row.side === "offer" ? entry.theyOffer : entry.theySeek).push(skill);
    byOrg.set(row.orgId, entry);
  }
  return rankSuggestions([...byOrg.values()]).slice(0, options.limit ?? 6);
}

/** Open posts of other companies that fit: they look for what we offer, or offer what we look for. */
export async function fittingPosts(member: MemberActor, options: { limit?: number; now?: Date } = {}) {
  if (member.org.kind !== "tenant") return [];
  const db = await getDb();
  const mine = await db.select().from(circleProfileSkills).where(eq(circleProfileSkills.orgId, member.org.id));
  const mySeeks = mine.filter((r) => r.side === "seek").map((r) => r.skillId);
  const myOffers = mine.filter((r) => r.side === "offer").map((r) => r.skillId);
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
        sql`((${circlePosts.kind} = 'looking' and ${overlaps(myOffers)}) or (${circlePosts.kind} = 'offering' and ${overlaps(mySeeks)}))`,
      ),
    )
    .orderBy(sql`${circlePosts.createdAt} desc`)
    .limit(options.limit ?? 5);
}

/** 工作台's circle card: the best suggested partner and how many suggestions and fitting posts there are. */
export async function circleOverview(member: MemberActor) {
  const [partners, posts] = await Promise.all([suggestedPartners(member, { limit: 6 }), fittingPosts(member, { limit: 20 })]);
  return { top: partners[0] ?? null, partners: partners.length, posts: posts.length };
}
