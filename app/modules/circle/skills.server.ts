// The park's one skill vocabulary, kept by park staff: profiles and posts choose from it, so
// "调色" on one profile is the same "调色" another company looks for.
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { circleProfileSkills, circleSkills } from "#db/schema/circle";
import type { MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import type { SkillAction } from "./forms";
import { listSkills, refreshSearchText } from "./profiles.server";

function requireCurator(member: MemberActor) {
  if (member.org.kind !== "park" || !can("park", member.role, "circle:moderate")) throw new AppError("forbidden", "errors.forbidden");
}

export async function skillVocabulary(member: MemberActor) {
  requireCurator(member);
  return listSkills(undefined, { includeRetired: true });
}

export async function changeSkills(member: MemberActor, action: SkillAction, meta: { ip: string | null }) {
  requireCurator(member);
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (action.intent === "add") {
      try {
        const [skill] = await tx.insert(circleSkills).values({ code: action.code, nameZh: action.nameZh, nameEn: action.nameEn }).returning();
        await recordAudit(tx, { actorUserId: member.user.id, orgId: member.org.id, action: "circle.skill_added", subjectType: "circle_skill", subjectId: skill.id, after: action, ip: meta.ip });
        return "circle.skills.added";
      } catch (error) {
        if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.circleSkillTaken");
        throw error;
      }
    }
    const retire = action.intent === "retire";
    const [skill] = await tx
      .update(circleSkills)
      .set({ retiredAt: retire ? new Date() : null })
      .where(and(eq(circleSkills.id, action.skillId), retire ? isNull(circleSkills.retiredAt) : isNotNull(circleSkills.retiredAt)))
      .returning();
    if (!skill) throw new AppError("conflict", "errors.circleSkillUnchanged");
    await recordAudit(tx, { actorUserId: member.user.id, orgId: member.org.id, action: `circle.skill_${action.intent}d`, subjectType: "circle_skill", subjectId: skill.id, ip: meta.ip });
    // Profiles keep a retired skill but are no longer found by it.
    const holders = await tx.selectDistinct({ orgId: circleProfileSkills.orgId }).from(circleProfileSkills).where(eq(circleProfileSkills.skillId, skill.id));
    for (const { orgId } of holders) await refreshSearchText(tx, orgId);
    return retire ? "circle.skills.retiredDone" : "circle.skills.restored";
  });
}
