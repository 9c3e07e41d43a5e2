// The collaboration board: posts looking for or offering help, "感兴趣" answers, the poster's
// acceptance that shares both sides' contact persons, closing with an outcome, expiry, and park
// staff hiding a post with a reason. Every step notifies in-app and by email.
import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { circleInterests, circlePosts, circleSkills } from "#db/schema/circle";
import { userDirectory, orgDirectory } from "~/modules/identity/directory.server";
import { translator } from "~/i18n/i18n.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { registerDailyTask } from "~/modules/platform/jobs.server";
import { sendEmail } from "~/modules/platform/mail.server";
import { notify } from "~/modules/platform/notifications.server";
import type { PostAction, PostInput } from "./forms";
import { contactPerson, type CircleViewer } from "./profiles.server";

export interface RequestMeta {
  ip: string | null;
  origin: string;
}

const isStaff = (member: MemberActor) => member.org.kind === "park";
const mayModerate = (member: MemberActor) => isStaff(member) && can("park", member.role, "circle:moderate");

function requireTenantPoster(member: MemberActor) {
  if (member.org.kind !== "tenant" || !can("tenant", member.role, "circle:post")) throw new AppError("forbidden", "errors.forbidden");
}

/** Board listing: open, unexpired, not hidden posts (staff also see hidden ones), newest first. */
export async function listPosts(viewer: CircleViewer, options: { kind?: "looking" | "offering"; mine?: boolean; now?: Date } = {}) {
  if (viewer.kind === "visitor") throw notFound();
  const db = await getDb();
  const now = options.now ?? new Date();
  const conditions = [eq(orgDirectory.status, "active")];
  if (options.mine && viewer.kind === "member") {
    conditions.push(eq(circlePosts.orgId, viewer.member.org.id));
  } else {
    conditions.push(eq(circlePosts.status, "open"), gt(circlePosts.expiresAt, now));
    if (viewer.kind !== "staff") conditions.push(sql`${circlePosts.hiddenAt} is null`);
  }
  if (options.kind) conditions.push(eq(circlePosts.kind, options.kind));
  const rows = await db
    .select({ post: circlePosts, org: { slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn } })
    .from(circlePosts)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circlePosts.orgId))
    .where(and(...conditions))
    .orderBy(desc(circlePosts.createdAt))
    .limit(100);
  const skills = await skillNames(db, rows.flatMap((r) => r.post.skillIds));
  return rows.map((r) => ({ ...r, skills: r.post.skillIds.map((id) => skills.get(id)).filter((s) => s !== undefined) }));
}

async function skillNames(db: DbOrTx, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, { id: string; nameZh: string; nameEn: string }>();
  const rows = await db.select({ id: circleSkills.id, nameZh: circleSkills.nameZh, nameEn: circleSkills.nameEn }).from(circleSkills).where(inArray(circleSkills.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function createPost(member: MemberActor, input: PostInput, meta: RequestMeta, now = new Date()) {
  requireTenantPoster(member);
  // The route parsed the form with postSchema; the rules that span fields are checked again here.
  const value = input;
  if (value.budgetMin !== null && value.budgetMax !== null && value.budgetMin > value.budgetMax) throw new AppError("invalid", "errors.circleBudgetRange");
  if (value.startsOn && value.endsOn && value.startsOn > value.endsOn) throw new AppError("invalid", "errors.circleDateRange");
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (value.skillIds.length) {
      const known = await tx.select({ id: circleSkills.id }).from(circleSkills).where(inArray(circleSkills.id, value.skillIds));
      if (known.length !== new Set(value.skillIds).size) throw new AppError("invalid", "errors.invalidChoice");
    }
    const [post] = await tx
      .insert(circlePosts)
      .values({
        orgId: member.org.id,
        authorUserId: member.user.id,
        kind: value.kind,
        title: value.title,
        body: value.body,
        category: value.category ?? null,
        skillIds: [...new Set(value.skillIds)],
        budgetMinFen: value.budgetMin,
        budgetMaxFen: value.budgetMax,
        startsOn: value.startsOn ?? null,
        endsOn: value.endsOn ?? null,
        location: value.location,
        expiresAt: new Date(now.getTime() + value.expiresInDays * 24 * 3600 * 1000),
      })
      .returning();
    await recordAudit(tx, {
      actorUserId: member.user.id,
      orgId: member.org.id,
      action: "circle.post_created",
      subjectType: "circle_post",
      subjectId: post.id,
      after: { kind: post.kind, title: post.title },
      ip: meta.ip,
    });
    return post;
  });
}

/** Loads a post the viewer may see: hidden posts only for their company and staff. */
async function loadPost(db: DbOrTx, member: MemberActor, postId: string, options: { forUpdate?: boolean } = {}) {
  if (!/^[0-9a-f-]{36}$/i.test(postId)) throw notFound();
  const query = db
    .select({ post: circlePosts, org: { id: orgDirectory.id, slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, status: orgDirectory.status } })
    .from(circlePosts)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circlePosts.orgId))
    .where(eq(circlePosts.id, postId));
  const [row] = options.forUpdate ? await query.for("update", { of: circlePosts }) : await query;
  if (!row) throw notFound();
  const own = row.post.orgId === member.org.id;
  if (!isStaff(member) && !own && (row.post.hiddenAt !== null || row.org.status !== "active")) throw notFound();
  return { ...row, own };
}

