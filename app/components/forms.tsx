// Form building blocks: a labelled field with its errors announced, and form-level errors.
// Errors are catalogue keys (see `encodeMessage`), translated here.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, type FormProps } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import type { z } from "zod";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors } from "./form-messages";
import { SelectOptions, type SelectOption } from "./ui";

// The messages alone, without conform: a page that only shows an action's errors imports them from there.
export { DoneNotice, FieldErrors, FormErrors, translateMessage } from "./form-messages";

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

/** A conform field as a labelled `<select>`; `placeholder` is a first option with no value. */
export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder,
  className,
}: {
  meta: FieldMetadata<unknown>;
  label: string;
  hint?: string;
  options: readonly SelectOption[];
  placeholder?: string;
  className?: string;
}) {
  return (
    <Field meta={meta} label={label} hint={hint} className={className}>
      <select {...getSelectProps(meta, { ariaAttributes: true })}>
        <SelectOptions options={options} empty={placeholder} />
      </select>
    </Field>
  );
}

/** A conform field as a checkbox inside its label (one of a `.choices` group). */
export function CheckboxChoice({ meta, label }: { meta: FieldMetadata<unknown>; label: string }) {
  return (
    <label className="choice">
      <input {...getInputProps(meta, { type: "checkbox" })} /> {label}
    </label>
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

/** Submit buttons that each send `name` with their own value: the one the person presses is the choice. */
export function ChoiceButtons({ name, busy, choices }: { name: string; busy?: boolean; choices: readonly { value: string; label: string; className?: string }[] }) {
  return (
    <>
      {choices.map((choice) => (
        <button key={choice.value} type="submit" name={name} value={choice.value} className={choice.className ?? "button"} disabled={busy}>
          {choice.label}
        </button>
      ))}
    </>
  );
}

/** A field of the form an action answered, read back from conform's result (`initialValue` holds what was sent). */
function answeredField(result: { initialValue?: Record<string, unknown> | null } | null | undefined, name: string) {
  const value = result?.initialValue?.[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * On a page with several forms, the action's conform result if the form that sent it had one of
 * these intents (and the same values for `match`, e.g. which row): the other forms get none. Forms
 * that all do one thing and send no intent (a row's form) give `null` and are told apart by
 * `match`. A success that empties its form carries no values; `resets` names the form it belongs to.
 */
export function resultFor(
  reply: { result: SubmissionResult<string[]> } | undefined,
  intents: string | readonly string[] | null,
  { match = {}, resets = false }: { match?: Record<string, string>; resets?: boolean } = {},
) {
  if (!reply) return undefined;
  const { result } = reply;
  if (result.initialValue === null) return resets ? result : undefined;
  if (intents !== null) {
    const intent = answeredField(result, "intent");
    if (intent === undefined || !(typeof intents === "string" ? [intents] : intents).includes(intent)) return undefined;
  }
  return Object.entries(match).every(([name, value]) => answeredField(result, name) === value) ? result : undefined;
}

/** Every error of a result, for a form whose fields are hidden (a row's button): one list of messages. */
export function errorsOf(result: SubmissionResult<string[]> | undefined) {
  const errors = Object.values(result?.error ?? {}).flatMap((messages) => messages ?? []);
  return errors.length ? errors : undefined;
}

/** A form sent by POST that first asks "are you sure?" (`confirm`, in the reader's words): a decline, a withdrawal, removing a file. */
export function ConfirmForm({ confirm, ...attributes }: { confirm: string } & Omit<FormProps, "method" | "onSubmit">) {
  return (
    <Form
      method="post"
      {...attributes}
      onSubmit={(event) => {
        if (!window.confirm(confirm)) event.preventDefault();
      }}
    />
  );
}

/** A conform form sent by POST, its form-level errors first. */
export function ConformForm<Schema extends Record<string, unknown>>({
  form,
  children,
  ...attributes
}: { form: FormMetadata<Schema, string[]>; children: ReactNode } & Omit<FormProps, "method" | "id" | "onSubmit" | "noValidate" | "children">) {
  return (
    <Form method="post" {...getFormProps(form)} {...attributes}>
      <FormErrors id={form.errorId} errors={form.errors} />
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
    <ConfirmForm confirm={confirm} action={action} className={formClassName}>
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
