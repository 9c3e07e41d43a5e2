// The compute gateway's JSON API (`/api/v1/*`): API-key authentication, JSON bodies validated
// whole before anything changes, domain errors mapped to a status and a stable `code`, and the
// read models the gateway asks for (tenants, balances, prices). Routes stay thin: they parse with
// the schemas here and call one function.
import { and, asc, eq, gt, isNotNull, lte, sql } from "drizzle-orm";
import { z, type ZodType } from "zod";
import { creditAccounts, creditLots } from "#db/schema/credits";
import { orgDirectory } from "~/modules/identity/directory.server";
import { getDb, pgErrorCode } from "~/modules/platform/db.server";
import { AppError, statusForCode } from "~/modules/platform/errors";
import { logger } from "~/modules/platform/logger.server";
import { authenticateApiKey, type ApiCaller } from "./api-keys.server";
import { holdView } from "./holds.server";
import { isCleanText } from "./ledger.server";
import { currentPrices, loadPriceList } from "./prices.server";
import { formatCredits, type Meter } from "./units";
import { MAX_BATCH, type UsageResult } from "./usage.server";

/** An answer that is not a success, with a machine-readable code and a sentence for people. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const NO_STORE = { "Cache-Control": "no-store" };

export function apiJson(data: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(data, { status, headers: { ...NO_STORE, ...headers } });
}

/** What the gateway is told for each domain error the credits module raises. */
const appErrors: Record<string, { code: string; message: string; status?: number }> = {
  "errors.insufficientCredits": { code: "insufficient_credits", message: "The tenant does not have enough credits." },
  "errors.budgetExceeded": { code: "budget_exceeded", message: "The project's budget does not cover this amount." },
  "errors.unknownTenant": { code: "unknown_tenant", message: "There is no active tenant with this slug." },
  "errors.unknownProject": { code: "unknown_project", message: "The tenant has no project with this code." },
  "errors.unknownHold": { code: "unknown_hold", message: "There is no hold with this id." },
  "errors.notFound": { code: "not_found", message: "Not found." },
  "errors.holdResolved": { code: "hold_resolved", message: "The hold is already resolved." },
  "conflict:errors.holdInvalid": { code: "hold_id_conflict", message: "This hold id is already used by another tenant's hold." },
  "errors.holdInvalid": { code: "invalid_hold", message: "The hold's parameters are not valid.", status: 400 },
  "errors.usageBatchEmpty": { code: "empty_batch", message: "The batch has no events.", status: 400 },
  "errors.usageBatchTooLarge": { code: "batch_too_large", message: `A batch holds at most ${MAX_BATCH} events.`, status: 413 },
};

/** Turns what a handler threw into the JSON answer; anything unexpected is logged and is a 500. */
function apiErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return apiJson({ error: { code: error.code, message: error.message, ...error.details } }, error.status);
  }
  if (error instanceof AppError) {
    const known = appErrors[`${error.code}:${error.messageKey}`] ?? appErrors[error.messageKey];
    const status = known?.status ?? statusForCode[error.code];
    const code = known?.code ?? error.code;
    const { status: holdStatus, ...params } = error.params;
    const details = holdStatus === undefined ? params : { ...params, hold_status: holdStatus };
    return apiJson({ error: { code, message: known?.message ?? error.messageKey, ...details } }, status);
  }
  const pgCode = pgErrorCode(error);
  if (pgCode === "40P01" || pgCode === "40001" || pgCode === "55P03") {
    // A deadlock or serialisation failure rolled everything back: the same request may be sent again.
    return apiJson({ error: { code: "retry", message: "A concurrent request conflicted with this one; send it again." } }, 503, { "Retry-After": "1" });
  }
  logger.error({ err: error }, "compute API request failed");
  return apiJson({ error: { code: "internal", message: "Something went wrong on our side." } }, 500);
}

/**
 * Runs an API request: checks the method and the `Authorization: Bearer <key>` header, then the
 * handler; every outcome is a JSON answer.
 */