/** One post's page: the post, and — for the poster — who is interested; contacts once accepted. */
export async function getPost(member: MemberActor, postId: string, now = new Date()) {
  const db = await getDb();
  const { post, org, own } = await loadPost(db, member, postId);
  const skills = await skillNames(db, post.skillIds);
  const interestRows = await db
    .select({
      interest: circleInterests,
      org: { id: orgDirectory.id, slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn },
      userName: userDirectory.displayName,
    })
    .from(circleInterests)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleInterests.orgId))
    .innerJoin(userDirectory, eq(userDirectory.id, circleInterests.userId))
    .where(eq(circleInterests.postId, post.id))
    .orderBy(asc(circleInterests.createdAt));
  // The poster and staff see every answer; another company sees only its own.
  const visible = own || isStaff(member) ? interestRows : interestRows.filter((r) => r.org.id === member.org.id);
  const interests = await Promise.all(
    visible.map(async (r) => ({
      id: r.interest.id,
      status: r.interest.status,
      message: r.interest.message,
      createdAt: r.interest.createdAt,
      userName: r.userName,
      org: r.org,
      // The poster learns the answering company's contact only once it accepts.
      contact: own && r.interest.status === "accepted" ? await contactPerson(db, r.org.id) : null,
    })),
  );
  const mine = interestRows.find((r) => r.org.id === member.org.id) ?? null;
  return {
    post,
    org: { id: org.id, slug: org.slug, nameZh: org.nameZh, nameEn: org.nameEn },
    skills: post.skillIds.map((id) => skills.get(id)).filter((s) => s !== undefined),
    own,
    expired: post.status === "open" && post.expiresAt <= now,
    interests,
    myInterest: mine ? { id: mine.interest.id, status: mine.interest.status } : null,
    // The answering company learns the poster's contact once it is accepted.
    posterContact: mine?.interest.status === "accepted" ? await contactPerson(db, org.id) : null,
    mayAnswer: !own && member.org.kind === "tenant" && can("tenant", member.role, "circle:post"),
    mayDecide: own && can("tenant", member.role, "circle:post"),
    mayModerate: mayModerate(member),
  };
}

async function tell(tx: Tx, options: { userId: string; orgId: string; kind: string; params: Record<string, string>; link: string; meta: RequestMeta }) {
  await notify(tx, { userId: options.userId, orgId: options.orgId, kind: options.kind, params: options.params, link: options.link });
  const [person] = await tx.select({ email: userDirectory.email, name: userDirectory.displayName, locale: userDirectory.locale }).from(userDirectory).where(eq(userDirectory.id, options.userId));
  if (!person) return;
  const t = await translator(person.locale);
  await sendEmail(tx, {
    to: person.email,
    template: "circleUpdate",
    language: person.locale,
    params: { name: person.name || person.email, message: t(`notification.${options.kind}`, options.params), link: `${options.meta.origin}${options.link}` },
  });
}

