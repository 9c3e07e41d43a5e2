// Typed domain errors: modules throw them, routes map them to a status and a translated message
// in one place (`app/modules/platform/http.server.ts`).
export type AppErrorCode =
  | "not_found"
  | "forbidden"
  | "unauthenticated"
  | "conflict"
  | "invalid"
  /** A request no route should see (a host not on the allow-list): 400. */
  | "bad_request"
  | "rate_limited"
  | "gone";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** A catalogue key (under `errors.`) explaining the problem to the user. */
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}: ${messageKey}`);
    this.name = "AppError";
  }
}

export const statusForCode: Record<AppErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  invalid: 422,
  bad_request: 400,
  rate_limited: 429,
  gone: 410,
};

export const notFound = () => new AppError("not_found", "errors.notFound");
export const forbidden = () => new AppError("forbidden", "errors.forbidden");
