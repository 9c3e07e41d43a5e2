// Company profiles: who may see which, writing one (with its search text), and the profile a
// move-in approval seeds from the application's answers.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { circleProfiles, circleProfileSkills, circleSkills, type CircleWork } from "#db/schema/circle";
import { userDirectory, orgDirectory, membershipDirectory } from "~/modules/identity/directory.server";
import type { Actor, MemberActor } from "~/modules/identity/access.server";
import { activeMembership } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import type { ProfileInput } from "./forms";
import { profileSearchText } from "./search-text";

/** Who is looking: a signed-out visitor, a member of an active tenant, or park staff. */
export type CircleViewer = { kind: "visitor" } | { kind: "member"; member: MemberActor } | { kind: "staff"; member: MemberActor };

/** The viewer behind a request's session: someone signed in without an active organisation is a visitor. */
export async function circleViewer(actor: Actor | null): Promise<CircleViewer> {
  if (!actor) return { kind: "visitor" };
  const member = await activeMembership(actor);
  if (!member) return { kind: "visitor" };
  return member.org.kind === "park" ? { kind: "staff", member } : { kind: "member", member };
}

const viewerOrgId = (viewer: CircleViewer) => (viewer.kind === "visitor" ? null : viewer.member.org.id);

/** The visibility rule in SQL, for the directory and every lookup. */
export function visibleTo(viewer: CircleViewer) {
  const active = sql`${orgDirectory.status} = 'active' and ${orgDirectory.kind} = 'tenant'`;
  if (viewer.kind === "staff") return sql`${orgDirectory.kind} = 'tenant'`;
  if (viewer.kind === "member") {
    return sql`((${active} and ${circleProfiles.visibility} = 'listed') or ${circleProfiles.orgId} = ${viewer.member.org.id})`;
  }
  return sql`(${active} and ${circleProfiles.visibility} = 'listed' and ${circleProfiles.publicOptIn})`;
}

export async function listSkills(db?: DbOrTx, options: { includeRetired?: boolean } = {}) {
  db ??= await getDb();
  const rows = await db.select().from(circleSkills).orderBy(asc(circleSkills.nameZh));
  return options.includeRetired ? rows : rows.filter((s) => s.retiredAt === null);
}

export type Skill = Awaited<ReturnType<typeof listSkills>>[number];

/** Skills of the given profiles, by organisation and side. */
export async function skillsOfProfiles(db: DbOrTx, orgIds: string[]) {
  const result = new Map<string, { offers: Skill[]; seeks: Skill[] }>();
  if (orgIds.length === 0) return result;
  const rows = await db
    .select({ orgId: circleProfileSkills.orgId, side: circleProfileSkills.side, skill: circleSkills })
    .from(circleProfileSkills)
    .innerJoin(circleSkills, eq(circleSkills.id, circleProfileSkills.skillId))
    .where(inArray(circleProfileSkills.orgId, orgIds))
    .orderBy(asc(circleSkills.nameZh));
  for (const row of rows) {
    const entry = result.get(row.orgId) ?? { offers: [], seeks: [] };
    (row.side === "offer" ? entry.offers : entry.seeks).push(row.skill);
    result.set(row.orgId, entry);
  }
  return result;
}

/** Rewrites a profile's search columns from its organisation's names, its text and its skills. */
export async function refreshSearchText(tx: DbOrTx, orgId: string) {
  const [row] = await tx
    .select({ nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, profile: circleProfiles })
    .from(circleProfiles)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleProfiles.orgId))
    .where(eq(circleProfiles.orgId, orgId));
  if (!row) return;
  const skills = (await skillsOfProfiles(tx, [orgId])).get(orgId) ?? { offers: [], seeks: [] };
  const works = row.profile.works ?? [];
  const search = profileSearchText({
    names: [row.nameZh, row.nameEn, ...works.map((w) => w.title), ...skills.offers.filter((s) => s.retiredAt === null).flatMap((s) => [s.nameZh, s.nameEn])],
    prose: [row.profile.whatWeDoZh, row.profile.whatWeDoEn, ...works.map((w) => w.role ?? "")],
  });
  await tx.update(circleProfiles).set(search).where(eq(circleProfiles.orgId, orgId));
}

interface ProfileValues {
  whatWeDoZh: string;
  whatWeDoEn: string;
  categories: string[];
  works: CircleWork[];
  showreelLinks: string[];
  teamSize: number | null;
  foundedYear: number | null;
  contactUserId: string | null;
  visibility: "listed" | "hidden";
  publicOptIn: boolean;
  offers: string[];
  seeks: string[];
  inParkSince?: Date;
}