/** Every action on one post's page. */
export async function actOnPost(member: MemberActor, postId: string, action: PostAction, meta: RequestMeta, now = new Date()) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { post, own } = await loadPost(tx, member, postId, { forUpdate: true });
    const link = `/circle/board/${post.id}`;
    const open = post.status === "open" && post.expiresAt > now && post.hiddenAt === null;
    switch (action.intent) {
      case "interest": {
        requireTenantPoster(member);
        if (own) throw new AppError("invalid", "errors.circleOwnPost");
        if (!open) throw new AppError("conflict", "errors.circlePostClosed");
        try {
          await tx.insert(circleInterests).values({ postId: post.id, orgId: member.org.id, userId: member.user.id, message: action.message });
        } catch (error) {
          if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.circleAlreadyInterested");
          throw error;
        }
        await recordAudit(tx, { actorUserId: member.user.id, orgId: member.org.id, action: "circle.interest", subjectType: "circle_post", subjectId: post.id, ip: meta.ip });
        await tell(tx, { userId: post.authorUserId, orgId: post.orgId, kind: "circleInterest", params: { company: member.org.nameZh, title: post.title }, link, meta });
        return "circle.board.interestSent";
      }
      case "accept":
      case "decline": {
        if (!own) throw notFound();
        requireTenantPoster(member);
        const [interest] = await tx
          .update(circleInterests)
          .set({ status: action.intent === "accept" ? "accepted" : "declined", decidedAt: now })
          .where(and(eq(circleInterests.id, action.interestId), eq(circleInterests.postId, post.id), eq(circleInterests.status, "pending")))
          .returning();
        if (!interest) throw new AppError("conflict", "errors.circleInterestDecided");
        await recordAudit(tx, {
          actorUserId: member.user.id,
          orgId: member.org.id,
          action: `circle.interest_${action.intent}ed`,
          subjectType: "circle_interest",
          subjectId: interest.id,
          ip: meta.ip,
        });
        await tell(tx, {
          userId: interest.userId,
          orgId: interest.orgId,
          kind: action.intent === "accept" ? "circleAccepted" : "circleDeclined",
          params: { company: member.org.nameZh, title: post.title },
          link,
          meta,
        });
        return action.intent === "accept" ? "circle.board.accepted" : "circle.board.declined";
      }
      case "close": {
        if (!own) throw notFound();
        requireTenantPoster(member);
        const [closed] = await tx
          .update(circlePosts)
          .set({ status: "closed", outcome: action.outcome, closedAt: now })
          .where(and(eq(circlePosts.id, post.id), eq(circlePosts.status, "open")))
          .returning();
        if (!closed) throw new AppError("conflict", "errors.circlePostClosed");
        await recordAudit(tx, { actorUserId: member.user.id, orgId: member.org.id, action: "circle.post_closed", subjectType: "circle_post", subjectId: post.id, after: { outcome: action.outcome }, ip: meta.ip });
        return "circle.board.closed";
      }
      case "hide": {
        if (!mayModerate(member)) throw new AppError("forbidden", "errors.forbidden");
        if (post.hiddenAt) throw new AppError("conflict", "errors.circlePostHidden");
        await tx.update(circlePosts).set({ hiddenAt: now, hiddenBy: member.user.id, hiddenReason: action.reason }).where(eq(circlePosts.id, post.id));
        await recordAudit(tx, {
          actorUserId: member.user.id,
          orgId: post.orgId,
          action: "circle.post_hidden",
          subjectType: "circle_post",
          subjectId: post.id,
          reason: action.reason,
          ip: meta.ip,
        });
        await tell(tx, { userId: post.authorUserId, orgId: post.orgId, kind: "circleHidden", params: { title: post.title, reason: action.reason }, link, meta });
        return "circle.board.hidden";
      }
    }
  });
}

/** Posts past their expiry are closed as expired once a day (the board already hides them). */
export async function closeExpiredPosts(now = new Date()) {
  const db = await getDb();
  const closed = await db
    .update(circlePosts)
    .set({ status: "closed", outcome: "expired", closedAt: now })
    .where(and(eq(circlePosts.status, "open"), lte(circlePosts.expiresAt, now)))
    .returning({ id: circlePosts.id });
  return closed.length;
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerCircleBoard() {
  registerDailyTask("circle.closeExpiredPosts", async () => {
    await closeExpiredPosts();
  });
}
