// The housing pages' side of the one form path (platform/forms.server's submitForm): which of a
// page's forms the action last answered, and the page-level message of that answer.
import { getFormProps, useForm, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { FormErrors, InputField, TextareaField } from "~/components/forms";
import { useT } from "~/components/housing-ui";

type Reply = { result?: SubmissionResult<string[]> } | undefined;

/**
 * The action's last answer when it answered the form sent with these values (its intent, the row
 * it was about), for that form's `useForm({ lastResult })`; the other forms of the page get none.
 */
export function useLastResult(sent: Record<string, string> = {}) {
  const result = useActionData<Reply>()?.result;
  const values = (result?.initialValue ?? {}) as Record<string, unknown>;
  return result && Object.entries(sent).every(([name, value]) => values[name] === value) ? result : undefined;
}

/** Whether the action's last answer came from the form sent with these values. */
export function useAnswered(sent: Record<string, string>) {
  return useLastResult(sent) !== undefined;
}

/**
 * What the last answer says about the whole form (a conflict, an offer that has lapsed), at the
 * top of the page whichever form was sent — forms with only a button have no place of their own.
 */
export function PageErrors() {
  const result = useActionData<Reply>()?.result;
  const errors = [...(result?.error?.[""] ?? []), ...(result?.error?.intent ?? [])];
  return <FormErrors id="page-errors" errors={errors.length ? errors : undefined} />;
}

/**
 * A form folded under its summary (decline, withdraw, set a priority), posting `sent` as hidden
 * fields (its intent, the row it is about); it opens again when the answer was about it.
 */
export function FormPanel({ summary, sent, form, className, children }: { summary: string; sent: Record<string, string>; form: FormMetadata<Record<string, unknown>, string[]>; className: string; children: React.ReactNode }) {
  return (
    <details className="inline-panel" open={useAnswered(sent)}>
      <summary>{summary}</summary>
      <Form method="post" {...getFormProps(form)} className={className}>
        {Object.entries(sent).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children}
      </Form>
    </details>
  );
}

/** A folded form that asks only for a reason (decline, reject, withdraw) and posts it with `sent`. */
export function ReasonPanel({ id, sent, summary, submitLabel, busy, multiline = true }: { id: string; sent: Record<string, string>; summary: string; submitLabel: string; busy: boolean; multiline?: boolean }) {
  const { t } = useT();
  const [form, fields] = useForm<FormFields<"reason">>({ id, lastResult: useLastResult(sent) });
  const Reason = multiline ? TextareaField : InputField;
  return (
    <FormPanel summary={summary} sent={sent} form={form} className="stack">
      <Reason meta={fields.reason} label={t("housing.pages.reasonLabel")} maxLength={2000} {...(multiline ? { rows: 2 } : {})} />
      <button type="submit" className="button button-danger button-small" disabled={busy}>
        {submitLabel}
      </button>
    </FormPanel>
  );
}

/** A form row's submit button, lined up with the fields beside it. */
export function RowSubmit({ label, busy, narrow = false }: { label: string; busy: boolean; narrow?: boolean }) {
  return (
    <div className={narrow ? "field field-narrow" : "field"}>
      <span aria-hidden="true">&nbsp;</span>
      <button type="submit" className="button button-secondary" disabled={busy}>
        {label}
      </button>
    </div>
  );
}

/** The fields of a form as conform sees them before parsing: text by name (`useForm<FormFields<"a" | "b">>`). */
export type FormFields<Name extends string> = Partial<Record<Name, string>>;
