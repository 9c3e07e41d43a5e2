// The one way an action handles a form (STYLE.md §1, issue 15): read the body (control characters
// refused by `readForm`), parse it with the module's zod schema through conform, answer an invalid
// submission with every field's errors and 400, and only then do the work. A domain error the
// person can act on comes back as a form-level message with its status (`errorReply`); not-found
// and forbidden go to the error page. A page with several forms parses one
// `z.discriminatedUnion("intent", …)` and dispatches it with `byIntent`.
import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { AppError } from "./errors";
import { encodeMessage, errorReply, readForm } from "./http.server";

/** What every action answers: conform's result for `useForm({ lastResult })`, and what it reports. */
export type FormReply<Done = null> = { result: SubmissionResult<string[]>; done: Done | null };

interface SubmitOptions<Done> {
  /** Clear the form after a success (a comment box, an upload); default: keep what was typed. */
  resetForm?: boolean;
  /**
   * The field a domain error belongs next to (a refused file beside its file input): the error is
   * then that field's, answered 400 like any other field error; by default it is the form's.
   */
  errorField?: (error: AppError) => string | undefined;
  /** The status of a success whose `done` reports a refusal (a check-in code already used: 409); default 200. */
  status?: (done: Done) => number;
}

/**
 * Parses `request` (or an already read form) with `schema` and runs `work` with the typed value.
 * `work` may return a Response (a redirect) which passes through as it is, or what the page shows
 * after a success (`done`, usually a catalogue key). An invalid submission is a 400 with the field
 * errors and does nothing.
 */
export async function submitForm<Schema extends z.ZodTypeAny, Done = null>(
  source: Request | FormData,
  schema: Schema,
  work: (value: z.output<Schema>) => Promise<Done | Response>,
  options: SubmitOptions<NoInfer<Done>> = {},
) {
  const form = source instanceof FormData ? source : await readForm(source);
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") {
    return data<FormReply<Done>>({ result: submission.reply(), done: null }, { status: 400 });
  }
  let done: Done | Response;
  try {
    done = await work(submission.value);
  } catch (error) {
    const field = error instanceof AppError ? options.errorField?.(error) : undefined;
    if (field && error instanceof AppError) {
      const result = submission.reply({ fieldErrors: { [field]: [encodeMessage(error.messageKey, error.params)] } });
      return data<FormReply<Done>>({ result, done: null }, { status: 400 });
    }
    const { result, status } = errorReply(submission, error);
    return data<FormReply<Done>>({ result, done: null }, { status });
  }
  if (done instanceof Response) throw done;
  return data<FormReply<Done>>({ result: submission.reply({ resetForm: options.resetForm }), done: done ?? null }, { status: options.status?.(done) ?? 200 });
}

type IntentHandlers<Value extends { intent: string }> = {
  [Intent in Value["intent"]]: (value: Extract<Value, { intent: Intent }>) => unknown;
};

/**
 * Runs the handler named by the value's intent, typed for that branch of the union; a missing
 * handler is a compile error, so adding an intent to a schema asks for its handler. It answers
 * what the handlers answer (the union of their results).
 */
export function byIntent<Value extends { intent: string }, Handlers extends IntentHandlers<Value>>(value: Value, handlers: Handlers): ReturnType<Handlers[Value["intent"]]> {
  const handler = handlers[value.intent as Value["intent"]] as unknown as (v: Value) => ReturnType<Handlers[Value["intent"]]>;
  return handler(value);
}