export async function apiRequest(request: Request, method: "GET" | "POST", handler: (caller: ApiCaller) => Promise<Response>): Promise<Response> {
  try {
    if (request.method !== method && !(method === "GET" && request.method === "HEAD")) {
      throw new ApiError(405, "method_not_allowed", `Use ${method} here.`);
    }
    const key = await authenticateApiKey(request.headers.get("Authorization"));
    if (!key) {
      return apiJson(
        { error: { code: "unauthorized", message: "Send a valid API key as `Authorization: Bearer <key>`." } },
        401,
        { "WWW-Authenticate": 'Bearer realm="haopu-hub"' },
      );
    }
    return await handler(key);
  } catch (error) {
    return apiErrorResponse(error);
  }
}

/**
 * A tenant's own key acts for its company only: naming another company is a 403
 * `forbidden_tenant` (the park's gateway keys act for every tenant).
 */
export function requireTenantScope(caller: ApiCaller, slug: string) {
  if (caller.tenant && caller.tenant.slug !== slug) {
    throw new ApiError(403, "forbidden_tenant", `This API key belongs to the tenant "${caller.tenant.slug}" and can act only for it.`, { tenant: caller.tenant.slug });
  }
}

/**
 * A key made for one project acts for that project only: no project means that one, another is a
 * 403 `forbidden_project`. Returns the project to use.
 */
export function requireProjectScope(caller: ApiCaller, project: string | null | undefined): string | null {
  if (!caller.project) return project ?? null;
  if (project !== null && project !== undefined && project !== caller.project.code) {
    throw new ApiError(403, "forbidden_project", `This API key is for the project "${caller.project.code}" only.`, { project: caller.project.code });
  }
  return caller.project.code;
}

/**
 * A usage batch sent with a tenant's key: every event must be the key's company's (and project's);
 * one that is not refuses the whole batch with a 403 before anything is applied. An event without
 * a tenant (or, for a project key, without a project) is taken to be the key's.
 */
export function scopeUsageEvents(caller: ApiCaller, events: unknown[]): unknown[] {
  if (!caller.tenant) return events;
  return events.map((raw) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
    const event = { ...(raw as Record<string, unknown>) };
    if (event.tenant === undefined) event.tenant = caller.tenant!.slug;
    if (typeof event.tenant === "string") requireTenantScope(caller, event.tenant);
    if (caller.project) {
      if (event.project === undefined || event.project === null) event.project = caller.project.code;
      if (typeof event.project !== "string" || event.project !== caller.project.code) requireProjectScope(caller, String(event.project));
    }
    return event;
  });
}

/** A hold a tenant's key asks about must be its company's (and project's); another's is not found. */
export function requireHoldScope(caller: ApiCaller, hold: { orgId: string; projectId: string | null }) {
  if (!caller.tenant) return;
  if (hold.orgId !== caller.tenant.id || (caller.project && hold.projectId !== caller.project.id)) throw new AppError("not_found", "errors.unknownHold");
}

/** The answer for a method a route does not serve (a GET on a POST-only path). */
export function methodNotAllowed(allowed: "GET" | "POST") {
  return apiJson({ error: { code: "method_not_allowed", message: `Use ${allowed} here.` } }, 405, { Allow: allowed });
}

function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/** Reads the JSON body and validates it whole: invalid JSON or a wrong shape is a 400. */
export async function readJsonBody<T>(request: Request, schema: ZodType<T, z.ZodTypeDef, unknown>): Promise<T> {
  const text = await request.text();
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON.");
  }
  if (body === undefined) throw new ApiError(400, "invalid_request", "The request needs a JSON body.");
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    const first = issues[0];
    throw new ApiError(400, "invalid_request", first ? `${first.path || "body"}: ${first.message}` : "The request body has the wrong shape.", { issues });
  }
  return parsed.data;
}

