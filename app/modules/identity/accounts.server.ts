// People: signing up, verifying an email, logging in and out, resetting a password.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { emailTokens, memberships, organisations, users } from "#db/schema/identity";
import { recordAudit } from "~/modules/platform/audit.server";
import { randomToken, sha256Hex } from "~/modules/platform/crypto.server";
import { getDb, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { sendEmail } from "~/modules/platform/mail.server";
import { reserveLoginAttempt, releaseLoginAttempt, throttleKeys, type Reservation } from "./login-throttle.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password.server";
import { endAllSessions, endOtherSessions, startSession } from "./session.server";

const VERIFY_TTL_MS = 48 * 3600 * 1000;
const RESET_TTL_MS = 60 * 60 * 1000;

export interface RequestInfo {
  request: Request;
  ip: string | null;
  /** Origin used to build links in emails. */
  origin: string;
  language: string;
}

async function issueEmailToken(tx: Tx, userId: string, purpose: "verify_email" | "reset_password") {
  const token = randomToken();
  const ttl = purpose === "verify_email" ? VERIFY_TTL_MS : RESET_TTL_MS;
  await tx.insert(emailTokens).values({
    userId,
    purpose,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + ttl),
  });
  return token;
}

/**
 * Signing up answers the same whether or not the address already has an account, so the form
 * cannot tell anyone who has one (django-allauth's "prevent enumeration"): a new address gets an
 * account and a verification link, an address that has an account gets a note to its owner
 * instead. Nobody is signed in here; the person logs in once they have the link. `next` is where
 * they were going, carried through the link (a same-site path).
 */
export async function signUp(
  input: { email: string; password: string; displayName?: string; next?: string },
  info: RequestInfo,
): Promise<void> {
  const db = await getDb();
  // Hashed on both branches, so the answer takes as long either way.
  const passwordHash = await hashPassword(input.password);
  const displayName = input.displayName?.trim() || input.email.split("@")[0];
  try {
    await db.transaction(async (tx) => {
      const [existing] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, input.email.toLowerCase()));
      if (existing) {
        await tellOwnerOfSignUpAttempt(tx, existing, info);
        return;
      }
      const [created] = await tx
        .insert(users)
        .values({ email: input.email, displayName, passwordHash, locale: info.language })
        .returning({ id: users.id });
      await recordAudit(tx, {
        actorUserId: created.id,
        orgId: null,
        action: "user.signed_up",
        subjectType: "user",
        subjectId: created.id,
        after: { email: input.email },
        ip: info.ip,
      });
      const token = await issueEmailToken(tx, created.id, "verify_email");
      await sendEmail(tx, {
        to: input.email,
        template: "verifyEmail",
        language: info.language,
        params: { name: displayName, link: `${info.origin}/verify-email?token=${token}${nextParam(input.next)}` },
      });
    });
  } catch (error) {
    if (pgErrorCode(error) !== "23505") throw error;
    // The same address signed up at the same instant: it has an account now.
    await db.transaction(async (tx) => {
      const [existing] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, input.email.toLowerCase()));
      if (existing) await tellOwnerOfSignUpAttempt(tx, existing, info);
    });
  }
}

async function tellOwnerOfSignUpAttempt(tx: Tx, owner: typeof users.$inferSelect, info: RequestInfo) {
  await recordAudit(tx, {
    actorUserId: null,
    orgId: null,
    action: "user.sign_up_attempted",
    subjectType: "user",
    subjectId: owner.id,
    ip: info.ip,
  });
  await sendEmail(tx, {
    to: owner.email,
    template: "signUpAttempted",
    language: owner.locale,
    params: { name: owner.displayName, loginLink: `${info.origin}/login`, resetLink: `${info.origin}/forgot-password` },
  });
}

/** The organisation a fresh session starts in: the park for staff, else the oldest membership. */
async function defaultOrgFor(userId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(organisations.status, "active")))
    .orderBy(sql`case when ${organisations.kind} = 'park' then 0 else 1 end`, asc(memberships.createdAt))
    .limit(1);
  return row?.orgId ?? null;
}

function throttled(refusal: Extract<Reservation, { ok: false }>) {
  return refusal.reason === "slowDown"
    ? new AppError("rate_limited", "errors.loginSlowDown", { seconds: refusal.retryAfterSeconds })
    : new AppError("rate_limited", "errors.loginRateLimited", { minutes: Math.ceil(refusal.retryAfterSeconds / 60) });
}

export async function logIn(input: { email: string; password: string }, info: RequestInfo) {
  const reservation = await reserveLoginAttempt(throttleKeys(input.email, info.ip));
  if (!reservation.ok) throw throttled(reservation);
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, locale: users.locale })
    .from(users)
    .where(eq(sql`lower(${users.email})`, input.email.toLowerCase()));
  if (!user) {
    await burnPasswordCheck(input.password);
    throw new AppError("unauthenticated", "errors.invalidCredentials");
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError("unauthenticated", "errors.invalidCredentials");
  }
  await releaseLoginAttempt(reservation.ids);
  await recordAudit(db, { actorUserId: user.id, orgId: null, action: "user.logged_in", subjectType: "user", subjectId: user.id, ip: info.ip });
  const cookie = await startSession(info.request, user.id, { activeOrgId: await defaultOrgFor(user.id), ip: info.ip });
  return { userId: user.id, cookie, locale: user.locale };
}

