// Sessions, kept behind this one file so that lucia (deprecated upstream) can be swapped for our
// own table without touching anything else. The cookie holds a random token; the database holds
// only its SHA-256, which is the lucia session id.
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { and, eq, ne, sql } from "drizzle-orm";
import { Cookie, Lucia, TimeSpan } from "lucia";
import { memberships, organisations, sessions, users } from "#db/schema/identity";
import { config } from "~/modules/platform/config.server";
import { sha256Hex, randomToken } from "~/modules/platform/crypto.server";
import { getDb, type Db } from "~/modules/platform/db.server";
import { oncePerRequest } from "~/modules/platform/request-scope.server";
import type { OrgKind } from "./permissions";

/** Signed out after this long without a request. */
const SESSION_IDLE = new TimeSpan(7, "d");
/** Signed out after this long whatever happens. */
const SESSION_ABSOLUTE_MS = 30 * 24 * 3600 * 1000;
const SESSION_COOKIE = "haopu_session";

function createLucia(db: Db) {
  return new Lucia(new DrizzlePostgreSQLAdapter(db, sessions, users), {
    sessionExpiresIn: SESSION_IDLE,
    sessionCookie: { name: SESSION_COOKIE, expires: false, attributes: { sameSite: "lax" } },
    getSessionAttributes: (attributes) => ({
      activeOrgId: attributes.activeOrgId,
      absoluteExpiresAt: attributes.absoluteExpiresAt,
    }),
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      displayName: attributes.displayName,
      emailVerifiedAt: attributes.emailVerifiedAt,
      locale: attributes.locale,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: string;
    DatabaseSessionAttributes: {
      activeOrgId: string | null;
      absoluteExpiresAt: Date;
      ip: string | null;
      userAgent: string | null;
    };
    DatabaseUserAttributes: {
      email: string;
      displayName: string;
      emailVerifiedAt: Date | null;
      locale: string;
    };
  }
}

const instances = new WeakMap<Db, ReturnType<typeof createLucia>>();
async function lucia() {
  const db = await getDb();
  let instance = instances.get(db);
  if (!instance) {
    instance = createLucia(db);
    instances.set(db, instance);
  }
  return instance;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  emailVerifiedAt: Date | null;
  locale: string;
}

export interface CurrentSession {
  id: string;
  activeOrgId: string | null;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

function isSecure(request: Request) {
  return config().COOKIE_SECURE ?? new URL(request.url).protocol === "https:";
}

function cookieFor(request: Request, value: string, maxAgeSeconds: number) {
  return new Cookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isSecure(request),
    maxAge: maxAgeSeconds,
  }).serialize();
}

export function clearSessionCookie(request: Request) {
  return cookieFor(request, "", 0);
}

function readToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}

/** Starts a new session (a new id every time: no fixation) and returns its Set-Cookie header. */
export async function startSession(
  request: Request,
  userId: string,
  options: { activeOrgId: string | null; ip: string | null },
) {
  const token = randomToken();
  await (
    await lucia()
  ).createSession(
    userId,
    {
      activeOrgId: options.activeOrgId,
      absoluteExpiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
      ip: options.ip,
      userAgent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
    },
    { sessionId: sha256Hex(token) },
  );
  return cookieFor(request, token, SESSION_ABSOLUTE_MS / 1000);
}

/** A membership of the signed-in person in an active organisation, read with the session. */
export interface SessionMembership {
  membershipId: string;
  role: string;
  org: { id: string; kind: OrgKind; slug: string; nameZh: string; nameEn: string };
}

export interface SessionRead {
  user: SessionUser;
  session: CurrentSession;
}

const cache = new WeakMap<Request, Promise<SessionRead | null>>();
const membershipsBySession = new WeakMap<SessionRead, SessionMembership[]>();

/**
 * The signed-in user and session of a request, or null; looked up once per request (all loaders
 * of a page share it) in one statement that also reads the person's memberships.
 */
export function readSession(request: Request) {
  let found = cache.get(request);
  if (!found) {
    const token = readToken(request);
    found = token ? oncePerRequest(`session:${token}`, () => lookUp(token)) : Promise.resolve(null);
    cache.set(request, found);
  }
  return found;
}

/**
 * The person's memberships in active organisations (organisations by kind, then Chinese name), as
 * read with the session; undefined for an actor that did not come from `readSession`.
 */
export function sessionMemberships(actor: SessionRead): SessionMembership[] | undefined {
  return membershipsBySession.get(actor);
}

// lucia's validateSession, with the memberships in the same statement: a session past its idle
// expiry is deleted, one in the second half of its idle period is extended.
async function lookUp(token: string): Promise<SessionRead | null> {
  if (token.length > 200) return null;
  const db = await getDb();
  const sessionId = sha256Hex(token);
  const [row] = await db
    .select({
      user: { id: users.id, email: users.email, displayName: users.displayName, emailVerifiedAt: users.emailVerifiedAt, locale: users.locale },
      session: { id: sessions.id, activeOrgId: sessions.activeOrgId, expiresAt: sessions.expiresAt, absoluteExpiresAt: sessions.absoluteExpiresAt },
      memberships: sql<SessionMembership[] | string>`(
        select coalesce(json_agg(json_build_object(
          'membershipId', ${memberships.id}, 'role', ${memberships.role},
          'org', json_build_object('id', ${organisations.id}, 'kind', ${organisations.kind}, 'slug', ${organisations.slug}, 'nameZh', ${organisations.nameZh}, 'nameEn', ${organisations.nameEn})
        ) order by ${organisations.kind}, ${organisations.nameZh}), '[]')
        from ${memberships} join ${organisations} on ${organisations.id} = ${memberships.orgId}
        where ${memberships.userId} = ${users.id} and ${organisations.status} = 'active')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId));
  if (!row) return null;
  const now = Date.now();
  if (row.session.expiresAt.getTime() <= now || row.session.absoluteExpiresAt.getTime() <= now) {
    await (await lucia()).invalidateSession(sessionId);
    return null;
  }
  const session: CurrentSession = { ...row.session };
  if (session.expiresAt.getTime() - SESSION_IDLE.milliseconds() / 2 <= now) {
    session.expiresAt = new Date(now + SESSION_IDLE.milliseconds());
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, sessionId));
  }
  const read: SessionRead = { user: row.user, session };
  membershipsBySession.set(read, typeof row.memberships === "string" ? (JSON.parse(row.memberships) as SessionMembership[]) : row.memberships);
  return read;
}

export async function endSession(sessionId: string) {
  await (await lucia()).invalidateSession(sessionId);
}

export async function endAllSessions(userId: string) {
  await (await lucia()).invalidateUserSessions(userId);
}

/** "Log out other sessions": every session of the user but this one. */
export async function endOtherSessions(userId: string, keepSessionId: string) {
  const db = await getDb();
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
    .returning({ id: sessions.id });
  return ended.length;
}

export async function listSessions(userId: string) {
  const db = await getDb();
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(sessions.createdAt);
}

export async function setActiveOrg(sessionId: string, orgId: string) {
  const db = await getDb();
  await db.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.id, sessionId));
}
