// People's own profiles in the circle (opt-in): a member publishes their role, skills from the
// park's vocabulary and a short bio. They show on the company's page to whoever may see the
// company, and a search in the directory finds them by name and skills (Chinese, pinyin,
// initials). Visitors see a person only when both the company and the person chose to be public.
// Turning it off deletes the row, so it is gone everywhere at once.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { circlePeople, circleProfiles, circleSkills } from "#db/schema/circle";
import { membershipDirectory, orgDirectory, userDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import type { PersonInput } from "./forms";
import { listSkills, visibleTo, type CircleViewer } from "./profiles.server";
import { normaliseQuery, profileSearchText } from "./search-text";

const PEOPLE_RESULTS = 20;

function requireTenantMember(member: MemberActor) {
  if (member.org.kind !== "tenant") throw new AppError("forbidden", "errors.forbidden");
}

async function skillsByIds(db: DbOrTx, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, { id: string; nameZh: string; nameEn: string; retiredAt: Date | null }>();
  const rows = await db
    .select({ id: circleSkills.id, nameZh: circleSkills.nameZh, nameEn: circleSkills.nameEn, retiredAt: circleSkills.retiredAt })
    .from(circleSkills)
    .where(inArray(circleSkills.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The member's own profile as they edit it, with what it starts from when there is none. */
export async function getOwnPerson(member: MemberActor) {
  requireTenantMember(member);
  const db = await getDb();
  const [row] = await db
    .select({ person: circlePeople, title: membershipDirectory.title, name: userDirectory.displayName, companyPublic: circleProfiles.publicOptIn })
    .from(membershipDirectory)
    .innerJoin(userDirectory, eq(userDirectory.id, membershipDirectory.userId))
    .leftJoin(circlePeople, eq(circlePeople.membershipId, membershipDirectory.id))
    .leftJoin(circleProfiles, eq(circleProfiles.orgId, membershipDirectory.orgId))
    .where(eq(membershipDirectory.id, member.membershipId));
  return {
    name: row?.name ?? member.user.displayName,
    person: row?.person ? { title: row.person.title, bio: row.person.bio, skillIds: row.person.skillIds, publicOptIn: row.person.publicOptIn } : null,
    membershipTitle: row?.title ?? "",
    companyPublic: row?.companyPublic ?? false,
    skills: await listSkills(db),
  };
}

/**
 * Writes a person's profile with its search text (name, role and skills with pinyin and initials,
 * then the bio); used by savePerson and the demo seed. Refuses skills not in the vocabulary.
 */
export async function writePerson(tx: DbOrTx, membershipId: string, input: { title: string; bio: string; skillIds: string[]; publicOptIn: boolean }) {
  const skillIds = [...new Set(input.skillIds)];
  const skills = await skillsByIds(tx, skillIds);
  if (skills.size !== skillIds.length) throw new AppError("invalid", "errors.invalidChoice");
  const [person] = await tx.select({ name: userDirectory.displayName }).from(membershipDirectory).innerJoin(userDirectory, eq(userDirectory.id, membershipDirectory.userId)).where(eq(membershipDirectory.id, membershipId));
  const { searchText } = profileSearchText({
    names: [person?.name ?? "", input.title, ...skillIds.flatMap((id) => [skills.get(id)!.nameZh, skills.get(id)!.nameEn])],
    prose: [input.bio],
  });
  const values = { title: input.title, bio: input.bio, skillIds, publicOptIn: input.publicOptIn, searchText };
  const [before] = await tx.select({ publicOptIn: circlePeople.publicOptIn }).from(circlePeople).where(eq(circlePeople.membershipId, membershipId));
  await tx
    .insert(circlePeople)
    .values({ membershipId, ...values })
    .onConflictDoUpdate({ target: circlePeople.membershipId, set: { ...values, updatedAt: new Date() } });
  return { created: !before, skills: skillIds.length };
}

/** Publishes or updates the member's own profile. */
export async function savePerson(member: MemberActor, input: Extract<PersonInput, { intent: "publish" }>, meta: { ip: string | null }) {
  requireTenantMember(member);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const written = await writePerson(tx, member.membershipId, input);
    await recordAudit(tx, {
      actorUserId: member.user.id,
      orgId: member.org.id,
      action: written.created ? "circle.person_published" : "circle.person_updated",
      subjectType: "circle_person",
      subjectId: member.membershipId,
      after: { publicOptIn: input.publicOptIn, skills: written.skills },
      ip: meta.ip,
    });
  });
}

/** Turns the member's own profile off: deleted, so no page or search shows it any more. */
export async function removePerson(member: MemberActor, meta: { ip: string | null }) {
  requireTenantMember(member);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const removed = await tx.delete(circlePeople).where(eq(circlePeople.membershipId, member.membershipId)).returning({ id: circlePeople.membershipId });
    if (removed.length === 0) return;
    await recordAudit(tx, { actorUserId: member.user.id, orgId: member.org.id, action: "circle.person_removed", subjectType: "circle_person", subjectId: member.membershipId, ip: meta.ip });
  });
}