/** Milli-credits as a JSON integer or a string of digits; always a positive bigint below 10^18. */
const milliAmount = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ok = typeof value === "number" ? Number.isSafeInteger(value) && value > 0 : /^[1-9]\d{0,17}$/.test(value);
  if (!ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be a positive integer of milli-credits (a number or a string of digits)" });
    return z.NEVER;
  }
  return BigInt(value);
});

/** Like `milliAmount` but zero is allowed (a capture of nothing). */
const milliAmountOrZero = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ok = typeof value === "number" ? Number.isSafeInteger(value) && value >= 0 : /^(0|[1-9]\d{0,17})$/.test(value);
  if (!ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be a non-negative integer of milli-credits (a number or a string of digits)" });
    return z.NEVER;
  }
  return BigInt(value);
});

/** `POST /api/v1/usage`: `{ events: [...] }` or a bare array; each event is checked on its own. */
export const usageBatchSchema = z
  .union([z.array(z.unknown()), z.object({ events: z.array(z.unknown(), { required_error: "is required", invalid_type_error: "must be an array" }) })], {
    errorMap: () => ({ message: "expected { events: [...] } or an array of events" }),
  })
  .transform((body) => (Array.isArray(body) ? body : body.events));

/** A batch's size is checked before any event is looked at. */
export function checkBatchSize(events: unknown[]) {
  if (events.length === 0) throw new ApiError(400, "empty_batch", "The batch has no events.");
  if (events.length > MAX_BATCH) {
    throw new ApiError(413, "batch_too_large", `A batch holds at most ${MAX_BATCH} events; this one has ${events.length}.`, { max_events: MAX_BATCH });
  }
  return events;
}

export function usageSummary(results: UsageResult[]) {
  let applied = 0;
  let duplicates = 0;
  let rejected = 0;
  let appliedMilli = 0n;
  for (const r of results) {
    if (r.status === "applied") {
      applied++;
      appliedMilli += BigInt(r.cost_milli);
    } else if (r.status === "duplicate") duplicates++;
    else rejected++;
  }
  return { results, applied, duplicates, rejected, applied_cost_milli: String(appliedMilli), applied_cost: formatCredits(appliedMilli) };
}

/** Text without NUL or lone surrogates (the database could not store it). */
const text = (max: number) =>
  z
    .string({ required_error: "is required", invalid_type_error: "must be a string" })
    .max(max, `is longer than ${max} characters`)
    .refine(isCleanText, "contains characters that cannot be stored (NUL or a lone surrogate)");

const holdId = text(200).refine((v) => v.length > 0, "must not be empty");

export const createHoldSchema = z.object({
  id: holdId,
  tenant: text(100).refine((v) => v.length > 0, "must not be empty"),
  project: text(100)
    .refine((v) => v.length > 0, "must not be empty")
    .nullish(),
  amount_milli: milliAmount,
  ttl_seconds: z.number().int("must be a whole number of seconds").min(60).max(7 * 24 * 3600).optional(),
  description: text(300).optional(),
});

export const captureHoldSchema = z.object({ amount_milli: milliAmountOrZero });

/** The id in `/api/v1/holds/:id/…`. */
export function holdIdParam(value: string | undefined) {
  const parsed = holdId.safeParse(value);
  if (!parsed.success) throw new ApiError(400, "invalid_request", "The hold id in the path is not valid.");
  return parsed.data;
}

export function holdAnswer(hold: Parameters<typeof holdView>[0], tenant?: string) {
  const view = holdView(hold);
  return {
    ...view,
    ...(tenant ? { tenant } : {}),
    amount: formatCredits(view.amount_milli),
    captured: view.captured_milli === null ? null : formatCredits(view.captured_milli),
    created_at: hold.createdAt.toISOString(),
    resolved_at: hold.resolvedAt?.toISOString() ?? null,
  };
}

/** `GET /api/v1/tenants`: every tenant company the gateway may bill; a tenant's key sees its own. */
export async function listGatewayTenants(caller: ApiCaller) {
  const db = await getDb();
  const rows = await db
    .select({ slug: orgDirectory.slug, name: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, status: orgDirectory.status })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.kind, "tenant"), caller.tenant ? eq(orgDirectory.id, caller.tenant.id) : undefined))
    .orderBy(asc(orgDirectory.slug));
  return rows.map((r) => ({ slug: r.slug, name: r.name, name_en: r.nameEn, status: r.status }));
}

