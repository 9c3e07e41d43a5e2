import { isRouteErrorResponse } from "@remix-run/react";
import pino, { type Logger, type LoggerOptions } from "pino";

/**
 * Properties of database errors that hold the values a query was given or met: drizzle's `params`,
 * postgres.js's `parameters`/`args`/`types`, PGlite's `params`/`queryOptions`, PostgreSQL's `detail`
 * ("Key (email)=(…) already exists") and `where` ("portal parameter $6 = '…'"). Residents' names
 * and ID numbers pass through queries, so none of these ever reaches a log line.
 */
const VALUE_PROPERTIES = new Set(["params", "parameters", "args", "types", "queryOptions", "detail", "where", "internalQuery"]);

/** PostgreSQL quotes a value after ": " or "value " ('invalid input syntax for type uuid: "…"'); names of relations, columns and constraints stay. */
const QUOTED_VALUE = /(: |value )"(?:[^"]|"")*"/g;

/**
 * Strips values from text a database error carries: drizzle's "params: …" part of "Failed query",
 * string literals inside the query text, and values PostgreSQL quotes in its message.
 */
export function redactDatabaseText(text: string): string {
  return text
    .replace(/(Failed query: )([\s\S]*?)(?=\nparams: |$)/g, (_m, head: string, query: string) => head + redactSqlLiterals(query))
    .replace(/\nparams: [\s\S]*?(?=(?:: |\n)caused by: |\n\s+at |$)/g, "\nparams: [redacted]")
    .replace(QUOTED_VALUE, '$1"…"');
}

/** SQL text with its string literals blanked: placeholders carry the values, but a few queries inline them. */
function redactSqlLiterals(query: string) {
  return query.replace(/'(?:[^']|'')*'/g, "'…'");
}

function sqlState(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactDatabaseText(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (VALUE_PROPERTIES.has(key)) continue;
    out[key] = key === "query" && typeof v === "string" ? redactSqlLiterals(v) : scrub(v, depth + 1);
  }
  return out;
}

/**
 * pino's error serializer (message and stack with their causes), without the values a failed query
 * carried; the PostgreSQL error code is kept as `sqlState`, which is what one needs to act on it.
 */
function serializeError(error: unknown): unknown {
  if (typeof error === "string") return redactDatabaseText(error);
  if (!(error instanceof Error)) return scrub(error);
  const serialized = scrub({ ...pino.stdSerializers.err(error) }) as Record<string, unknown>;
  const code = sqlState(error);
  return code ? { ...serialized, sqlState: code } : serialized;
}

/** The options of the application's logger (tests point them at a buffer). */
export const loggerOptions: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "haopu-hub" },
  serializers: { err: serializeError },
  // Secrets and personal information never reach a log line, even when a whole input is logged.
  redact: [
    "password",
    "token",
    "*.password",
    "*.token",
    "req.headers.cookie",
    "req.headers.authorization",
    "idNumber",
    "*.idNumber",
    "*.*.idNumber",
    "residents[*].idNumber",
    "*.residents[*].idNumber",
    "phone",
    "*.phone",
    "residents[*].phone",
    "*.residents[*].phone",
  ],
};

export const logger = pino(loggerOptions);

/**
 * The status a request failed with, when Remix answered it with one: a route error response (a
 * thrown `data()`/AppError, no route for the URL, a method the route does not take) or a Response.
 */
function statusOf(error: unknown): number | undefined {
  if (isRouteErrorResponse(error)) return error.status;
  if (error instanceof Response) return error.status;
  return undefined;
}

/** Refusals are not errors: 404 and other 4xx at info, 401/403/429 at warn (someone tried), the rest at error. */
function levelForRequestError(error: unknown): "info" | "warn" | "error" {
  const status = statusOf(error);
  if (status === undefined || status >= 500) return "error";
  return status === 401 || status === 403 || status === 429 ? "warn" : "info";
}

/** The path of a request without its query, and without an invitation's token. */
function loggablePath(url: string) {
  try {
    return new URL(url).pathname.replace(/^\/invitations\/[^/]+/, "/invitations/…");
  } catch {
    return undefined;
  }
}

/** Logs what Remix hands `handleError`: a failure of ours at error level, a refused request below it. */
export function logRequestError(log: Logger, error: unknown, url: string) {
  const level = levelForRequestError(error);
  const path = loggablePath(url);
  if (level === "error") {
    // A 5xx route error response carries the error that caused it.
    const cause = isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error;
    log.error({ err: cause, path }, "unhandled error");
    return;
  }
  log[level]({ status: statusOf(error), path }, "request refused");
}
