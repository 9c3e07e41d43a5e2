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
import { errorReply, readForm } from "./http.server";

/** What every action answers: conform's result for `useForm({ lastResult })`, and what it reports. */
export type FormReply<Done = null> = { result: SubmissionResult<string[]>; done: Done | null };

interface SubmitOptions {
  /** Clear the form after a success (a comment box, an upload); default: keep what was typed. */
  resetForm?: boolean;
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
  options: SubmitOptions = {},
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
    const { result, status } = errorReply(submission, error);
    return data<FormReply<Done>>({ result, done: null }, { status });
  }
  if (done instanceof Response) throw done;
  return data<FormReply<Done>>({ result: submission.reply({ resetForm: options.resetForm }), done: done ?? null });
}

type IntentHandlers<Value extends { intent: string }, Result> = {
  [Intent in Value["intent"]]: (value: Extract<Value, { intent: Intent }>) => Result;
};

/**
 * Runs the handler named by the value's intent, typed for that branch of the union; a missing
 * handler is a compile error, so adding an intent to a schema asks for its handler.
 */
export function byIntent<Value extends { intent: string }, Result>(value: Value, handlers: IntentHandlers<Value, Result>): Result {
  const handler = handlers[value.intent as Value["intent"]] as (v: Value) => Result;
  return handler(value);
}