async function replaceSkills(tx: DbOrTx, orgId: string, offers: string[], seeks: string[]) {
  await tx.delete(circleProfileSkills).where(eq(circleProfileSkills.orgId, orgId));
  const rows = [...new Set(offers)].map((skillId) => ({ orgId, skillId, side: "offer" })).concat([...new Set(seeks)].map((skillId) => ({ orgId, skillId, side: "seek" })));
  if (rows.length) await tx.insert(circleProfileSkills).values(rows).onConflictDoNothing();
}

/** Creates or replaces a profile and its search text (used by editing, approval and the seed). */
export async function writeProfile(tx: DbOrTx, orgId: string, values: ProfileValues) {
  const { offers, seeks, inParkSince, ...columns } = values;
  await tx
    .insert(circleProfiles)
    .values({ orgId, ...columns, ...(inParkSince ? { inParkSince } : {}) })
    .onConflictDoUpdate({ target: circleProfiles.orgId, set: { ...columns, updatedAt: new Date() } });
  await replaceSkills(tx, orgId, offers, seeks);
  await refreshSearchText(tx, orgId);
}

/** Whether the actor edits its company's profile (owners and admins). */
export const mayEditProfile = (member: MemberActor) => hasPermission(member, "circle:profile", { kind: "tenant" });

/** The editor's view of its own company's profile (created empty on first visit). */
export async function getOwnProfile(member: MemberActor) {
  if (!mayEditProfile(member)) throw new AppError("forbidden", "errors.forbidden");
  const db = await getDb();
  const [row] = await db.select().from(circleProfiles).where(eq(circleProfiles.orgId, member.org.id));
  const skills = (await skillsOfProfiles(db, [member.org.id])).get(member.org.id) ?? { offers: [], seeks: [] };
  const people = await db
    .select({ userId: userDirectory.id, name: userDirectory.displayName, title: membershipDirectory.title })
    .from(membershipDirectory)
    .innerJoin(userDirectory, eq(userDirectory.id, membershipDirectory.userId))
    .where(eq(membershipDirectory.orgId, member.org.id))
    .orderBy(asc(userDirectory.displayName));
  return { profile: row ?? null, offers: skills.offers.map((s) => s.id), seeks: skills.seeks.map((s) => s.id), people, skills: await listSkills(db) };
}

/** The company's owners and admins save their profile. The contact person must be one of its members. */
export async function updateProfile(member: MemberActor, input: ProfileInput, meta: { ip: string | null }) {
  if (!mayEditProfile(member)) throw new AppError("forbidden", "errors.forbidden");
  // `input` is profileSchema's output (the route parses the form); membership and skills are checked here.
  const value = input;
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (value.contactUserId) {
      const [isMember] = await tx
        .select({ id: membershipDirectory.id })
        .from(membershipDirectory)
        .where(and(eq(membershipDirectory.orgId, member.org.id), eq(membershipDirectory.userId, value.contactUserId)));
      if (!isMember) throw new AppError("invalid", "errors.circleContactNotMember");
    }
    const skillIds = [...value.offers, ...value.seeks];
    if (skillIds.length) {
      const known = await tx.select({ id: circleSkills.id }).from(circleSkills).where(inArray(circleSkills.id, skillIds));
      if (known.length !== new Set(skillIds).size) throw new AppError("invalid", "errors.invalidChoice");
    }
    const [before] = await tx.select().from(circleProfiles).where(eq(circleProfiles.orgId, member.org.id));
    await writeProfile(tx, member.org.id, {
      whatWeDoZh: value.whatWeDoZh,
      whatWeDoEn: value.whatWeDoEn,
      categories: value.categories,
      works: value.works,
      showreelLinks: value.showreelLinks,
      teamSize: value.teamSize ?? null,
      foundedYear: value.foundedYear ?? null,
      contactUserId: value.contactUserId ?? null,
      visibility: value.visibility,
      publicOptIn: value.publicOptIn,
      offers: value.offers,
      seeks: value.seeks,
    });
    await recordAudit(tx, {
      actorUserId: member.user.id,
      orgId: member.org.id,
      action: "circle.profile_updated",
      subjectType: "circle_profile",
      subjectId: member.org.id,
      before: before ? { visibility: before.visibility, publicOptIn: before.publicOptIn } : null,
      after: { visibility: value.visibility, publicOptIn: value.publicOptIn, offers: value.offers.length, seeks: value.seeks.length },
      ip: meta.ip,
    });
  });
}