/** Visitors see only people who opted in to the public too (the company's visibility is checked by visibleTo). */
const personVisibleTo = (viewer: CircleViewer) => (viewer.kind === "visitor" ? sql`${circlePeople.publicOptIn}` : sql`true`);

async function withSkills<T extends { skillIds: string[] }>(db: DbOrTx, rows: T[]) {
  const skills = await skillsByIds(db, rows.flatMap((r) => r.skillIds));
  return rows.map(({ skillIds, ...row }) => ({
    ...row,
    skills: skillIds.map((id) => skills.get(id)).filter((s) => s !== undefined).map(({ id, nameZh, nameEn }) => ({ id, nameZh, nameEn })),
  }));
}

const personColumns = {
  membershipId: circlePeople.membershipId,
  name: userDirectory.displayName,
  title: circlePeople.title,
  bio: circlePeople.bio,
  skillIds: circlePeople.skillIds,
  publicOptIn: circlePeople.publicOptIn,
};

/** The people of one company the viewer may see (the caller has shown the viewer may see the company). */
export async function peopleOfCompany(viewer: CircleViewer, orgId: string, db?: DbOrTx) {
  db ??= await getDb();
  const rows = await db
    .select(personColumns)
    .from(circlePeople)
    .innerJoin(membershipDirectory, eq(membershipDirectory.id, circlePeople.membershipId))
    .innerJoin(userDirectory, eq(userDirectory.id, membershipDirectory.userId))
    .innerJoin(orgDirectory, eq(orgDirectory.id, membershipDirectory.orgId))
    .innerJoin(circleProfiles, eq(circleProfiles.orgId, membershipDirectory.orgId))
    .where(and(eq(membershipDirectory.orgId, orgId), visibleTo(viewer), personVisibleTo(viewer)))
    .orderBy(asc(userDirectory.displayName));
  return withSkills(db, rows);
}

/** People found by a directory search (name, role, skills, bio), in companies the viewer may see. */
export async function searchPeople(viewer: CircleViewer, query: string | null | undefined, db?: DbOrTx) {
  const q = normaliseQuery(query);
  if (!q) return [];
  db ??= await getDb();
  const rows = await db
    .select({ ...personColumns, org: { slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn } })
    .from(circlePeople)
    .innerJoin(membershipDirectory, eq(membershipDirectory.id, circlePeople.membershipId))
    .innerJoin(userDirectory, eq(userDirectory.id, membershipDirectory.userId))
    .innerJoin(orgDirectory, eq(orgDirectory.id, membershipDirectory.orgId))
    .innerJoin(circleProfiles, eq(circleProfiles.orgId, membershipDirectory.orgId))
    .where(and(visibleTo(viewer), personVisibleTo(viewer), sql`strpos(${circlePeople.searchText}, ${q}) > 0`))
    .orderBy(asc(userDirectory.displayName))
    .limit(PEOPLE_RESULTS);
  return withSkills(db, rows);
}
