// Form building blocks: a labelled field with its errors announced, and form-level errors.
// Errors are catalogue keys (see `encodeMessage`), translated here.
import { getInputProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";
import type { z } from "zod";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";

export function translateMessage(t: TFunction, message: string) {
  const [key, params] = message.split("::");
  return t(key, params ? JSON.parse(params) : undefined) as string;
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{translateMessage(t, e)}</li>
      ))}
    </ul>
  );
}

export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-errors" role="alert" aria-live="assertive">
      {errors.map((e) => (
        <p key={e}>{translateMessage(t, e)}</p>
      ))}
    </div>
  );
}

type FieldWiring =
  /** A conform field: its id, error id and errors are taken from it. */
  | { meta: FieldMetadata<unknown>; htmlFor?: never; errorId?: never; errors?: never }
  /** A field wired by hand (a control conform does not own). */
  | { meta?: never; htmlFor: string; errorId: string; errors?: string[] };

type FieldProps = FieldWiring & {
  label: string;
  hint?: string;
  children: React.ReactNode;
  className?: string;
};

/** A label, the control given as children, a hint, and the field's errors announced. */
export function Field(props: FieldProps) {
  const { label, hint, children, className } = props;
  const htmlFor = props.meta ? props.meta.id : props.htmlFor;
  const errorId = props.meta ? props.meta.errorId : props.errorId;
  const errors = props.meta ? props.meta.errors : props.errors;
  const classes = ["field", errors?.length ? "field-invalid" : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <div className={classes}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

type InputType = Parameters<typeof getInputProps>[1]["type"];

/**
 * A conform field as a labelled `<input>`: name, id, `aria-invalid`, `aria-describedby` and the
 * last submitted value come from conform; other attributes (placeholder, min, autoComplete) pass on.
 */
export function InputField({
  meta,
  label,
  hint,
  type = "text",
  className,
  ...attributes
}: { meta: FieldMetadata<unknown>; label: string; hint?: string; type?: InputType; className?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "defaultValue">) {
  return (
    <Field meta={meta} label={label} hint={hint} className={className}>
      <input {...getInputProps(meta, { type, ariaAttributes: true })} {...attributes} />
    </Field>
  );
}

/** A conform field as a labelled `<textarea>`. */
export function TextareaField({
  meta,
  label,
  hint,
  className,
  ...attributes
}: { meta: FieldMetadata<unknown>; label: string; hint?: string; className?: string } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "defaultValue">) {
  return (
    <Field meta={meta} label={label} hint={hint} className={className}>
      <textarea {...getTextareaProps(meta, { ariaAttributes: true })} {...attributes} />
    </Field>
  );
}

export function SubmitButton({ children, busy, className }: { children: React.ReactNode; busy?: boolean; className?: string }) {
  const { t } = useTranslation();
  return (
    <button type="submit" className={className ?? "button"} disabled={busy} aria-busy={busy}>
      {busy ? t("common.working") : children}
    </button>
  );
}

/**
 * A field of the form an action answered, read back from conform's result (`initialValue` holds
 * what was sent): on a page with several forms, `answeredField(result, "intent")` says which one.
 */
export function answeredField(result: { initialValue?: Record<string, unknown> | null } | null | undefined, name: string) {
  const value = result?.initialValue?.[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * On a page with several forms, the action's conform result if the form that sent it had one of
 * these intents (and the same values for `match`, e.g. which row): the other forms get none. A
 * success that empties its form carries no values; `resets` names the form it belongs to.
 */
export function resultFor(
  reply: { result: SubmissionResult<string[]> } | undefined,
  intents: string | readonly string[],
  { match = {}, resets = false }: { match?: Record<string, string>; resets?: boolean } = {},
) {
  if (!reply) return undefined;
  const { result } = reply;
  if (result.initialValue === null) return resets ? result : undefined;
  const intent = answeredField(result, "intent");
  if (intent === undefined || !(typeof intents === "string" ? [intents] : intents).includes(intent)) return undefined;
  return Object.entries(match).every(([name, value]) => answeredField(result, name) === value) ? result : undefined;
}

/** Every error of a result, for a form whose fields are hidden (a row's button): one list of messages. */
export function errorsOf(result: SubmissionResult<string[]> | undefined) {
  const errors = Object.values(result?.error ?? {}).flatMap((messages) => messages ?? []);
  return errors.length ? errors : undefined;
}

/** What a form's success says (a catalogue key, optionally with parameters), announced; nothing when there is none. */
export function DoneNotice({ message }: { message: string | null | undefined }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p className="notice" role="status">
      {translateMessage(t, message)}
    </p>
  );
}

/** A POST form whose submission asks first (a decline, a withdrawal, removing a file). */
export function ConfirmForm({
  message,
  children,
  className,
  action,
  id,
}: {
  message: string;
  children: React.ReactNode;
  className?: string;
  action?: string;
  id?: string;
}) {
  return (
    <Form
      method="post"
      action={action}
      className={className}
      id={id}
      onSubmit={(event) => {
        if (!window.confirm(message)) event.preventDefault();
      }}
    >
      {children}
    </Form>
  );
}

/** A form that is only a button naming what it does (`intent`), with the record it is about. */
export function ActionButton({
  intent,
  label,
  fields = {},
  confirm,
  action,
  className = "button",
  busy,
  formClassName,
}: {
  intent: string;
  label: string;
  fields?: Record<string, string>;
  confirm?: string;
  action?: string;
  className?: string;
  busy?: boolean;
  formClassName?: string;
}) {
  const body = (
    <>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className} disabled={busy}>
        {label}
      </button>
    </>
  );
  return confirm ? (
    <ConfirmForm message={confirm} action={action} className={formClassName}>
      {body}
    </ConfirmForm>
  ) : (
    <Form method="post" action={action} className={formClassName}>
      {body}
    </Form>
  );
}

type ConformOptions<Value extends Record<string, unknown>> = Parameters<typeof useForm<Value>>[0];

/**
 * conform's `useForm` as every form here uses it: validated in the browser by the same zod schema
 * the action parses with, first when a field is left, then on every keystroke once it showed an
 * error. `validate: "onSubmit"` waits for the submit (long forms whose fields depend on each other).
 */
export function useZodForm<Schema extends z.ZodTypeAny>(
  schema: Schema,
  { validate = "onBlur", ...options }: Omit<ConformOptions<z.input<Schema>>, "onValidate" | "shouldValidate" | "shouldRevalidate"> & { validate?: "onBlur" | "onSubmit" } = {},
) {
  return useForm<z.input<Schema>>({
    ...options,
    shouldValidate: validate,
    shouldRevalidate: validate === "onBlur" ? "onInput" : "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