/**
 * Applying to move in, opening a registration case and joining an organisation need an address
 * the person has shown they read: anyone can sign up with someone else's.
 */
export async function requireVerifiedEmail(db: DbOrTx, userId: string) {
  const [user] = await db.select({ emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  if (!user?.emailVerifiedAt) throw new AppError("forbidden", "errors.emailNotVerified");
}

/** Marks the email verified; a token works once and only before it expires. */
export async function verifyEmail(token: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(emailTokens.tokenHash, sha256Hex(token)),
          eq(emailTokens.purpose, "verify_email"),
          isNull(emailTokens.usedAt),
          gt(emailTokens.expiresAt, new Date()),
        ),
      )
      .returning({ userId: emailTokens.userId });
    if (!used) throw new AppError("gone", "errors.tokenInvalid");
    await tx
      .update(users)
      .set({ emailVerifiedAt: new Date() })
      .where(and(eq(users.id, used.userId), isNull(users.emailVerifiedAt)));
    return used.userId;
  });
}

/** Another verification link; `next` is where the person goes on from the page that link opens. */
export async function resendVerification(userId: string, info: RequestInfo, next?: string) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user || user.emailVerifiedAt) return;
    const token = await issueEmailToken(tx, user.id, "verify_email");
    await sendEmail(tx, {
      to: user.email,
      template: "verifyEmail",
      language: user.locale,
      params: { name: user.displayName, link: `${info.origin}/verify-email?token=${token}${nextParam(next)}` },
    });
  });
}

function nextParam(next: string | undefined) {
  return next && next !== "/dashboard" ? `&next=${encodeURIComponent(next)}` : "";
}

/** Always answers the same way, so it cannot be used to learn who has an account. */
export async function requestPasswordReset(email: string, info: RequestInfo) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
    if (!user) return;
    const token = await issueEmailToken(tx, user.id, "reset_password");
    await sendEmail(tx, {
      to: user.email,
      template: "resetPassword",
      language: user.locale,
      params: { name: user.displayName, link: `${info.origin}/reset-password?token=${token}` },
    });
  });
}

export async function isResetTokenUsable(token: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .where(
      and(
        eq(emailTokens.tokenHash, sha256Hex(token)),
        eq(emailTokens.purpose, "reset_password"),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, new Date()),
      ),
    );
  return Boolean(row);
}

/** Every reset link the account still holds stops working: one was used, or the password changed. */
async function voidResetTokens(tx: Tx, userId: string) {
  await tx
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, "reset_password"), isNull(emailTokens.usedAt)));
}

/** Sets a new password with a single-use token and signs the person out everywhere. */
export async function resetPassword(input: { token: string; password: string }, info: Pick<RequestInfo, "ip">) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction(async (tx) => {
    const [used] = await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(emailTokens.tokenHash, sha256Hex(input.token)),
          eq(emailTokens.purpose, "reset_password"),
          isNull(emailTokens.usedAt),
          gt(emailTokens.expiresAt, new Date()),
        ),
      )
      .returning({ userId: emailTokens.userId });
    if (!used) throw new AppError("gone", "errors.tokenInvalid");
    await voidResetTokens(tx, used.userId);
    // Following the emailed link proves the address too.
    await tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
      .where(eq(users.id, used.userId));
    await recordAudit(tx, {
      actorUserId: used.userId,
      orgId: null,
      action: "user.password_reset",
      subjectType: "user",
      subjectId: used.userId,
      ip: info.ip,
    });
    return used.userId;
  });
  await endAllSessions(userId);
  return userId;
}

/**
 * A signed-in person changes their password, giving the current one (counted like a login, so a
 * stolen session cannot guess it). Every other session of the account ends; this one stays.
 */
export async function changePassword(
  actor: { userId: string; email: string; sessionId: string },
  input: { currentPassword: string; password: string },
  info: Pick<RequestInfo, "ip">,
) {
  const reservation = await reserveLoginAttempt(throttleKeys(actor.email, info.ip));
  if (!reservation.ok) throw throttled(reservation);
  const db = await getDb();
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("invalid", "errors.currentPasswordWrong");
  }
  await releaseLoginAttempt(reservation.ids);
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, actor.userId));
    await voidResetTokens(tx, actor.userId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      orgId: null,
      action: "user.password_changed",
      subjectType: "user",
      subjectId: actor.userId,
      ip: info.ip,
    });
  });
  return endOtherSessions(actor.userId, actor.sessionId);
}

export async function updateProfile(userId: string, input: { displayName: string }) {
  const db = await getDb();
  await db.update(users).set({ displayName: input.displayName }).where(eq(users.id, userId));
}

export async function setPreferredLanguage(userId: string, language: "zh-CN" | "en") {
  const db = await getDb();
  await db.update(users).set({ locale: language }).where(eq(users.id, userId));
}
