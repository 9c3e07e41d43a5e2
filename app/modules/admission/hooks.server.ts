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

// What else happens when a tenant is approved: modules of admission's own layer (the circle seeds
// the company's profile) register here, so admission never imports them and no import cycle forms.
export interface ApprovedTenant {
  applicationId: string;
  orgId: string;
  applicantUserId: string;
  actorUserId: string;
  /** The application's answers, step by step, as the applicant gave them. */
  company: Record<string, unknown>;
  team: Record<string, unknown>;
  materials: Record<string, unknown>;
}

export type TenantApprovedHandler = (tx: Tx, tenant: ApprovedTenant) => Promise<void>;

const tenantApprovedHandlers = new Map<string, TenantApprovedHandler>();

/** Registers, under a name (registering the same name again replaces it), a step of approval. */
export function onTenantApproved(name: string, next: TenantApprovedHandler) {
  tenantApprovedHandlers.set(name, next);
}

export async function runTenantApproved(tx: Tx, tenant: ApprovedTenant) {
  for (const handler of tenantApprovedHandlers.values()) await handler(tx, tenant);
}
