// How billing tells the module that sold something that its invoice was paid or refunded,
// without importing it: each module registers a handler for its kind of invoice.
import type { Tx } from "~/modules/platform/db.server";

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
}

const handlers = new Map<string, InvoiceKindHandler>();

export function registerInvoiceKind(kind: string, handler: InvoiceKindHandler) {
  handlers.set(kind, handler);
}

export function invoiceKindHandler(kind: string): InvoiceKindHandler {
  return handlers.get(kind) ?? {};
}