const EXPIRING_SOON_DAYS = 30;

/**
 * `GET /api/v1/tenants/:slug/balance`. Available credits are those in lots that have not reached
 * their expiry (what usage can spend now); held are those reserved by active holds.
 */
export async function gatewayBalance(slug: string, now = new Date()) {
  if (!slug || slug.length > 100 || !isCleanText(slug)) throw new AppError("not_found", "errors.unknownTenant");
  const db = await getDb();
  const [tenant] = await db
    .select({ id: orgDirectory.id, slug: orgDirectory.slug, status: orgDirectory.status })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.slug, slug), eq(orgDirectory.kind, "tenant")));
  if (!tenant) throw new AppError("not_found", "errors.unknownTenant");
  const soon = new Date(now.getTime() + EXPIRING_SOON_DAYS * 24 * 3600 * 1000);
  // Timestamps go into raw SQL as ISO text: drivers differ in how they bind a Date there.
  const at = sql`${now.toISOString()}::timestamptz`;
  const until = sql`${soon.toISOString()}::timestamptz`;
  const [lots] = await db
    .select({
      available: sql<string>`coalesce(sum(${creditLots.remainingMilli}) filter (where ${creditLots.expiresAt} is null or ${creditLots.expiresAt} > ${at}), 0)::text`,
      expiring: sql<string>`coalesce(sum(${creditLots.remainingMilli}) filter (where ${creditLots.expiresAt} > ${at} and ${creditLots.expiresAt} <= ${until}), 0)::text`,
    })
    .from(creditLots)
    .where(eq(creditLots.orgId, tenant.id));
  const [held] = await db
    .select({ balance: creditAccounts.balanceMilli })
    .from(creditAccounts)
    .where(and(eq(creditAccounts.orgId, tenant.id), eq(creditAccounts.kind, "held")));
  const available = BigInt(lots.available);
  const heldMilli = held?.balance ?? 0n;
  const expiring = BigInt(lots.expiring);
  const [next] = await db
    .select({ expiresAt: creditLots.expiresAt })
    .from(creditLots)
    .where(and(eq(creditLots.orgId, tenant.id), gt(creditLots.remainingMilli, 0n), isNotNull(creditLots.expiresAt), gt(creditLots.expiresAt, now), lte(creditLots.expiresAt, soon)))
    .orderBy(asc(creditLots.expiresAt))
    .limit(1);
  return {
    tenant: tenant.slug,
    status: tenant.status,
    available_milli: String(available),
    available: formatCredits(available),
    held_milli: String(heldMilli),
    held: formatCredits(heldMilli),
    expiring_soon_milli: String(expiring),
    expiring_soon: formatCredits(expiring),
    expiring_soon_days: EXPIRING_SOON_DAYS,
    next_expiry_at: next?.expiresAt?.toISOString() ?? null,
  };
}

const priceUnits: Record<Meter, { unit: string; quantityUnit: string }> = {
  gpu_seconds: { unit: "gpu_hour", quantityUnit: "gpu_seconds" },
  llm_tokens_in: { unit: "million_tokens", quantityUnit: "tokens" },
  llm_tokens_out: { unit: "million_tokens", quantityUnit: "tokens" },
};

/** `GET /api/v1/prices`: the price in force now for every meter and model. */
export async function gatewayPrices(now = new Date()) {
  const db = await getDb();
  return currentPrices(await loadPriceList(db), now).map((p) => {
    const units = priceUnits[p.meter as Meter];
    return {
      meter: p.meter,
      model: p.model,
      unit: units.unit,
      quantity_unit: units.quantityUnit,
      price_milli: String(p.priceMilli),
      price: formatCredits(p.priceMilli),
      effective_from: p.effectiveFrom.toISOString(),
    };
  });
}
