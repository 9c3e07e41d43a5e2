// The rubric reviewers score applications against. The park configures it (labels, weights, which
// criteria are in use); a fresh install starts with the four criteria below.
import { randomBytes } from "node:crypto";
import { and, asc, eq, max } from "drizzle-orm";
import { admissionRubricCriteria } from "#db/schema/admission";
import type { MemberActor } from "~/modules/identity/access.server";
import { requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { rubricCriterionSchema } from "./forms";

const defaultRubric = [
  {
    key: "fit",
    labelZh: "与影视 + AI 的契合度",
    labelEn: "Fit with film + AI",
    descriptionZh: "业务是否属于影视制作或 AI 创作生态，能否与园区现有企业形成合作。",
    descriptionEn: "Is the business part of film production or the AI creation ecosystem; can it work with the park's tenants?",
    weight: 4,
  },
  {
    key: "team",
    labelZh: "团队",
    labelEn: "Team",
    descriptionZh: "核心成员的经验、过往作品与获奖情况。",
    descriptionEn: "The key people's experience, past works and awards.",
    weight: 3,
  },
  {
    key: "plan",
    labelZh: "计划",
    labelEn: "Plan",
    descriptionZh: "未来 12 个月项目的清晰度与可行性。",
    descriptionEn: "How clear and feasible the next 12 months' projects are.",
    weight: 2,
  },
  {
    key: "needs",
    labelZh: "需求可满足度",
    labelEn: "Needs we can meet",
    descriptionZh: "工位、摄影棚、算力与公寓需求园区能否满足。",
    descriptionEn: "Can the park meet their needs for seats, stages, compute and apartments?",
    weight: 1,
  },
];

type RubricCriterion = typeof admissionRubricCriteria.$inferSelect;

/** Puts the default criteria in place when the park has none yet (idempotent). */
export async function ensureDefaultRubric(db: DbOrTx) {
  const [existing] = await db.select({ id: admissionRubricCriteria.id }).from(admissionRubricCriteria).limit(1);
  if (existing) return;
  await db
    .insert(admissionRubricCriteria)
    .values(defaultRubric.map((c, position) => ({ ...c, position })))
    .onConflictDoNothing();
}

/** The rubric in its order; only the criteria in use unless `includeInactive`. */
export async function listRubric(db: DbOrTx, options: { includeInactive?: boolean } = {}) {
  await ensureDefaultRubric(db);
  return db
    .select()
    .from(admissionRubricCriteria)
    .where(options.includeInactive ? undefined : eq(admissionRubricCriteria.active, true))
    .orderBy(asc(admissionRubricCriteria.position), asc(admissionRubricCriteria.createdAt));
}

export async function rubricForSettings(actor: MemberActor) {
  requirePermission(actor, "admission:configure", { kind: "park" });
  return listRubric(await getDb(), { includeInactive: true });
}

/**
 * A park admin changes a criterion (label, weight, in use or not) or adds one. Scores already
 * given keep their criterion; a criterion no longer in use stops counting in the weighted total.
 */
export async function saveRubricCriterion(actor: MemberActor, input: unknown, meta: { ip: string | null }) {
  requirePermission(actor, "admission:configure", { kind: "park" });
  const parsed = rubricCriterionSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues[0]?.message ?? "errors.badForm");
  const { criterionId, active, ...values } = parsed.data;
  const row = {
    labelZh: values.labelZh,
    labelEn: values.labelEn,
    descriptionZh: values.descriptionZh ?? "",
    descriptionEn: values.descriptionEn ?? "",
    weight: values.weight,
    active: active === "on",
  };
  const db = await getDb();
  return db.transaction(async (tx) => {
    await ensureDefaultRubric(tx);
    let before: RubricCriterion | null = null;
    let saved: RubricCriterion;
    if (criterionId) {
      if (!isUuid(criterionId)) throw notFound();
      [before] = await tx.select().from(admissionRubricCriteria).where(eq(admissionRubricCriteria.id, criterionId)).for("update");
      if (!before) throw notFound();
      [saved] = await tx.update(admissionRubricCriteria).set(row).where(and(eq(admissionRubricCriteria.id, criterionId))).returning();
    } else {
      const [{ last }] = await tx.select({ last: max(admissionRubricCriteria.position) }).from(admissionRubricCriteria);
      [saved] = await tx
        .insert(admissionRubricCriteria)
        .values({ ...row, key: `custom-${randomBytes(4).toString("hex")}`, position: (last ?? 0) + 1 })
        .returning();
    }
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "admission.rubric_changed",
      subjectType: "admission_rubric_criterion",
      subjectId: saved.id,
      before: before ? { labelZh: before.labelZh, weight: before.weight, active: before.active } : null,
      after: { labelZh: saved.labelZh, weight: saved.weight, active: saved.active },
      ip: meta.ip,
    });
    return saved;
  });
}
