// An action's messages as a form shows them: catalogue keys (see `encodeMessage`) translated, and
// announced. Apart from forms.tsx so that a page that only shows them does not load conform and zod.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

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

/**
 * What a form's success says (a catalogue key, optionally with parameters encoded in it or given
 * as `params`), announced; nothing when there is none.
 */
export function DoneNotice({ message, params }: { message: string | null | undefined; params?: Record<string, string | number> }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p className="notice" role="status">
      {params ? (t(message, params) as string) : translateMessage(t, message)}
    </p>
  );
}
