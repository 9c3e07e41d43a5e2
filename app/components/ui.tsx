// The UI parts every capability shares (issue 15): one badge for a status with one colour scale,
// one tab bar, one way to show a park date. A capability maps its own statuses to a tone
// (`…Tone` beside its labels); it does not add a pill or a CSS namespace of its own. Also a page's
// header, the figures on top of a page, and the link back to a list; a card with its heading, a
// list of rows, labelled values, and what an empty page says.
import { Link, NavLink } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/i18n/format";

/** The status colour scale (app.css `.badge-*`): what a reader should feel, not what the status is. */
export type Tone = "neutral" | "info" | "progress" | "success" | "warning" | "danger";

/** A status in a word: `tone` gives its colour, `children` its label in the reader's language. */
export function StatusBadge({ tone, children, title, testId }: { tone: Tone; children: ReactNode; title?: string; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title} data-testid={testId}>
      {children}
    </span>
  );
}

/** A section shown as a card, named by its title (the heading it is labelled by). */
export function CardSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} className="card-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

export interface TabItem {
  to: string;
  label: ReactNode;
  /** Active only on exactly this path (an index tab); default: also on paths below it. */
  end?: boolean;
  /**
   * For tabs that differ only in their query (`?view=past`), which NavLink cannot tell apart:
   * whether this one is current. Left out, the path decides.
   */
  current?: boolean;
}

/** A row of tabs that are links; the current one is marked by NavLink (`aria-current="page"`). */
export function Tabs({ label, items }: { label: string; items: readonly TabItem[] }) {
  return (
    <nav aria-label={label}>
      <ul className="tabs">
        {items.map((tab) => (
          <li key={tab.to}>
            {tab.current === undefined ? (
              <NavLink to={tab.to} end={tab.end ?? false} prefetch="intent" className="tab">
                {tab.label}
              </NavLink>
            ) : (
              <Link to={tab.to} prefetch="intent" className={tab.current ? "tab active" : "tab"} aria-current={tab.current ? "page" : undefined}>
                {tab.label}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A park day ("YYYY-MM-DD", a calendar day in Asia/Shanghai) in the reader's language. Anchored
 * at noon in Shanghai, so no time zone the formatter applies can move it to another day.
 */
export function parkDateLabel(day: string | null | undefined, language: string) {
  return day ? formatDate(`${day}T12:00:00+08:00`, language) : "";
}

/** A park day as a `<time>`; a missing day reads "—". */
export function ParkDate({ day }: { day: string | null | undefined }) {
  const { i18n } = useTranslation();
  if (!day) return <span className="muted">—</span>;
  return (
    <time dateTime={day} className="nowrap">
      {parkDateLabel(day, i18n.language)}
    </time>
  );
}

/** A page's heading and lead; `actions` (links or buttons) stand on its right, above the content on a phone. */
export function PageHeader({
  title,
  lead,
  actions,
  children,
  testId,
  className,
}: {
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  testId?: string;
  /** More classes on the header (e.g. `no-print`). */
  className?: string;
}) {
  const text = (
    <>
      <h1>{title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </>
  );
  if (!actions) {
    return (
      <header className={className ? `page-header ${className}` : "page-header"} data-testid={testId}>
        {text}
      </header>
    );
  }
  return (
    <header className={className ? `page-header with-actions ${className}` : "page-header with-actions"} data-testid={testId}>
      <div>{text}</div>
      <p className="actions">{actions}</p>
    </header>
  );
}

export interface Stat {
  value: ReactNode;
  label: string;
  /** A class on the figure (e.g. `warning-text` when it needs attention). */
  className?: string;
  testId?: string;
}

/** The figures on top of a page: each a number and what it counts. */
export function Stats({ items, label }: { items: readonly Stat[]; label?: string }) {
  return (
    <ul className="stats" aria-label={label}>
      {items.map((item) => (
        <li key={item.label} data-testid={item.testId}>
          <strong className={item.className}>{item.value}</strong>
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** A link back to a list, above a page's heading. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="back-link no-print">
      <Link to={to}>← {children}</Link>
    </p>
  );
}

/**
 * A card with its heading (`id` ties the section to it). With `actions` (a link or a button) the
 * heading stands in a `.card-header` row beside them; `hint` is a line under the heading. The
 * heading is a small `.card-title` unless `plainTitle` keeps it a page's second-level size.
 */
export function Card({
  id,
  title,
  hint,
  actions,
  className,
  plainTitle,
  testId,
  children,
}: {
  id: string;
  title: ReactNode;
  hint?: ReactNode;
  actions?: ReactNode;
  className?: string;
  plainTitle?: boolean;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <section className={className ? `card ${className}` : "card"} aria-labelledby={id} data-testid={testId}>
      {actions ? (
        <div className="card-header">
          <h2 id={id}>{title}</h2>
          {actions}
        </div>
      ) : (
        <h2 id={id} className={plainTitle ? undefined : "card-title"}>
          {title}
        </h2>
      )}
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
    </section>
  );
}

/** Rows as a `.list`, each a `.list-row` drawn by `children`; `empty` says what stands there when there are none. */
export function RowList<Row>({ rows, rowKey, empty, children }: { rows: readonly Row[]; rowKey: (row: Row) => string; empty?: ReactNode; children: (row: Row) => ReactNode }) {
  if (rows.length === 0 && empty !== undefined) return <p className="muted">{empty}</p>;
  return (
    <ul className="list">
      {rows.map((row) => (
        <li key={rowKey(row)} className="list-row">
          {children(row)}
        </li>
      ))}
    </ul>
  );
}

export interface Detail {
  label: ReactNode;
  value: ReactNode;
}

/** Labelled values (`dl.details`), a term and its description each; `false`/`null` items are left out. */
export function Details({ items, className, testId }: { items: ReadonlyArray<Detail | false | null | undefined>; className?: string; testId?: string }) {
  return (
    <dl className={className ? `details ${className}` : "details"} data-testid={testId}>
      {items.map((item, index) =>
        item ? (
          <Fragment key={index}>
            <dt>{item.label}</dt>
            <dd>{item.value}</dd>
          </Fragment>
        ) : null,
      )}
    </dl>
  );
}

/** A card saying there is nothing here yet, and (`action`, a link) what to do about it. */
export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state card">
      <p>{children}</p>
      {action}
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A select's options, led by an empty choice ("" — none, or no filter) when `empty` names it. */
export function SelectOptions({ options, empty }: { options: readonly SelectOption[]; empty?: string }) {
  return (
    <>
      {empty === undefined ? null : <option value="">{empty}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}
