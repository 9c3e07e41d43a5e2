// Test data and requests: people, organisations, signed-in requests, and calling a route's
// loader or action the way Remix does, with the answer normalised to status, data and headers.
import { randomBytes } from "node:crypto";
import type { SerializeFrom } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { memberships, organisations, users } from "#db/schema/index";
import { activeMembership, type MemberActor } from "~/modules/identity/access.server";
import { hashPassword } from "~/modules/identity/password.server";
import { readSession, startSession } from "~/modules/identity/session.server";
import { getDb } from "~/modules/platform/db.server";

export const PASSWORD = "correct-horse-battery";
let passwordHash: Promise<string> | undefined;

export const unique = (prefix = "t") => `${prefix}${randomBytes(4).toString("hex")}`;

export async function createUser(options: { email?: string; name?: string; verified?: boolean } = {}) {
  passwordHash ??= hashPassword(PASSWORD);
  const db = await getDb();
  const [user] = await db
    .insert(users)
    .values({
      email: options.email ?? `${unique("u")}@example.test`,
      displayName: options.name ?? "测试用户",
      passwordHash: await passwordHash,
      emailVerifiedAt: options.verified === false ? null : new Date(),
    })
    .returning();
  return user;
}

export async function createOrg(options: { kind?: "park" | "tenant"; slug?: string; nameZh?: string } = {}) {
  const db = await getDb();
  const slug = options.slug ?? unique("org");
  const [org] = await db
    .insert(organisations)
    .values({
      kind: options.kind ?? "tenant",
      slug,
      nameZh: options.nameZh ?? `测试企业 ${slug}`,
      nameEn: `Test company ${slug}`,
      category: "animation",
    })
    .returning();
  return org;
}

export async function addMember(orgId: string, userId: string, role: string) {
  const db = await getDb();
  const [membership] = await db.insert(memberships).values({ orgId, userId, role }).returning();
  return membership;
}

/** A person with a role in a (new) organisation, signed in with that organisation active. */
export async function signedInMember(options: { kind?: "park" | "tenant"; role?: string; orgId?: string; email?: string } = {}) {
  const org = options.orgId ? await orgById(options.orgId) : await createOrg({ kind: options.kind });
  const user = await createUser({ email: options.email });
  const membership = await addMember(org.id, user.id, options.role ?? (org.kind === "park" ? "admin" : "owner"));
  const cookie = await sessionCookie(user.id, org.id);
  return { org, user, membership, cookie };
}

async function orgById(id: string) {
  const db = await getDb();
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
  return org;
}

/** Starts a real session and returns the Cookie header a browser would send back. */
export async function sessionCookie(userId: string, activeOrgId: string | null) {
  const setCookie = await startSession(new Request("http://localhost/login"), userId, { activeOrgId, ip: "127.0.0.1" });
  return setCookie.split(";")[0];
}

/** The acting member behind a session cookie, as a route's `requireMember` would see it. */
export async function actorFor(cookie: string): Promise<MemberActor> {
  const session = await readSession(getRequest("/", cookie));
  const member = session && (await activeMembership(session));
  if (!member) throw new Error("this cookie has no session with an active membership");
  return member;
}

/** What module functions that send email need to know about the request. */
export const mailInfo = { origin: "http://localhost", ip: "127.0.0.1", language: "zh-CN" };

export function cookieFrom(setCookie: string | null) {
  return setCookie ? setCookie.split(";")[0] : "";
}

export function getRequest(path: string, cookie?: string) {
  return new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function postRequest(path: string, fields: Record<string, string>, cookie?: string) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: "http://localhost",
      ...(cookie ? { Cookie: cookie } : {}),
    },
  });
}

/**
 * A route's answer as a test reads it. `Data` is what the page would receive (Remix's
 * `SerializeFrom` of the loader or action, which with single fetch keeps dates and bigints); it
 * is `any` when the call names no route type. A Response answer (a redirect, a thrown 404) has
 * `data: null` and its status, headers and location.
 */
export interface RouteAnswer<Data = any> {
  status: number;
  data: Data;
  headers: Headers;
  location: string | null;
}

function normalise(value: unknown): RouteAnswer {
  if (value instanceof Response) {
    return { status: value.status, data: null, headers: value.headers, location: value.headers.get("Location") };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = value as { data: unknown; init?: ResponseInit | null };
    const headers = new Headers(init?.headers);
    return { status: init?.status ?? 200, data, headers, location: headers.get("Location") };
  }
  return { status: 200, data: value, headers: new Headers(), location: null };
}

/** The value, or a failed test naming what was missing: narrows a typed answer's `T | null` to `T`. */
export function present<T>(value: T | null | undefined, what = "a value"): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${value}`);
  return value;
}

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: any }) => unknown;

/** The data of a route's answer: untyped when no route type was named (`Route` kept its default). */
type AnswerData<Route extends RouteFunction> = RouteFunction extends Route ? any : SerializeFrom<Route>;

/**
 * Calls a loader or action like Remix would; thrown responses come back as answers too.
 * `call<typeof loader>(loader, …)` types the answer's data from what the loader returns, so a
 * renamed field fails to compile; a plain `call(loader, …)` leaves it untyped.
 */
export async function call<Route extends RouteFunction = RouteFunction>(
  fn: NoInfer<Route>,
  request: Request,
  params: Record<string, string> = {},
  clientIp = "127.0.0.1",
): Promise<RouteAnswer<AnswerData<Route>>> {
  try {
    return normalise(await fn({ request, params, context: { clientIp } }));
  } catch (error) {
    if (error instanceof Response || (error as { type?: string })?.type === "DataWithResponseInit") return normalise(error);
    throw error;
  }
}
