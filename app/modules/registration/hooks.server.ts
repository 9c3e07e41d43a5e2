// How a completed registration reaches a module above this one without registration importing
// it: admission (layer 5) registers a handler that writes the USCC and the approved name into an
// application's answers when the case linked to it completes before the company became a tenant.
import type { Tx } from "~/modules/platform/db.server";

export interface CompletedRegistration {
  caseId: string;
  caseNumber: string;
  uscc: string;
  approvedNameZh: string;
  registeredAddress: string | null;
  licenceIssuedOn: string | null;
  /** The desk member who completed it. */
  actorUserId: string;
}

export type RegistrationCompletedHandler = (tx: Tx, completed: CompletedRegistration) => Promise<void>;

const noOp: RegistrationCompletedHandler = async () => {};
let handler: RegistrationCompletedHandler = noOp;

/** Registers what happens when a case with no tenant organisation completes (one handler). */
export function onRegistrationCompleted(next: RegistrationCompletedHandler) {
  handler = next;
}

export async function runRegistrationCompleted(tx: Tx, completed: CompletedRegistration) {
  await handler(tx, completed);
}
