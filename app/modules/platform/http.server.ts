// Where domain errors become HTTP answers, in one place: routes wrap loaders and actions with
// `withAppErrors` (in ./route-errors.ts), and forms turn an AppError into a message next to the
// form with `submitForm` (forms.server), through `errorReply` here.
import type { SubmissionResult } from "@conform-to/react";
import { data, type AppLoadContext } from "@remix-run/node";
import { getLanguage } from "~/i18n/i18n.server";
import { allowedHostsFrom, isAllowedHost } from "~/server/hosts.js";
import { config } from "./config.server";
import { AppError, statusForCode } from "./errors";
import { toErrorResponse, type ErrorPayload } from "./route-errors";

/** Encodes a catalogue key and its parameters as one form-error string; `<FormErrors>` decodes it. */
export function encodeMessage(key: string, params: Record<string, string | number> = {}) {
  return Object.keys(params).length ? `${key}::${JSON.stringify(params)}` : key;
}

type Replyable = {
  payload?: Record<string, unknown>;
  reply: (o?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>;
};

/**
 * A domain error that the person can act on (a conflict, a limit, a bad value) becomes a
 * form-level error with its status; not-found and forbidden go to the error page.
 */
export function errorReply(submission: Replyable, error: unknown) {
  if (!(error instanceof AppError) || error.code === "not_found" || error.code === "forbidden") throw toErrorResponse(error);
  const message = encodeMessage(error.messageKey, error.params);
  // An error naming a field the form sent (`params.field`) is shown next to that field.
  const field = typeof error.params.field === "string" && submission.payload && Object.hasOwn(submission.payload, error.params.field) ? error.params.field : null;
  return {
    result: submission.reply(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }),
    status: statusForCode[error.code],
  };
}

/**
 * Control characters no person types into a form: C0 controls other than tab, line feed and
 * carriage return (a textarea sends those), and DEL. PostgreSQL refuses a NUL in text, so one
 * reaching a query was a 500.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FORBIDDEN_IN_FORMS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function hasForbiddenControlCharacters(value: string) {
  return FORBIDDEN_IN_FORMS.test(value);
}

/**
 * Reads a form body; a body that is not a form, or a field (name, value or file name) holding a
 * control character, is a 400 with a message, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError("invalid", "errors.badForm");
  }
  for (const [name, value] of form) {
    const text = typeof value === "string" ? value : value.name;
    if (hasForbiddenControlCharacters(name) || hasForbiddenControlCharacters(text)) {
      throw data<ErrorPayload>({ messageKey: "errors.controlCharacters", params: {} }, { status: 400 });
    }
  }
  return form;
}

/**
 * The origin emailed links and return addresses are built from: PUBLIC_URL when set, else this
 * request's own, and only when its host is on the allow-list (decision 013). The HTTP layer already
 * refuses other hosts; this refuses them again for any caller that did not come through it.
 */
export function siteOrigin(request: Request): string {
  const { PUBLIC_URL, ALLOWED_HOSTS } = config();
  if (PUBLIC_URL) return PUBLIC_URL;
  const url = new URL(request.url);
  if (!isAllowedHost(url.hostname, allowedHostsFrom({ allowedHosts: ALLOWED_HOSTS }))) throw new AppError("bad_request", "errors.badHost");
  return url.origin;
}

export async function requestInfo(request: Request, context: AppLoadContext) {
  return {
    request,
    ip: context?.clientIp ?? null,
    origin: siteOrigin(request),
    language: await getLanguage(request),
  };
}
