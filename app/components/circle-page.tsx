// The frame the circle's pages share: the header (a way back, the title, its lead), and the status
// words mapped onto the one colour scale (`StatusBadge`). A form's success notice is forms.tsx's DoneNotice.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormErrors, SubmitButton } from "~/components/forms";
import type { Tone } from "~/components/ui";

export function CirclePageHeader({
  back,
  above,
  badges,
  title,
  lead,
  children,
}: {
  /** The link back, above everything else. */
  back?: { to: string; label: string };
  /** Between the way back and the title: the calls' sub-navigation, a post's badges. */
  above?: ReactNode;
  /** The line of badges above the title: what it is, where it stands. */
  badges?: ReactNode;
  title: ReactNode;
  lead?: ReactNode;
  /** After the lead: the page's buttons. */
  children?: ReactNode;
}) {
  return (
    <header className="page-header">
      {back ? (
        <p className="muted small">
          <Link to={back.to}>{back.label}</Link>
        </p>
      ) : null}
      {above}
      {badges ? <p className="muted small">{badges}</p> : null}
      <h1>{title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </header>
  );
}

/** A list page's cards (posts, calls, events, companies), or what it says when there are none. */
export function CardGrid<Item>({ items, itemKey, empty, testId, children }: { items: readonly Item[]; itemKey: (item: Item) => string; empty: ReactNode; testId: string; children: (item: Item) => ReactNode }) {
  if (items.length === 0) return <p className="empty-state card">{empty}</p>;
  return (
    <ul className="circle-grid" data-testid={testId}>
      {items.map((item) => (
        <li key={itemKey(item)} className="card circle-card">
          {children(item)}
        </li>
      ))}
    </ul>
  );
}

/** A one-line reason the form requires and its button: park staff hiding a post, cancelling an event. */
export function ReasonForm({
  intent,
  id,
  heading,
  label,
  button,
  busy,
  danger,
  errorId,
  errors,
}: {
  intent: string;
  /** The reason input's id. */
  id: string;
  heading?: string;
  label: string;
  button: string;
  busy: boolean;
  danger?: boolean;
  /** Where the form's errors are announced, when it shows them itself. */
  errorId?: string;
  errors?: string[];
}) {
  return (
    <Form method="post" className="card">
      {heading ? <h2>{heading}</h2> : null}
      {errorId ? <FormErrors id={errorId} errors={errors} /> : null}
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor={id}>{label}</label>
      <input id={id} name="reason" type="text" maxLength={500} required />
      <SubmitButton busy={busy} className={danger ? "button button-small button-danger" : "button button-small button-secondary"}>
        {button}
      </SubmitButton>
    </Form>
  );
}

/** A board post: what it wants, where it stands; someone's interest in it. */
export const postKindTone: Tone = "warning";
export const postStatusTone: Record<string, Tone> = { open: "warning", closed: "neutral", expired: "neutral" };
export const interestTone: Record<string, Tone> = { pending: "warning", accepted: "success", declined: "neutral" };
/** A profile or post park staff hid. */
export const hiddenTone: Tone = "danger";

/** An event as a whole, and one person's registration for it. */
export const eventStateTone: Record<string, Tone> = { open: "success", running: "info", past: "neutral", cancelled: "danger" };
export const registrationTone: Record<string, Tone> = { confirmed: "success", waitlisted: "info", pending: "warning", cancelled: "neutral" };

/** A call, and a company's entry to it. */
export const callStatusTone: Record<string, Tone> = { draft: "danger", open: "warning", closed: "neutral", decided: "success" };
export const entryTone: Record<string, Tone> = { draft: "warning", submitted: "info", withdrawn: "danger" };
export const awardTone: Tone = "success";
