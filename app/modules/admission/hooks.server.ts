// Where approval hands over to company-registration help (公司注册). When an approved company is
// not registered yet, `decide` calls the registered handler inside the approval's transaction.
// Nothing is registered today: the registration module (layer 3) will provide
// `openRegistrationCase(tx, …)`, and admission — which may call downward — wires it here with
// `onApprovedUnregistered(openRegistrationCase)` from a module it imports at start-up.
import type { Tx } from "~/modules/platform/db.server";

export interface ApprovedUnregisteredCompany {
  applicationId: string;
  /** The tenant organisation approval just created. */
  orgId: string;
  applicantUserId: string;
  companyNameZh: string;
  /** The reviewer who approved. */
  actorUserId: string;
}

export type ApprovedUnregisteredHandler = (tx: Tx, company: ApprovedUnregisteredCompany) => Promise<void>;

const noOp: ApprovedUnregisteredHandler = async () => {};
let handler: ApprovedUnregisteredHandler = noOp;

/** Registers what happens when an approved company still has to be registered (one handler). */
export function onApprovedUnregistered(next: ApprovedUnregisteredHandler) {
  handler = next;
}

/** Tests restore the default. */
export function resetApprovedUnregistered() {
  handler = noOp;
}

/** Whether a handler is in place, so pages can say a registration case will be opened. */
export function hasApprovedUnregisteredHandler() {
  return handler !== noOp;
}

export async function runApprovedUnregistered(tx: Tx, company: ApprovedUnregisteredCompany) {
  await handler(tx, company);
}
