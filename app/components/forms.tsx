// Form building blocks: a labelled field with its errors announced, and form-level errors.
// Errors are catalogue keys (see `encodeMessage`), translated here.
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

interface FieldProps {
  label: string;
  hint?: string;
  errors?: string[];
  errorId: string;
  children: React.ReactNode;
  htmlFor: string;
}

export function Field({ label, hint, errors, errorId, children, htmlFor }: FieldProps) {
  return (
    <div className={errors?.length ? "field field-invalid" : "field"}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldErrors id={errorId} errors={errors} />
    </div>
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
