// The narrow card the sign-in pages stand in (log in, sign up, password reset, e-mail check, an
// invitation), and the links between them that carry where the person was going.
import type { ReactNode } from "react";

/** A sign-in page: its title, a lead under it, and the rest. */
export function AuthCard({ title, lead, children }: { title?: ReactNode; lead?: ReactNode; children: ReactNode }) {
  return (
    <section className="narrow card">
      {title ? <h1>{title}</h1> : null}
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </section>
  );
}

/** `/login` or `/signup`, keeping where the person goes afterwards. */
export function withRedirectTo(path: string, redirectTo: string) {
  return redirectTo ? `${path}?redirectTo=${encodeURIComponent(redirectTo)}` : path;
}
