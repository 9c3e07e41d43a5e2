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
import { AppError, statusForCode } from "./errors";
import { encodeMessage, errorReply, readForm } from "./http.server";

/** What every action answers: conform's result for `useForm({ lastResult })`, and what it reports. */
export type FormReply<Done = null> = {
  result: SubmissionResult<string[]>;
  done: Done | null;
};

interface SubmitOptions<Value, Done> {
  /** Clear the form after a success (a comment box, an upload); default: keep what was typed. On a page of several forms, say which. */
  resetForm?: boolean | ((value: Value) => boolean);
  /** Fields never sent back to the browser (a password), in every answer. */
  hideFields?: string[];
  /**
   * Not-found or forbidden errors about this one step, not the page (a role the actor may not
   * give, a pack gone off sale), by catalogue key: a message on the form with their status.
   */
  onForm?: string[];
  /**
   * Where a domain error belongs to one field (a project code taken, a refused file beside its file
   * input): that field, shown next to it, with `status` (default: the error's own). Errors it maps
   * to nothing are answered as any other.
   */
  fieldOf?: (error: AppError) => { field: string; status?: number } | undefined;
  /** The status of a success whose `done` reports a refusal (a check-in code already used: 409); default 200. */
  status?: (done: Done) => number;
}

/**
 * What a form's work throws when its checks against the database (prices, dates, what is still
 * free) find problems with several fields at once: every message next to its field (`""` for the
 * form), answered with `status` like the schema's own errors, all in one answer.
 */
export class FieldProblems extends Error {
  constructor(
    readonly fieldErrors: Record<string, string[]>,
    readonly status = 422,
  ) {
    super(`field problems: ${Object.keys(fieldErrors).join(", ")}`);
    this.name = "FieldProblems";
  }
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
  options: SubmitOptions<z.output<Schema>, NoInfer<Done>> = {},
) {
  const form = source instanceof FormData ? source : await readForm(source);
  const submission = parseWithZod(form, { schema });
  const { hideFields } = options;
  if (submission.status !== "success") {
    return data<FormReply<Done>>({ result: submission.reply({ hideFields }), done: null }, { status: 400 });
  }
  let done: Done | Response;
  try {
    done = await work(submission.value);
  } catch (error) {
    if (error instanceof FieldProblems) {
      return data<FormReply<Done>>({ result: submission.reply({ fieldErrors: error.fieldErrors, hideFields }), done: null }, { status: error.status });
    }
    if (error instanceof AppError) {
      const onField = options.fieldOf?.(error);
      if (onField || options.onForm?.includes(error.messageKey)) {
        const message = [encodeMessage(error.messageKey, error.params)];
        const result = submission.reply(onField ? { fieldErrors: { [onField.field]: message }, hideFields } : { formErrors: message, hideFields });
        return data<FormReply<Done>>({ result, done: null }, { status: onField?.status ?? statusForCode[error.code] });
      }
    }
    const { result, status } = errorReply({ reply: (o) => submission.reply({ ...o, hideFields }) }, error);
    return data<FormReply<Done>>({ result, done: null }, { status });
  }
  if (done instanceof Response) throw done;
  return data<FormReply<Done>>(
    {
      result: submission.reply({
        resetForm: typeof options.resetForm === "function" ? options.resetForm(submission.value) : options.resetForm,
        hideFields,
      }),
      done: done ?? null,
    },
    { status: options.status?.(done) ?? 200 },
  );
}

type IntentHandlers<Value extends { intent: string }> = {
  [Intent in Value["intent"]]: (value: Extract<Value, { intent: Intent }>) => unknown;
};

type IntentHandlersReturning<Value extends { intent: string }, Result> = {
  [Intent in Value["intent"]]: (value: Extract<Value, { intent: Intent }>) => Result;
};

/**
 * Runs the handler named by the value's intent, typed for that branch of the union; a missing
 * handler is a compile error, so adding an intent to a schema asks for its handler. It answers
 * what the handlers answer: the type given (`byIntent<typeof value, Promise<Done>>`), or else the
 * union of their results.
 */
export function byIntent<Value extends { intent: string }, Result>(value: Value, handlers: IntentHandlersReturning<Value, Result>): Result;
export function byIntent<Value extends { intent: string }, Handlers extends IntentHandlers<Value>>(value: Value, handlers: Handlers): ReturnType<Handlers[Value["intent"]]>;
export function byIntent(value: { intent: string }, handlers: Record<string, (value: { intent: string }) => unknown>): unknown {
  return handlers[value.intent](value);
}