/** The contact person of a company: the one its profile names, else its owner. */
export async function contactPerson(db: DbOrTx, orgId: string) {
  const [named] = await db
    .select({ name: userDirectory.displayName, email: userDirectory.email, title: membershipDirectory.title })
    .from(circleProfiles)
    .innerJoin(userDirectory, eq(userDirectory.id, circleProfiles.contactUserId))
    .innerJoin(membershipDirectory, and(eq(membershipDirectory.userId, userDirectory.id), eq(membershipDirectory.orgId, circleProfiles.orgId)))
    .where(eq(circleProfiles.orgId, orgId));
  if (named) return named;
  const [owner] = await db
    .select({ name: userDirectory.displayName, email: userDirectory.email, title: membershipDirectory.title })
    .from(membershipDirectory)
    .innerJoin(userDirectory, eq(userDirectory.id, membershipDirectory.userId))
    .where(and(eq(membershipDirectory.orgId, orgId), eq(membershipDirectory.role, "owner")))
    .orderBy(asc(membershipDirectory.createdAt))
    .limit(1);
  return owner ?? null;
}

/** Slugs are made by slugFromName (a–z, digits, hyphens) or generated; anything else names no company. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/i;

/** Where a company's logo is fetched from (/circle/logos/:slug); the version changes with the logo. */
export function logoUrlFor(slug: string, updatedAt: Date | string | null) {
  return updatedAt ? `/circle/logos/${slug}?v=${new Date(updatedAt).getTime().toString(36)}` : null;
}

/** One profile page by the company's slug; a hidden profile, or one the viewer may not see, is 404. */
export async function getProfile(viewer: CircleViewer, slug: string) {
  if (!SLUG.test(slug)) throw notFound();
  const db = await getDb();
  const [row] = await db
    .select({
      org: { id: orgDirectory.id, slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, status: orgDirectory.status },
      profile: circleProfiles,
    })
    .from(circleProfiles)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleProfiles.orgId))
    .where(and(eq(orgDirectory.slug, slug), visibleTo(viewer)));
  if (!row) throw notFound();
  const skills = (await skillsOfProfiles(db, [row.org.id])).get(row.org.id) ?? { offers: [], seeks: [] };
  // Only what a page shows: no search columns, no contact person, no storage path.
  const { searchText: _s, nameSearch: _n, contactUserId: _c, logoPath: _p, logoContentType: _t, logoUpdatedAt, ...profile } = row.profile;
  return {
    org: row.org,
    profile,
    logoUrl: logoUrlFor(row.org.slug, logoUpdatedAt),
    offers: skills.offers,
    seeks: skills.seeks,
    isOwn: viewerOrgId(viewer) === row.org.id,
    mayEdit: viewer.kind === "member" && viewer.member.org.id === row.org.id && mayEditProfile(viewer.member),
  };
}

/** What approval passes on: the application's answers the profile starts from. */
export interface ApprovedCompany {
  orgId: string;
  applicantUserId: string;
  category?: string | null;
  description?: string | null;
  teamSize?: number | null;
  foundedOn?: string | null;
  pastWorks?: string | null;
  awards?: string | null;
  showreelLinks?: string[];
}

/**
 * Seeds a new tenant's profile from its move-in application, inside the approval's transaction.
 * It starts listed to members (not public) with the applicant as the contact; an existing profile
 * is left alone.
 */
export async function seedProfileFromApproval(tx: Tx, company: ApprovedCompany) {
  const [existing] = await tx.select({ orgId: circleProfiles.orgId }).from(circleProfiles).where(eq(circleProfiles.orgId, company.orgId));
  if (existing) return;
  const lines = (text: string | null | undefined) =>
    (text ?? "")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, 15)
      .map((l) => l.slice(0, 120));
  const works: CircleWork[] = [...lines(company.pastWorks).map((title) => ({ title })), ...lines(company.awards).map((title) => ({ title, award: true }))];
  const founded = company.foundedOn ? Number(company.foundedOn.slice(0, 4)) : null;
  await writeProfile(tx, company.orgId, {
    whatWeDoZh: (company.description ?? "").slice(0, 1000),
    whatWeDoEn: "",
    categories: company.category ? [company.category] : [],
    works,
    showreelLinks: (company.showreelLinks ?? []).slice(0, 10),
    teamSize: company.teamSize && company.teamSize > 0 ? Math.min(company.teamSize, 100_000) : null,
    foundedYear: founded && founded >= 1900 && founded <= 2100 ? founded : null,
    contactUserId: company.applicantUserId,
    visibility: "listed",
    publicOptIn: false,
    offers: [],
    seeks: [],
  });
}
