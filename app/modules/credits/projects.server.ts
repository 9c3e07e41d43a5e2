// Projects and their budgets: a tenant admin splits the company's credits into projects; the
// gateway tags usage and holds with a project's code, and usage beyond a budget is refused. A
// budget never drops below what the project has spent and holds.
import { and, asc, eq } from "drizzle-orm";
import { computeProjects } from "#db/schema/credits";
import type { MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { assertTenantReader } from "./statements.server";
import { formatCredits } from "./units";

function assertManager(actor: MemberActor) {
  if (actor.org.kind !== "tenant" || !can("tenant", actor.role, "credits:manage")) throw forbidden();
}

export async function listProjects(actor: MemberActor) {
  assertTenantReader(actor);
  const db = await getDb();
  return db.select().from(computeProjects).where(eq(computeProjects.orgId, actor.org.id)).orderBy(asc(computeProjects.code));
}

export async function createProject(actor: MemberActor, input: { code: string; name: string; budgetMilli: bigint | null }, meta: { ip?: string | null } = {}) {
  assertManager(actor);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [project] = await tx
        .insert(computeProjects)
        .values({ orgId: actor.org.id, code: input.code, name: input.name, budgetMilli: input.budgetMilli })
        .returning();
      await recordAudit(tx, {
        actorUserId: actor.user.id,
        orgId: actor.org.id,
        action: "credits.project_created",
        subjectType: "compute_project",
        subjectId: project.id,
        after: { code: project.code, name: project.name, budgetMilli: input.budgetMilli === null ? null : String(input.budgetMilli) },
        ip: meta.ip ?? null,
      });
      return project;
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.projectCodeTaken", { code: input.code });
    throw error;
  }
}

/**
 * Changes a project's budget (null: no budget). The project row is locked, so usage or a hold
 * landing at the same moment is counted before the check.
 */
export async function setProjectBudget(actor: MemberActor, input: { projectId: string; budgetMilli: bigint | null }, meta: { ip?: string | null } = {}) {
  assertManager(actor);
  if (!isUuid(input.projectId)) throw notFound();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select()
      .from(computeProjects)
      .where(and(eq(computeProjects.id, input.projectId), eq(computeProjects.orgId, actor.org.id)))
      .for("update");
    if (!project) throw notFound();
    const committed = project.spentMilli + project.heldMilli;
    if (input.budgetMilli !== null && input.budgetMilli < committed) {
      throw new AppError("invalid", "errors.budgetBelowCommitted", { committed: formatCredits(committed) });
    }
    if (input.budgetMilli === project.budgetMilli) return project;
    const [updated] = await tx
      .update(computeProjects)
      .set({ budgetMilli: input.budgetMilli })
      .where(eq(computeProjects.id, project.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "credits.project_budget_changed",
      subjectType: "compute_project",
      subjectId: project.id,
      before: { budgetMilli: project.budgetMilli === null ? null : String(project.budgetMilli) },
      after: { budgetMilli: input.budgetMilli === null ? null : String(input.budgetMilli), code: project.code },
      ip: meta.ip ?? null,
    });
    return updated;
  });
}
