// What reaches a log line: a failed query's SQL and error code, never the values it was given.
import { DrizzleQueryError } from "drizzle-orm/errors";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "~/entry.server";
import { logger, loggerOptions, logRequestError, redactDatabaseText } from "~/modules/platform/logger.server";

function capture() {
  const lines: string[] = [];
  const log = pino({ ...loggerOptions, level: "info" }, { write: (line: string) => void lines.push(line) });
  return { log, text: () => lines.join("") };
}

const NAME = "王小明";
const ID_NUMBER = "310104199001011234";
const EMAIL = "wang.xiaoming@example.test";

/** A database error as postgres.js and PGlite raise it, wrapped by drizzle as it reaches our code. */
function failedQuery() {
  const cause = Object.assign(new Error(`invalid input syntax for type uuid: "${ID_NUMBER}"`), {
    code: "22P02",
    severity: "ERROR",
    routine: "string_to_uuid",
    detail: `Key (email)=(${EMAIL}) already exists.`,
    where: `unnamed portal parameter $2 = '${NAME}'`,
    query: "update residents set name = $1 where id = $2",
    parameters: [NAME, ID_NUMBER],
    args: [NAME, ID_NUMBER],
    params: [NAME, ID_NUMBER],
    queryOptions: { parsers: {} },
  });
  return new DrizzleQueryError(`update "residents" set "name" = $1, "note" = 'moved in by ${NAME}' where "id" = $2`, [NAME, ID_NUMBER, EMAIL], cause);
}

describe("logging a failed query", () => {
  it("keeps the SQL and the error code, and no value the query carried", () => {
    const { log, text } = capture();
    log.error({ err: failedQuery(), url: "/housing/apply" }, "unhandled error");
    const line = text();
    for (const value of [NAME, ID_NUMBER, EMAIL]) expect(line).not.toContain(value);
    const entry = JSON.parse(line);
    expect(entry.err.message).toContain('Failed query: update "residents" set "name" = $1');
    expect(entry.err.message).toContain("params: [redacted]");
    expect(entry.err.sqlState).toBe("22P02");
    expect(entry.err.type).toBe("DrizzleQueryError");
    expect(entry.err.stack).toContain("at ");
  });

  it("also when the error arrives as its message (a failed job's reason)", () => {
    const { log, text } = capture();
    log.warn({ err: failedQuery().message, jobId: "j1" }, "job failed");
    for (const value of [NAME, ID_NUMBER, EMAIL]) expect(text()).not.toContain(value);
  });

  it.each([
    ['value "99999999999999999999" is out of range for type bigint', 'value "…" is out of range for type bigint'],
    ['date/time field value out of range: "2026-13-01"', 'date/time field value out of range: "…"'],
    ['duplicate key value violates unique constraint "users_email_unique"', 'duplicate key value violates unique constraint "users_email_unique"'],
    ['null value in column "name" of relation "residents" violates not-null constraint', 'null value in column "name" of relation "residents" violates not-null constraint'],
    ['invalid byte sequence for encoding "UTF8": 0x00', 'invalid byte sequence for encoding "UTF8": 0x00'],
  ])("%s → %s", (message, redacted) => {
    expect(redactDatabaseText(message)).toBe(redacted);
  });
});

/** What Remix hands `handleError` for a refused request: a route error response (its own shape). */
function routeErrorResponse(status: number, error?: Error) {
  return { status, statusText: "", internal: Boolean(error), data: error ? String(error) : { messageKey: "errors.notFound" }, ...(error ? { error } : {}) };
}

describe("logging a request that failed", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ["no route for the URL (404)", "info", routeErrorResponse(404, new Error('No route matches URL "/nope"'))],
    ["another tenant's invoice (404)", "info", routeErrorResponse(404)],
    ["a field error thrown (422)", "info", routeErrorResponse(422)],
    ["a role without the permission (403)", "warn", routeErrorResponse(403)],
    ["too many attempts (429)", "warn", routeErrorResponse(429)],
    ["a thrown Response (401)", "warn", new Response(null, { status: 401 })],
    ["a bug", "error", new TypeError("x is undefined")],
    ["a 500 route error response", "error", routeErrorResponse(500, new Error("boom"))],
  ] as const)("handleError logs %s at %s, and nothing at another level", (_label, level, error) => {
    const spies = { info: vi.spyOn(logger, "info"), warn: vi.spyOn(logger, "warn"), error: vi.spyOn(logger, "error") };
    handleError(error, { request: new Request("http://localhost/billing/invoices/x?token=secret") });
    for (const [name, spy] of Object.entries(spies)) expect(spy, name).toHaveBeenCalledTimes(name === level ? 1 : 0);
  });

  it("writes the path without its query or an invitation's token, and the cause of a 500", () => {
    const { log, text } = capture();
    logRequestError(log, routeErrorResponse(404), "http://localhost/reset-password?token=s3cret-token");
    logRequestError(log, routeErrorResponse(500, new Error("boom")), "http://localhost/invitations/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde");
    const [notFound, failure] = text().trim().split("\n").map((line) => JSON.parse(line));
    expect(notFound).toMatchObject({ level: 30, status: 404, path: "/reset-password", msg: "request refused" });
    expect(notFound.err).toBeUndefined();
    expect(failure).toMatchObject({ level: 50, path: "/invitations/…", err: { message: "boom" } });
    expect(text()).not.toContain("s3cret");
    expect(text()).not.toContain("AbCdEf");
  });
});
