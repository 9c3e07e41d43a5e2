// How billing tells the module that sold something that its invoice was paid or refunded,
// without importing it: each module registers a handler for its kind of invoice.
import type { DbOrTx, Tx } from "~/modules/platform/db.server";

export interface PaidInvoice {
  id: string;
  orgId: string;
  kind: string;
  sourceRef: string | null;
  totalFen: bigint;
}

export interface InvoiceKindHandler {
  /** Runs in the transaction that marks the invoice paid: do the owner's work exactly once here. */
  onPaid?(tx: Tx, invoice: PaidInvoice): Promise<void>;
  /**
   * Asked before a refund: how much of this invoice may still be refunded (e.g. only unused
   * purchased credits). Undefined means the whole paid amount.
   */
  refundableFen?(tx: Tx, invoice: PaidInvoice): Promise<bigint>;
  /** Runs in the transaction that records a refund of `amountFen` against this invoice. */
  onRefunded?(tx: Tx, invoice: PaidInvoice, amountFen: bigint): Promise<void>;
  /**
   * What paying it did, said on the invoice after payment ("10,800 算力点已到账"), and where the
   * person goes back to (the order, the compute page).
   */
  paidNotice?(db: DbOrTx, invoice: PaidInvoice): Promise<PaidNotice | null>;
}

interface PaidNotice {
  /** A catalogue key and its params; optional when the back link is all there is to say. */
  messageKey?: string;
  params?: Record<string, string>;
  returnTo: string;
  returnLabelKey: string;
}

const handlers = new Map<string, InvoiceKindHandler>();

export function registerInvoiceKind(kind: string, handler: InvoiceKindHandler) {
  handlers.set(kind, handler);
}

export function invoiceKindHandler(kind: string): InvoiceKindHandler {
  return handlers.get(kind) ?? {};
}
