// The one-select filter above a list (status, month, resource): a GET form, so the choice lives in
// the address and works without JavaScript.
import { Form } from "@remix-run/react";
import { SelectOptions } from "~/components/ui";

export interface SelectFilterProps {
  /** The select's id, which its label points at. */
  id: string;
  /** The query parameter. */
  name: string;
  label: string;
  /** The choice shown, as read back from the address. */
  value: string;
  /** Label of a first option with the value "" (no filter). */
  all?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  submitLabel: string;
  /** A secondary button, for a filter that is not the page's main action. */
  secondary?: boolean;
  /** More controls of the same filter, after the select (a checkbox such as "assigned to me"). */
  children?: React.ReactNode;
  /** The filter is a card of its own. */
  card?: boolean;
}

export function SelectFilter({ id, name, label, value, all, options, submitLabel, secondary, children, card }: SelectFilterProps) {
  return (
    <Form method="get" className={card ? "filters card" : "filters"}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        <SelectOptions options={options} empty={all} />
      </select>
      {children}
      <button type="submit" className={secondary ? "button button-small button-secondary" : "button button-small"}>
        {submitLabel}
      </button>
    </Form>
  );
}

/**
 * One select of a filter form that has several, its label around it: a first option "" (no
 * filter) named `all`, any fixed choices given as children (“me”, “nobody”), then `options`.
 */
export function FilterSelect({
  label,
  name,
  value,
  all,
  options,
  children,
}: {
  label: string;
  name: string;
  value: string;
  all: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  children?: React.ReactNode;
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value}>
        <option value="">{all}</option>
        {children}
        <SelectOptions options={options} />
      </select>
    </label>
  );
}
